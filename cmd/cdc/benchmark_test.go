package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
)

// runIn runs a command with stdin.
func (e *cliEnv) runIn(stdin string, args ...string) (string, string, error) {
	e.t.Helper()
	var out, errOut bytes.Buffer
	root := newRootCmd(&out, &errOut)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(append([]string{"--db", e.db}, args...))
	err := root.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

// privateStrings are every name, evidence, provider, contract, action and review text of the
// database: none of them may appear in a contribution.
func privateStrings(t *testing.T, s *catalog.Store) []string {
	t.Helper()
	var out []string
	add := func(q string) {
		rows, err := s.DB().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			if len(strings.TrimSpace(v)) >= 3 {
				out = append(out, v)
			}
		}
	}
	add("SELECT name FROM organisations")
	add("SELECT notes FROM organisations")
	add("SELECT name FROM cycles")
	add("SELECT evidence FROM assessments")
	add("SELECT provider FROM build_settings")
	add("SELECT contract FROM build_settings")
	add("SELECT level_reason FROM build_settings")
	add("SELECT title FROM actions")
	add("SELECT owner FROM actions")
	add("SELECT notes FROM actions")
	add("SELECT kind FROM reviews")
	add("SELECT notes FROM reviews")
	return out
}

func TestExportBenchmarkHoldsNoPrivateText(t *testing.T) {
	e := newProgrammeCLI(t)
	s := e.store()
	private := privateStrings(t, s)
	s.Close()
	if len(private) < 1000 {
		t.Fatalf("only %d private strings to look for", len(private))
	}
	for _, by := range []string{"sector", "country", "size-band"} {
		path := filepath.Join(t.TempDir(), by+".json")
		out := e.ok("export", "benchmark", "--group-by", by, "-o", path, "--yes")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		for _, v := range private {
			if strings.Contains(text, v) {
				t.Errorf("group by %s: the contribution holds %q", by, v)
			}
		}
		// What was shown is exactly what was written.
		if !strings.Contains(out, text) {
			t.Errorf("group by %s: the file differs from what was shown", by)
		}
		for _, v := range private {
			if strings.Contains(out, v) {
				t.Errorf("group by %s: the preview shows %q", by, v)
			}
		}
	}
}

func TestExportBenchmarkKRule(t *testing.T) {
	e := newProgrammeCLI(t)
	path := filepath.Join(t.TempDir(), "bands.json")
	out := e.ok("export", "benchmark", "--group-by", "size-band", "-o", path, "--yes")
	set, err := export.ReadBenchmark(path)
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[string]int{}
	for _, g := range set.Groups {
		sizes[g.Key] = g.Organisations
	}
	// The generated programme: 6 below 100 staff (shown), 4 from 10,000 (refused).
	if sizes["1-99"] != 6 || sizes["100-999"] != 18 || sizes["1000-9999"] != 12 {
		t.Errorf("groups %v", sizes)
	}
	if _, ok := sizes["10000+"]; ok {
		t.Error("the group of 4 was written")
	}
	if !strings.Contains(out, "10000+: 4 organisations, left out (fewer than 5)") {
		t.Errorf("the preview does not say the group of 4 is left out:\n%s", out)
	}
	for _, g := range set.Groups {
		if len(g.Figures) < 3 {
			t.Errorf("group %s has %d figures", g.Key, len(g.Figures))
		}
		for _, f := range g.Figures {
			if f.N < 5 {
				t.Errorf("group %s figure %s/%s has n %d", g.Key, f.Figure, f.Category, f.N)
			}
		}
	}
}

