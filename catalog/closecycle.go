package catalog

import (
	"context"
	"fmt"
)

// OpenActions says what closing a cycle does with its open short-term actions: they belong
// to their own cycle only, so left open they would be on no cycle's list.
type OpenActions string

const (
	// CarryActions moves them to the next cycle (now if it exists, else when it starts).
	CarryActions OpenActions = "carry"
	// FinishActions marks them done.
	FinishActions OpenActions = "done"
	// DropActions marks them dropped.
	DropActions OpenActions = "drop"
)

// OpenActionsChoices lists the choices, in the order they are offered.
var OpenActionsChoices = []OpenActions{CarryActions, FinishActions, DropActions}

// ParseOpenActions reads a choice as typed (carry, done, drop).
func ParseOpenActions(s string) (OpenActions, error) {
	return parseChoice("open actions", s, OpenActionsChoices, nil)
}

// OpenActionsError refuses to close a cycle with open short-term actions when no choice
// was made for them.
type OpenActionsError struct {
	Cycle   string
	Actions []Action
}

func (e *OpenActionsError) Error() string {
	return fmt.Sprintf("cycle %q has %d open short-term actions: say whether to carry them over, mark them done or drop them", e.Cycle, len(e.Actions))
}

// OpenShortTerm lists a cycle's open short-term actions, oldest first: what closing it must decide.
func (s *Store) OpenShortTerm(ctx context.Context, cycleID int64) ([]Action, error) {
	out, err := openShortTerm(ctx, s.db, cycleID)
	return out, s.describe(err)
}

func openShortTerm(ctx context.Context, q querier, cycleID int64) ([]Action, error) {
	return collect(ctx, q, scanAction, "SELECT "+actionColumns+" FROM actions WHERE cycle_id = ? AND horizon = ? AND status IN (?, ?) ORDER BY id",
		cycleID, string(ShortTerm), string(ActionPlanned), string(ActionInProgress))
}

// CloseCycleWith closes a cycle and settles its open short-term actions as choice says, in one
// transaction; an empty choice refuses with an OpenActionsError when there are any.
func (s *Store) CloseCycleWith(ctx context.Context, cycleID int64, choice OpenActions) error {
	return s.Update(ctx, "", func(tx *Tx) error { return tx.CloseCycleWith(cycleID, choice) })
}

// CloseCycleWith closes a cycle inside the transaction.
func (t *Tx) CloseCycleWith(cycleID int64, choice OpenActions) error {
	c, err := t.openCycle(cycleID)
	if err != nil {
		return err
	}
	open, err := openShortTerm(t.ctx, t.tx, cycleID)
	if err != nil {
		return err
	}
	if len(open) > 0 {
		var status ActionStatus
		switch choice {
		case FinishActions:
			status = ActionDone
		case DropActions:
			status = ActionDropped
		case CarryActions:
		default:
			return &OpenActionsError{Cycle: c.Name, Actions: open}
		}
		for _, a := range open {
			if status == "" {
				continue
			}
			if _, err := t.UpdateAction(a.ID, ActionPatch{Status: &status}); err != nil {
				return err
			}
		}
	}
	if _, err := t.exec("UPDATE cycles SET status = 'closed', closed_at = ? WHERE id = ?", formatTime(t.at), cycleID); err != nil {
		return err
	}
	if err := t.log(c.OrgID, c.ID, EntityCycle, c.Name, FieldStatus, string(CycleOpen), string(CycleClosed), ""); err != nil {
		return err
	}
	if choice != CarryActions || len(open) == 0 {
		return nil
	}
	// Carried now to a later cycle that is already open; else StartCycle carries them.
	next, err := queryCycles(t.ctx, t.tx, "WHERE c.org_id = ? AND c.seq > ? AND c.status = 'open' ORDER BY c.seq LIMIT 1", c.OrgID, c.Seq)
	if err != nil || len(next) == 0 {
		return err
	}
	closed := c
	closed.Status = CycleClosed
	return t.carryActions(closed, next[0])
}

// carryActions moves the open short-term actions of a closed cycle from into cycle to,
// logging each move; an open cycle keeps its own.
func (t *Tx) carryActions(from, to Cycle) error {
	if from.Status != CycleClosed {
		return nil
	}
	open, err := openShortTerm(t.ctx, t.tx, from.ID)
	if err != nil {
		return err
	}
	for _, a := range open {
		if err := t.checkService(to.ID, a.ServiceID); err != nil {
			// the next cycle's pack has no such service: the action is kept for the whole CDC
			if _, err := t.exec("UPDATE actions SET service_id = '' WHERE id = ?", a.ID); err != nil {
				return err
			}
			if err := t.log(a.OrgID, to.ID, EntityAction, "#"+itoa(a.ID), FieldService, a.ServiceID, "", ""); err != nil {
				return err
			}
		}
		if _, err := t.exec("UPDATE actions SET cycle_id = ?, updated_at = ? WHERE id = ?", to.ID, formatTime(t.at), a.ID); err != nil {
			return err
		}
		if err := t.log(a.OrgID, to.ID, EntityAction, "#"+itoa(a.ID), FieldCarryOver, from.Name, to.Name, ""); err != nil {
			return err
		}
	}
	return nil
}
