package tui

import (
	"context"
	"reflect"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
)

// collect runs cmd and returns its messages without delivering them (batches flattened).
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if v := reflect.ValueOf(msg); v.IsValid() && v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var out []tea.Msg
		for i := 0; i < v.Len(); i++ {
			out = append(out, collect(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// Two scores saved before either re-read arrives: whichever re-read arrives first, the
// screen ends with both, as the store holds them (a re-read copies the data on screen and
// re-reads only the services saved, so one made from older data must not hide a save).
func TestScoresSavedBeforeTheirReReadsAllShow(t *testing.T) {
	for _, order := range []string{"first save's re-read first", "second save's re-read first"} {
		t.Run(order, func(t *testing.T) {
			ctx := context.Background()
			s := newStore(t)
			_, c, err := s.AddOrg(ctx, catalog.NewOrg{Name: "Acme Bank"})
			if err != nil {
				t.Fatal(err)
			}
			h := newHarnessStore(t, s, 100, 30, catalog.EN)
			h.press("enter", "tab", "tab", "tab")
			ws := h.workspace()
			var saved []tea.Msg
			for _, k := range []string{"3", "2"} { // A-1, then A-2 (the cursor advances)
				_, cmd := h.m.Update(keyMsg(k))
				saved = append(saved, collect(cmd)...)
			}
			var loads [][]tea.Msg
			for _, m := range saved {
				if _, ok := m.(savedMsg); !ok {
					continue
				}
				_, cmd := h.m.Update(m)
				loads = append(loads, collect(cmd))
			}
			if len(loads) != 2 {
				t.Fatalf("%d saves answered, want 2", len(loads))
			}
			if order == "second save's re-read first" {
				loads[0], loads[1] = loads[1], loads[0]
			}
			for _, ms := range loads {
				for _, m := range ms {
					h.send(m)
				}
			}
			want, err := s.CycleData(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"A-1", "A-2"} {
				got, _ := ws.data.Cycle.Service(id)
				st, _ := want.Service(id)
				if got.Current == nil || st.Current == nil || *got.Current != *st.Current {
					t.Errorf("%s shows %v, the store holds %v", id, got.Current, st.Current)
				}
			}
			if len(ws.pending) != 0 {
				t.Errorf("%d saves still pending", len(ws.pending))
			}
		})
	}
}