func TestExportBenchmarkAsksFirst(t *testing.T) {
	e := newProgrammeCLI(t)
	benchmarkNow = func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { benchmarkNow = time.Now })
	dir := t.TempDir()
	path := filepath.Join(dir, "b.json")
	out, errOut, err := e.runIn("n\n", "export", "benchmark", "--group-by", "sector", "-o", path)
	if err != nil || !strings.Contains(errOut, "Write it to "+path+"? [y/N]") || !strings.Contains(out, "Nothing was written.") {
		t.Fatalf("declined: %v\n%s\n%s", err, out, errOut)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("a declined export wrote the file")
	}
	if _, _, err := e.runIn("", "export", "benchmark", "--group-by", "sector", "-o", path); err == nil || !strings.Contains(err.Error(), "--yes") {
		t.Errorf("no answer: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("an unanswered export wrote the file")
	}
	out, _, err = e.runIn("y\n", "export", "benchmark", "--group-by", "sector", "-o", path)
	if err != nil || !strings.Contains(out, "Wrote 4 groups to "+path) {
		t.Fatalf("confirmed: %v\n%s", err, out)
	}
	set, err := export.ReadBenchmark(path)
	if err != nil {
		t.Fatal(err)
	}
	if set.Name != "Benchmark by sector, 2026-12-01" || set.GroupBy != "sector" || len(set.Groups) != 4 {
		t.Errorf("set %+v", set)
	}
	e.checkBadInput([]badInput{
		{"exists", []string{"export", "benchmark", "--group-by", "sector", "-o", path, "--yes"}, []string{"already exists", "--force"}},
		{"grouping", []string{"export", "benchmark", "--group-by", "name", "-o", filepath.Join(dir, "x.json"), "--yes"}, []string{`--group-by "name"`}},
		{"no grouping", []string{"export", "benchmark", "-o", filepath.Join(dir, "x.json"), "--yes"}, []string{"required flag --group-by is not given"}},
		{"extension", []string{"export", "benchmark", "--group-by", "sector", "-o", filepath.Join(dir, "x.xlsx"), "--yes"}, []string{"should end in .json"}},
	})
}

func TestExportBenchmarkTooFew(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	path := filepath.Join(t.TempDir(), "b.json")
	e.fails([]string{"export", "benchmark", "--group-by", "country", "-o", path, "--yes"}, "at least 5 organisations", "nothing was written")
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("a contribution with no group was written")
	}
}

func TestBenchmarkRoundTripThroughCLI(t *testing.T) {
	e := newProgrammeCLI(t)
	path := filepath.Join(t.TempDir(), "national.json")
	e.ok("export", "benchmark", "--group-by", "country", "--name", "National 2026", "-o", path, "--yes")
	written, err := export.ReadBenchmark(path)
	if err != nil {
		t.Fatal(err)
	}
	// Into another database: the set is kept, and no organisation appears.
	other := newCLI(t)
	out := other.ok("import", "benchmark", path, "--dry-run")
	if !strings.Contains(out, "Dry run") || !strings.Contains(out, "Kenya: 14 organisations") {
		t.Errorf("dry run:\n%s", out)
	}
	out = other.ok("import", "benchmark", path)
	if !strings.Contains(out, `Kept benchmark set "National 2026" apart`) {
		t.Errorf("import:\n%s", out)
	}
	s := other.store()
	defer s.Close()
	got, err := s.BenchmarkSet(context.Background(), "National 2026")
	if err != nil {
		t.Fatal(err)
	}
	got.ID, got.ImportedAt, got.Source = 0, time.Time{}, ""
	written.Source = ""
	if a, b := mustMarshal(t, got), mustMarshal(t, written); a != b {
		t.Errorf("stored set differs from the file:\n%s\n%s", a, b)
	}
	if orgs, _ := s.Orgs(context.Background()); len(orgs) != 0 {
		t.Errorf("importing a benchmark added organisations: %+v", orgs)
	}
	other.checkBadInput([]badInput{
		{"same name", []string{"import", "benchmark", path}, []string{"exists already", "--replace"}},
		{"missing file", []string{"import", "benchmark", filepath.Join(t.TempDir(), "none.json")}, []string{"cannot open"}},
	})
	other.ok("import", "benchmark", path, "--replace")
	other.ok("import", "benchmark", path, "--name", "Copy")
	// The kept sets are listed, and removed only with --yes.
	out = other.ok("benchmark", "list")
	if !strings.Contains(out, "National 2026") || !strings.Contains(out, "Copy") || !strings.Contains(out, "country") {
		t.Errorf("benchmark list:\n%s", out)
	}
	other.checkBadInput([]badInput{
		{"remove without --yes", []string{"benchmark", "remove", "copy"}, []string{"cannot be undone", "--yes"}},
		{"remove an unknown set", []string{"benchmark", "remove", "nope", "--yes"}, []string{`"nope" does not exist`}},
	})
	other.ok("benchmark", "remove", "copy", "--yes")
	if out := other.ok("benchmark", "list"); strings.Contains(out, "Copy") || !strings.Contains(out, "National 2026") {
		t.Errorf("after removing Copy:\n%s", out)
	}
	// The ordinary import still reads a file that is not a subcommand.
	if _, _, err := other.run("import", filepath.Join(t.TempDir(), "benchmark.xlsx")); err == nil || !strings.Contains(err.Error(), "benchmark.xlsx") {
		t.Errorf("cdc import FILE: %v", err)
	}
}

