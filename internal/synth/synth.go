// Package synth fills a database with a large, deterministic, realistic workload for
// benchmarks: many organisations with several cycles on the built-in pack, and one
// organisation on a very large custom pack. Everything goes through the public catalog API,
// so the data obeys the same rules and change log as real use.
package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
)

// Options sizes the workload.
type Options struct {
	Orgs            int   // organisations on the built-in pack
	Cycles          int   // cycles per organisation (also for the big-pack organisation)
	BigPackServices int   // services of the custom pack; 0 skips the big-pack organisation
	BigCycles       int   // cycles of the big-pack organisation; 0: Cycles
	LogRows         int   // when > 0, one more organisation (LogOrgName) with this many change-log rows
	Seed            int64 // same seed, same data
}

// Default is the benchmark workload: 100 organisations x 8 cycles and a 1,000-service pack.
var Default = Options{Orgs: 100, Cycles: 8, BigPackServices: 1000, Seed: 1}

// BigOrgName names the organisation on the custom pack.
const BigOrgName = "Big Pack Holdings"

// Source tags every change the generator makes in the change log.
const Source = "synth"

// Summary says what was generated.
type Summary struct {
	Orgs        []int64 // built-in pack organisations, in creation order
	BigOrg      int64   // 0 when BigPackServices is 0
	BigPackRef  int64
	LogOrg      int64 // 0 when LogRows is 0
	Cycles      int   // cycles created in total
	Assessments int   // scores recorded in total
	Actions     int
	Reviews     int
}

// OrgName is the name of the i-th (0-based) built-in pack organisation.
func OrgName(i int) string { return fmt.Sprintf("Synthetic Org %03d", i+1) }

var (
	sectors   = []string{"Finance", "Energy", "Health", "Government", "Manufacturing", "Retail", "Telecom", "Transport"}
	countries = []string{"JP", "DE", "FR", "US", "GB", "SG", "AU", "NL"}
	providers = []string{"Acme MSSP", "Blue Shield SOC", "Kumo Security", "Northwind CERT", "IT operations", "Group IT"}
	owners    = []string{"CISO", "SOC lead", "IT operations", "Risk office", "Legal", "CSIRT lead"}
	reviewKs  = []string{"monthly operational review", "quarterly review", "annual strategic review"}
)

// Generate writes the workload into s, one transaction per organisation. Every cycle but the
// newest is closed, as a real organisation closes a cycle before starting the next.
func Generate(ctx context.Context, s *catalog.Store, o Options) (*Summary, error) {
	if o.Orgs < 0 || o.Cycles < 1 || o.BigPackServices < 0 || o.BigCycles < 0 || o.LogRows < 0 {
		return nil, fmt.Errorf("synth options %+v: orgs and services must not be negative and cycles must be at least 1", o)
	}
	sum := &Summary{}
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x5eed))
	base := time.Date(2022, 4, 1, 0, 0, 0, 0, time.UTC)
	err := generateOrgs(ctx, s, rng, o.Orgs, o.Cycles, base, sum, func(i int) (catalog.NewOrg, float64) {
		return catalog.NewOrg{
			Name:    OrgName(i),
			Sector:  sectors[rng.IntN(len(sectors))],
			Country: countries[rng.IntN(len(countries))],
			Size:    50 + rng.IntN(20000),
			Notes:   "Synthetic organisation for benchmarks.",
		}, 0
	}, nil)
	if err != nil {
		return nil, err
	}
	if o.BigPackServices > 0 {
		p := BigPack(o.BigPackServices)
		ref, err := s.ImportPack(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("pack %s: %w", p.Ref(), err)
		}
		sum.BigPackRef = ref
		org := catalog.NewOrg{Name: BigOrgName, Sector: "Conglomerate", Country: "JP", Size: 120000,
			Notes: "Synthetic organisation on a very large custom pack.", PackRef: ref}
		cycles := o.Cycles
		if o.BigCycles > 0 {
			cycles = o.BigCycles
		}
		id, err := generateOrg(ctx, s, rng, org, p, cycles, base, 0, sum)
		if err != nil {
			return nil, fmt.Errorf("organisation %q: %w", org.Name, err)
		}
		sum.BigOrg = id
	}
	if o.LogRows > 0 {
		id, err := generateLogOrg(ctx, s, o, sum)
		if err != nil {
			return nil, fmt.Errorf("organisation %q: %w", LogOrgName, err)
		}
		sum.LogOrg = id
	}
	return sum, nil
}

