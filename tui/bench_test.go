package tui

import (
	"context"
	"fmt"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// bigOrg creates an organisation on a pack of n services (the built-in ones repeated).
func bigOrg(b *testing.B, n int) *harness {
	b.Helper()
	ctx := context.Background()
	s, err := catalog.Open(ctx, b.TempDir()+"/bench.db")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	p := catalog.BuiltinPack()
	p.ID, p.Version = "bench", "1"
	base := p.Services
	p.Services = nil
	for i := range n {
		sv := base[i%len(base)]
		sv.ID = fmt.Sprintf("%s-%d", sv.Category, 100+i)
		p.Services = append(p.Services, sv)
	}
	ref, err := s.ImportPack(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	o, c, err := s.AddOrg(ctx, catalog.NewOrg{Name: "Big", PackRef: ref})
	if err != nil {
		b.Fatal(err)
	}
	three := 3
	ids := make([]string, 0, n)
	for _, sv := range p.Services {
		ids = append(ids, sv.ID)
	}
	if _, err := s.SetBuild(ctx, c.ID, ids, catalog.BuildPatch{Target: &three}); err != nil {
		b.Fatal(err)
	}
	h := newHarnessStore(b, s, 200, 50, catalog.EN)
	h.send(openOrgMsg{OrgID: o.ID})
	if h.m.ws == nil || h.m.ws.data == nil || len(h.m.ws.data.Cycle.Services) != n {
		b.Fatalf("workspace did not load %d services", n)
	}
	return h
}

// BenchmarkBuildView renders the Build tab of a 1,000-service catalogue (target: well under 1 ms a frame).
func BenchmarkBuildView(b *testing.B) {
	h := bigOrg(b, 1000)
	b.ResetTimer()
	for range b.N {
		h.m.View()
	}
}

// BenchmarkBuildScroll moves the cursor and redraws, as holding ↓ does.
func BenchmarkBuildScroll(b *testing.B) {
	h := bigOrg(b, 1000)
	down := keyMsg("down")
	b.ResetTimer()
	for range b.N {
		h.m.Update(down)
		h.m.View()
	}
}

// BenchmarkSetData rebuilds the tables after a load of 1,000 services.
func BenchmarkSetData(b *testing.B) {
	h := bigOrg(b, 1000)
	d := h.m.ws.data
	b.ResetTimer()
	for range b.N {
		for _, t := range h.m.ws.tabs {
			t.SetData(d)
		}
	}
}

// BenchmarkResultsView draws the results of a 1,000-service catalogue with every service below target.
func BenchmarkResultsView(b *testing.B) {
	h := bigOrg(b, 1000)
	ctx := context.Background()
	d := h.m.ws.data.Cycle
	one := 1
	err := h.store.Update(ctx, "bench", func(tx *catalog.Tx) error {
		for _, sv := range d.Services {
			if _, err := tx.SetAssessment(d.Cycle.ID, sv.ID, catalog.AssessmentPatch{Score: &one}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	h.send(reloadMsg{})
	h.press("tab", "tab", "r")
	b.ResetTimer()
	for range b.N {
		h.m.View()
	}
}

// BenchmarkReload is the load after every edit: organisation, cycles, history and evaluation.
func BenchmarkReload(b *testing.B) {
	h := bigOrg(b, 1000)
	ctx := context.Background()
	org, cycle := h.m.ws.orgID, h.m.ws.cycleID
	b.ResetTimer()
	for range b.N {
		if _, err := loadData(ctx, h.store, org, cycle); err != nil {
			b.Fatal(err)
		}
	}
}
