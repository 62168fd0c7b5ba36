package export

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"

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
	Code    string `json:"code,omitempty"` // its vocabulary key; see problem.go
	Message string `json:"message"`        // in English
	args    []any
	n       int // the count a plural wording follows
	plural  bool
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
	text, _ := ErrorText(english, e, nil)
	return text
}

// FieldChange is one field of a service that an import changes.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`  // the database's value now
	New   string `json:"new"`  // the file's value
	Base  string `json:"base"` // the value the file was exported with
	// Conflict marks a field changed both in the file and, since the export, in the
	// database: applying it would overwrite that change.
	Conflict bool `json:"conflict,omitempty"`

	field qField
	file  string // canonical file value
	db    string // canonical database value when planned
}

// ServiceChanges is every change an import makes to one service.
type ServiceChanges struct {
	ID      string        `json:"id"`
	Name    string        `json:"name"`
	Changes []FieldChange `json:"changes"`
}

// Conflicts counts the fields the respondent changed that were also changed in the
// database since the questionnaire was exported.
func (p *ImportPlan) Conflicts() int {
	if p.Kind == KindMerge {
		return p.Merge.Conflicts()
	}
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
	File             string               `json:"file"`
	Kind             PlanKind             `json:"kind"`
	Organisation     catalog.Organisation `json:"organisation"`
	OrganisationUUID string               `json:"organisation_uuid"`
	Cycle            catalog.Cycle        `json:"cycle"`      // questionnaire: the cycle it fills
	CycleUUID        string               `json:"cycle_uuid"` // questionnaire
	Services         []ServiceChanges     `json:"services"`   // questionnaire: services that change, in catalogue order
	Notes            []string             `json:"notes"`      // what the preview must say, such as a rename since the export
	// FileOrganisation and FileCycle are the names the file gives, when they differ from
	// the names here (renamed since the export): the preview says so in the user's language.
	FileOrganisation string `json:"file_organisation,omitempty"`
	FileCycle        string `json:"file_cycle,omitempty"`
	// Respondent and AnsweredOn are what the questionnaire's respondent wrote in their cells;
	// applying the plan lists "Respondent (AnsweredOn)" among the organisation's respondents.
	Respondent string `json:"respondent,omitempty"`
	AnsweredOn string `json:"answered_on,omitempty"`
	// RespondentListed: the respondent is already among the organisation's respondents.
	RespondentListed bool               `json:"respondent_listed,omitempty"`
	Summary          []string           `json:"summary"`         // JSON: what the organisation brings
	Merge            *catalog.MergePlan `json:"merge,omitempty"` // check-in: the merge, field by field

	dump    *catalog.OrgDump
	records int           // JSON: records the file adds
	pack    *catalog.Pack // the pack whose words name the plan's values
}

// Pack is the pack that names the plan's values (assignments, levels) in words; the
// built-in pack when the plan has none.
func (p *ImportPlan) Pack() *catalog.Pack {
	if p.pack != nil {
		return p.pack
	}
	return catalog.BuiltinPack()
}

// OrgFileCounts is what an organisation file brings, counted for its preview.
type OrgFileCounts struct {
	Cycles, Build, Scores, Reviews, Actions, Changes int
	Packs                                            []string
}

// FileCounts counts what an organisation file (KindJSON) brings.
func (p *ImportPlan) FileCounts() OrgFileCounts {
	var n OrgFileCounts
	if p.dump == nil {
		return n
	}
	d := p.dump
	n.Cycles, n.Actions, n.Changes = len(d.Cycles), len(d.Actions), len(d.Changes)
	for _, c := range d.Cycles {
		n.Build += len(c.Build)
		n.Reviews += len(c.Reviews)
		for _, a := range c.Assessments {
			if a.Score != nil {
				n.Scores++
			}
		}
	}
	for _, pk := range d.Packs {
		n.Packs = append(n.Packs, pk.Ref())
	}
	return n
}

