package export

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/cdc-toolkit/cdc/catalog"
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
	take, keep := mp.Counts()
	plan.Summary = []string{
		fmt.Sprintf("checks in to organisation %q (%s)", mp.Organisation.Name, mp.Organisation.UUID),
		fmt.Sprintf("%d new cycle(s), %d new action(s), %d new review(s), %d change-log entries brought in", len(mp.NewCycles), len(mp.NewActions), mp.NewReviews, mp.NewChanges),
		fmt.Sprintf("%d field(s) take the file's value, %d keep the value changed here, %d conflict(s)", take, keep, mp.Conflicts()),
	}
	return plan, nil
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
	n := len(mp.NewCycles) + len(mp.NewActions) + mp.NewReviews + mp.NewChanges
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
