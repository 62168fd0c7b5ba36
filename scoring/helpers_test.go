package scoring

import (
	"fmt"
	"math"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// testPack builds a small pack with the given level weights (mandatory, recommended, optional)
// and categories.
func testPack(wm, wr, wo float64, cats ...string) *catalog.Pack {
	p := &catalog.Pack{
		Format: catalog.PackFormat, ID: "test", Version: "1",
		Name:   catalog.Text{catalog.EN: "Test pack", catalog.JA: "テストパック"},
		Source: catalog.Text{catalog.EN: "Made for tests.", catalog.JA: "テスト用。"},
		Levels: []catalog.LevelDef{
			{ID: catalog.Mandatory, Weight: wm, Name: catalog.Text{catalog.EN: "Mandatory", catalog.JA: "必須"}},
			{ID: catalog.Recommended, Weight: wr, Name: catalog.Text{catalog.EN: "Recommended", catalog.JA: "推奨"}},
			{ID: catalog.Optional, Weight: wo, Name: catalog.Text{catalog.EN: "Optional", catalog.JA: "任意"}},
		},
	}
	for v := 0; v <= 5; v++ {
		p.Scale = append(p.Scale, catalog.ScaleStep{Score: v,
			InHouse:    catalog.Text{catalog.EN: fmt.Sprintf("in-house %d", v), catalog.JA: fmt.Sprintf("自組織%d", v)},
			Outsourced: catalog.Text{catalog.EN: fmt.Sprintf("outsourced %d", v), catalog.JA: fmt.Sprintf("委託%d", v)}})
	}
	for _, c := range cats {
		p.Categories = append(p.Categories, catalog.Category{ID: c, Name: catalog.Text{catalog.EN: "Category " + c, catalog.JA: "カテゴリ" + c}})
	}
	return p
}

func ip(v int) *int { return &v }

func fp(v float64) *float64 { return &v }

// svc describes one service state compactly for tests.
type svc struct {
	id, cat string
	level   catalog.Level
	out     bool // out of scope
	assign  catalog.Assignment
	target  *int
	current *int
	carried bool
}

// cycle builds cycle data; the pack gains the services it does not list yet.
func cycle(p *catalog.Pack, id int64, seq int, name string, ss ...svc) *catalog.CycleData {
	d := &catalog.CycleData{
		Org:   catalog.Organisation{ID: 1, Name: "Acme"},
		Cycle: catalog.Cycle{ID: id, OrgID: 1, Seq: seq, Name: name, PackID: p.ID, PackVersion: p.Version},
		Pack:  p,
	}
	for _, s := range ss {
		sv := catalog.Service{ID: s.id, Category: s.cat, Name: catalog.Text{catalog.EN: "Service " + s.id, catalog.JA: "サービス" + s.id}, DefaultLevel: s.level}
		known := false
		for _, x := range p.Services {
			known = known || x.ID == s.id
		}
		if !known {
			p.Services = append(p.Services, sv)
		}
		assign := s.assign
		if assign == "" {
			assign = catalog.AssignNone
		}
		d.Services = append(d.Services, catalog.ServiceState{
			Service: sv, InScope: !s.out, Level: s.level, Assignment: assign,
			Target: s.target, Current: s.current, CarriedOver: s.carried,
		})
	}
	return d
}

// sameFloat compares optional figures, treating nil as "undefined".
func sameFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) < 1e-9
}

func fmtFloat(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

func checkFloat(t *testing.T, what string, got, want *float64) {
	t.Helper()
	if !sameFloat(got, want) {
		t.Errorf("%s = %s, want %s", what, fmtFloat(got), fmtFloat(want))
	}
}
