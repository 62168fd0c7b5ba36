package catalog

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Merging an organisation file (a dump exported from another database) into the same
// organisation here, matched by UUID: the check-in of a consultant's copy.
//
//	plan, err := store.PlanMerge(ctx, dump, "laptop.json") // reads only
//	// show plan.Fields (Base, File, DB, Conflict), plan.NewCycles, ... to the user
//	res, err := store.ApplyMerge(ctx, plan, MergeStop)     // or MergeOverwrite, MergeSkip
//
// What a merge does:
//   - cycles, actions and reviews of the file that are not here (by UUID) are added, whole;
//   - Build settings and assessments of the cycles both hold follow the three-way rule of
//     MODEL.md: the base of each field is its value in the last change-log entry for it that
//     both logs hold (the file's log and this one), else the value before the file's first
//     entry for it; F = B: no change; D = B: take F; D = F: no change; otherwise a conflict;
//   - the file's change-log entries that are not here are brought in, marked imported with
//     the file's name: they keep their author and time and never count as changes made here;
//     the fields the merge takes are logged as changes made here, with the merge as source.
//
// Conflicts are never applied silently: ApplyMerge with MergeStop refuses a plan that has any
// (a *MergeConflictError, nothing written), MergeOverwrite takes the file's value, MergeSkip
// keeps this database's. ApplyMerge plans again inside its transaction and refuses when the
// database changed since the plan (ErrStalePlan). Merging the same file twice changes nothing
// the second time.

// MergePolicy says what ApplyMerge does with conflicts.
type MergePolicy int

const (
	MergeStop      MergePolicy = iota // refuse the plan when it has conflicts
	MergeOverwrite                    // take the file's value
	MergeSkip                         // keep this database's value
)

// MergePlan is what merging a file would change.
type MergePlan struct {
	File         string       `json:"file"`
	Organisation Organisation `json:"organisation"` // as it is here
	NewCycles    []MergeCycle `json:"new_cycles"`   // the file's cycles to add
	NewActions   []string     `json:"new_actions"`  // titles
	NewReviews   int          `json:"new_reviews"`
	NewChanges   int          `json:"new_changes"` // change-log entries to bring in
	Fields       []MergeField `json:"fields"`      // fields whose file value differs from this database's
	// OpenAfter names the organisation's cycles open once the plan is applied: more than one
	// means the file started a cycle while one is still open here.
	OpenAfter []string `json:"open_after"`
	// Closes names the cycles the merge closes: closed in the file since the copies last
	// agreed, open here, and nobody changed their status here (the three-way rule on the
	// status), with no open short-term actions here to settle.
	Closes []string `json:"closes"`
	// ClosedInFile names the other cycles closed in the file and open here: they stay open
	// until closed here. ClosedWithActions counts, for each, its open short-term actions here
	// (what closing it must settle); 0 when its status was changed here.
	ClosedInFile      []string `json:"closed_in_file"`
	ClosedWithActions []int    `json:"closed_with_actions"`
	// Carried lists the new cycles started with carry-over: their carried-over scores are
	// taken from the cycle they were carried from as it stands here after the merge.
	Carried []MergeCarry `json:"carried"`
	// NotMerged counts the file's edits the merge does not apply, whose log entries are
	// therefore not brought in: of actions and reviews held here, and of the organisation's
	// details or the name of a cycle held here.
	NotMerged NotMerged `json:"not_merged"`

	closeIDs []int64 // the cycles of Closes, by this database's ID
	// leftOpen holds the UUIDs of the cycles of ClosedInFile: the file's closing entry is
	// not brought in, so the next check-in still sees the closing as the file's.
	leftOpen map[string]bool
	// here holds the UUIDs of the actions, reviews and cycles here before the merge.
	here map[string]bool

	dump *OrgDump
}

// MergeCarry is a new cycle of the file started with carry-over from cycle From.
type MergeCarry struct {
	Cycle string `json:"cycle"`
	From  string `json:"from"`
	// Scores counts the carried-over scores taken from From's values here, not the file's copy.
	Scores int `json:"scores"`
	// Build counts From's Build settings that differ here from the file after the merge: the
	// new cycle keeps the file's copy of them (Build settings carry no mark of being copied).
	Build int `json:"build"`
}

// NotMerged counts the file's edits a merge does not apply.
type NotMerged struct {
	Actions int `json:"actions"` // edits of actions and reviews held here
	Names   int `json:"names"`   // edits of the organisation's details or a cycle's name
}

// MergeCycle is a cycle of the file that the merge adds.
type MergeCycle struct {
	Name   string      `json:"name"`
	UUID   string      `json:"uuid"`
	Status CycleStatus `json:"status"`
}

