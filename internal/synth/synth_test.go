package synth

import (
	"context"
	"flag"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/scoring"
)

var (
	outFlag    = flag.String("synth.out", "", "write a generated database to this path (scripts/bench.sh uses it)")
	orgsFlag   = flag.Int("synth.orgs", Default.Orgs, "organisations on the built-in pack")
	cyclesFlag = flag.Int("synth.cycles", Default.Cycles, "cycles per organisation")
	bigFlag    = flag.Int("synth.big", Default.BigPackServices, "services of the custom pack (0: none)")
	seedFlag   = flag.Int64("synth.seed", Default.Seed, "seed")
	scaleFlag  = flag.String("synth.scale", "", "a named workload of Scales (default, services10k, orgs1000, cycles50, log1m); overrides the other sizes")
)

// TestGenerateFile writes the benchmark database; it runs only with -synth.out.
func TestGenerateFile(t *testing.T) {
	if *outFlag == "" {
		t.Skip("no -synth.out given")
	}
	start := time.Now()
	o := Options{Orgs: *orgsFlag, Cycles: *cyclesFlag, BigPackServices: *bigFlag, Seed: *seedFlag}
	if *scaleFlag != "" {
		var ok bool
		if o, ok = Scales[*scaleFlag]; !ok {
			t.Fatalf("-synth.scale=%s: no such workload", *scaleFlag)
		}
	}
	sum, err := WriteFile(context.Background(), *outFlag, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d organisations, %d cycles, %d scores, %d actions, %d reviews in %s",
		*outFlag, len(sum.Orgs)+min(int(sum.BigOrg), 1)+min(int(sum.LogOrg), 1), sum.Cycles, sum.Assessments, sum.Actions, sum.Reviews, time.Since(start).Round(time.Millisecond))
}

