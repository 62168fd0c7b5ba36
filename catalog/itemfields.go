package catalog

// itemField is one logged field of an action or a review: its change-log name, how to read
// the stored value as the change log writes it, and how to ask for a value in a patch. The
// one list serves the change log of an edit and its undo.
type itemField[T, P any] struct {
	name Field
	get  func(T) string
	set  func(*P, string)
}

// actionFields are the logged fields of an action, in the order an edit logs them.
var actionFields = []itemField[Action, ActionPatch]{
	{FieldTitle, func(a Action) string { return a.Title }, func(p *ActionPatch, v string) { p.Title = &v }},
	{FieldOwner, func(a Action) string { return a.Owner }, func(p *ActionPatch, v string) { p.Owner = &v }},
	{FieldDue, func(a Action) string { return a.Due }, func(p *ActionPatch, v string) { p.Due = &v }},
	{FieldNotes, func(a Action) string { return a.Notes }, func(p *ActionPatch, v string) { p.Notes = &v }},
	{FieldService, func(a Action) string { return a.ServiceID }, func(p *ActionPatch, v string) { p.ServiceID = &v }},
	{FieldHorizon, func(a Action) string { return string(a.Horizon) }, func(p *ActionPatch, v string) { h := Horizon(v); p.Horizon = &h }},
	{FieldStatus, func(a Action) string { return string(a.Status) }, func(p *ActionPatch, v string) { s := ActionStatus(v); p.Status = &s }},
}

// reviewFields are the logged fields of a review, in the order an edit logs them.
var reviewFields = []itemField[Review, ReviewPatch]{
	{FieldDate, func(r Review) string { return r.HeldOn }, func(p *ReviewPatch, v string) { p.HeldOn = &v }},
	{FieldTitle, func(r Review) string { return r.Kind }, func(p *ReviewPatch, v string) { p.Kind = &v }},
	{FieldNotes, func(r Review) string { return r.Notes }, func(p *ReviewPatch, v string) { p.Notes = &v }},
}

// logItemEdit writes one change-log entry for each field whose value differs between old and
// now, and reports whether any did.
func logItemEdit[T, P any](t *Tx, fields []itemField[T, P], orgID, cycleID int64, entity Entity, key string, old, now T) (bool, error) {
	changed := false
	for _, f := range fields {
		was, is := f.get(old), f.get(now)
		if was == is {
			continue
		}
		changed = true
		if err := t.log(orgID, cycleID, entity, key, f.name, was, is, ""); err != nil {
			return changed, err
		}
	}
	return changed, nil
}

// setIf puts *v in *dst when v is set: how a patch's nil field leaves a value as it is.
func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// reverseItem undoes ch on the action or review it names by its key "#12": load reads the
// item, remove undoes its creation, and any other field is put back to ch.Old through update,
// after checking the item still holds ch.New.
func reverseItem[T, P any](ch Change, fields []itemField[T, P], load func(int64) (T, error), remove func(int64, T) error, update func(int64, P) error) error {
	id, err := itemID(ch)
	if err != nil {
		return err
	}
	item, err := load(id)
	if err != nil {
		return err
	}
	if ch.Field == FieldCreate {
		return remove(id, item)
	}
	for _, f := range fields {
		if f.name != ch.Field {
			continue
		}
		if err := conflictUnless(ch, f.get(item)); err != nil {
			return err
		}
		var p P
		f.set(&p, ch.Old)
		return update(id, p)
	}
	return &NotUndoableError{Change: ch}
}