// MergeField is one Build setting or assessment field of a cycle both hold, where the file's
// value differs from this database's.
type MergeField struct {
	Cycle     string `json:"cycle"`
	CycleUUID string `json:"cycle_uuid"`
	Service   string `json:"service"`
	Entity    Entity `json:"entity"` // EntityBuild or EntityAssessment
	Field     Field  `json:"field"`
	// Values as the change log writes them ("none" for no score, "in"/"out" for scope).
	Base string `json:"base"`
	File string `json:"file"`
	DB   string `json:"db"`
	// Take: the file's value is applied (nobody changed it here since). Conflict: both
	// changed it. Neither: only this database changed it, and it stays.
	Take     bool `json:"take"`
	Conflict bool `json:"conflict"`
	// Closed: the cycle is closed here, so nothing of it changes: a field the file changed
	// (Take or Conflict) is Blocked, listed and counted, never applied.
	Closed bool `json:"closed,omitempty"`
}

// Blocked reports a change of the file that cannot be applied because its cycle is closed here.
func (f MergeField) Blocked() bool { return f.Closed && (f.Take || f.Conflict) }

// Conflicts counts the plan's conflicts in open cycles: a closed cycle's are Blocked.
func (p *MergePlan) Conflicts() int {
	n := 0
	for _, f := range p.Fields {
		if f.Conflict && !f.Closed {
			n++
		}
	}
	return n
}

// Blocked counts the file's changes to cycles closed here, which the merge cannot apply.
func (p *MergePlan) Blocked() int {
	n := 0
	for _, f := range p.Fields {
		if f.Blocked() {
			n++
		}
	}
	return n
}

// BlockedCycles names the cycles closed here that the file changed, in plan order.
func (p *MergePlan) BlockedCycles() []string {
	var out []string
	for _, f := range p.Fields {
		if f.Blocked() && (len(out) == 0 || out[len(out)-1] != f.Cycle) {
			out = append(out, f.Cycle)
		}
	}
	return out
}

// Counts counts the fields of open cycles that take the file's value and those that keep
// the value changed here; conflicts are Conflicts.
func (p *MergePlan) Counts() (take, keep int) {
	for _, f := range p.Fields {
		switch {
		case f.Closed:
		case f.Take:
			take++
		case !f.Conflict:
			keep++
		}
	}
	return take, keep
}

// Empty reports whether applying the plan would change nothing.
func (p *MergePlan) Empty() bool {
	if len(p.NewCycles) > 0 || len(p.NewActions) > 0 || p.NewReviews > 0 || p.NewChanges > 0 || len(p.Closes) > 0 {
		return false
	}
	for _, f := range p.Fields {
		if (f.Take || f.Conflict) && !f.Closed {
			return false
		}
	}
	return true
}

// MergeResult counts what ApplyMerge wrote.
type MergeResult struct {
	Fields, Skipped, Cycles, Actions, Reviews, Changes int
	Blocked                                            int // changes to cycles closed here, not applied
	Closed                                             int // cycles closed because the file closed them
}

// MergeConflictError is a plan with conflicts applied with MergeStop.
type MergeConflictError struct{ Conflicts int }

func (e *MergeConflictError) Error() string {
	return fmt.Sprintf("%d fields were changed both in the file and here; nothing was merged (choose to overwrite or to skip them)", e.Conflicts)
}

// CycleNameClashError is a new cycle of the file named like another cycle here: two
// databases each started a cycle of that name. Renaming the one here lets the file's in.
type CycleNameClashError struct {
	Name, FileUUID string // the file's cycle
	Here, HereUUID string // the cycle here of that name
}

func (e *CycleNameClashError) Error() string {
	return fmt.Sprintf("cycle %q of the file (%s) is not cycle %q here (%s), which has the same name; nothing was merged", e.Name, e.FileUUID, e.Here, e.HereUUID)
}

// CyclePackError is a cycle both hold on different packs: its fields cannot be compared.
type CyclePackError struct{ Cycle, Here, File string }

func (e *CyclePackError) Error() string {
	return fmt.Sprintf("cycle %q uses pack %s here and %s in the file; nothing was merged", e.Cycle, e.Here, e.File)
}

// ErrStalePlan is returned when the database changed between PlanMerge and ApplyMerge.
var ErrStalePlan = errors.New("the database changed since the merge was planned; plan it again")

// PlanMerge works out what merging d into the organisation with d's UUID would change. It
// writes nothing. file names the file for the change log.
func (s *Store) PlanMerge(ctx context.Context, d *OrgDump, file string) (*MergePlan, error) {
	if probs := d.Validate(); len(probs) > 0 {
		return nil, &DumpError{Problems: probs}
	}
	return readValue(ctx, s, func(q querier) (*MergePlan, error) { return s.planMerge(ctx, q, d.normalised(), file) })
}

// ApplyMerge applies a plan from PlanMerge in one transaction.
func (s *Store) ApplyMerge(ctx context.Context, plan *MergePlan, policy MergePolicy) (MergeResult, error) {
	if plan == nil || plan.dump == nil {
		return MergeResult{}, errors.New("no merge plan")
	}
	if n := plan.Conflicts(); n > 0 && policy == MergeStop {
		return MergeResult{}, &MergeConflictError{Conflicts: n}
	}
	return update(ctx, s, "merge "+plan.File, func(t *Tx) (MergeResult, error) {
		again, err := s.planMerge(t.ctx, t.tx, plan.dump, plan.File)
		if err != nil {
			return MergeResult{}, err
		}
		if !samePlan(plan, again) {
			return MergeResult{}, ErrStalePlan
		}
		return t.applyMerge(again, policy)
	})
}

