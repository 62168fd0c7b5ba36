package catalog

import (
	"fmt"
	"sort"
	"strings"
)

// ConflictError is an edit refused because a value the editor started from was changed
// elsewhere meanwhile (another window, another user, an import). Nothing was written.
// Theirs is what is stored now, by field name ("provider", "contract", "level", "reason",
// "evidence", or an action's or review's field), so that the editor can show theirs and mine
// and let the user keep either: keeping mine is the same edit again, started from Theirs.
type ConflictError struct {
	Ref    string // the service, action or review edited
	Theirs map[string]string
}

func (e *ConflictError) Error() string {
	keys := make([]string, 0, len(e.Theirs))
	for k := range e.Theirs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return fmt.Sprintf("%s of %s was changed elsewhere while you edited it; your change was not saved", strings.Join(keys, ", "), e.Ref)
}

// Is makes every ConflictError match ErrConflict.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// BuildWas is what a Build editor started from; a field set here that no longer matches
// the stored value means someone else changed it meanwhile, and SetBuild writes nothing.
type BuildWas struct {
	Provider, Contract *string
	// Level and Reason are compared together: a level and its reason are one change.
	Level  *Level
	Reason *string
}

// check compares the editor's starting point with the stored state of one service.
func (w *BuildWas) check(st *ServiceState) error {
	theirs := map[string]string{}
	if w.Provider != nil && *w.Provider != st.Provider {
		theirs["provider"] = st.Provider
	}
	if w.Contract != nil && *w.Contract != st.Contract {
		theirs["contract"] = st.Contract
	}
	if (w.Level != nil && *w.Level != st.Level) || (w.Reason != nil && *w.Reason != st.LevelReason) {
		theirs["level"], theirs["reason"] = string(st.Level), st.LevelReason
	}
	if len(theirs) == 0 {
		return nil
	}
	return &ConflictError{Ref: st.ID, Theirs: theirs}
}
