package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func exchangeFixture(t *testing.T) (*Store, Organisation) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "src.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	// A first organisation shifts the IDs so restored IDs are tested.
	if _, _, err := s.AddOrg(ctx, NewOrg{Name: "Other"}); err != nil {
		t.Fatal(err)
	}
	o, c1, err := s.AddOrg(ctx, NewOrg{Name: "Acme", Sector: "Finance", Country: "JP", Size: 1200, Notes: "=notes"})
	if err != nil {
		t.Fatal(err)
	}
	tg, ext, m := 4, AssignExternal, Optional
	prov := "Acme MSSP"
	if _, err := s.SetBuild(ctx, c1.ID, []string{"A-1", "B-1", "B-2"}, BuildPatch{Target: &tg, Assignment: &ext, Provider: &prov}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetBuild(ctx, c1.ID, []string{"C-1"}, BuildPatch{Level: &m, Reason: "not relevant"}); err != nil {
		t.Fatal(err)
	}
	for id, v := range map[string]int{"A-1": 2, "B-1": 3} {
		ev := "evidence " + id
		if _, err := s.SetAssessment(ctx, c1.ID, id, AssessmentPatch{Score: &v, Evidence: &ev}); err != nil {
			t.Fatal(err)
		}
	}
	a, err := s.AddAction(ctx, Action{CycleID: c1.ID, ServiceID: "B-1", Title: "Hire analyst", Due: "2026-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	done := ActionDone
	if _, err := s.UpdateAction(ctx, a.ID, ActionPatch{Status: &done}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddReview(ctx, Review{CycleID: c1.ID, HeldOn: "2026-06-30", Kind: "monthly", Notes: "ok"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CloseCycle(ctx, c1.ID); err != nil {
		t.Fatal(err)
	}
	c2, err := s.StartCycle(ctx, o.ID, NewCycle{Name: "FY2027", CarryOver: true})
	if err != nil {
		t.Fatal(err)
	}
	v := 4
	if _, err := s.SetAssessment(ctx, c2.ID, "B-1", AssessmentPatch{Score: &v}); err != nil {
		t.Fatal(err)
	}
	return s, o
}

func TestDumpRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, o := exchangeFixture(t)
	d, err := src.DumpOrg(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Cycles) != 2 || len(d.Actions) != 1 || len(d.Cycles[0].Reviews) != 1 || len(d.Packs) != 1 {
		t.Fatalf("dump: %d cycles, %d actions, %d packs", len(d.Cycles), len(d.Actions), len(d.Packs))
	}
	// Through JSON, as a file would carry it.
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back OrgDump
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	dst, err := Open(ctx, filepath.Join(t.TempDir(), "dst.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	ro, err := dst.RestoreOrg(ctx, &back, "import acme.json")
	if err != nil {
		t.Fatal(err)
	}
	if ro.ID != o.ID {
		t.Errorf("organisation ID %d, want the original %d", ro.ID, o.ID)
	}
	srcHist, _ := src.History(ctx, o.ID)
	dstHist, err := dst.History(ctx, ro.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcHist) != len(dstHist) {
		t.Fatalf("%d cycles, want %d", len(dstHist), len(srcHist))
	}
	for i := range srcHist {
		a, b := srcHist[i], dstHist[i]
		a.Pack, b.Pack = nil, nil
		if !reflect.DeepEqual(a, b) {
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			t.Errorf("cycle %d differs:\n%s\n%s", i, ja, jb)
		}
	}
	d2, err := dst.DumpOrg(ctx, ro.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := d2.Changes[len(d2.Changes)-1]
	if last.Field != "import" || last.Source != "import acme.json" {
		t.Errorf("last change %+v, want the import entry", last)
	}
	d2.Changes = d2.Changes[:len(d2.Changes)-1]
	for i := range d.Changes {
		d.Changes[i].ID, d2.Changes[i].ID = 0, 0
		// Brought-in entries keep their author and time and are marked with the file.
		if d2.Changes[i].ImportedFrom != "acme.json" {
			t.Errorf("change %d imported from %q, want acme.json", i, d2.Changes[i].ImportedFrom)
		}
		d.Changes[i].ImportedFrom = "acme.json"
	}
	if !reflect.DeepEqual(d, d2) {
		t.Errorf("dump after restore differs")
	}
	// A second restore is refused: no merge.
	if _, err := dst.RestoreOrg(ctx, &back, "again"); !errors.Is(err, ErrOrgExists) {
		t.Fatalf("second restore: %v, want ErrOrgExists", err)
	}
}

func TestDumpValidate(t *testing.T) {
	ctx := context.Background()
	src, o := exchangeFixture(t)
	tests := []struct {
		name   string
		mutate func(d *OrgDump)
		want   string
	}{
		{"score out of range", func(d *OrgDump) { v := 7; d.Cycles[0].Assessments[0].Score = &v }, "cycles[0].assessments[0].score: 7 is outside 0-5"},
		{"unknown service", func(d *OrgDump) { d.Cycles[1].Build[0].Service = "Z-9" }, `cycles[1].build[0].service: "Z-9" is not in pack`},
		{"unknown pack", func(d *OrgDump) { d.Cycles[0].Pack = "x@1" }, `cycles[0].pack: "x@1" is not one of the file's packs`},
		{"empty name", func(d *OrgDump) { d.Organisation.Name = " " }, "organisation.name: is empty"},
		{"bad assignment", func(d *OrgDump) { d.Cycles[0].Build[0].Assignment = "mssp" }, `cycles[0].build[0].assignment: "mssp"`},
		{"action cycle", func(d *OrgDump) { d.Actions[0].CycleID = 999 }, "actions[0].cycle_id: 999"},
		{"duplicate seq", func(d *OrgDump) { d.Cycles[1].Seq = d.Cycles[0].Seq }, "cycles[1].seq"},
		{"bad date", func(d *OrgDump) { d.Cycles[0].Reviews[0].HeldOn = "yesterday" }, "cycles[0].reviews[0].held_on"},
		{"cycle without id", func(d *OrgDump) { d.Cycles[1].ID = 0 }, "cycles[1].id: 0 must be a positive number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := src.DumpOrg(ctx, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			tc.mutate(d)
			d.Organisation.Name = strings.Replace(d.Organisation.Name, "Acme", "Acme 2", 1)
			_, err = src.RestoreOrg(ctx, d, "test")
			var de *DumpError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a problem containing %q", err, tc.want)
			}
			orgs, _ := src.Orgs(ctx)
			if len(orgs) != 2 {
				t.Fatalf("%d organisations after a refused restore", len(orgs))
			}
		})
	}
}

// Spellings the validation accepts are stored in their canonical form, so a file that passes
// the dry run also imports.
func TestRestoreCanonicalSpellings(t *testing.T) {
	ctx := context.Background()
	src, o := exchangeFixture(t)
	d, err := src.DumpOrg(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	d.Organisation.Name = "Acme spelled"
	d.Organisation.UUID = "" // a file without identities gets new ones
	d.Actions[0].Horizon = "mid"
	d.Actions[0].Status = "In_Progress"
	d.Cycles[0].Build[0].LevelOverride = "Optional"
	d.Cycles[0].Build[0].LevelReason = "not needed here"
	ro, err := src.RestoreOrg(ctx, d, "test")
	if err != nil {
		t.Fatal(err)
	}
	as, err := src.Actions(ctx, ro.ID, ActionFilter{})
	if err != nil || len(as) != 1 || as[0].Horizon != LongTerm || as[0].Status != ActionInProgress {
		t.Fatalf("actions %+v, %v", as, err)
	}
}

// A restored organisation never takes over the ID, and so the change log, of a removed one.
func TestRestoreAfterRemovalKeepsHistoriesApart(t *testing.T) {
	ctx := context.Background()
	src, o := exchangeFixture(t)
	d, err := src.DumpOrg(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	dst, err := Open(ctx, filepath.Join(t.TempDir(), "dst.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	// Create organisations until one has the file's ID, then remove that one.
	var gone Organisation
	for i := 0; gone.ID < d.Organisation.ID; i++ {
		if gone, _, err = dst.AddOrg(ctx, NewOrg{Name: fmt.Sprintf("Gamma %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if gone.ID != d.Organisation.ID {
		t.Fatalf("no organisation got the file's ID %d", d.Organisation.ID)
	}
	if err := dst.RemoveOrg(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	ro, err := dst.RestoreOrg(ctx, d, "import acme.json")
	if err != nil {
		t.Fatal(err)
	}
	if ro.ID == gone.ID {
		t.Fatalf("restored organisation took the removed organisation's ID %d", ro.ID)
	}
	changes, err := dst.Changes(ctx, ChangeQuery{OrgID: ro.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if strings.Contains(c.Key+c.New+c.Old, "Gamma") {
			t.Fatalf("restored organisation shows the removed one's history: %+v", c)
		}
	}
}
