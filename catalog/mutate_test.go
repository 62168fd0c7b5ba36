package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

type logged struct{ entity, key, field, old, new, reason string }

func (l logged) String() string {
	return fmt.Sprintf("%s %s %s: %q -> %q (%s)", l.entity, l.key, l.field, l.old, l.new, l.reason)
}

// newChanges returns the change-log rows after id, oldest first, for every organisation.
func newChanges(t *testing.T, s *Store, after int64) ([]Change, int64) {
	t.Helper()
	rows, err := s.DB().Query("SELECT id, org_id, cycle_id, entity, key, field, old, new, who, reason, source FROM change_log WHERE id > ? ORDER BY id", after)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []Change
	last := after
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.ID, &c.OrgID, &c.CycleID, &c.Entity, &c.Key, &c.Field, &c.Old, &c.New, &c.Who, &c.Reason, &c.Source); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
		last = c.ID
	}
	return out, last
}

func ptr[T any](v T) *T { return &v }

// TestMutationsAndChangeLog runs every mutation in turn and checks both the stored
// result and the change-log rows it appended, with old and new values.
func TestMutationsAndChangeLog(t *testing.T) {
	ctx := context.Background()
	setNow(t, time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	s, _ := openTest(t)
	s.Source = "test"
	var org Organisation
	var c1, c2 Cycle
	var act Action
	steps := []struct {
		name  string
		do    func() error
		check func() error
		want  []logged
	}{
		{"add organisation", func() (err error) {
			org, c1, err = s.AddOrg(ctx, NewOrg{Name: "  Acme  ", Sector: "Retail", Size: 50})
			return err
		}, func() error {
			o, err := s.FindOrg(ctx, "ACME")
			if err != nil || o.Name != "Acme" || o.Sector != "Retail" || o.Size != 50 || c1.Name != "Cycle 1" || c1.Status != CycleOpen {
				return fmt.Errorf("%+v %+v %v", o, c1, err)
			}
			return nil
		}, []logged{{"organisation", "Acme", "create", "", "Acme", ""}, {"cycle", "Cycle 1", "start", "", "Cycle 1", ""}}},
		{"update organisation", func() error {
			return s.UpdateOrg(ctx, org.ID, OrgPatch{Name: ptr("Acme Corp"), Country: ptr("JP"), Notes: ptr("n"), Size: ptr(60), Sector: ptr("Retail")})
		}, func() error {
			o, err := s.Org(ctx, org.ID)
			if err != nil || o.Name != "Acme Corp" || o.Country != "JP" || o.Notes != "n" || o.Size != 60 {
				return fmt.Errorf("%+v %v", o, err)
			}
			return nil
		}, []logged{{"organisation", "Acme", "name", "Acme", "Acme Corp", ""}, {"organisation", "Acme", "country", "", "JP", ""},
			{"organisation", "Acme", "notes", "", "n", ""}, {"organisation", "Acme", "size", "50", "60", ""}}},
		{"set Build", func() error {
			_, err := s.SetBuild(ctx, c1.ID, []string{"a-1", "A-2"}, BuildPatch{Assignment: ptr(Assignment("CDC")), Target: ptr(3), Provider: ptr("SOC"), Contract: ptr("SLA-1")})
			return err
		}, func() error {
			d, _ := s.CycleData(ctx, c1.ID)
			st, _ := d.Service("A-2")
			if st.Assignment != AssignCDC || *st.Target != 3 || st.Provider != "SOC" || st.Contract != "SLA-1" {
				return fmt.Errorf("%+v", st)
			}
			return nil
		}, []logged{
			{"build", "A-1", "assignment", "none", "cdc", ""}, {"build", "A-1", "provider", "", "SOC", ""}, {"build", "A-1", "contract", "", "SLA-1", ""}, {"build", "A-1", "target", "none", "3", ""},
			{"build", "A-2", "assignment", "none", "cdc", ""}, {"build", "A-2", "provider", "", "SOC", ""}, {"build", "A-2", "contract", "", "SLA-1", ""}, {"build", "A-2", "target", "none", "3", ""},
		}},
		{"Build unchanged logs nothing", func() error {
			n, err := s.SetBuild(ctx, c1.ID, []string{"A-1"}, BuildPatch{Target: ptr(3)})
			if n != 0 {
				return fmt.Errorf("%d changes", n)
			}
			return err
		}, nil, nil},
		{"override level, scope and clear target", func() error {
			_, err := s.SetBuild(ctx, c1.ID, []string{"A-1"}, BuildPatch{Level: ptr(Level("o")), InScope: ptr(false), ClearTarget: true, Reason: "small shop"})
			return err
		}, func() error {
			d, _ := s.CycleData(ctx, c1.ID)
			st, _ := d.Service("A-1")
			if st.Level != Optional || !st.LevelOverridden || st.LevelReason != "small shop" || st.InScope || st.Target != nil {
				return fmt.Errorf("%+v", st)
			}
			return nil
		}, []logged{{"build", "A-1", "scope", "in", "out", "small shop"}, {"build", "A-1", "level", "mandatory", "optional", "small shop"}, {"build", "A-1", "target", "3", "none", "small shop"}}},
		{"back to the pack level clears the override", func() error {
			_, err := s.SetBuild(ctx, c1.ID, []string{"A-1"}, BuildPatch{Level: ptr(Mandatory)})
			return err
		}, func() error {
			d, _ := s.CycleData(ctx, c1.ID)
			st, _ := d.Service("A-1")
			if st.Level != Mandatory || st.LevelOverridden || st.LevelReason != "" {
				return fmt.Errorf("%+v", st)
			}
			return nil
		}, []logged{{"build", "A-1", "level", "optional", "mandatory", ""}}},
		{"assess", func() error {
			_, err := s.SetAssessment(ctx, c1.ID, "A-2", AssessmentPatch{Score: ptr(2), Evidence: ptr("log review")})
			return err
		}, func() error {
			d, _ := s.CycleData(ctx, c1.ID)
			st, _ := d.Service("A-2")
			if st.Current == nil || *st.Current != 2 || st.Evidence != "log review" || st.Assessor != "tester" || st.AssessedAt == nil {
				return fmt.Errorf("%+v", st)
			}
			return nil
		}, []logged{{"assessment", "A-2", "current", "none", "2", ""}, {"assessment", "A-2", "evidence", "", "log review", ""}}},
		{"clear score", func() error {
			_, err := s.SetAssessment(ctx, c1.ID, "A-2", AssessmentPatch{ClearScore: true})
			return err
		}, func() error {
			d, _ := s.CycleData(ctx, c1.ID)
			st, _ := d.Service("A-2")
			if st.Current != nil || st.AssessedAt != nil || st.Evidence != "log review" {
				return fmt.Errorf("%+v", st)
			}
			return nil
		}, []logged{{"assessment", "A-2", "current", "2", "none", ""}}},
		{"add action", func() (err error) {
			act, err = s.AddAction(ctx, Action{CycleID: c1.ID, ServiceID: "a-2", Title: " Buy SIEM ", Owner: "CISO", Due: "2026-06-30"})
			return err
		}, func() error {
			a, err := s.Action(ctx, act.ID)
			if err != nil || a.Title != "Buy SIEM" || a.ServiceID != "A-2" || a.Status != ActionPlanned || a.Horizon != ShortTerm || a.OrgID != org.ID {
				return fmt.Errorf("%+v %v", a, err)
			}
			return nil
		}, []logged{{"action", "#1", "create", "", "Buy SIEM", ""}}},
		{"update action", func() error {
			_, err := s.UpdateAction(ctx, act.ID, ActionPatch{Status: ptr(ActionInProgress), Horizon: ptr(LongTerm), Due: ptr(""), Owner: ptr("CISO"),
				Title: ptr("Buy a SIEM"), Notes: ptr("budget"), ServiceID: ptr("a-1")})
			return err
		}, func() error {
			a, _ := s.Action(ctx, act.ID)
			if a.Status != ActionInProgress || a.Horizon != LongTerm || a.Due != "" || a.Title != "Buy a SIEM" || a.Notes != "budget" || a.ServiceID != "A-1" {
				return fmt.Errorf("%+v", a)
			}
			return nil
		}, []logged{{"action", "#1", "title", "Buy SIEM", "Buy a SIEM", ""}, {"action", "#1", "due", "2026-06-30", "", ""}, {"action", "#1", "notes", "", "budget", ""},
			{"action", "#1", "service", "A-2", "A-1", ""}, {"action", "#1", "horizon", "short", "long", ""}, {"action", "#1", "status", "planned", "in-progress", ""}}},
		{"add review", func() error {
			_, err := s.AddReview(ctx, Review{CycleID: c1.ID, HeldOn: "2026-03-31", Kind: "monthly", Notes: "ok"})
			return err
		}, func() error {
			rs, _ := s.Reviews(ctx, c1.ID)
			if len(rs) != 1 || rs[0].Kind != "monthly" {
				return fmt.Errorf("%+v", rs)
			}
			return nil
		}, []logged{{"review", "#1", "create", "", "2026-03-31 monthly", ""}}},
		{"close cycle", func() error { return s.CloseCycle(ctx, c1.ID) }, func() error {
			c, _ := s.Cycle(ctx, c1.ID)
			if c.Status != CycleClosed || c.ClosedAt == nil {
				return fmt.Errorf("%+v", c)
			}
			return nil
		}, []logged{{"cycle", "Cycle 1", "status", "open", "closed", ""}}},
		{"long-term action stays editable after its cycle closed", func() error {
			_, err := s.UpdateAction(ctx, act.ID, ActionPatch{Status: ptr(ActionDone)})
			return err
		}, nil, []logged{{"action", "#1", "status", "in-progress", "done", ""}}},
		{"start cycle", func() (err error) {
			c2, err = s.StartCycle(ctx, org.ID, NewCycle{Name: "FY2027"})
			return err
		}, func() error {
			if c2.Seq != 2 || c2.PackRef != c1.PackRef {
				return fmt.Errorf("%+v", c2)
			}
			return nil
		}, []logged{{"cycle", "FY2027", "start", "", "FY2027", ""}}},
		{"import pack", func() error {
			p := BuiltinPack()
			p.ID, p.Version = "mine", "1"
			_, err := s.ImportPack(ctx, p)
			return err
		}, nil, []logged{{"pack", "mine@1", "import", "", "9 categories, 64 services", ""}}},
		{"remove organisation", func() error { return s.RemoveOrg(ctx, org.ID) }, func() error {
			if _, err := s.Org(ctx, org.ID); !errors.Is(err, ErrNotFound) {
				return fmt.Errorf("still there: %v", err)
			}
			if as, _ := s.Actions(ctx, org.ID, ActionFilter{}); len(as) != 0 {
				return fmt.Errorf("actions left: %d", len(as))
			}
			return nil
		}, []logged{{"organisation", "Acme Corp", "remove", "Acme Corp", "", ""}}},
	}
	var last int64
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if st.check != nil {
			if err := st.check(); err != nil {
				t.Errorf("%s: stored %v", st.name, err)
			}
		}
		var got []Change
		got, last = newChanges(t, s, last)
		var gotL []logged
		for _, c := range got {
			gotL = append(gotL, logged{string(c.Entity), c.Key, string(c.Field), c.Old, c.New, c.Reason})
			if c.Who != "tester" || c.Source != "test" {
				t.Errorf("%s: who %q source %q", st.name, c.Who, c.Source)
			}
		}
		if fmt.Sprint(gotL) != fmt.Sprint(st.want) {
			t.Errorf("%s: change log\n got %v\nwant %v", st.name, gotL, st.want)
		}
	}
	// The log survives the removal and cannot be rewritten.
	if ch, _ := s.Changes(ctx, ChangeQuery{OrgID: org.ID}); len(ch) < 20 {
		t.Errorf("log lost with the organisation: %d rows", len(ch))
	}
	if _, err := s.DB().Exec("DELETE FROM change_log"); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("change log delete: %v", err)
	}
	if _, err := s.DB().Exec("UPDATE change_log SET new = 'x'"); err == nil {
		t.Error("change log update allowed")
	}
}