func samePlan(a, b *MergePlan) bool {
	if len(a.Fields) != len(b.Fields) || len(a.NewCycles) != len(b.NewCycles) || len(a.OpenAfter) != len(b.OpenAfter) || len(a.Closes) != len(b.Closes) || len(a.NewActions) != len(b.NewActions) ||
		a.NewReviews != b.NewReviews || a.NewChanges != b.NewChanges || a.NotMerged != b.NotMerged || len(a.Carried) != len(b.Carried) {
		return false
	}
	for i := range a.Fields {
		if a.Fields[i] != b.Fields[i] {
			return false
		}
	}
	return true
}

// logKey identifies a change-log entry across databases: IDs differ, what it says does not.
type logKey struct {
	at, who  string
	entity   Entity
	key      string
	field    Field
	old, new string
	cycle    string // the cycle's UUID; "" for organisation-level entries
}

// keyOf is the identity of c; refs gives the UUIDs of the actions and reviews its keys name by
// number ("#12"), which differ between databases.
func keyOf(c Change, cycleUUID string, refs map[string]string) logKey {
	key := c.Key
	if u, ok := refs[string(c.Entity)+key]; ok {
		key = u
	}
	return logKey{at: formatTime(c.At), who: c.Who, entity: c.Entity, key: key, field: c.Field, old: c.Old, new: c.New, cycle: cycleUUID}
}

