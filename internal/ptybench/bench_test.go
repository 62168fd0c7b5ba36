//go:build unix

package ptybench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cdc-toolkit/cdc/internal/synth"
)

// Between two presses the benchmark waits as a fast typist would; the frame that shows a
// press's result is awaited first, so no press is measured against an earlier one's frame.
const typistPause = 40 * time.Millisecond

// demoDB makes a database holding the demo organisation (64 services, two cycles).
func demoDB(b *testing.B) string {
	b.Helper()
	db := filepath.Join(b.TempDir(), "demo.db")
	out, err := exec.Command(cdcBinary(b), "--db", db, "demo").CombinedOutput()
	if err != nil {
		b.Fatalf("cdc demo: %v\n%s", err, out)
	}
	return db
}

// sizes are the databases a key press is measured on: the demo, and the generated ones that
// scripts/bench.sh names in the environment (internal/synth's workloads).
func sizes(b *testing.B) []struct{ name, db, org string } {
	out := []struct{ name, db, org string }{{"64", demoDB(b), "Demo Agency"}}
	for _, s := range []struct{ name, env string }{
		{"1000", "CDC_BENCH_DB"},                   // 1,000-service pack, 8 cycles, among 101 organisations
		{"1000x50cycles", "CDC_BENCH_DB_CYCLES50"}, // 1,000-service pack, 50 cycles
		{"10000", "CDC_BENCH_DB_SERVICES10K"},      // 10,000-service pack, 3 cycles
	} {
		if db := os.Getenv(s.env); db != "" {
			out = append(out, struct{ name, db, org string }{s.name, db, "Big Pack Holdings"})
		}
	}
	return out
}

// cursorRow matches the cursor's row; its ID and name identify it (a long ID is shortened with
// an ellipsis, so the name is needed too).
var cursorRow = regexp.MustCompile(`^› ([A-Z][A-Z0-9]*-[0-9…]+\s+\S.*?)\s{2,}`)

// openEvaluate opens org from the start screen and goes to the Evaluate tab.
func openEvaluate(b *testing.B, t *term, org string) (currentCol int) {
	t.waitText(60*time.Second, org)
	// Keys are sent apart: an escape or a key right after another can arrive as one chord.
	for _, k := range []string{"/", org, "\r", "\r"} {
		t.send(k)
		time.Sleep(150 * time.Millisecond)
	}
	for i := 0; i < 8; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err := t.waitFor(ctx, func(l []string) bool { return strings.Contains(strings.Join(l, "\n"), "Scores for") })
		cancel()
		if err == nil {
			break
		}
		t.send("\t")
	}
	t.waitText(30*time.Second, "Scores for", "Current")
	for _, l := range t.screen() {
		if i := strings.Index(l, "Current"); i >= 0 && strings.Contains(l, "Target") {
			return len([]rune(l[:i])) + len("Current") - 1
		}
	}
	b.Fatalf("no Current column on the Evaluate tab:\n%s", strings.Join(t.screen(), "\n"))
	return 0
}

// scoreAt returns the score shown for service id at column col, and whether the row is on screen.
func scoreAt(lines []string, id string, col int) (rune, bool) {
	for _, l := range lines {
		r := []rune(l)
		if len(r) > col && strings.HasPrefix(strings.TrimLeft(strings.TrimPrefix(l, "›"), " "), id+" ") {
			return r[col], true
		}
	}
	return 0, false
}

// BenchmarkKeyPressToFrame: one digit key on the Evaluate tab, timed from the write to the
// pseudo-terminal until the emulated screen shows the new score. Pool at least 400 presses
// (-benchtime 400x); p50 and p99 are reported in milliseconds.
func BenchmarkKeyPressToFrame(b *testing.B) {
	for _, sz := range sizes(b) {
		b.Run(sz.name, func(b *testing.B) {
			db := filepath.Join(b.TempDir(), "bench.db") // presses write: never to the shared file
			if err := synth.CopyDB(sz.db, db); err != nil {
				b.Fatal(err)
			}
			t := start(b, 120, 40, []string{"CDC_LANG=en"}, "--db", db)
			col := openEvaluate(b, t, sz.org)
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var id string
				for _, l := range t.screen() {
					if m := cursorRow.FindStringSubmatch(l); m != nil {
						id = m[1]
					}
				}
				if id == "" {
					b.Fatalf("no cursor row:\n%s", strings.Join(t.screen(), "\n"))
				}
				old, _ := scoreAt(t.screen(), id, col)
				want := '3'
				if old == '3' {
					want = '4'
				}
				began := time.Now()
				t.send(string(want))
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				err := t.waitFor(ctx, func(l []string) bool { r, ok := scoreAt(l, id, col); return ok && r == want })
				cancel()
				if err != nil {
					b.Fatalf("press %d (%c on %s): %v", i, want, id, err)
				}
				lat = append(lat, time.Since(began))
				b.StopTimer()
				time.Sleep(typistPause)
				b.StartTimer()
			}
			report(b, lat)
		})
	}
}

// BenchmarkStartupToCompleteScreen: a cold cdc process until the start screen is complete
// (the programme dashboard drawn with every visible figure evaluated), on the demo, on the
// generated databases of 101 and 1,000 organisations, and on the synthetic programme of
// 1,000 organisations with 3 cycles each (internal/synth.Programme1000; target 150 ms).
func BenchmarkStartupToCompleteScreen(b *testing.B) {
	dbs := []struct{ name, db string }{{"demo", ""}, {"programme1000", "programme"}}
	if db := os.Getenv("CDC_BENCH_DB"); db != "" {
		dbs = append(dbs, struct{ name, db string }{"101orgs", db})
	}
	if db := os.Getenv("CDC_BENCH_DB_ORGS1000"); db != "" {
		dbs = append(dbs, struct{ name, db string }{"1000orgs", db})
	}
	for _, d := range dbs {
		b.Run(d.name, func(b *testing.B) {
			db := d.db
			switch db {
			case "":
				db = demoDB(b)
			case "programme":
				db = programmeDB(b)
			}
			startup(b, db)
		})
	}
}

// programmeDB copies the synthetic programme of 1,000 organisations (generated once and kept
// in the temporary folder) so that no run changes it.
func programmeDB(b *testing.B) string {
	b.Helper()
	src, err := synth.ProgrammeFixture(context.Background(), synth.Programme1000)
	if err != nil {
		b.Fatal(err)
	}
	db := filepath.Join(b.TempDir(), "programme.db")
	if err := synth.CopyDB(src, db); err != nil {
		b.Fatal(err)
	}
	return db
}

func startup(b *testing.B, db string) {
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		began := time.Now()
		t := start(b, 120, 40, []string{"CDC_LANG=en"}, "--db", db)
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		err := t.waitFor(ctx, func(lines []string) bool {
			all := strings.Join(lines, "\n")
			return strings.Contains(all, "Organisations") && strings.Contains(all, "Maturity") && !strings.Contains(all, "loading")
		})
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(began))
		b.StopTimer()
		t.close()
		b.StartTimer()
	}
	report(b, lat)
}

func report(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	q := func(p float64) float64 {
		i := int(p * float64(len(lat)-1))
		return float64(lat[i].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(len(lat)), "presses")
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "%s: n=%d p50=%.1fms p99=%.1fms\n", b.Name(), len(lat), q(0.5), q(0.99))
	}
}
