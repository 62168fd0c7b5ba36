package export

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/scoring"
)

func evaluateAll(t testing.TB, s *catalog.Store, orgID int64) []scoring.Result {
	t.Helper()
	hist, err := s.History(context.Background(), orgID)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]scoring.Result, len(hist))
	for i, d := range hist {
		out[i] = scoring.Evaluate(d, hist)
	}
	return out
}

func TestJSONRoundTrip(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	path := filepath.Join(fx.dir, "acme.json")
	if err := WriteJSON(ctx, fx.s, fx.org.ID, path); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	raw, _ := os.ReadFile(path)
	var head map[string]any
	if err := json.Unmarshal(raw, &head); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"format", "format_version", "exported_at", "organisation", "packs", "cycles", "actions", "changes"} {
		if _, ok := head[k]; !ok {
			t.Errorf("top-level field %q missing", k)
		}
	}

	dst, err := catalog.Open(ctx, filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	plan, err := PlanImport(ctx, dst, path)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Kind != KindJSON || !strings.Contains(strings.Join(plan.Summary, "\n"), "2 cycles, ") {
		t.Fatalf("plan %+v", plan)
	}
	if err := plan.Apply(ctx, dst); err != nil {
		t.Fatal(err)
	}
	want := evaluateAll(t, fx.s, fx.org.ID)
	got := evaluateAll(t, dst, plan.Organisation.ID)
	if !reflect.DeepEqual(want, got) {
		a, _ := json.Marshal(want)
		b, _ := json.Marshal(got)
		t.Fatalf("evaluation differs after the round trip:\n%s\n%s", a, b)
	}
	// Actions, reviews and the change log came along; the import itself is logged.
	acts, _ := dst.Actions(ctx, plan.Organisation.ID, catalog.ActionFilter{})
	if len(acts) != 1 || acts[0].Title != "Write playbooks" {
		t.Errorf("actions %+v", acts)
	}
	srcLog, _ := fx.s.Changes(ctx, catalog.ChangeQuery{OrgID: fx.org.ID})
	dstLog, _ := dst.Changes(ctx, catalog.ChangeQuery{OrgID: plan.Organisation.ID})
	if len(dstLog) != len(srcLog)+1 || dstLog[0].Source != "import acme.json" {
		t.Errorf("change log: %d entries (want %d), newest %+v", len(dstLog), len(srcLog)+1, dstLog[0])
	}

	// Importing again as a new organisation is refused (it is checked in instead).
	sum := checksum(t, dst)
	_, err = PlanImport(ctx, dst, path)
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), `is already in this database, as "Acme Corp"`) || ErrorCode(err) != CodeOrgHere {
		t.Fatalf("second import: %v", err)
	}
	if err := plan.Apply(ctx, dst); !errors.Is(err, catalog.ErrOrgExists) {
		t.Fatalf("applying a stale plan: %v", err)
	}
	if checksum(t, dst) != sum {
		t.Error("a refused import changed the database")
	}
}

func TestJSONRefused(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	good := filepath.Join(fx.dir, "good.json")
	if err := WriteJSON(ctx, fx.s, fx.org.ID, good); err != nil {
		t.Fatal(err)
	}
	orig, _ := os.ReadFile(good)
	mutate := func(fn func(m map[string]any)) []byte {
		var m map[string]any
		json.Unmarshal(orig, &m)
		fn(m)
		b, _ := json.Marshal(m)
		return b
	}
	cycle0 := func(m map[string]any) map[string]any { return m["cycles"].([]any)[0].(map[string]any) }
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"syntax", []byte("{\n  \"format\": \"cdc-organisation\",\n  oops\n}"), []string{"line 3, column 3: invalid JSON"}},
		{"truncated", asciiPrefix(orig, len(orig)/2), []string{"ends too early"}},
		{"foreign", []byte(`{"name": "x"}`), []string{`format: "" is not "cdc-organisation"`}},
		{"newer", mutate(func(m map[string]any) { m["format_version"] = 2 }), []string{"format_version: 2 is newer"}},
		{"unknown field", mutate(func(m map[string]any) { m["extra"] = 1 }), []string{`unknown field "extra"`}},
		{"wrong type", mutate(func(m map[string]any) { m["cycles"] = "none" }), []string{"cycles"}},
		{"every problem", mutate(func(m map[string]any) {
			m["organisation"].(map[string]any)["name"] = "Globex"
			a := cycle0(m)["assessments"].([]any)[0].(map[string]any)
			a["score"] = 7
			b := cycle0(m)["build"].([]any)[0].(map[string]any)
			b["service"] = "Z-1"
		}), []string{"3 problems", "cycles[0].assessments[0].score: 7 is outside 0-5", `cycles[0].build[0].service: "Z-1" is not in pack`}},
		{"exists", orig, []string{`organisation "Acme Corp" (`, `is already in this database`, "check it in"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "in.json")
			os.WriteFile(path, tc.data, 0o600)
			sum := checksum(t, fx.s)
			_, err := PlanImport(ctx, fx.s, path)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, want a *ValidationError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
			if checksum(t, fx.s) != sum {
				t.Error("a refused import changed the database")
			}
		})
	}
}

// asciiPrefix cuts data near n, at a byte that ends no multi-byte character, so the cut is
// a truncation and not an encoding error.
func asciiPrefix(data []byte, n int) []byte {
	for n > 0 && data[n-1] >= 0x80 {
		n--
	}
	return data[:n]
}