// generateOrgs writes count organisations on the built-in pack, each in its own transaction
// and in order: org describes the i-th and its starting offset (drawing from rng in its own
// order); after, when given, runs once that organisation is written.
func generateOrgs(ctx context.Context, s *catalog.Store, rng *rand.Rand, count, cycles int, base time.Time, sum *Summary,
	org func(i int) (catalog.NewOrg, float64), after func(i int, id int64) error) error {
	builtin := catalog.BuiltinPack()
	for i := range count {
		n, offset := org(i)
		id, err := generateOrg(ctx, s, rng, n, builtin, cycles, base, offset, sum)
		if err == nil {
			sum.Orgs = append(sum.Orgs, id)
			if after != nil {
				err = after(i, id)
			}
		}
		if err != nil {
			return fmt.Errorf("organisation %q: %w", n.Name, err)
		}
	}
	return nil
}

// generateOrg creates one organisation with its cycles and returns its ID; offset shifts every
// service's starting maturity (a programme spreads its organisations so).
func generateOrg(ctx context.Context, s *catalog.Store, rng *rand.Rand, n catalog.NewOrg, p *catalog.Pack, cycles int, base time.Time, offset float64, sum *Summary) (int64, error) {
	var orgID int64
	err := s.Update(ctx, Source, func(tx *catalog.Tx) error {
		o, c, err := tx.AddOrg(n)
		if err != nil {
			return err
		}
		orgID = o.ID
		g := newOrgGen(tx, rng, sum, p)
		if offset != 0 {
			for _, sv := range p.Services {
				g.quality[sv.ID] = min(max(g.quality[sv.ID]+offset, 0), 5)
			}
		}
		for k := range cycles {
			if k > 0 {
				if err := tx.CloseCycle(c.ID); err != nil {
					return err
				}
				if c, err = tx.StartCycle(o.ID, catalog.NewCycle{Name: cycleName(base, k), CarryOver: true}); err != nil {
					return err
				}
			}
			sum.Cycles++
			if err := g.cycle(c.ID, k, base.AddDate(0, 6*k, 0)); err != nil {
				return fmt.Errorf("cycle %d: %w", k+1, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return orgID, nil
}

func cycleName(base time.Time, k int) string {
	t := base.AddDate(0, 6*k, 0)
	half := "H1"
	if t.Month() >= 10 || t.Month() < 4 {
		half = "H2"
	}
	fy := t.Year()
	if t.Month() < 4 {
		fy--
	}
	return fmt.Sprintf("FY%d %s", fy, half)
}

type orgGen struct {
	tx       *catalog.Tx
	rng      *rand.Rand
	sum      *Summary
	services []catalog.Service
	levels   map[string]catalog.Level
	// quality is each service's underlying maturity, which rises over the cycles.
	quality map[string]float64
	actions []catalog.Action // of the cycle being written
}

// cycle writes the Build settings (all of them in the first cycle, a few changes later),
// the scores with evidence, and the management records of cycle k.
func (g *orgGen) cycle(cycleID int64, k int, start time.Time) error {
	rng := g.rng
	// Build: group services by identical patch so each group is one SetBuild.
	type key struct {
		a      catalog.Assignment
		target int
		prov   string
		out    bool
	}
	groups := map[key][]string{}
	var order []key
	for _, sv := range g.services {
		if k > 0 && rng.IntN(10) != 0 {
			continue // later cycles change about one service in ten
		}
		kk := key{a: pickAssignment(rng), target: 2 + rng.IntN(4), out: rng.IntN(25) == 0}
		if g.levels[sv.ID] == catalog.Mandatory && kk.target < 3 {
			kk.target = 3
		}
		if kk.a == catalog.AssignExternal || kk.a == catalog.AssignShared || kk.a == catalog.AssignInternal {
			kk.prov = providers[rng.IntN(len(providers))]
		}
		if _, ok := groups[kk]; !ok {
			order = append(order, kk)
		}
		groups[kk] = append(groups[kk], sv.ID)
	}
	for _, kk := range order {
		inScope := !kk.out
		a, target, prov := kk.a, kk.target, kk.prov
		p := catalog.BuildPatch{InScope: &inScope, Assignment: &a, Target: &target, Provider: &prov}
		if a == catalog.AssignExternal {
			contract := fmt.Sprintf("SLA-%04d", rng.IntN(10000))
			p.Contract = &contract
		}
		if _, err := g.tx.SetBuild(cycleID, groups[kk], p); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	}
	if k == 0 {
		// A few level overrides, each with its reason.
		for i := 0; i < len(g.services); i += 17 {
			lv := catalog.Recommended
			if g.levels[g.services[i].ID] == catalog.Recommended {
				lv = catalog.Mandatory
			}
			if _, err := g.tx.SetBuild(cycleID, []string{g.services[i].ID}, catalog.BuildPatch{Level: &lv, Reason: "Regulator requires it for this sector."}); err != nil {
				return fmt.Errorf("level override: %w", err)
			}
		}
	}
	// Scores: about 85% of services in the first cycle, then about 70% re-assessed per cycle.
	share := 85
	if k > 0 {
		share = 70
	}
	for _, sv := range g.services {
		q := g.quality[sv.ID] + 0.25 + rng.Float64()*0.3
		if rng.IntN(12) == 0 {
			q -= 1 // an occasional setback
		}
		g.quality[sv.ID] = min(max(q, 0), 5)
		if rng.IntN(100) >= share {
			continue
		}
		score := int(g.quality[sv.ID] + 0.5)
		score = min(max(score, catalog.MinScore), catalog.MaxScore)
		ev := fmt.Sprintf("Interview with the %s on %s; procedure document v%d.%d reviewed; %d tickets sampled.",
			owners[rng.IntN(len(owners))], start.AddDate(0, 1, rng.IntN(60)).Format("2006-01-02"), k+1, rng.IntN(10), 5+rng.IntN(40))
		if _, err := g.tx.SetAssessment(cycleID, sv.ID, catalog.AssessmentPatch{Score: &score, Evidence: &ev}); err != nil {
			return fmt.Errorf("score of %s: %w", sv.ID, err)
		}
		g.sum.Assessments++
	}
	// Management: new actions, their progress, and the cycle's reviews.
	g.actions = g.actions[:0]
	for range 3 + rng.IntN(4) {
		sv := g.services[rng.IntN(len(g.services))]
		h := catalog.ShortTerm
		if rng.IntN(3) == 0 {
			h = catalog.LongTerm
		}
		a := catalog.Action{CycleID: cycleID, ServiceID: sv.ID, Horizon: h,
			Title: "Raise " + sv.Name[catalog.EN] + " to its target",
			Owner: owners[rng.IntN(len(owners))],
			Due:   start.AddDate(0, 3+rng.IntN(9), 0).Format("2006-01-02"),
			Notes: "Agreed in the cycle's review."}
		if rng.IntN(5) == 0 {
			a.ServiceID, a.Title = "", "Train the whole CDC on the escalation procedure"
		}
		a, err := g.tx.AddAction(a)
		if err != nil {
			return fmt.Errorf("new action: %w", err)
		}
		g.actions = append(g.actions, a)
		g.sum.Actions++
	}
	// By the end of the cycle (before it is closed) some of its actions have progressed.
	for i := range g.actions {
		a := &g.actions[i]
		var next catalog.ActionStatus
		switch r := rng.IntN(10); {
		case r < 3:
			continue // still planned
		case r < 6:
			next = catalog.ActionInProgress
		case r < 9:
			next = catalog.ActionDone
		default:
			next = catalog.ActionDropped
		}
		if _, err := g.tx.UpdateAction(a.ID, catalog.ActionPatch{Status: &next}); err != nil {
			return fmt.Errorf("action #%d: %w", a.ID, err)
		}
		a.Status = next
	}
	for m := range 2 + rng.IntN(3) {
		r := catalog.Review{CycleID: cycleID, HeldOn: start.AddDate(0, 1+m*2, rng.IntN(20)).Format("2006-01-02"),
			Kind:  reviewKs[rng.IntN(len(reviewKs))],
			Notes: fmt.Sprintf("%d services reviewed; %d open actions discussed.", 5+rng.IntN(30), len(g.actions))}
		if _, err := g.tx.AddReview(r); err != nil {
			return fmt.Errorf("review: %w", err)
		}
		g.sum.Reviews++
	}
	return nil
}

// newOrgGen prepares one organisation's generator. The pack comes from the caller: inside
// the transaction the store's only connection is taken, so it cannot be read from the store.
func newOrgGen(tx *catalog.Tx, rng *rand.Rand, sum *Summary, p *catalog.Pack) *orgGen {
	g := &orgGen{tx: tx, rng: rng, sum: sum, services: p.Services,
		levels: map[string]catalog.Level{}, quality: map[string]float64{}}
	for _, sv := range p.Services {
		g.levels[sv.ID] = sv.DefaultLevel
		g.quality[sv.ID] = rng.Float64() * 2.5
	}
	return g
}

// pickAssignment draws an assignment with a realistic mix.
func pickAssignment(rng *rand.Rand) catalog.Assignment {
	switch r := rng.IntN(100); {
	case r < 40:
		return catalog.AssignCDC
	case r < 60:
		return catalog.AssignInternal
	case r < 78:
		return catalog.AssignExternal
	case r < 92:
		return catalog.AssignShared
	}
	return catalog.AssignNone
}