func open(t *testing.T) *catalog.Store {
	t.Helper()
	s, err := catalog.Open(context.Background(), filepath.Join(t.TempDir(), "synth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestBigPackValid(t *testing.T) {
	for _, n := range []int{1, 64, 1000} {
		p := BigPack(n)
		if probs := p.Validate(); len(probs) > 0 {
			t.Fatalf("BigPack(%d) is invalid: %v", n, probs)
		}
		if len(p.Services) != n {
			t.Errorf("BigPack(%d) has %d services", n, len(p.Services))
		}
		if want := (n + 49) / 50; len(p.Categories) != want {
			t.Errorf("BigPack(%d) has %d categories, want %d", n, len(p.Categories), want)
		}
	}
}

func TestGenerate(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	o := Options{Orgs: 2, Cycles: 3, BigPackServices: 120, Seed: 7}
	sum, err := Generate(ctx, s, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Orgs) != 2 || sum.BigOrg == 0 || sum.Cycles != 9 {
		t.Fatalf("summary %+v: want 2 organisations, the big one and 9 cycles", sum)
	}
	orgs, err := s.Orgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 3 {
		t.Fatalf("%d organisations in the database, want 3", len(orgs))
	}
	for _, id := range append(sum.Orgs, sum.BigOrg) {
		hist, err := s.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != o.Cycles {
			t.Fatalf("organisation %d has %d cycles, want %d", id, len(hist), o.Cycles)
		}
		for i, d := range hist {
			wantStatus := catalog.CycleClosed
			if i == len(hist)-1 {
				wantStatus = catalog.CycleOpen
			}
			if d.Cycle.Status != wantStatus {
				t.Errorf("organisation %d cycle %d is %s, want %s", id, i+1, d.Cycle.Status, wantStatus)
			}
		}
		last := hist[len(hist)-1]
		wantServices := 64
		if id == sum.BigOrg {
			wantServices = 120
		}
		if len(last.Services) != wantServices {
			t.Fatalf("organisation %d: %d services, want %d", id, len(last.Services), wantServices)
		}
		res := scoring.Evaluate(last, hist)
		if res.Portfolio.MaturityIndex == nil || *res.Portfolio.MaturityIndex <= 0 {
			t.Errorf("organisation %d: maturity index %v, want a positive figure", id, res.Portfolio.MaturityIndex)
		}
		assessed, targets, provided, carried := 0, 0, 0, 0
		for _, sv := range last.Services {
			if sv.Assessed() {
				assessed++
			}
			if sv.Target != nil {
				targets++
			}
			if sv.Assignment.Provided() {
				provided++
			}
			if sv.CarriedOver {
				carried++
			}
		}
		if assessed < wantServices/2 || targets != wantServices || provided == 0 || provided == wantServices || carried == 0 {
			t.Errorf("organisation %d: %d assessed, %d targets, %d provided, %d carried over of %d: not a realistic mix",
				id, assessed, targets, provided, carried, wantServices)
		}
		actions, err := s.Actions(ctx, id, catalog.ActionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(actions) < 3*o.Cycles {
			t.Errorf("organisation %d: %d actions, want at least %d", id, len(actions), 3*o.Cycles)
		}
		revs, err := s.Reviews(ctx, last.Cycle.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) < 2 {
			t.Errorf("organisation %d: %d reviews in the last cycle, want at least 2", id, len(revs))
		}
	}
	if sum.Assessments == 0 || sum.Actions == 0 || sum.Reviews == 0 {
		t.Errorf("summary %+v counts nothing", sum)
	}
}

// Same seed, same catalogue content; another seed, other content.
func TestGenerateDeterministic(t *testing.T) {
	ctx := context.Background()
	scores := func(seed int64) [][]any {
		s := open(t)
		sum, err := Generate(ctx, s, Options{Orgs: 2, Cycles: 2, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		var out [][]any
		for _, id := range sum.Orgs {
			hist, err := s.History(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range hist {
				for _, sv := range d.Services {
					out = append(out, []any{sv.ID, sv.Current, sv.Target, sv.Assignment, sv.InScope, sv.Level, sv.Evidence})
				}
			}
		}
		return out
	}
	a, b, c := scores(3), scores(3), scores(4)
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs with seed 3 differ")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("seeds 3 and 4 give the same data")
	}
}

func TestGenerateRejects(t *testing.T) {
	s := open(t)
	for _, o := range []Options{{Orgs: 1, Cycles: 0}, {Orgs: -1, Cycles: 1}, {Orgs: 1, Cycles: 1, BigPackServices: -5}} {
		if _, err := Generate(context.Background(), s, o); err == nil {
			t.Errorf("Generate(%+v) succeeded, want an error", o)
		}
	}
}

func TestWriteFileRefusesExisting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	if _, err := WriteFile(context.Background(), path, Options{Orgs: 1, Cycles: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteFile(context.Background(), path, Options{Orgs: 1, Cycles: 1}); err == nil {
		t.Fatal("second WriteFile to the same path succeeded")
	}
}

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var d []time.Duration
		for _, x := range v {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // unsorted on purpose
	}
	for _, c := range []struct {
		in   []time.Duration
		p    float64
		want float64
	}{
		{nil, 0.5, 0},
		{ms(7), 0.99, 7},
		{ms(3, 1, 2), 0.5, 2},
		{ms(hundred...), 0.5, 50},
		{ms(hundred...), 0.99, 99},
		{ms(hundred...), 1, 100},
	} {
		if got := Percentile(c.in, c.p); got != c.want {
			t.Errorf("Percentile(%v, %v) = %v, want %v", c.in, c.p, got, c.want)
		}
	}
}

func TestCPUTimeAdvances(t *testing.T) {
	start := CPUTime()
	x := 0
	for deadline := time.Now().Add(30 * time.Millisecond); time.Now().Before(deadline); {
		x++
	}
	end := CPUTime()
	if start == 0 && end == 0 {
		t.Skip("CPU time is not measured on this system")
	}
	if end <= start {
		t.Fatalf("CPU time went from %v to %v over 30ms of work (x=%d)", start, end, x)
	}
}

func TestGenerateLogOrg(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	sum, err := Generate(ctx, s, Options{Cycles: 1, LogRows: 3000, BigPackServices: 60, BigCycles: 3, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.LogOrg == 0 || sum.BigOrg == 0 {
		t.Fatalf("summary %+v: want the log and big-pack organisations", sum)
	}
	hist, err := s.History(ctx, sum.BigOrg)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 3 {
		t.Errorf("big-pack organisation has %d cycles, want 3", len(hist))
	}
	changes, err := s.Changes(ctx, catalog.ChangeQuery{OrgID: sum.LogOrg})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) < 3000 {
		t.Errorf("log organisation has %d change-log rows, want at least 3000", len(changes))
	}
}
