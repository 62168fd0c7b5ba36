package catalog

import (
	"context"
	"path/filepath"
	"testing"
)

func TestSmoke(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "x", "cdc.db"))
	if err != nil {
		t.Fatal(err)
	}
	o, c, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	tg := 3
	a := AssignCDC
	n, err := s.SetBuild(ctx, c.ID, []string{"B-1", "B-2"}, BuildPatch{Target: &tg, Assignment: &a})
	if err != nil || n != 4 {
		t.Fatal(n, err)
	}
	sc := 2
	if _, err := s.SetAssessment(ctx, c.ID, "B-1", AssessmentPatch{Score: &sc}); err != nil {
		t.Fatal(err)
	}
	c2, err := s.StartCycle(ctx, o.ID, NewCycle{CarryOver: true})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.CycleData(ctx, c2.ID)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := d.Service("B-1")
	if st.Current == nil || *st.Current != 2 || !st.CarriedOver || *st.Target != 3 {
		t.Fatalf("%+v", st)
	}
	ch, _ := s.Changes(ctx, o.ID, 0, 0)
	t.Log(len(ch), len(d.Services))
}