// Empty reports whether applying the plan would change nothing.
func (p *ImportPlan) Empty() bool {
	if p.Kind == KindMerge {
		return p.Merge.Empty()
	}
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
func (p *ImportPlan) Source() string {
	if p.Kind == KindMerge {
		return "merge " + filepath.Base(p.File) // as catalog.ApplyMerge logs it
	}
	return "import " + filepath.Base(p.File)
}

// ImportOptions configures PlanImport.
type ImportOptions struct {
	Password string       // for an encrypted questionnaire
	Lang     catalog.Lang // language of service names in the plan; empty: the file's language
	// Merge checks an organisation file in to the same organisation here (by UUID)
	// instead of adding it as a new one.
	Merge bool
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
	case (bytes.HasPrefix(data, zipMagic) || bytes.HasPrefix(data, oleMagic)) && o.Merge:
		// A check-in merges an organisation file; a questionnaire is imported on its own.
		return nil, &ValidationError{File: path, Problems: []Problem{problem("", "import.merge.questionnaire")}}
	case bytes.HasPrefix(data, zipMagic) || bytes.HasPrefix(data, oleMagic):
		return planQuestionnaire(ctx, store, path, data, o)
	case bytes.HasPrefix(trimmed, []byte("{")):
		return planJSON(ctx, store, path, data, o)
	case len(data) == 0:
		return nil, &ValidationError{File: path, Problems: []Problem{problem("", "import.file.empty")}}
	}
	return nil, &ValidationError{File: path, Problems: []Problem{problem("", "import.file.unknown")}}
}

// ConflictPolicy says what applying a plan does with its conflicts.
type ConflictPolicy int

const (
	// RefuseConflicts applies nothing when the plan has a conflict.
	RefuseConflicts ConflictPolicy = iota
	// OverwriteConflicts applies every change, conflicts included.
	OverwriteConflicts
	// SkipConflicts applies every change except the conflicts.
	SkipConflicts
)

// ConflictError is returned when a plan with conflicts is applied with RefuseConflicts.
type ConflictError struct {
	File      string
	Conflicts int
	Merge     bool // a check-in: fields of the file and of this database
}

func (e *ConflictError) Error() string {
	text, _ := ErrorText(english, e, nil)
	return text
}

func (e *ConflictError) code() string {
	if e.Merge {
		return "import.conflicts_merge"
	}
	return "import.conflicts"
}

// ExitCode is the exit status of a command stopped by conflicts.
func (e *ConflictError) ExitCode() int { return 3 }

// StaleError is returned when the database changed between the plan and its application.
type StaleError struct{ File, Service, Field string }

func (e *StaleError) Error() string {
	text, _ := ErrorText(english, e, nil)
	return text
}

func (e *StaleError) code() string {
	switch {
	case e.Service == "":
		return "import.stale"
	case e.Field == "":
		return "import.stale_service"
	}
	return "import.stale_field"
}

// Applying counts the field changes that applying with policy makes; for an organisation
// file, the records it adds.
func (p *ImportPlan) Applying(policy ConflictPolicy) int {
	switch p.Kind {
	case KindJSON:
		return p.records
	case KindMerge:
		return p.mergeApplying(policy)
	}
	n := 0
	for _, s := range p.Services {
		for _, c := range s.Changes {
			if !c.Conflict || policy == OverwriteConflicts {
				n++
			}
		}
	}
	return n
}

// Apply applies the plan, refusing it when it has conflicts (see ApplyWith).
func (p *ImportPlan) Apply(ctx context.Context, store *catalog.Store) error {
	return p.ApplyWith(ctx, store, RefuseConflicts)
}

