package export

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// KindMerge is an organisation file checked in to the same organisation here.
const KindMerge PlanKind = "merge"

// planMerge plans the check-in of an organisation file into the organisation here with the
// same UUID (catalog.PlanMerge: the three-way rule with the base from the change logs).
func planMerge(ctx context.Context, store *catalog.Store, path string, d *catalog.OrgDump) (*ImportPlan, error) {
	mp, err := store.PlanMerge(ctx, d, filepath.Base(path))
	if err != nil {
		var nf *catalog.NotFoundError
		if errors.As(err, &nf) || errors.Is(err, catalog.ErrNotFound) {
			// Importing it instead works only when no organisation here reads the same.
			var taken *catalog.NameTakenError
			switch err := store.CheckOrgName(ctx, d.Organisation.Name); {
			case errors.As(err, &taken):
				return nil, &ValidationError{File: path, Problems: []Problem{problem("organisation.uuid", CodeOrgOther, d.Organisation.Name, d.Organisation.UUID, taken.Existing, taken.ExistingUUID)}}
			case err != nil:
				return nil, err
			}
			return nil, &ValidationError{File: path, Problems: []Problem{problem("organisation.uuid", CodeOrgNotHere, d.Organisation.Name, d.Organisation.UUID)}}
		}
		var cn *catalog.CycleNameClashError
		if errors.As(err, &cn) {
			return nil, &ValidationError{File: path, Problems: []Problem{problem("cycles", CodeCycleNameHere, cn.Name, cn.FileUUID, cn.HereUUID)}}
		}
		var cp *catalog.CyclePackError
		if errors.As(err, &cp) {
			return nil, &ValidationError{File: path, Problems: []Problem{problem("cycles", "import.merge.cycle_pack", cp.Cycle, cp.Here, clip(cp.File, 80))}}
		}
		var de *catalog.DumpError
		if errors.As(err, &de) {
			return nil, &ValidationError{File: path, Problems: dumpProblems(de.Problems)}
		}
		return nil, &ValidationError{File: path, Problems: []Problem{{Message: err.Error()}}}
	}
	plan := &ImportPlan{File: path, Kind: KindMerge, Organisation: mp.Organisation, OrganisationUUID: mp.Organisation.UUID,
		Services: []ServiceChanges{}, Merge: mp}
	if len(d.Packs) > 0 {
		plan.pack = d.Packs[len(d.Packs)-1]
	}
	if mp.Organisation.Name != d.Organisation.Name {
		plan.Notes = append(plan.Notes, fmt.Sprintf("the organisation is named %q here and %q in the file", mp.Organisation.Name, d.Organisation.Name))
		plan.FileOrganisation = d.Organisation.Name
	}
	plan.Summary = append(MergeSummary(english, mp), MergeWarnings(english, mp)...)
	return plan, nil
}

// MergeSummary words what a check-in adds and how its fields go, in pr's language: the
// lines the CLI and the TUI print under the organisation.
func MergeSummary(pr vocab.Printer, mp *catalog.MergePlan) []string {
	take, keep := mp.Counts()
	counts := []any{pr.N("tui.checkin.ntake", take), pr.N("tui.checkin.nkeep", keep), pr.N("tui.checkin.nconflicts", mp.Conflicts())}
	key := "tui.checkin.fields"
	if n := mp.Blocked(); n > 0 {
		key, counts = "tui.checkin.fields4", append(counts, pr.N("tui.checkin.nblocked", n))
	}
	return []string{
		pr.T("tui.checkin.adds", pr.N("tui.checkin.ncycles", len(mp.NewCycles)), pr.N("tui.checkin.nactions", len(mp.NewActions)),
			pr.N("tui.checkin.nreviews", mp.NewReviews), pr.N("tui.checkin.nentries", mp.NewChanges)),
		pr.T(key, counts...),
	}
}

// NewCycleLine names a cycle a check-in adds, with its status.
func NewCycleLine(pr vocab.Printer, c catalog.MergeCycle) string {
	return pr.T("tui.checkin.newcycle", c.Name, pr.T("cycle.status."+string(c.Status)))
}

// MergeWarnings is what a check-in preview must say plainly besides its counts: cycles left
// open side by side, a cycle closed in the file that stays open here, and the file's changes
// that cannot be applied because their cycle is closed here.
func MergeWarnings(pr vocab.Printer, mp *catalog.MergePlan) []string {
	var out []string
	if n := len(mp.OpenAfter); n > 1 {
		out = append(out, pr.T("tui.checkin.open_after", n, strings.Join(mp.OpenAfter, ", ")))
	}
	for _, name := range mp.Closes {
		out = append(out, pr.T("tui.checkin.closes", name))
	}
	for i, name := range mp.ClosedInFile {
		if n := mp.ClosedWithActions[i]; n > 0 {
			out = append(out, pr.N("tui.checkin.closed_in_file_actions", n, name, n))
		} else {
			out = append(out, pr.T("tui.checkin.closed_in_file", name))
		}
	}
	if n := mp.Blocked(); n > 0 {
		out = append(out, pr.N("tui.checkin.blocked", n, n, strings.Join(mp.BlockedCycles(), ", ")))
	}
	for _, c := range mp.Carried {
		if c.Scores > 0 {
			out = append(out, pr.N("tui.checkin.carried", c.Scores, c.Scores, c.Cycle, c.From))
		}
		if c.Build > 0 {
			out = append(out, pr.N("tui.checkin.carried_build", c.Build, c.Cycle, c.Build, c.From, c.Cycle))
		}
	}
	if n := mp.NotMerged.Actions; n > 0 {
		out = append(out, pr.N("tui.checkin.not_merged_actions", n, n))
	}
	if n := mp.NotMerged.Names; n > 0 {
		out = append(out, pr.N("tui.checkin.not_merged_names", n, n))
	}
	return out
}

// applyMerge applies a merge plan with policy.
func (p *ImportPlan) applyMerge(ctx context.Context, store *catalog.Store, policy ConflictPolicy) error {
	if n := p.Conflicts(); n > 0 && policy == RefuseConflicts {
		return &ConflictError{File: p.File, Conflicts: n, Merge: true}
	}
	mpol := catalog.MergeStop
	switch policy {
	case OverwriteConflicts:
		mpol = catalog.MergeOverwrite
	case SkipConflicts:
		mpol = catalog.MergeSkip
	}
	_, err := store.ApplyMerge(ctx, p.Merge, mpol)
	var mc *catalog.MergeConflictError
	switch {
	case errors.As(err, &mc):
		return &ConflictError{File: p.File, Conflicts: mc.Conflicts, Merge: true}
	case errors.Is(err, catalog.ErrStalePlan):
		return &StaleError{File: p.File}
	}
	return err
}

// mergeApplying counts the fields and records a merge with policy writes.
func (p *ImportPlan) mergeApplying(policy ConflictPolicy) int {
	mp := p.Merge
	n := len(mp.NewCycles) + len(mp.NewActions) + mp.NewReviews + mp.NewChanges + len(mp.Closes)
	for _, f := range mp.Fields {
		if f.Closed {
			continue
		}
		if f.Take || (f.Conflict && policy == OverwriteConflicts) {
			n++
		}
	}
	return n
}
