package export

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/scoring"
)

func sampleBenchmark() *catalog.BenchmarkSet {
	fig := func(name, cat string, n int, lo, hi float64) catalog.BenchmarkFigure {
		return catalog.BenchmarkFigure{Figure: name, Category: cat, Distribution: catalog.Distribution{N: n, Min: lo, Q1: lo + (hi-lo)/4, Median: (lo + hi) / 2, Q3: hi - (hi-lo)/4, Max: hi}}
	}
	return &catalog.BenchmarkSet{
		Name: "National 2026", FormatVersion: scoring.BenchmarkFormatVersion, GroupBy: "sector", K: scoring.K,
		PackID: "x1060", PackVersion: "2021", CreatedAt: time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
		Groups: []catalog.BenchmarkGroup{
			{Key: "Energy", Organisations: 6, Provisional: 1, Figures: []catalog.BenchmarkFigure{
				fig("maturity_index", "", 6, 12.5, 61.25), fig("mean_current", "A", 6, 0.5, 3.25), fig("attainment", "A", 5, 0.1, 0.9),
			}},
			{Key: "Health", Organisations: 7, Figures: []catalog.BenchmarkFigure{fig("target_index", "", 7, 40, 90)}},
		},
	}
}

func TestBenchmarkRoundTrip(t *testing.T) {
	set := sampleBenchmark()
	data, err := MarshalBenchmark(set)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "b.json")
	if err := WriteBenchmark(path, data); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v %v", st.Mode(), err)
	}
	got, err := ReadBenchmark(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, set) {
		t.Errorf("round trip\n got %+v\nwant %+v", got, set)
	}
	again, _ := MarshalBenchmark(got)
	if string(again) != string(data) {
		t.Errorf("a read-back set writes different bytes")
	}
}

// edit returns the sample's JSON after changing its decoded form.
func editBenchmark(t *testing.T, change func(m map[string]any)) []byte {
	t.Helper()
	data, err := MarshalBenchmark(sampleBenchmark())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	change(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func group(m map[string]any, i int) map[string]any { return m["groups"].([]any)[i].(map[string]any) }
func figure(m map[string]any, g, i int) map[string]any {
	return group(m, g)["figures"].([]any)[i].(map[string]any)
}

func TestParseBenchmarkRefuses(t *testing.T) {
	good, _ := MarshalBenchmark(sampleBenchmark())
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"empty", []byte("  "), []string{"the file is empty"}},
		{"not UTF-8", []byte("{\"format\": \"cdc-benchmark\xff\"}"), []string{"is not valid UTF-8"}},
		{"duplicate top-level key", []byte(`{"format":"cdc-benchmark","format":"cdc-benchmark"}`), []string{"format: is given twice"}},
		{"duplicate nested key", []byte(strings.Replace(string(good), `"organisations": 6,`, `"organisations": 6, "organisations": 60,`, 1)), []string{"groups[0].organisations: is given twice"}},
		{"duplicate key in a figure", []byte(strings.Replace(string(good), `"n": 6,`, `"n": 6, "n": 6,`, 1)), []string{"groups[0].figures[0].n: is given twice"}},
		{"trailing data", append(append([]byte{}, good...), []byte(`{}`)...), []string{"'{' is not allowed here"}},
		{"truncated", good[:len(good)/2], []string{"ends too early"}},
		{"too deep", []byte(`{"format":"cdc-benchmark","x":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`), []string{"nested more than"}},
		{"not JSON", []byte("format: cdc-benchmark"), []string{"invalid JSON"}},
		{"other format", editBenchmark(t, func(m map[string]any) { m["format"] = "cdc-organisation" }), []string{`"cdc-organisation" is not "cdc-benchmark"`}},
		{"newer version", editBenchmark(t, func(m map[string]any) { m["format_version"] = 2 }), []string{"format_version: 2 is newer"}},
		{"unknown field", editBenchmark(t, func(m map[string]any) { m["organisations"] = []string{"Acme"} }), []string{`unknown field "organisations"`}},
		{"names an organisation", editBenchmark(t, func(m map[string]any) { group(m, 0)["members"] = []string{"Acme"} }), []string{`unknown field "members"`}},
		{"group of 4", editBenchmark(t, func(m map[string]any) {
			group(m, 0)["organisations"] = 4
			figure(m, 0, 0)["n"] = 4
			figure(m, 0, 1)["n"] = 4
			figure(m, 0, 2)["n"] = 4
		}), []string{"groups[0].organisations: 4 organisations is below the smallest group (5)", "groups[0].figures[0].n: 4 is below"}},
		{"small k", editBenchmark(t, func(m map[string]any) { m["k"] = 3 }), []string{"k: 3 is below"}},
		{"figure n above group", editBenchmark(t, func(m map[string]any) { figure(m, 1, 0)["n"] = 8 }), []string{"groups[1].figures[0].n: 8 is not between 1 and the group's 7"}},
		{"unknown figure", editBenchmark(t, func(m map[string]any) { figure(m, 0, 0)["figure"] = "revenue" }), []string{`"revenue" is not a known figure`}},
		{"index with a category", editBenchmark(t, func(m map[string]any) { figure(m, 0, 0)["category"] = "A" }), []string{"not a known figure"}},
		{"mean above 5", editBenchmark(t, func(m map[string]any) { figure(m, 0, 1)["max"] = 7 }), []string{"between 0 and 5"}},
		{"unordered quartiles", editBenchmark(t, func(m map[string]any) { figure(m, 0, 0)["q1"] = 70 }), []string{"min <= q1"}},
		{"control character in a key", editBenchmark(t, func(m map[string]any) { group(m, 0)["key"] = "En\x1b[2Jergy" }), []string{"groups[0].key: character 3 is a control character"}},
		{"duplicate group", editBenchmark(t, func(m map[string]any) { group(m, 1)["key"] = "energy" }), []string{`groups[1].key: "energy" appears twice`}},
		{"wrong type", editBenchmark(t, func(m map[string]any) { group(m, 0)["organisations"] = "six" }), []string{"organisations", "a whole number is expected; found text"}},
		{"no groups", editBenchmark(t, func(m map[string]any) { delete(m, "groups") }), []string{"groups: is missing"}},
		{"sector names in a size-band set", editBenchmark(t, func(m map[string]any) { m["group_by"] = "size-band" }), []string{`groups[0].key: "Energy" is not a size band (1-99, 100-999, 1000-9999, 10000+)`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseBenchmark("b.json", tc.data)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if !strings.Contains(err.Error(), "b.json") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestReadBenchmarkTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(path, make([]byte, MaxBenchmarkSize+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadBenchmark(path); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("a file over the limit: %v", err)
	}
}

// FuzzParseBenchmark: a benchmark file from outside never panics the parser, and whatever it
// accepts passes the k rule and writes back to bytes it accepts again.
func FuzzParseBenchmark(f *testing.F) {
	good, _ := MarshalBenchmark(sampleBenchmark())
	f.Add(good)
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := ParseBenchmark("fuzz.json", data)
		if err != nil {
			return
		}
		for _, g := range set.Groups {
			if g.Organisations < scoring.K {
				t.Fatalf("accepted a group of %d", g.Organisations)
			}
			for _, x := range g.Figures {
				if x.N < scoring.K {
					t.Fatalf("accepted a figure of n %d", x.N)
				}
			}
		}
		again, err := MarshalBenchmark(set)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseBenchmark("again.json", again); err != nil {
			t.Fatalf("an accepted set does not read back: %v", err)
		}
	})
}
