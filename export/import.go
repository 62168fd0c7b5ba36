package export

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
)

// PlanKind says what a file to import holds.
type PlanKind string

const (
	KindQuestionnaire PlanKind = "questionnaire"
	KindJSON          PlanKind = "json"
)

// Problem is one thing wrong with an imported file, located by sheet!cell or JSON path.
type Problem struct {
	Where   string `json:"where"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	if p.Where == "" {
		return p.Message
	}
	return p.Where + ": " + p.Message
}

// ValidationError lists every problem found in a file; nothing was written.
type ValidationError struct {
	File     string    `json:"file"`
	Problems []Problem `json:"problems"`
}

func (e *ValidationError) Error() string {
	// "file" leads so the path is never the first word (help renderers capitalise it).
	if len(e.Problems) == 1 {
		return "file " + e.File + ": " + e.Problems[0].String()
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("file %s: %d problems; nothing was imported:\n  %s", e.File, len(e.Problems), strings.Join(lines, "\n  "))
}

// FieldChange is one field of a service that an import changes.
type FieldChange struct {
	Field catalog.Field `json:"field"`
	Old   string        `json:"old"`
	New   string        `json:"new"`
	// Conflict marks a field changed in the database after the questionnaire was
	// exported: applying the file would overwrite that newer value.
	Conflict bool `json:"conflict,omitempty"`
}

// ServiceChanges is every change an import makes to one service.
type ServiceChanges struct {
	ID      string        `json:"id"`
	Name    string        `json:"name"`
	Changes []FieldChange `json:"changes"`

	build  catalog.BuildPatch
	assess catalog.AssessmentPatch
}

// Conflicts counts the fields the import would change that were changed in the
// database after the questionnaire was exported.
func (p *ImportPlan) Conflicts() int {
	n := 0
	for _, s := range p.Services {
		for _, c := range s.Changes {
			if c.Conflict {
				n++
			}
		}
	}
	return n
}

// ImportPlan is a validated import, ready to preview and apply.
type ImportPlan struct {
	File         string               `json:"file"`
	Kind         PlanKind             `json:"kind"`
	Organisation catalog.Organisation `json:"organisation"`
	Cycle        catalog.Cycle        `json:"cycle"`    // questionnaire: the cycle it fills
	Services     []ServiceChanges     `json:"services"` // questionnaire: services that change, in catalogue order
	Summary      []string             `json:"summary"`  // JSON: what the organisation brings

	dump *catalog.OrgDump
}

// Empty reports whether applying the plan would change nothing.
func (p *ImportPlan) Empty() bool {
	return p.Kind == KindQuestionnaire && len(p.Services) == 0
}

// Changes counts the field changes of a questionnaire plan.
func (p *ImportPlan) Changes() int {
	n := 0
	for _, s := range p.Services {
		n += len(s.Changes)
	}
	return n
}

// Source is what the change log records as the source of the import.
func (p *ImportPlan) Source() string { return "import " + filepath.Base(p.File) }

// ImportOptions configures PlanImport.
type ImportOptions struct {
	Password string       // for an encrypted questionnaire
	Lang     catalog.Lang // language of service names in the plan; empty: the file's language
}

// PlanImport reads a questionnaire (.xlsx) or an organisation file (JSON), validates it
// completely against the database and returns what applying it would change, or a
// *ValidationError listing every problem. It never writes.
func PlanImport(ctx context.Context, store *catalog.Store, path string, opts ...ImportOptions) (*ImportPlan, error) {
	var o ImportOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	data, err := readFileLimited(path)
	if err != nil {
		return nil, err
	}
	return planBytes(ctx, store, path, data, o)
}

func planBytes(ctx context.Context, store *catalog.Store, path string, data []byte, o ImportOptions) (*ImportPlan, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\xef\xbb\xbf")
	switch {
	case bytes.HasPrefix(data, zipMagic) || bytes.HasPrefix(data, oleMagic):
		return planQuestionnaire(ctx, store, path, data, o)
	case bytes.HasPrefix(trimmed, []byte("{")):
		return planJSON(ctx, store, path, data)
	case len(data) == 0:
		return nil, &ValidationError{File: path, Problems: []Problem{{Message: "the file is empty"}}}
	}
	return nil, &ValidationError{File: path, Problems: []Problem{{Message: "not a questionnaire (.xlsx) nor an organisation file (.json) written by cdc"}}}
}

// Apply makes the planned changes in one transaction; the change log names the file.
// Applying a questionnaire plan twice changes nothing the second time.
func (p *ImportPlan) Apply(ctx context.Context, store *catalog.Store) error {
	switch p.Kind {
	case KindJSON:
		o, err := store.RestoreOrg(ctx, p.dump, p.Source())
		if err == nil {
			p.Organisation = o
		}
		return err
	case KindQuestionnaire:
		if p.Empty() {
			return nil
		}
		return store.Update(ctx, p.Source(), func(tx *catalog.Tx) error {
			for _, s := range p.Services {
				if !s.build.Empty() {
					if _, err := tx.SetBuild(p.Cycle.ID, []string{s.ID}, s.build); err != nil {
						return fmt.Errorf("service %s: %w", s.ID, err)
					}
				}
				if s.assess.Score != nil || s.assess.ClearScore || s.assess.Evidence != nil {
					if _, err := tx.SetAssessment(p.Cycle.ID, s.ID, s.assess); err != nil {
						return fmt.Errorf("service %s: %w", s.ID, err)
					}
				}
			}
			return nil
		})
	}
	return fmt.Errorf("unknown import kind %q", p.Kind)
}
