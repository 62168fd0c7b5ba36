package synth

import (
	"fmt"

	"github.com/cdc-toolkit/cdc/catalog"
)

// BigPack returns a valid custom pack of n services in categories of 50 (20 categories for
// 1,000 services), with English and Japanese names and descriptions. The scale, levels and
// assignment kinds are the built-in pack's.
func BigPack(n int) *catalog.Pack {
	b := catalog.BuiltinPack()
	p := &catalog.Pack{
		Format:      catalog.PackFormat,
		ID:          "synth-large",
		Version:     fmt.Sprintf("%d", n),
		Name:        catalog.Text{catalog.EN: fmt.Sprintf("Synthetic catalogue of %d services", n), catalog.JA: fmt.Sprintf("合成カタログ（%dサービス）", n)},
		Source:      catalog.Text{catalog.EN: "Generated for benchmarks", catalog.JA: "ベンチマーク用に生成"},
		Levels:      b.Levels,
		Assignments: b.Assignments,
		Scale:       b.Scale,
	}
	const perCategory = 50
	levels := []catalog.Level{catalog.Mandatory, catalog.Recommended, catalog.Recommended, catalog.Optional}
	for i := range n {
		ci := i / perCategory
		if i%perCategory == 0 {
			p.Categories = append(p.Categories, catalog.Category{
				ID:   fmt.Sprintf("K%02d", ci+1),
				Name: catalog.Text{catalog.EN: fmt.Sprintf("Domain %d operations", ci+1), catalog.JA: fmt.Sprintf("領域%dの運用", ci+1)},
			})
		}
		base := b.Services[i%len(b.Services)]
		p.Services = append(p.Services, catalog.Service{
			ID:       fmt.Sprintf("K%02d-%03d", ci+1, i%perCategory+1),
			Category: p.Categories[ci].ID,
			Name: catalog.Text{
				catalog.EN: fmt.Sprintf("%s (unit %d)", base.Name[catalog.EN], i+1),
				catalog.JA: fmt.Sprintf("%s（単位%d）", base.Name[catalog.JA], i+1),
			},
			Description:  base.Description,
			DefaultLevel: levels[i%len(levels)],
			Provenance:   "custom",
		})
	}
	return p
}