// ApplyWith makes the planned changes in one transaction; the change log names the file.
// Conflicts are handled by policy. A database changed since the plan is refused, so what
// was previewed is what is applied. Applying a questionnaire plan twice changes nothing
// the second time.
func (p *ImportPlan) ApplyWith(ctx context.Context, store *catalog.Store, policy ConflictPolicy) error {
	switch p.Kind {
	case KindJSON:
		o, err := store.RestoreOrg(ctx, p.dump, p.Source())
		if err == nil {
			p.Organisation = o
		}
		return err
	case KindMerge:
		return p.applyMerge(ctx, store, policy)
	case KindQuestionnaire:
		if n := p.Conflicts(); n > 0 && policy == RefuseConflicts {
			return &ConflictError{File: p.File, Conflicts: n}
		}
		if p.Applying(policy) == 0 { // the respondent is recorded with the answers they gave
			return nil
		}
		d, err := store.CycleData(ctx, p.Cycle.ID)
		if err != nil {
			return err
		}
		type patches struct {
			build  catalog.BuildPatch
			assess catalog.AssessmentPatch
			any    [2]bool
		}
		todo := make([]patches, len(p.Services))
		for i, s := range p.Services {
			st, ok := d.Service(s.ID)
			if !ok {
				return &StaleError{File: p.File, Service: s.ID}
			}
			for _, c := range s.Changes {
				if c.field.value(st) != c.db {
					return &StaleError{File: p.File, Service: s.ID, Field: c.Field}
				}
				if c.Conflict && policy != OverwriteConflicts {
					continue
				}
				c.field.set(&todo[i].build, &todo[i].assess, c.file)
				todo[i].any[c.field.assessment()] = true
			}
		}
		return store.Update(ctx, p.Source(), func(tx *catalog.Tx) error {
			for i, s := range p.Services {
				if todo[i].any[0] {
					if _, err := tx.SetBuild(p.Cycle.ID, []string{s.ID}, todo[i].build); err != nil {
						return fmt.Errorf("service %s: %w", s.ID, err)
					}
				}
				if todo[i].any[1] {
					if _, err := tx.SetAssessment(p.Cycle.ID, s.ID, todo[i].assess); err != nil {
						return fmt.Errorf("service %s: %w", s.ID, err)
					}
				}
			}
			return tx.AddRespondent(p.Organisation.ID, p.RespondentEntry())
		})
	}
	return fmt.Errorf("unknown import kind %q", p.Kind)
}

// qField is one field a questionnaire imports.
type qField int

const (
	fieldAssignment qField = iota
	fieldProvider
	fieldTarget
	fieldCurrent
	fieldEvidence
)

var qFieldNames = [...]string{"assignment", "provider", "target", "current", "evidence"}

// assessment is 1 for fields of the assessment, 0 for Build settings.
func (f qField) assessment() int {
	if f == fieldCurrent || f == fieldEvidence {
		return 1
	}
	return 0
}

// value is the field's canonical value in the database.
func (f qField) value(st *catalog.ServiceState) string {
	switch f {
	case fieldAssignment:
		return string(st.Assignment)
	case fieldProvider:
		return st.Provider
	case fieldTarget:
		return scoreCell(st.Target)
	case fieldCurrent:
		return scoreCell(st.Current)
	}
	return normText(st.Evidence)
}

// set adds the canonical value v to the patch of its table.
func (f qField) set(b *catalog.BuildPatch, a *catalog.AssessmentPatch, v string) {
	switch f {
	case fieldAssignment:
		x := catalog.Assignment(v)
		b.Assignment = &x
	case fieldProvider:
		b.Provider = ptr(v)
	case fieldTarget:
		if n, _ := parseWhole(v); n != nil {
			b.Target = n
		} else {
			b.ClearTarget = true
		}
	case fieldCurrent:
		if n, _ := parseWhole(v); n != nil {
			a.Score = n
		} else {
			a.ClearScore = true
		}
	case fieldEvidence:
		a.Evidence = ptr(v)
	}
}

// threeWay adds a change by the three-way rule (MODEL.md, "Imports"): with base B, file F
// and database D, F = B or D = F changes nothing; D = B takes F; otherwise a conflict.
func (sc *ServiceChanges) threeWay(f qField, base, file, db string) {
	base, file, db = normText(base), normText(file), normText(db)
	if file == base || file == db {
		return
	}
	show := func(v string) string {
		if v == "" && (f == fieldTarget || f == fieldCurrent) {
			return "none"
		}
		return v
	}
	sc.Changes = append(sc.Changes, FieldChange{Field: qFieldNames[f], Old: show(db), New: show(file), Base: show(base),
		Conflict: db != base, field: f, file: file, db: db})
}

// RespondentEntry is how the respondent stands among the organisation's respondents:
// "Jane Doe (2026-11-20)", the name alone without a date; empty without a name.
func (p *ImportPlan) RespondentEntry() string {
	switch {
	case p.Respondent == "":
		return ""
	case p.AnsweredOn == "":
		return p.Respondent
	}
	return p.Respondent + " (" + p.AnsweredOn + ")"
}

// RespondentKey is the vocabulary key of a preview's respondent line: added, or already listed.
func (p *ImportPlan) RespondentKey() string {
	if p.RespondentListed {
		return "import.preview.respondent_listed"
	}
	return "import.preview.respondent"
}