func TestCarryOver(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, c1, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetBuild(ctx, c1.ID, []string{"B-1", "B-2"}, BuildPatch{Assignment: ptr(AssignExternal), Target: ptr(4), Provider: ptr("MSSP")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetBuild(ctx, c1.ID, []string{"C-1"}, BuildPatch{InScope: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	for id, v := range map[string]int{"B-1": 2, "B-2": 3} {
		if _, err := s.SetAssessment(ctx, c1.ID, id, AssessmentPatch{Score: ptr(v), Evidence: ptr("ev " + id)}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name      string
		carry     bool
		wantScore map[string]int
	}{
		{"with carry-over", true, map[string]int{"B-1": 2, "B-2": 3}},
		// Carry-over copies from the newest cycle, which has no scores yet.
		{"without carry-over", false, nil},
	}
	var carried Cycle
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := s.StartCycle(ctx, o.ID, NewCycle{CarryOver: tt.carry})
			if err != nil {
				t.Fatal(err)
			}
			d, err := s.CycleData(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range d.Services {
				switch st.ID {
				case "B-1", "B-2":
					if st.Assignment != AssignExternal || st.Target == nil || *st.Target != 4 || st.Provider != "MSSP" {
						t.Errorf("%s Build not copied: %+v", st.ID, st)
					}
				case "C-1":
					if st.InScope {
						t.Error("C-1 scope not copied")
					}
				}
				want, ok := tt.wantScore[st.ID]
				switch {
				case ok && (st.Current == nil || *st.Current != want || !st.CarriedOver || st.Evidence != "ev "+st.ID):
					t.Errorf("%s: %+v, want carried-over %d", st.ID, st, want)
				case !ok && (st.Current != nil || st.CarriedOver):
					t.Errorf("%s: %+v, want not assessed", st.ID, st)
				}
			}
			if tt.carry {
				carried = c
			}
		})
	}
	// Re-assessing with the same score clears the flag and says why.
	n, err := s.SetAssessment(ctx, carried.ID, "B-1", AssessmentPatch{Score: ptr(2)})
	if err != nil || n != 1 {
		t.Fatalf("re-assess: %d %v", n, err)
	}
	// Evidence alone keeps the flag.
	if _, err := s.SetAssessment(ctx, carried.ID, "B-2", AssessmentPatch{Evidence: ptr("new")}); err != nil {
		t.Fatal(err)
	}
	d, _ := s.CycleData(ctx, carried.ID)
	b1, _ := d.Service("B-1")
	b2, _ := d.Service("B-2")
	if b1.CarriedOver || *b1.Current != 2 || !b2.CarriedOver {
		t.Errorf("B-1 carried %v, B-2 carried %v", b1.CarriedOver, b2.CarriedOver)
	}
	ch, _ := s.Changes(ctx, ChangeQuery{OrgID: o.ID, CycleID: carried.ID})
	var sawReason, sawCarry bool
	for _, c := range ch {
		sawReason = sawReason || (c.Key == "B-1" && c.Reason == "re-assessed (was carried over)" && c.Old == "2" && c.New == "2")
		sawCarry = sawCarry || (c.Field == "carry-over" && c.New == "Cycle 1")
	}
	if !sawReason || !sawCarry {
		t.Errorf("change log lacks the re-assessment (%v) or the carry-over (%v): %+v", sawReason, sawCarry, ch)
	}
}

func TestClosedCycleRefusesWrites(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, c, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	short, err := s.AddAction(ctx, Action{CycleID: c.ID, Title: "Short one"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CloseCycle(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Changes(ctx, ChangeQuery{OrgID: o.ID})
	writes := map[string]func() error{
		"SetBuild":      func() error { _, err := s.SetBuild(ctx, c.ID, []string{"A-1"}, BuildPatch{Target: ptr(2)}); return err },
		"SetAssessment": func() error { _, err := s.SetAssessment(ctx, c.ID, "A-1", AssessmentPatch{Score: ptr(2)}); return err },
		"AddAction":     func() error { _, err := s.AddAction(ctx, Action{CycleID: c.ID, Title: "x"}); return err },
		"UpdateAction": func() error {
			_, err := s.UpdateAction(ctx, short.ID, ActionPatch{Status: ptr(ActionDone)})
			return err
		},
		"AddReview": func() error {
			_, err := s.AddReview(ctx, Review{CycleID: c.ID, HeldOn: "2026-01-01", Notes: "x"})
			return err
		},
		"CloseCycle": func() error { return s.CloseCycle(ctx, c.ID) },
	}
	for name, w := range writes {
		if err := w(); err == nil || !strings.Contains(err.Error(), `cycle "Cycle 1" is closed`) {
			t.Errorf("%s: got %v", name, err)
		}
	}
	after, _ := s.Changes(ctx, ChangeQuery{OrgID: o.ID})
	if len(after) != len(before) {
		t.Errorf("refused writes logged %d rows", len(after)-len(before))
	}
}

// TestBadInput checks that every refused write names the field and the value.
func TestBadInput(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, c, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		do   func() error
		want string
	}{
		{"empty organisation name", func() error { _, _, err := s.AddOrg(ctx, NewOrg{Name: " "}); return err }, "organisation name is empty"},
		{"duplicate organisation", func() error { _, _, err := s.AddOrg(ctx, NewOrg{Name: "ACME"}); return err }, `organisation "ACME" already exists`},
		{"negative size", func() error { _, _, err := s.AddOrg(ctx, NewOrg{Name: "B", Size: -3}); return err }, "size -3 is negative"},
		{"long notes", func() error {
			_, _, err := s.AddOrg(ctx, NewOrg{Name: "B", Notes: strings.Repeat("x", MaxTextLen+1)})
			return err
		}, "notes is 4001 characters long"},
		{"invalid UTF-8", func() error { return s.UpdateOrg(ctx, o.ID, OrgPatch{Sector: ptr("\xff")}) }, "sector is not valid UTF-8"},
		{"unknown organisation", func() error { _, err := s.FindOrg(ctx, "Nobody"); return err }, `organisation "Nobody" does not exist`},
		{"unknown cycle", func() error { _, err := s.FindCycle(ctx, o.ID, "FY1999"); return err }, `cycle "FY1999" does not exist (cycles: Cycle 1)`},
		{"cycle of a missing organisation", func() error { _, err := s.StartCycle(ctx, 999, NewCycle{}); return err }, "organisation 999 does not exist"},
		{"duplicate cycle name", func() error { _, err := s.StartCycle(ctx, o.ID, NewCycle{Name: "Cycle 1"}); return err }, `cycle "Cycle 1" already exists`},
		{"unknown pack", func() error { _, err := s.StartCycle(ctx, o.ID, NewCycle{PackRef: 999}); return err }, "pack 999 does not exist"},
		{"target out of range", func() error { _, err := s.SetBuild(ctx, c.ID, []string{"A-1"}, BuildPatch{Target: ptr(6)}); return err }, "target 6 is outside 0-5"},
		{"set and clear target", func() error {
			_, err := s.SetBuild(ctx, c.ID, []string{"A-1"}, BuildPatch{Target: ptr(1), ClearTarget: true})
			return err
		}, "both set and clear the target"},
		{"unknown assignment", func() error {
			_, err := s.SetBuild(ctx, c.ID, []string{"A-1"}, BuildPatch{Assignment: ptr(Assignment("vendor"))})
			return err
		}, `assignment "vendor" is not one of`},
		{"unknown level", func() error {
			_, err := s.SetBuild(ctx, c.ID, []string{"A-1"}, BuildPatch{Level: ptr(Level("top"))})
			return err
		}, `level "top" is not one of`},
		{"level override without reason", func() error {
			_, err := s.SetBuild(ctx, c.ID, []string{"A-1"}, BuildPatch{Level: ptr(Optional)})
			return err
		}, "service A-1: changing the level from mandatory to optional needs a reason"},
		{"unknown service", func() error { _, err := s.SetBuild(ctx, c.ID, []string{"Z-1"}, BuildPatch{Target: ptr(1)}); return err }, `service "Z-1" is not in pack x1060@2021.06`},
		{"score out of range", func() error { _, err := s.SetAssessment(ctx, c.ID, "A-1", AssessmentPatch{Score: ptr(-1)}); return err }, "score -1 is outside 0-5"},
		{"set and clear score", func() error {
			_, err := s.SetAssessment(ctx, c.ID, "A-1", AssessmentPatch{Score: ptr(1), ClearScore: true})
			return err
		}, "service A-1: an assessment cannot both set and clear the score"},
		{"bad due date", func() error {
			_, err := s.AddAction(ctx, Action{CycleID: c.ID, Title: "t", Due: "31/03/2026"})
			return err
		}, `due date "31/03/2026" is not a date`},
		{"bad status", func() error {
			_, err := s.AddAction(ctx, Action{CycleID: c.ID, Title: "t", Status: "maybe"})
			return err
		}, `status "maybe" is not one of`},
		{"action for unknown service", func() error {
			_, err := s.AddAction(ctx, Action{CycleID: c.ID, Title: "t", ServiceID: "Q-1"})
			return err
		}, `service "Q-1" is not in pack`},
		{"unknown action", func() error { _, err := s.UpdateAction(ctx, 77, ActionPatch{}); return err }, "action 77 does not exist"},
		{"bad review date", func() error {
			_, err := s.AddReview(ctx, Review{CycleID: c.ID, HeldOn: "soon", Notes: "n"})
			return err
		}, `review date "soon" is not a date`},
		{"empty review", func() error { _, err := s.AddReview(ctx, Review{CycleID: c.ID, HeldOn: "2026-01-01"}); return err }, "a review needs a kind or notes"},
		{"unknown pack name", func() error { _, err := s.FindPack(ctx, "nist@2"); return err }, `pack "nist@2" is not installed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
	if ch, _ := s.Changes(ctx, ChangeQuery{OrgID: o.ID}); len(ch) != 2 {
		t.Errorf("refused writes were logged: %d rows", len(ch))
	}
}

// TestUpdateIsOneTransaction checks that a batch is all or nothing and that every
// Tx method works inside it without waiting for the store's only connection.
func TestUpdateIsOneTransaction(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, _ := openTest(t)
	boom := errors.New("stop here")
	err := s.Update(ctx, "import answers.xlsx", func(tx *Tx) error {
		o, c, err := tx.AddOrg(NewOrg{Name: "Batch"})
		if err != nil {
			return err
		}
		if _, err := tx.SetBuild(c.ID, []string{"A-1"}, BuildPatch{Target: ptr(2)}); err != nil {
			return err
		}
		if _, err := tx.SetAssessment(c.ID, "A-1", AssessmentPatch{Score: ptr(1)}); err != nil {
			return err
		}
		if _, err := tx.AddAction(Action{CycleID: c.ID, ServiceID: "A-1", Title: "t"}); err != nil {
			return err
		}
		if _, err := tx.AddReview(Review{CycleID: c.ID, HeldOn: "2026-01-01", Notes: "n"}); err != nil {
			return err
		}
		if err := tx.UpdateOrg(o.ID, OrgPatch{Notes: ptr("x")}); err != nil {
			return err
		}
		if _, err := tx.StartCycle(o.ID, NewCycle{CarryOver: true}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	orgs, _ := s.Orgs(ctx)
	if n, _ := newChanges(t, s, 0); len(orgs) != 0 || len(n) != 0 {
		t.Fatalf("rolled-back batch left %d organisations, %d log rows", len(orgs), len(n))
	}
	// The same batch committed, tagged with its source.
	err = s.Update(ctx, "import answers.xlsx", func(tx *Tx) error {
		_, c, err := tx.AddOrg(NewOrg{Name: "Batch"})
		if err != nil {
			return err
		}
		_, err = tx.SetAssessment(c.ID, "A-1", AssessmentPatch{Score: ptr(1)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := newChanges(t, s, 0)
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		if r.Source != "import answers.xlsx" {
			t.Errorf("source %q", r.Source)
		}
	}
}

func TestPacksInStore(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	builtin, err := s.FindPack(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	p := BuiltinPack()
	p.ID, p.Version = "acme-x1060", "1"
	p.Services[0].Name[EN] = "Risk management (Acme)"
	ref, added, err := s.InstallPack(ctx, p)
	if err != nil || !added || ref == builtin {
		t.Fatalf("install: %d %v %v", ref, added, err)
	}
	again, added, err := s.InstallPack(ctx, p)
	if err != nil || added || again != ref {
		t.Errorf("re-install: %d %v %v", again, added, err)
	}
	p.Services[0].Name[EN] = "changed"
	if _, _, err := s.InstallPack(ctx, p); err == nil || !strings.Contains(err.Error(), "pack acme-x1060@1 is already installed with different content") {
		t.Errorf("same version, new content: %v", err)
	}
	p.Version = "2"
	ref2, _, err := s.InstallPack(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	bad := BuiltinPack()
	bad.ID, bad.Scale = "bad", nil
	if _, err := s.ImportPack(ctx, bad); err == nil || !strings.Contains(err.Error(), "scale: score 0 has no descriptor") {
		t.Errorf("invalid pack: %v", err)
	}
	for name, want := range map[string]int64{"ACME-x1060": ref2, "acme-x1060@1": ref, "x1060@2021.06": builtin, "": builtin} {
		if got, err := s.FindPack(ctx, name); err != nil || got != want {
			t.Errorf("FindPack(%q) = %d, %v; want %d", name, got, err, want)
		}
	}
	infos, err := s.Packs(ctx)
	if err != nil || len(infos) != 3 || !infos[0].Builtin || infos[1].Builtin || infos[1].Services != 64 {
		t.Fatalf("packs: %+v %v", infos, err)
	}
	// Organisations and cycles can use the imported pack; carry-over follows the new pack.
	o, c, err := s.AddOrg(ctx, NewOrg{Name: "Acme", PackRef: ref})
	if err != nil || c.PackRef != ref || c.PackID != "acme-x1060" {
		t.Fatalf("org on pack: %+v %v", c, err)
	}
	d, _ := s.CycleData(ctx, c.ID)
	if d.Services[0].Name[EN] != "Risk management (Acme)" {
		t.Errorf("cycle does not use the imported pack: %q", d.Services[0].Name[EN])
	}
	c2, err := s.StartCycle(ctx, o.ID, NewCycle{PackRef: ref2})
	if err != nil || c2.PackRef != ref2 {
		t.Fatalf("%+v %v", c2, err)
	}
	c3, err := s.StartCycle(ctx, o.ID, NewCycle{})
	if err != nil || c3.PackRef != ref2 {
		t.Errorf("a new cycle keeps the previous cycle's pack: %+v %v", c3, err)
	}
}

func TestRemovedOrganisationIDIsNotReused(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o1, _, err := s.AddOrg(ctx, NewOrg{Name: "First"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveOrg(ctx, o1.ID); err != nil {
		t.Fatal(err)
	}
	o2, _, err := s.AddOrg(ctx, NewOrg{Name: "Second"})
	if err != nil {
		t.Fatal(err)
	}
	if o2.ID == o1.ID {
		t.Fatalf("organisation ID %d reused", o2.ID)
	}
	ch, _ := s.Changes(ctx, ChangeQuery{OrgID: o2.ID})
	for _, c := range ch {
		if c.Key == "First" {
			t.Errorf("new organisation inherits the removed one's log: %+v", c)
		}
	}
}

func TestUpdatePanicReleasesConnection(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, _ := openTest(t)
	func() {
		defer func() { _ = recover() }()
		_ = s.Update(ctx, "", func(tx *Tx) error {
			if _, _, err := tx.AddOrg(NewOrg{Name: "Half"}); err != nil {
				return err
			}
			panic("bug")
		})
	}()
	if _, _, err := s.AddOrg(ctx, NewOrg{Name: "After"}); err != nil {
		t.Fatalf("store unusable after a panic: %v", err)
	}
	if _, err := s.FindOrg(ctx, "Half"); !errors.Is(err, ErrNotFound) {
		t.Errorf("panicked batch was committed: %v", err)
	}
}

func TestCarryOverToAnotherPack(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, c1, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetBuild(ctx, c1.ID, []string{"A-1", "A-2"}, BuildPatch{Target: ptr(3)}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"A-1", "A-2"} {
		if _, err := s.SetAssessment(ctx, c1.ID, id, AssessmentPatch{Score: ptr(2)}); err != nil {
			t.Fatal(err)
		}
	}
	// The new pack drops A-1 and adds OT-1.
	p := BuiltinPack()
	p.ID, p.Version = "acme", "1"
	p.Services = p.Services[1:]
	p.Categories = append(p.Categories, Category{ID: "OT", Name: Text{EN: "Operational technology", JA: "制御システム"}})
	p.Services = append(p.Services, Service{ID: "OT-1", Category: "OT", Name: Text{EN: "OT monitoring", JA: "制御監視"}, DefaultLevel: Recommended, Provenance: "custom"})
	ref, err := s.ImportPack(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := s.StartCycle(ctx, o.ID, NewCycle{PackRef: ref, CarryOver: true})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.CycleData(ctx, c2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Service("A-1"); ok {
		t.Error("A-1 is not in the new pack but is listed")
	}
	a2, _ := d.Service("A-2")
	ot, ok := d.Service("OT-1")
	if a2.Target == nil || *a2.Target != 3 || a2.Current == nil || !a2.CarriedOver {
		t.Errorf("A-2 not carried over: %+v", a2)
	}
	if !ok || ot.Current != nil || ot.Target != nil || ot.Level != Recommended {
		t.Errorf("OT-1: %+v", ot)
	}
	if len(d.Services) != 64 {
		t.Errorf("%d services", len(d.Services))
	}
	var rows int
	s.DB().QueryRow("SELECT count(*) FROM build_settings WHERE cycle_id = ? AND service_id = 'A-1'", c2.ID).Scan(&rows)
	if rows != 0 {
		t.Error("A-1 settings copied into a pack without A-1")
	}
}
