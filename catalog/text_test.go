package catalog

import (
	"context"
	"errors"
	"testing"

	"github.com/cdc-toolkit/cdc/internal/termtext"
)

func TestNameKey(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Demo Agency", "demo agency", true},
		{"Demo Agency", "  Demo   Agency ", true},
		{"Demo Agency", "Dеmо Agеnсy", true},             // Cyrillic е, о, с
		{"Demo Agency", "Demo\u00a0Agency", true},        // no-break space
		{"Demo Agency", "Demo\u200b Agency", true},       // zero-width space
		{"Demo Agency", "De\u200dmo Agency\ufeff", true}, // zero-width joiner, byte-order mark
		{"Demo Agency", "Ｄｅｍｏ　Ａｇｅｎｃｙ", true},             // full-width, ideographic space
		{"Demo Agency", "ΑGΕΝCY DEMO", false},            // look-alikes, but other words
		{"ΔΕΜΟ", "ΔEMO", true},                           // Greek Ε, Μ, Ο and Latin E, M, O
		{"Straße", "STRASSE", true},                      // full case folding
		{"Café", "Cafe\u0301", true},                     // composed and decomposed
		{"Café", "Cafe", false},                          // accents count
		{"Demo Agency", "Demo Agency 2", false},
		{"Demo Agency", "DemoAgency", true}, // spaces do not count
		{"総務省", "総務省", true},
		{"総務省", "総務庁", false},
	}
	for _, tt := range tests {
		if got := NameKey(tt.a) == NameKey(tt.b); got != tt.same {
			t.Errorf("NameKey(%q) = %q, NameKey(%q) = %q; same %v, want %v", tt.a, NameKey(tt.a), tt.b, NameKey(tt.b), got, tt.same)
		}
	}
}

// Seven organisations that all read "Demo Agency": only the first is accepted.
func TestLookAlikeOrganisationNames(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	first, _, err := s.AddOrg(ctx, NewOrg{Name: "Demo Agency"})
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := s.AddOrg(ctx, NewOrg{Name: "Other Agency"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, variant string
		refused       TextProblem // refused as a control or invisible character rather than as the same name
	}{
		{"Cyrillic letters", "Dеmо Agеnсy", ""},
		{"no-break space", "Demo\u00a0Agency", ""},
		{"zero-width space", "Demo\u200bAgency", TextInvisible},
		{"full width", "Ｄｅｍｏ Ａｇｅｎｃｙ", ""},
		{"case", "DEMO AGENCY", ""},
		{"right-to-left override", "Demo Agency\u202e", TextControl},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := s.AddOrg(ctx, NewOrg{Name: tt.variant})
			checkNameRefused(t, err, tt.refused, "Demo Agency")
			// Renaming another organisation to it is refused the same way.
			v := tt.variant
			err = s.UpdateOrg(ctx, other.ID, OrgPatch{Name: &v})
			checkNameRefused(t, err, tt.refused, "Demo Agency")
		})
	}
	orgs, err := s.Orgs(ctx)
	if err != nil || len(orgs) != 2 {
		t.Fatalf("organisations %v, %v; want the two accepted", orgs, err)
	}
	// Any spelling that reads the same finds it.
	if o, err := s.FindOrg(ctx, "Ｄｅｍｏ\u00a0agency"); err != nil || o.ID != first.ID {
		t.Errorf("FindOrg by a look-alike spelling: %+v, %v", o, err)
	}
	// A rename of the organisation itself to a look-alike of its own name is allowed.
	v := "DEMO AGENCY"
	if err := s.UpdateOrg(ctx, first.ID, OrgPatch{Name: &v}); err != nil {
		t.Errorf("renaming to another spelling of its own name: %v", err)
	}
}

func checkNameRefused(t *testing.T, err error, refused TextProblem, existing string) {
	t.Helper()
	var fe *FieldError
	var taken *NameTakenError
	switch {
	case refused != "":
		if !errors.As(err, &fe) || fe.Problem != refused || fe.Field != "organisation name" {
			t.Errorf("got %v, want a %s character in the organisation name", err, refused)
		}
	case !errors.As(err, &taken) || taken.Existing != existing || !errors.Is(err, ErrOrgExists):
		t.Errorf("got %v, want the name taken by %q", err, existing)
	}
}

