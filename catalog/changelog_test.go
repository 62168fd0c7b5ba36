package catalog

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestChangeQuery(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := at
	now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	t.Cleanup(func() { now = func() time.Time { return time.Now().UTC() } })

	o, c1, err := s.AddOrg(ctx, NewOrg{Name: "Acme"}) // organisation create, cycle start
	if err != nil {
		t.Fatal(err)
	}
	score := func(id string, v int) {
		t.Helper()
		if _, err := s.SetAssessment(ctx, c1.ID, id, AssessmentPatch{Score: &v}); err != nil {
			t.Fatal(err)
		}
	}
	score("A-1", 1)
	score("A-2", 2)
	score("A-1", 3)
	ext := AssignExternal
	if _, err := s.SetBuild(ctx, c1.ID, []string{"A-1"}, BuildPatch{Assignment: &ext}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAction(ctx, Action{CycleID: c1.ID, ServiceID: "A-1", Title: "Fix A-1"}); err != nil {
		t.Fatal(err)
	}
	// The log now holds, oldest first: organisation create, cycle start, A-1 current,
	// A-2 current, A-1 current, A-1 assignment, action create.
	describe := func(cs []Change) string {
		out := ""
		for _, c := range cs {
			out += fmt.Sprintf("%s %s %s;", c.Entity, c.Key, c.Field)
		}
		return out
	}
	tests := []struct {
		name string
		q    ChangeQuery
		want string
	}{
		{"everything newest first", ChangeQuery{OrgID: o.ID},
			"action #1 create;build A-1 assignment;assessment A-1 current;assessment A-2 current;assessment A-1 current;cycle Cycle 1 start;organisation Acme create;"},
		{"one service", ChangeQuery{OrgID: o.ID, Service: "a-1"},
			"build A-1 assignment;assessment A-1 current;assessment A-1 current;"},
		{"one service, one entity", ChangeQuery{OrgID: o.ID, Service: "A-1", Entities: []Entity{EntityAssessment}},
			"assessment A-1 current;assessment A-1 current;"},
		{"a page", ChangeQuery{OrgID: o.ID, Limit: 2, Offset: 1},
			"build A-1 assignment;assessment A-1 current;"},
		{"offset without limit", ChangeQuery{OrgID: o.ID, Offset: 5},
			"cycle Cycle 1 start;organisation Acme create;"},
		{"a service's page", ChangeQuery{OrgID: o.ID, Service: "A-1", Limit: 1, Offset: 1},
			"assessment A-1 current;"},
		{"after a time", ChangeQuery{OrgID: o.ID, After: at.Add(4 * time.Minute)},
			"action #1 create;build A-1 assignment;"},
		{"one cycle leaves out the organisation's own entries", ChangeQuery{OrgID: o.ID, CycleID: c1.ID, Entities: []Entity{EntityCycle, EntityOrganisation}},
			"cycle Cycle 1 start;"},
		{"another organisation", ChangeQuery{OrgID: o.ID + 1}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Changes(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if describe(got) != tt.want {
				t.Errorf("got  %s\nwant %s", describe(got), tt.want)
			}
		})
	}
	// Keyset pages: the page after an entry is what Offset gives, read through the index.
	all, err := s.Changes(ctx, ChangeQuery{OrgID: o.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []ChangeQuery{{OrgID: o.ID, Limit: 2}, {OrgID: o.ID, Service: "A-1", Limit: 1}, {OrgID: o.ID}} {
		var pages []Change
		for {
			page, err := s.Changes(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, page...)
			if len(page) == 0 || q.Limit == 0 || len(page) < q.Limit {
				break
			}
			q.BeforeID = page[len(page)-1].ID
		}
		want, _ := s.Changes(ctx, ChangeQuery{OrgID: o.ID, Service: q.Service})
		if describe(pages) != describe(want) {
			t.Errorf("pages of %+v: got %s\nwant %s", q, describe(pages), describe(want))
		}
	}
	if got, _ := s.Changes(ctx, ChangeQuery{OrgID: o.ID, BeforeID: all[4].ID}); describe(got) != describe(all[5:]) {
		t.Errorf("before %d: got %s, want %s", all[4].ID, describe(got), describe(all[5:]))
	}
}

func TestCycleActions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, c1, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	add := func(c Cycle, title string, h Horizon, st ActionStatus) {
		t.Helper()
		if _, err := s.AddAction(ctx, Action{CycleID: c.ID, Title: title, Horizon: h, Status: st}); err != nil {
			t.Fatal(err)
		}
	}
	add(c1, "short open", ShortTerm, ActionPlanned)
	add(c1, "short done", ShortTerm, ActionDone)
	add(c1, "long open", LongTerm, ActionInProgress)
	add(c1, "long dropped", LongTerm, ActionDropped)
	if err := s.CloseCycleWith(ctx, c1.ID, DropActions); err != nil {
		t.Fatal(err)
	}
	c2, err := s.StartCycle(ctx, o.ID, NewCycle{})
	if err != nil {
		t.Fatal(err)
	}
	add(c2, "second short", ShortTerm, ActionPlanned)
	add(c2, "second long", LongTerm, ActionPlanned)
	titles := func(as []Action) []string {
		out := []string{}
		for _, a := range as {
			out = append(out, a.Title)
		}
		return out
	}
	tests := []struct {
		cycle Cycle
		want  []string
	}{
		// A later cycle's long-term action is not on an earlier cycle's list.
		{c1, []string{"short open", "short done", "long open", "long dropped"}},
		// A short-term action of an earlier cycle stays with that cycle (dropped at its close).
		{c2, []string{"long open", "second short", "second long"}},
	}
	for _, tt := range tests {
		got, err := s.CycleActions(ctx, tt.cycle.ID)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(titles(got)) != fmt.Sprint(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.cycle.Name, titles(got), tt.want)
		}
	}
}