// logIdentities is this database's log of an organisation, by what each entry says.
func (s *Store) logIdentities(ctx context.Context, q querier, orgID int64) (map[logKey]bool, error) {
	cycles, err := queryCycles(ctx, q, "WHERE c.org_id = ?", orgID)
	if err != nil {
		return nil, err
	}
	cycleUUID := map[int64]string{}
	for _, c := range cycles {
		cycleUUID[c.ID] = c.UUID
	}
	log, err := s.changes(ctx, q, ChangeQuery{OrgID: orgID})
	if err != nil {
		return nil, err
	}
	refs, err := storeRefs(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	have := make(map[logKey]bool, len(log))
	for _, c := range log {
		have[keyOf(c, cycleUUID[c.CycleID], refs)] = true
	}
	return have, nil
}

// dumpRefs maps the file's "#N" keys of actions and reviews to their UUIDs.
func dumpRefs(d *OrgDump) map[string]string {
	refs := map[string]string{}
	for _, a := range d.Actions {
		refs[string(EntityAction)+"#"+itoa(a.ID)] = a.UUID
	}
	for _, c := range d.Cycles {
		for _, r := range c.Reviews {
			refs[string(EntityReview)+"#"+itoa(r.ID)] = r.UUID
		}
	}
	return refs
}

// storeRefs maps this database's "#N" keys of an organisation's actions and reviews to their UUIDs.
func storeRefs(ctx context.Context, q querier, orgID int64) (map[string]string, error) {
	refs := map[string]string{}
	for _, x := range []struct {
		entity Entity
		query  string
	}{
		{EntityAction, "SELECT id, uuid FROM actions WHERE org_id = ?"},
		{EntityReview, "SELECT r.id, r.uuid FROM reviews r JOIN cycles c ON c.id = r.cycle_id WHERE c.org_id = ?"},
	} {
		rows, err := q.QueryContext(ctx, x.query, orgID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var u string
			if err := rows.Scan(&id, &u); err != nil {
				rows.Close()
				return nil, err
			}
			refs[string(x.entity)+"#"+itoa(id)] = u
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return refs, nil
}

// fieldKey names one field of one service of one cycle (by UUID).
type fieldKey struct {
	cycle   string
	service string
	entity  Entity
	field   Field
}

func (s *Store) planMerge(ctx context.Context, q querier, d *OrgDump, file string) (*MergePlan, error) {
	u, ok := ParseUUID(d.Organisation.UUID)
	if !ok {
		return nil, errors.New("the file's organisation has no UUID, so it cannot be matched with one here; import it as a new organisation instead")
	}
	org, err := scanOrg(q.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM organisations WHERE uuid = ?", u))
	if err != nil {
		return nil, &NotFoundError{Kind: KindOrganisation, Ref: u}
	}
	plan := &MergePlan{File: file, Organisation: org, NewCycles: []MergeCycle{}, NewActions: []string{}, Fields: []MergeField{},
		OpenAfter: []string{}, Closes: []string{}, ClosedInFile: []string{}, ClosedWithActions: []int{}, Carried: []MergeCarry{}, leftOpen: map[string]bool{}, here: map[string]bool{}, dump: d}
	cycles, err := queryCycles(ctx, q, "WHERE c.org_id = ? ORDER BY c.seq", org.ID)
	if err != nil {
		return nil, err
	}
	ours := map[string]Cycle{} // by UUID
	names := map[string]Cycle{}
	for _, c := range cycles {
		ours[c.UUID] = c
		names[strings.ToLower(c.Name)] = c
		plan.here[c.UUID] = true
	}
	fileCycle := map[int64]string{} // the file's cycle IDs to UUIDs
	for _, c := range d.Cycles {
		fileCycle[c.ID] = c.UUID
	}
	have, err := s.logIdentities(ctx, q, org.ID)
	if err != nil {
		return nil, err
	}
	fileRefs := dumpRefs(d)
	closing := map[string]bool{}
	for _, c := range slicesSortedBySeq(d.Cycles) {
		if here, ok := ours[c.UUID]; ok {
			if c.Status == CycleClosed && here.Status == CycleOpen {
				n, err := s.closeInMerge(ctx, q, d, here, have, fileCycle, fileRefs)
				if err != nil {
					return nil, err
				}
				if n == 0 {
					closing[c.UUID] = true
					plan.Closes = append(plan.Closes, here.Name)
					plan.closeIDs = append(plan.closeIDs, here.ID)
				} else {
					plan.leftOpen[c.UUID] = true
					plan.ClosedInFile = append(plan.ClosedInFile, here.Name)
					plan.ClosedWithActions = append(plan.ClosedWithActions, max(n, 0))
				}
			}
			continue
		}
		if c.UUID == "" {
			return nil, fmt.Errorf("cycle %q of the file has no UUID, so it cannot be matched; nothing was merged", c.Name)
		}
		if same, ok := names[strings.ToLower(strings.TrimSpace(c.Name))]; ok {
			return nil, &CycleNameClashError{Name: c.Name, FileUUID: c.UUID, Here: same.Name, HereUUID: same.UUID}
		}
		plan.NewCycles = append(plan.NewCycles, MergeCycle{Name: c.Name, UUID: c.UUID, Status: c.Status})
	}
	for _, c := range cycles {
		if c.Status == CycleOpen && !closing[c.UUID] {
			plan.OpenAfter = append(plan.OpenAfter, c.Name)
		}
	}
	for _, c := range plan.NewCycles {
		if c.Status == CycleOpen {
			plan.OpenAfter = append(plan.OpenAfter, c.Name)
		}
	}
	// Actions and reviews by UUID.
	actionUUIDs, err := uuidSet(ctx, q, "SELECT uuid FROM actions WHERE org_id = ?", org.ID)
	if err != nil {
		return nil, err
	}
	reviewUUIDs, err := uuidSet(ctx, q, "SELECT r.uuid FROM reviews r JOIN cycles c ON c.id = r.cycle_id WHERE c.org_id = ?", org.ID)
	if err != nil {
		return nil, err
	}
	for u := range actionUUIDs {
		plan.here[u] = true
	}
	for u := range reviewUUIDs {
		plan.here[u] = true
	}
	// The file's log, oldest first, by field.
	byField := map[fieldKey][]Change{}
	fileKeys := make(map[logKey]bool, len(d.Changes))
	unapplied := unappliedLog{closed: closedCycles(cycles), leftOpen: plan.leftOpen, here: plan.here, refs: fileRefs}
	for _, c := range d.Changes {
		k := keyOf(c, fileCycle[c.CycleID], fileRefs)
		if !have[k] && !fileKeys[k] {
			switch {
			case unapplied.edit(c, fileCycle) && (c.Entity == EntityAction || c.Entity == EntityReview):
				plan.NotMerged.Actions++
			case unapplied.edit(c, fileCycle):
				plan.NotMerged.Names++
			case !unapplied.holds(c, fileCycle):
				plan.NewChanges++
			}
		}
		fileKeys[k] = true
		if c.Entity == EntityBuild || c.Entity == EntityAssessment {
			fk := fieldKey{fileCycle[c.CycleID], c.Key, c.Entity, c.Field}
			byField[fk] = append(byField[fk], c)
		}
	}
	for _, a := range d.Actions {
		if !actionUUIDs[a.UUID] {
			plan.NewActions = append(plan.NewActions, a.Title)
		}
	}
	packs := map[string]*Pack{}
	for _, p := range d.Packs {
		packs[p.Ref()] = p
	}
	for _, c := range d.Cycles {
		for _, r := range c.Reviews {
			if !reviewUUIDs[r.UUID] {
				plan.NewReviews++
			}
		}
		here, ok := ours[c.UUID]
		if !ok {
			continue
		}
		pack, err := s.pack(ctx, q, here.PackRef)
		if err != nil {
			return nil, err
		}
		if fp := packs[c.Pack]; fp == nil || fp.Ref() != pack.Ref() {
			return nil, &CyclePackError{Cycle: here.Name, Here: pack.Ref(), File: c.Pack}
		}
		dbStates, err := loadStates(ctx, q, pack, here.ID)
		if err != nil {
			return nil, err
		}
		fileStates := dumpStates(pack, c)
		for i, db := range dbStates {
			fv, dv := fieldValues(fileStates[i]), fieldValues(db)
			for j, f := range mergedFields {
				if fv[j] == dv[j] {
					continue
				}
				fk := fieldKey{c.UUID, db.ID, f.entity, f.field}
				base := mergeBase(byField[fk], have, c.UUID, fv[j])
				mf := MergeField{Cycle: here.Name, CycleUUID: c.UUID, Service: db.ID, Entity: f.entity, Field: f.field,
					Base: base, File: fv[j], DB: dv[j], Closed: here.Status == CycleClosed}
				switch {
				case fv[j] == base: // only this database changed it
				case dv[j] == base:
					mf.Take = true
				default:
					mf.Conflict = true
				}
				plan.Fields = append(plan.Fields, mf)
			}
		}
	}
	return plan, s.planCarry(ctx, q, plan, ours)
}

// carrySource is the cycle of the file a new cycle c was started from, when it was started
// with carry-over (a carried-over score, or the file's log says so): the file's cycle just
// before it, as StartCycle takes it.
func carrySource(d *OrgDump, c CycleDump) (CycleDump, bool) {
	carried := false
	for _, a := range c.Assessments {
		carried = carried || a.CarriedOver
	}
	for _, e := range d.Changes {
		carried = carried || (e.Entity == EntityCycle && e.Field == FieldCarryOver && e.CycleID == c.ID)
	}
	var prev CycleDump
	found := false
	for _, p := range d.Cycles {
		if p.Seq < c.Seq && (!found || p.Seq > prev.Seq) {
			prev, found = p, true
		}
	}
	return prev, carried && found
}

// planCarry fills plan.Carried: for each new cycle started with carry-over, how many of its
// carried-over scores come from this database and how many Build settings of its source
// cycle differ here from the file's copy it keeps.
func (s *Store) planCarry(ctx context.Context, q querier, plan *MergePlan, ours map[string]Cycle) error {
	d := plan.dump
	newCycle := map[string]bool{}
	for _, c := range plan.NewCycles {
		newCycle[c.UUID] = true
	}
	for _, c := range slicesSortedBySeq(d.Cycles) {
		if !newCycle[c.UUID] {
			continue
		}
		src, ok := carrySource(d, c)
		if !ok {
			continue
		}
		scored := map[string]bool{} // the source's scored services, here or in the file
		mc := MergeCarry{Cycle: c.Name, From: src.Name}
		if here, ok := ours[src.UUID]; ok {
			mc.From = here.Name
			pack, err := s.pack(ctx, q, here.PackRef)
			if err != nil {
				return err
			}
			states, err := loadStates(ctx, q, pack, here.ID)
			if err != nil {
				return err
			}
			for _, st := range states {
				if st.Current != nil {
					scored[st.ID] = true
				}
			}
			for _, f := range plan.Fields {
				if f.CycleUUID == src.UUID && f.Entity == EntityBuild && (!f.Take || f.Closed) {
					mc.Build++
				}
			}
		} else {
			for _, a := range src.Assessments {
				if a.Score != nil {
					scored[a.Service] = true
				}
			}
		}
		rows := map[string]bool{}
		for _, a := range c.Assessments {
			rows[a.Service] = true
			if a.CarriedOver {
				mc.Scores++
			}
		}
		for id := range scored {
			if !rows[id] {
				mc.Scores++
			}
		}
		plan.Carried = append(plan.Carried, mc)
	}
	return nil
}

// closeInMerge applies the three-way rule to the status of a cycle closed in the file and
// open here: the file closed it since the copies last agreed when its log holds a closing
// entry this log does not, and nobody changed the status here when this database's own
// entries for it are all in the file's log too. It returns 0 when the merge may close it,
// the number of open short-term actions here when those must be settled first (closing is
// then left to a person), and -1 when the rule says no (changed here, or no closing entry).
func (s *Store) closeInMerge(ctx context.Context, q querier, d *OrgDump, here Cycle, have map[logKey]bool, fileCycle map[int64]string, fileRefs map[string]string) (int, error) {
	isStatus := func(c Change, cycleUUID string) bool {
		return c.Entity == EntityCycle && c.Field == FieldStatus && cycleUUID == here.UUID
	}
	fileKeys := map[logKey]bool{}
	closedThere := false
	for _, c := range d.Changes {
		u := fileCycle[c.CycleID]
		if !isStatus(c, u) {
			continue
		}
		k := keyOf(c, u, fileRefs)
		fileKeys[k] = true
		closedThere = c.New == string(CycleClosed) && !have[k] // the newest entry decides
	}
	if !closedThere {
		return -1, nil
	}
	local, err := s.changes(ctx, q, ChangeQuery{OrgID: here.OrgID, CycleID: here.ID, Entities: []Entity{EntityCycle}, LocalOnly: true})
	if err != nil {
		return 0, err
	}
	for _, c := range local {
		if c.Field == FieldStatus && !fileKeys[keyOf(c, here.UUID, nil)] {
			return -1, nil
		}
	}
	open, err := openShortTerm(ctx, q, here.ID)
	return len(open), err
}

// unappliedLog picks out the file's entries for what the merge does not apply: fields of
// cycles closed here, the closing of cycles it leaves open, and edits (edit).
type unappliedLog struct {
	closed   closedSet
	leftOpen map[string]bool
	here     map[string]bool   // UUIDs of the actions, reviews and cycles here before the merge
	refs     map[string]string // the file's "#N" keys to UUIDs
	// skipped are the conflicts kept as they are here (skipKey): bringing in the file's
	// entries for them would make the log say what the data does not.
	skipped map[string]bool
}

func skipKey(cycleUUID, service string, e Entity, f Field) string {
	return cycleUUID + "\x00" + service + "\x00" + string(e) + "\x00" + string(f)
}

func (u unappliedLog) holds(c Change, fileCycle map[int64]string) bool {
	return u.closed.holds(c, fileCycle) || (c.Entity == EntityCycle && c.Field == FieldStatus && u.leftOpen[fileCycle[c.CycleID]]) ||
		u.edit(c, fileCycle) || u.skipped[skipKey(fileCycle[c.CycleID], c.Key, c.Entity, c.Field)]
}

// edit reports a file's entry for an edit the merge does not apply: of an action or review
// held here, of the organisation's details, or of the name of a cycle held here. Bringing
// it in would make the log say what the data does not, and hide it from the next check-in.
func (u unappliedLog) edit(c Change, fileCycle map[int64]string) bool {
	switch c.Entity {
	case EntityOrganisation:
		switch c.Field {
		case FieldCreate, FieldRemove, FieldImport, FieldStart, FieldCarryOver:
			return false
		}
		return true
	case EntityCycle:
		return c.Field == FieldName && u.here[fileCycle[c.CycleID]]
	case EntityAction, EntityReview:
		if c.Field == FieldCreate || c.Field == FieldImport {
			return false
		}
		uuid, ok := u.refs[string(c.Entity)+c.Key]
		return ok && u.here[uuid]
	}
	return false
}

// closedSet is the UUIDs of the cycles closed here.
type closedSet map[string]bool

func closedCycles(cs []Cycle) closedSet {
	out := closedSet{}
	for _, c := range cs {
		if c.Status == CycleClosed {
			out[c.UUID] = true
		}
	}
	return out
}

// holds reports a file's entry for a Build setting or assessment of a cycle closed here:
// the change is not applied, so it is not brought in either, and the next check-in still
// shows it as blocked instead of taking it as agreed.
func (s closedSet) holds(c Change, fileCycle map[int64]string) bool {
	return (c.Entity == EntityBuild || c.Entity == EntityAssessment) && s[fileCycle[c.CycleID]]
}

// mergeBase is the value of a field both copies last agreed on: the new value of the newest
// entry of the file's log for it that this log holds too, else the value before the file's
// first entry for it; a field the file never logged has its file value as base.
func mergeBase(entries []Change, have map[logKey]bool, cycleUUID, fileValue string) string {
	for i := len(entries) - 1; i >= 0; i-- {
		if have[keyOf(entries[i], cycleUUID, nil)] {
			return entries[i].New
		}
	}
	if len(entries) > 0 {
		return entries[0].Old
	}
	return fileValue
}

func uuidSet(ctx context.Context, q querier, query string, args ...any) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		out[u] = true
	}
	return out, rows.Err()
}

// mergedFields are the fields the three-way rule merges, in the order fieldValues gives them.
var mergedFields = []struct {
	entity Entity
	field  Field
}{
	{EntityBuild, FieldScope}, {EntityBuild, FieldLevel}, {EntityBuild, FieldAssignment}, {EntityBuild, FieldProvider},
	{EntityBuild, FieldContract}, {EntityBuild, FieldTarget}, {EntityAssessment, FieldCurrent}, {EntityAssessment, FieldEvidence},
}

// fieldValues gives a service's merged fields as the change log writes them.
func fieldValues(s ServiceState) []string {
	return []string{scopeWord(s.InScope), string(s.Level), string(s.Assignment), s.Provider, s.Contract,
		scoreWord(s.Target), scoreWord(s.Current), s.Evidence}
}

// dumpStates gives the file's state of every service of the pack, in pack order.
func dumpStates(pack *Pack, c CycleDump) []ServiceState {
	states := make([]ServiceState, len(pack.Services))
	index := map[string]int{}
	for i, sv := range pack.Services {
		states[i] = defaultState(sv)
		index[sv.ID] = i
	}
	for _, b := range c.Build {
		i, ok := index[b.Service]
		if !ok {
			continue
		}
		st := &states[i]
		st.InScope, st.Assignment, st.Provider, st.Contract, st.Target, st.LevelReason = b.InScope, b.Assignment, b.Provider, b.Contract, b.Target, b.LevelReason
		if b.LevelOverride != "" {
			lv, _ := ParseLevel(string(b.LevelOverride))
			st.Level, st.LevelOverridden = lv, true
		}
		if a, err := ParseAssignment(string(b.Assignment)); err == nil {
			st.Assignment = a
		}
	}
	for _, a := range c.Assessments {
		if i, ok := index[a.Service]; ok {
			states[i].Current, states[i].Evidence = a.Score, a.Evidence
		}
	}
	return states
}

func (t *Tx) applyMerge(plan *MergePlan, policy MergePolicy) (MergeResult, error) {
	var res MergeResult
	d := plan.dump
	org := plan.Organisation
	cycles, err := queryCycles(t.ctx, t.tx, "WHERE c.org_id = ? ORDER BY c.seq", org.ID)
	if err != nil {
		return res, err
	}
	cycleIDs := map[int64]int64{0: 0} // the file's cycle IDs to this database's
	byUUID := map[string]Cycle{}
	seq := 0
	for _, c := range cycles {
		byUUID[c.UUID] = c
		seq = max(seq, c.Seq)
	}
	fileCycles := slicesSortedBySeq(d.Cycles)
	var added []CycleDump
	for _, c := range fileCycles {
		if here, ok := byUUID[c.UUID]; ok {
			cycleIDs[c.ID] = here.ID
			continue
		}
		added = append(added, c)
		seq++
		id, err := t.addDumpCycle(org.ID, seq, d, c)
		if err != nil {
			return res, err
		}
		cycleIDs[c.ID] = id
		res.Cycles++
	}
	// Fields of the cycles both hold.
	skipped := map[string]bool{} // conflicts kept as they are here: their entries stay out of the log
	for _, f := range plan.Fields {
		if f.Blocked() {
			res.Blocked++
		}
		if f.Closed || (!f.Take && !f.Conflict) {
			continue
		}
		if f.Conflict && policy != MergeOverwrite {
			res.Skipped++
			skipped[skipKey(f.CycleUUID, f.Service, f.Entity, f.Field)] = true
			continue
		}
		if err := t.takeField(byUUID[f.CycleUUID], d, f); err != nil {
			return res, fmt.Errorf("cycle %q, service %s, %s: %w", f.Cycle, f.Service, f.Field, err)
		}
		res.Fields++
	}
	// New cycles start from what this database holds, once the fields are in, oldest first.
	for _, c := range added {
		if src, ok := carrySource(d, c); ok {
			if err := t.carryInto(cycleIDs[c.ID], cycleIDs[src.ID]); err != nil {
				return res, fmt.Errorf("cycle %q: %w", c.Name, err)
			}
		}
	}
	// Cycles the file closed, once their fields are in.
	for _, id := range plan.closeIDs {
		if err := t.CloseCycleWith(id, ""); err != nil {
			return res, err
		}
		res.Closed++
	}
	// Reviews and actions the database does not hold yet.
	reviewIDs := map[int64]int64{}
	for _, c := range d.Cycles {
		for _, r := range c.Reviews {
			id, added, err := t.addDumpReview(cycleIDs[c.ID], r)
			if err != nil {
				return res, err
			}
			reviewIDs[r.ID] = id
			if added {
				res.Reviews++
			}
		}
	}
	actionIDs := map[int64]int64{}
	for _, a := range d.Actions {
		id, added, err := t.addDumpAction(org.ID, cycleIDs[a.CycleID], a)
		if err != nil {
			return res, err
		}
		actionIDs[a.ID] = id
		if added {
			res.Actions++
		}
	}
	// The file's log entries that this log does not hold yet.
	n, err := t.bringInLog(org.ID, d, cycleIDs, actionIDs, reviewIDs, plan.File,
		unappliedLog{closed: closedCycles(cycles), leftOpen: plan.leftOpen, here: plan.here, refs: dumpRefs(d), skipped: skipped})
	res.Changes = n
	return res, err
}

// carryInto puts in cycle to, in place of the file's carried-over scores, the scores of cycle
// from as they stand here, flagged carried over as StartCycle does; a score re-assessed in
// the file (not flagged) stays.
func (t *Tx) carryInto(to, from int64) error {
	var ref int64
	if err := t.queryRow("SELECT pack_ref FROM cycles WHERE id = ?", to).Scan(&ref); err != nil {
		return err
	}
	pack, err := t.s.pack(t.ctx, t.tx, ref)
	if err != nil {
		return err
	}
	known := make([]string, 0, len(pack.Services))
	for _, sv := range pack.Services {
		known = append(known, sv.ID)
	}
	if _, err := t.exec(`DELETE FROM assessments WHERE cycle_id = ? AND carried_over = 1
		AND service_id NOT IN (SELECT service_id FROM assessments WHERE cycle_id = ? AND score IS NOT NULL)`, to, from); err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO assessments (cycle_id, service_id, score, evidence, assessor, assessed_at, carried_over)
		SELECT ?, service_id, score, evidence, assessor, assessed_at, 1
		FROM assessments WHERE cycle_id = ? AND score IS NOT NULL AND service_id IN (SELECT value FROM json_each(?))
		ON CONFLICT (cycle_id, service_id) DO UPDATE SET score = excluded.score, evidence = excluded.evidence,
		assessor = excluded.assessor, assessed_at = excluded.assessed_at WHERE assessments.carried_over = 1`, to, from, jsonList(known))
	return err
}

func slicesSortedBySeq(cs []CycleDump) []CycleDump {
	out := append([]CycleDump(nil), cs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// takeField writes the file's value of one field through the ordinary write, so it is
// checked and logged as a change made here.
func (t *Tx) takeField(c Cycle, d *OrgDump, f MergeField) error {
	v := f.File
	switch f.Field {
	case FieldCurrent:
		if v == "none" {
			_, err := t.SetAssessment(c.ID, f.Service, AssessmentPatch{ClearScore: true})
			return err
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return err
		}
		_, err = t.SetAssessment(c.ID, f.Service, AssessmentPatch{Score: &n})
		return err
	case FieldEvidence:
		_, err := t.SetAssessment(c.ID, f.Service, AssessmentPatch{Evidence: &v})
		return err
	}
	var p BuildPatch
	switch f.Field {
	case FieldScope:
		in := v == "in"
		p.InScope = &in
	case FieldLevel:
		lv := Level(v)
		p.Level = &lv
		p.Reason = fileLevelReason(d, f)
		if p.Reason == "" {
			p.Reason = "merged from " + d.Organisation.Name
		}
	case FieldAssignment:
		a := Assignment(v)
		p.Assignment = &a
	case FieldProvider:
		p.Provider = &v
	case FieldContract:
		p.Contract = &v
	case FieldTarget:
		if v == "none" {
			p.ClearTarget = true
		} else {
			n, err := strconv.Atoi(v)
			if err != nil {
				return err
			}
			p.Target = &n
		}
	}
	_, err := t.SetBuild(c.ID, []string{f.Service}, p)
	return err
}

func fileLevelReason(d *OrgDump, f MergeField) string {
	for _, c := range d.Cycles {
		if c.UUID != f.CycleUUID {
			continue
		}
		for _, b := range c.Build {
			if b.Service == f.Service {
				return b.LevelReason
			}
		}
	}
	return ""
}

// addDumpCycle adds a cycle of the file with its Build settings and assessments.
func (t *Tx) addDumpCycle(orgID int64, seq int, d *OrgDump, c CycleDump) (int64, error) {
	var pack *Pack
	for _, p := range d.Packs {
		if p.Ref() == c.Pack {
			pack = p
		}
	}
	ref, err := t.installPack(pack)
	if err != nil {
		return 0, err
	}
	return t.insertDumpCycle(orgID, seq, c, ref, 0)
}

// addDumpReview adds a review of the file unless one with its UUID is here.
func (t *Tx) addDumpReview(cycleID int64, r Review) (id int64, added bool, err error) {
	if id, err = t.idOfUUID("reviews", r.UUID); err != nil || id != 0 {
		return id, false, err
	}
	id, err = t.insertDumpReview(cycleID, r, 0)
	return id, err == nil, err
}

// addDumpAction adds an action of the file unless one with its UUID is here.
func (t *Tx) addDumpAction(orgID, cycleID int64, a Action) (id int64, added bool, err error) {
	if id, err = t.idOfUUID("actions", a.UUID); err != nil || id != 0 {
		return id, false, err
	}
	id, err = t.insertDumpAction(orgID, cycleID, a, 0)
	return id, err == nil, err
}

// bringInLog appends the file's change-log entries this log does not hold, marked imported.
func (t *Tx) bringInLog(orgID int64, d *OrgDump, cycleIDs, actionIDs, reviewIDs map[int64]int64, file string, unapplied unappliedLog) (int, error) {
	have, err := t.s.logIdentities(t.ctx, t.tx, orgID)
	if err != nil {
		return 0, err
	}
	fileCycle := map[int64]string{}
	for _, c := range d.Cycles {
		fileCycle[c.ID] = c.UUID
	}
	fileRefs := dumpRefs(d)
	n := 0
	for _, c := range d.Changes {
		k := keyOf(c, fileCycle[c.CycleID], fileRefs)
		if have[k] || unapplied.holds(c, fileCycle) {
			continue
		}
		have[k] = true
		// Keys that name an action or review by number name this database's number.
		if m := keyRef.FindStringSubmatch(c.Key); m != nil {
			old, _ := strconv.ParseInt(m[1], 10, 64)
			ids := actionIDs
			if c.Entity == EntityReview {
				ids = reviewIDs
			}
			if nid, ok := ids[old]; ok {
				c.Key = "#" + itoa(nid)
			}
		}
		if err := t.logImported(orgID, cycleIDs[c.CycleID], c, file); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