// Every stored text field refuses control characters with an error naming the field, and is
// stored in NFC.
func TestStoredTextFields(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, c, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	act, err := s.AddAction(ctx, Action{CycleID: c.ID, Title: "Plan"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		field     string
		multiline bool
		write     func(v string) error
		stored    func() string
	}{
		{"organisation name", false, func(v string) error { _, _, err := s.AddOrg(ctx, NewOrg{Name: v}); return err }, nil},
		{"sector", false, func(v string) error { return s.UpdateOrg(ctx, o.ID, OrgPatch{Sector: &v}) },
			func() string { x, _ := s.Org(ctx, o.ID); return x.Sector }},
		{"country", false, func(v string) error { _, _, err := s.AddOrg(ctx, NewOrg{Name: "Country test", Country: v}); return err }, nil},
		{"notes", true, func(v string) error { return s.UpdateOrg(ctx, o.ID, OrgPatch{Notes: &v}) },
			func() string { x, _ := s.Org(ctx, o.ID); return x.Notes }},
		{"cycle name", false, func(v string) error { _, err := s.StartCycle(ctx, o.ID, NewCycle{Name: v}); return err }, nil},
		{"provider", false, func(v string) error {
			_, err := s.SetBuild(ctx, c.ID, []string{"A-1"}, BuildPatch{Provider: &v})
			return err
		},
			func() string { d, _ := s.CycleData(ctx, c.ID); x, _ := d.Service("A-1"); return x.Provider }},
		{"contract", false, func(v string) error {
			_, err := s.SetBuild(ctx, c.ID, []string{"A-1"}, BuildPatch{Contract: &v})
			return err
		}, nil},
		{"reason", true, func(v string) error {
			_, err := s.SetBuild(ctx, c.ID, []string{"A-1"}, BuildPatch{Target: new(int), Reason: v})
			return err
		}, nil},
		{"evidence", true, func(v string) error {
			_, err := s.SetAssessment(ctx, c.ID, "A-1", AssessmentPatch{Evidence: &v})
			return err
		},
			func() string { d, _ := s.CycleData(ctx, c.ID); x, _ := d.Service("A-1"); return x.Evidence }},
		{"title", false, func(v string) error { _, err := s.UpdateAction(ctx, act.ID, ActionPatch{Title: &v}); return err },
			func() string { x, _ := s.Action(ctx, act.ID); return x.Title }},
		{"owner", false, func(v string) error { _, err := s.UpdateAction(ctx, act.ID, ActionPatch{Owner: &v}); return err }, nil},
		{"notes", true, func(v string) error { _, err := s.UpdateAction(ctx, act.ID, ActionPatch{Notes: &v}); return err }, nil},
		{"kind", false, func(v string) error {
			_, err := s.AddReview(ctx, Review{CycleID: c.ID, HeldOn: "2026-03-31", Kind: v})
			return err
		}, nil},
		{"notes", true, func(v string) error {
			_, err := s.AddReview(ctx, Review{CycleID: c.ID, HeldOn: "2026-03-31", Notes: v})
			return err
		}, nil},
	}
	bad := []struct {
		name  string
		value string
		lines bool // allowed in a multi-line field
	}{
		{"escape", "x\x1b]52;c;aGk=\x07", false},
		{"clear screen", "\x1b[2J", false},
		{"C1 control", "x\u009bx", false},
		{"bidi override", "x\u202ex", false},
		{"bidi isolate", "x\u2066x", false},
		{"newline", "two\nlines", true},
		{"tab", "a\tb", true},
	}
	for i, tt := range tests {
		for _, b := range bad {
			err := tt.write(b.value + string(rune('a'+i)))
			var fe *FieldError
			if b.lines && tt.multiline {
				if err != nil {
					t.Errorf("%s: %s refused in a multi-line field: %v", tt.field, b.name, err)
				}
				continue
			}
			if !errors.As(err, &fe) || fe.Problem != TextControl || fe.Field != tt.field {
				t.Errorf("%s: %s: got %v, want a control-character error naming %q", tt.field, b.name, err, tt.field)
				continue
			}
			var te *termtext.Error
			if !errors.As(err, &te) || te.Pos == 0 {
				t.Errorf("%s: %s: the error does not say where: %v", tt.field, b.name, err)
			}
		}
		if tt.stored == nil {
			continue
		}
		// "é" written decomposed is stored composed.
		if err := tt.write("Cafe\u0301 " + string(rune('A'+i))); err != nil {
			t.Fatalf("%s: %v", tt.field, err)
		}
		if got, want := tt.stored(), "Caf\u00e9 "+string(rune('A'+i)); got != want {
			t.Errorf("%s: stored %q, want NFC %q", tt.field, got, want)
		}
	}
	// The assessor recorded with every change is checked too.
	s.Actor = "evil\x1b[2J"
	_, err = s.SetAssessment(ctx, c.ID, "A-2", AssessmentPatch{Score: new(int)})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "assessor" {
		t.Errorf("a control character in the assessor: %v", err)
	}
}
