package catalog

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// authFixture is a database with organisations Alpha (given to the assessor) and Beta,
// each with an open cycle, an action and a second organisation-free write target.
type authFixture struct {
	path              string
	alpha, beta       Organisation
	alphaCyc, betaCyc Cycle
	alphaAct, betaAct Action
	viewer, assessor  string
	admin             string
	dumpBeta          *OrgDump
}

func newAuthFixture(t *testing.T) authFixture {
	t.Helper()
	ctx := context.Background()
	f := authFixture{path: filepath.Join(t.TempDir(), "template.db"), viewer: "vera", assessor: "asa", admin: "ada"}
	s, err := Open(ctx, f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if f.alpha, f.alphaCyc, err = s.AddOrg(ctx, NewOrg{Name: "Alpha"}); err != nil {
		t.Fatal(err)
	}
	if f.beta, f.betaCyc, err = s.AddOrg(ctx, NewOrg{Name: "Beta"}); err != nil {
		t.Fatal(err)
	}
	if f.alphaAct, err = s.AddAction(ctx, Action{CycleID: f.alphaCyc.ID, Title: "Alpha action"}); err != nil {
		t.Fatal(err)
	}
	if f.betaAct, err = s.AddAction(ctx, Action{CycleID: f.betaCyc.ID, Title: "Beta action"}); err != nil {
		t.Fatal(err)
	}
	if f.dumpBeta, err = s.DumpOrg(ctx, f.beta.ID); err != nil {
		t.Fatal(err)
	}
	for _, u := range []NewUser{
		{Name: f.viewer, Role: RoleViewer, Keys: []string{testKey(t, "")}},
		{Name: f.assessor, Role: RoleAssessor, Keys: []string{testKey(t, "")}, OrgIDs: []int64{f.alpha.ID}},
		{Name: f.admin, Role: RoleAdmin, Keys: []string{testKey(t, "")}},
	} {
		if _, err := s.AddUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// openAs copies the template so each case starts from the same data.
func (f authFixture) openAs(t *testing.T, user string) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cdc.db")
	copyFile(t, f.path, path)
	s, err := OpenAs(context.Background(), path, user, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestRolesEnforcedByStore(t *testing.T) {
	f := newAuthFixture(t)
	ctx := context.Background()
	type op struct {
		name string
		// which roles may do it: viewer, assessor (given Alpha), admin
		viewer, assessor, admin bool
		run                     func(s *Store) error
	}
	ops := []op{
		{"score Alpha", false, true, true, func(s *Store) error {
			_, err := s.SetAssessment(ctx, f.alphaCyc.ID, "A-1", AssessmentPatch{Score: ptr(3)})
			return err
		}},
		{"score Beta", false, false, true, func(s *Store) error {
			_, err := s.SetAssessment(ctx, f.betaCyc.ID, "A-1", AssessmentPatch{Score: ptr(3)})
			return err
		}},
		{"build Alpha", false, true, true, func(s *Store) error {
			_, err := s.SetBuild(ctx, f.alphaCyc.ID, []string{"A-1"}, BuildPatch{Target: ptr(4)})
			return err
		}},
		{"build Beta", false, false, true, func(s *Store) error {
			_, err := s.SetBuild(ctx, f.betaCyc.ID, []string{"A-1"}, BuildPatch{Target: ptr(4)})
			return err
		}},
		{"action in Alpha", false, true, true, func(s *Store) error {
			_, err := s.AddAction(ctx, Action{CycleID: f.alphaCyc.ID, Title: "new"})
			return err
		}},
		{"edit Beta's action", false, false, true, func(s *Store) error {
			_, err := s.UpdateAction(ctx, f.betaAct.ID, ActionPatch{Title: ptr("renamed")})
			return err
		}},
		{"edit Alpha's action", false, true, true, func(s *Store) error {
			_, err := s.UpdateAction(ctx, f.alphaAct.ID, ActionPatch{Title: ptr("renamed")})
			return err
		}},
		{"review in Beta", false, false, true, func(s *Store) error {
			_, err := s.AddReview(ctx, Review{CycleID: f.betaCyc.ID, HeldOn: "2026-03-31", Kind: "monthly"})
			return err
		}},
		{"next cycle of Alpha", false, true, true, func(s *Store) error {
			_, err := s.StartCycle(ctx, f.alpha.ID, NewCycle{Name: "Cycle 2"})
			return err
		}},
		{"close Beta's cycle", false, false, true, func(s *Store) error { return s.CloseCycle(ctx, f.betaCyc.ID) }},
		{"Alpha's notes", false, true, true, func(s *Store) error { return s.UpdateOrg(ctx, f.alpha.ID, OrgPatch{Notes: ptr("n")}) }},
		{"rename Alpha", false, false, true, func(s *Store) error { return s.UpdateOrg(ctx, f.alpha.ID, OrgPatch{Name: ptr("Alpha 2")}) }},
		{"remove Alpha", false, false, true, func(s *Store) error { return s.RemoveOrg(ctx, f.alpha.ID) }},
		{"add an organisation", false, false, true, func(s *Store) error {
			_, _, err := s.AddOrg(ctx, NewOrg{Name: "Gamma"})
			return err
		}},
		{"import an organisation", false, false, true, func(s *Store) error {
			d := *f.dumpBeta
			d.Organisation.Name = "Beta copy"
			d.Organisation.UUID = "" // a copy under another identity
			_, err := s.RestoreOrg(ctx, &d, "import")
			return err
		}},
		{"load the demo", false, false, true, func(s *Store) error {
			_, err := s.LoadDemo(ctx)
			return err
		}},
		{"import a pack", false, false, true, func(s *Store) error {
			p := BuiltinPack()
			p.ID, p.Version = "custom", "1"
			_, err := s.ImportPack(ctx, p)
			return err
		}},
		{"add a user", false, false, true, func(s *Store) error {
			_, err := s.AddUser(ctx, NewUser{Name: "newcomer", Role: RoleViewer, Keys: []string{testKey(t, "")}})
			return err
		}},
		{"add a key to oneself", false, false, true, func(s *Store) error {
			_, err := s.UpdateUser(ctx, s.User(), UserPatch{AddKeys: []string{testKey(t, "")}})
			return err
		}},
	}
	for _, o := range ops {
		for _, r := range []struct {
			user    string
			allowed bool
		}{{f.viewer, o.viewer}, {f.assessor, o.assessor}, {f.admin, o.admin}} {
			t.Run(o.name+"/"+r.user, func(t *testing.T) {
				s := f.openAs(t, r.user)
				before, _ := newChanges(t, s, 0)
				err := o.run(s)
				after, _ := newChanges(t, s, 0)
				if r.allowed {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					// An imported organisation brings its own history; the newest row is the import itself.
					if len(after) == len(before) || after[len(after)-1].Who != r.user {
						t.Errorf("the change is not logged as %s: %+v", r.user, after[len(before):])
					}
					return
				}
				if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "not saved") {
					t.Fatalf("got %v, want a refusal", err)
				}
				if len(after) != len(before) {
					t.Errorf("a refused write logged %d changes", len(after)-len(before))
				}
			})
		}
	}
}

func TestCommandLineActsAsAdmin(t *testing.T) {
	f := newAuthFixture(t)
	s, err := Open(context.Background(), f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.User() != "" {
		t.Fatalf("the command line acts for %q", s.User())
	}
	if err := s.RemoveOrg(context.Background(), f.beta.ID); err != nil {
		t.Fatal(err)
	}
}

func TestRoleChangeAppliesToOpenSession(t *testing.T) {
	f := newAuthFixture(t)
	ctx := context.Background()
	s := f.openAs(t, f.assessor)
	owner, err := Open(ctx, s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	score := func() error {
		_, err := s.SetAssessment(ctx, f.alphaCyc.ID, "A-1", AssessmentPatch{Score: ptr(2)})
		return err
	}
	if err := score(); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.UpdateUser(ctx, f.assessor, UserPatch{Role: ptr(RoleViewer)}); err != nil {
		t.Fatal(err)
	}
	if err := score(); !errors.Is(err, ErrForbidden) {
		t.Errorf("demoted to viewer: %v", err)
	}
	if err := owner.RemoveUser(ctx, f.assessor); err != nil {
		t.Fatal(err)
	}
	if err := score(); !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "no longer a user") {
		t.Errorf("removed user: %v", err)
	}
	if _, err := OpenAs(ctx, s.Path(), f.assessor, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("removed user opened the store: %v", err)
	}
}

func TestWriteGateWaitsForWritesUnderWay(t *testing.T) {
	f := newAuthFixture(t)
	ctx := context.Background()
	gate := &WriteGate{}
	path := filepath.Join(t.TempDir(), "cdc.db")
	copyFile(t, f.path, path)
	s, err := OpenAs(ctx, path, f.assessor, gate)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	inside := make(chan struct{})
	release := make(chan struct{})
	var wg sync.WaitGroup
	var slowErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		slowErr = s.Update(ctx, "", func(tx *Tx) error {
			if _, err := tx.SetAssessment(f.alphaCyc.ID, "A-1", AssessmentPatch{Score: ptr(5)}); err != nil {
				return err
			}
			close(inside)
			<-release
			return nil
		})
	}()
	<-inside
	closed := make(chan error, 1)
	go func() { closed <- gate.Close(ctx) }()
	select {
	case err := <-closed:
		t.Fatalf("the gate closed while a write was under way: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if slowErr != nil {
		t.Fatalf("the write under way failed: %v", slowErr)
	}
	d, err := s.CycleData(ctx, f.alphaCyc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := d.Service("A-1"); st.Current == nil || *st.Current != 5 || st.Assessor != f.assessor {
		t.Errorf("the write under way did not commit: %+v", st)
	}
	if _, err := s.SetAssessment(ctx, f.alphaCyc.ID, "A-1", AssessmentPatch{Score: ptr(1)}); !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "stopping") {
		t.Errorf("write after the gate closed: %v", err)
	}
	timeout, cancel := context.WithTimeout(ctx, time.Millisecond)
	defer cancel()
	if err := gate.Close(timeout); err != nil {
		t.Errorf("closing again with nothing under way: %v", err)
	}
}