func TestImportBenchmarkRefusesHostileFiles(t *testing.T) {
	e := newCLI(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	small := `{"format":"cdc-benchmark","format_version":1,"name":"Small","created_at":"2026-12-01T00:00:00Z","group_by":"sector","k":5,
		"pack":{"id":"x1060","version":"2021"},"groups":[{"key":"Energy","organisations":4,"provisional":0,
		"figures":[{"figure":"maturity_index","n":4,"min":1,"q1":2,"median":3,"q3":4,"max":5}]}]}`
	dup := `{"format":"cdc-benchmark","format":"cdc-benchmark","format_version":1}`
	e.checkBadInput([]badInput{
		{"group of 4", []string{"import", "benchmark", write("small.json", small)}, []string{"small.json", "groups[0].organisations: 4 organisations is below the smallest group (5)"}},
		{"duplicate key", []string{"import", "benchmark", write("dup.json", dup)}, []string{"dup.json", "format: is given twice"}},
		{"not JSON", []string{"import", "benchmark", write("x.json", "hello")}, []string{"x.json", "invalid JSON"}},
		{"organisation file", []string{"import", "benchmark", write("org.json", `{"format":"cdc-organisation","format_version":1}`)}, []string{`"cdc-organisation" is not "cdc-benchmark"`}},
		{"control character in name", []string{"import", "benchmark", write("ok.json", strings.NewReplacer(`"organisations":4`, `"organisations":5`, `"n":4`, `"n":5`).Replace(small)), "--name", "a\x1bb"}, []string{"--name"}},
	})
	s := e.store()
	defer s.Close()
	if sets, _ := s.BenchmarkSets(context.Background()); len(sets) != 0 {
		t.Errorf("refused files stored sets: %+v", sets)
	}
}

func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestBenchmarkJSON(t *testing.T) {
	e := newProgrammeCLI(t)
	path := filepath.Join(t.TempDir(), "b.json")
	e.fails([]string{"export", "benchmark", "--group-by", "sector", "-o", path, "--json"}, "--yes")
	var res struct {
		File     string
		Set      catalog.BenchmarkSet `json:"set"`
		Withheld []map[string]any     `json:"withheld"`
	}
	e.jsonOut(&res, "export", "benchmark", "--group-by", "size-band", "-o", path, "--yes", "--json")
	if res.File != path || len(res.Set.Groups) != 3 || len(res.Withheld) != 1 {
		t.Errorf("export --json: %+v", res)
	}
	other := newCLI(t)
	var imp struct {
		Set    catalog.BenchmarkSet `json:"set"`
		Stored bool                 `json:"stored"`
	}
	other.jsonOut(&imp, "import", "benchmark", path, "--json")
	if !imp.Stored || len(imp.Set.Groups) != 3 {
		t.Errorf("import --json: %+v", imp)
	}
}
