package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// BuildPatch changes Build settings; nil fields stay as they are.
type BuildPatch struct {
	InScope *bool
	// Level overrides the recommendation level; the pack default clears the override.
	Level *Level
	// Reason explains a level override; required when the level differs from the pack default.
	Reason      string
	Assignment  *Assignment
	Provider    *string
	Contract    *string
	Target      *int
	ClearTarget bool
	// Was, when set, is what the editor started from: a service whose stored value differs
	// is not written (a *ConflictError).
	Was *BuildWas
}

// Empty reports whether the patch changes nothing.
func (p BuildPatch) Empty() bool {
	return p.InScope == nil && p.Level == nil && p.Assignment == nil && p.Provider == nil && p.Contract == nil && p.Target == nil && !p.ClearTarget
}

// SetBuild applies a Build patch to services of an open cycle and returns how many fields changed.
func (s *Store) SetBuild(ctx context.Context, cycleID int64, serviceIDs []string, p BuildPatch) (int, error) {
	return update(ctx, s, "", func(tx *Tx) (int, error) { return tx.SetBuild(cycleID, serviceIDs, p) })
}

// SetBuild applies a Build patch inside the transaction.
func (t *Tx) SetBuild(cycleID int64, serviceIDs []string, p BuildPatch) (n int, err error) {
	c, pack, err := t.openCyclePack(cycleID)
	if err != nil {
		return 0, err
	}
	if p.Target != nil && p.ClearTarget {
		return 0, errors.New("a Build change cannot both set and clear the target")
	}
	if p.Target != nil && !ValidScore(*p.Target) {
		return 0, fmt.Errorf("target %d is outside 0-5", *p.Target)
	}
	// Normalise so that "CDC" or "m" are stored as the schema's values.
	if p.Assignment != nil {
		a, err := ParseAssignment(string(*p.Assignment))
		if err != nil {
			return 0, err
		}
		p.Assignment = &a
	}
	if p.Level != nil {
		l, err := ParseLevel(string(*p.Level))
		if err != nil {
			return 0, err
		}
		p.Level = &l
	}
	if err := cleanPatch("provider", &p.Provider, MaxNameLen, false); err != nil {
		return 0, err
	}
	if err := cleanPatch("contract", &p.Contract, MaxNameLen, false); err != nil {
		return 0, err
	}
	if err := clean("reason", &p.Reason, MaxTextLen, true); err != nil {
		return 0, err
	}
	byID, err := t.buildStates(pack, cycleID)
	if err != nil {
		return 0, err
	}
	// A failed call may have changed cached states that were never written.
	defer func() {
		if err != nil {
			delete(t.build, cycleID)
		}
	}()
	changed := 0
	for _, id := range serviceIDs {
		id = strings.ToUpper(strings.TrimSpace(id))
		st, ok := byID[id]
		if !ok {
			return 0, &NotFoundError{Kind: KindService, Ref: id, In: pack.Ref()}
		}
		if p.Was != nil {
			if err := p.Was.check(st); err != nil {
				return 0, err
			}
		}
		type change struct {
			field            Field
			old, new, reason string
		}
		var changes []change
		if p.InScope != nil && *p.InScope != st.InScope {
			changes = append(changes, change{FieldScope, scopeWord(st.InScope), scopeWord(*p.InScope), p.Reason})
			st.InScope = *p.InScope
		}
		if p.Level != nil && *p.Level != st.Level {
			override := *p.Level != st.DefaultLevel
			if override && strings.TrimSpace(p.Reason) == "" {
				return 0, &LevelReasonError{Service: id, From: st.Level, To: *p.Level}
			}
			changes = append(changes, change{FieldLevel, string(st.Level), string(*p.Level), p.Reason})
			st.Level = *p.Level
			st.LevelOverridden = override
			if override {
				st.LevelReason = p.Reason
			} else {
				st.LevelReason = ""
			}
		}
		if p.Assignment != nil && *p.Assignment != st.Assignment {
			changes = append(changes, change{FieldAssignment, string(st.Assignment), string(*p.Assignment), p.Reason})
			st.Assignment = *p.Assignment
		}
		if p.Provider != nil && *p.Provider != st.Provider {
			changes = append(changes, change{FieldProvider, st.Provider, *p.Provider, p.Reason})
			st.Provider = *p.Provider
		}
		if p.Contract != nil && *p.Contract != st.Contract {
			changes = append(changes, change{FieldContract, st.Contract, *p.Contract, p.Reason})
			st.Contract = *p.Contract
		}
		if p.ClearTarget && st.Target != nil {
			changes = append(changes, change{FieldTarget, scoreWord(st.Target), scoreWord(nil), p.Reason})
			st.Target = nil
		} else if p.Target != nil && (st.Target == nil || *st.Target != *p.Target) {
			changes = append(changes, change{FieldTarget, scoreWord(st.Target), scoreWord(p.Target), p.Reason})
			v := *p.Target
			st.Target = &v
		}
		if len(changes) == 0 {
			continue
		}
		var level any
		if st.LevelOverridden {
			level = string(st.Level)
		}
		var target any
		if st.Target != nil {
			target = *st.Target
		}
		if _, err := t.exec(`INSERT INTO build_settings (cycle_id, service_id, in_scope, level_override, level_reason, assignment, provider, contract, target)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (cycle_id, service_id) DO UPDATE SET in_scope = excluded.in_scope, level_override = excluded.level_override,
			level_reason = excluded.level_reason, assignment = excluded.assignment, provider = excluded.provider,
			contract = excluded.contract, target = excluded.target`,
			cycleID, id, boolInt(st.InScope), level, st.LevelReason, string(st.Assignment), st.Provider, st.Contract, target); err != nil {
			return 0, err
		}
		for _, ch := range changes {
			if err := t.log(c.OrgID, cycleID, EntityBuild, id, ch.field, ch.old, ch.new, ch.reason); err != nil {
				return 0, err
			}
		}
		changed += len(changes)
	}
	return changed, nil
}

// buildStates returns the cycle's services by ID, read once per transaction.
// SetBuild updates the cached states as it writes them.
func (t *Tx) buildStates(pack *Pack, cycleID int64) (map[string]*ServiceState, error) {
	if byID, ok := t.build[cycleID]; ok {
		return byID, nil
	}
	states, err := loadStates(t.ctx, t.tx, pack, cycleID)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*ServiceState, len(states))
	for i := range states {
		byID[states[i].ID] = &states[i]
	}
	if t.build == nil {
		t.build = map[int64]map[string]*ServiceState{}
	}
	t.build[cycleID] = byID
	return byID, nil
}

func scopeWord(in bool) string {
	if in {
		return "in"
	}
	return "out"
}
