package catalog

import (
	"context"
	"testing"
)

func TestDocumentControl(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, _, err := s.AddOrg(ctx, NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Document(ctx, o.ID)
	if err != nil || d != (Document{}) {
		t.Fatalf("new organisation: %+v, %v", d, err)
	}
	if _, err := s.Document(ctx, o.ID+100); err == nil {
		t.Fatal("a missing organisation has no document control")
	}
	cls, rev := "TLP:AMBER+STRICT", "J. Doe"
	if err := s.UpdateDocument(ctx, o.ID, DocumentPatch{Classification: &cls, Reviewer: &rev}); err != nil {
		t.Fatal(err)
	}
	ver := "1.1"
	if err := s.UpdateDocument(ctx, o.ID, DocumentPatch{Version: &ver, Classification: &cls}); err != nil {
		t.Fatal(err)
	}
	d, err = s.Document(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Document{Classification: cls, Reviewer: rev, Version: ver}); d != want {
		t.Fatalf("got %+v, want %+v", d, want)
	}
	log, err := s.Changes(ctx, ChangeQuery{OrgID: o.ID})
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]int{}
	for _, c := range log {
		fields[string(c.Field)]++
	}
	for _, f := range []string{"classification", "reviewer", "version"} {
		if fields[f] != 1 {
			t.Errorf("change log has %d entries for %s, want 1", fields[f], f)
		}
	}
	long := string(make([]byte, MaxNameLen+1))
	if err := s.UpdateDocument(ctx, o.ID, DocumentPatch{Classification: &long}); err == nil {
		t.Error("an over-long classification was accepted")
	}
}
