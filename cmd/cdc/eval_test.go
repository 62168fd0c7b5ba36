package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/charmbracelet/x/ansi"
)

// evalDB creates an organisation "Acme" whose first cycle has six services in scope:
//
//	A-1 M cdc      target 3 current 2
//	A-2 M none     target 4 current 1
//	A-3 M external target 2 current 3
//	A-4 M cdc      no target current 4
//	A-5 R internal target 3 not assessed
//	C-2 O shared   target 5 current 0
//
// With second, a carried-over cycle "Cycle 2" re-assesses A-1 to 3 and A-2 to 0.
func evalDB(t *testing.T, second bool) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cdc.db")
	s, err := catalog.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o, c, err := s.AddOrg(ctx, catalog.NewOrg{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	must := func(_ int, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	out := false
	all, err := catalog.BuiltinPack().Resolve([]string{"all"})
	if err != nil {
		t.Fatal(err)
	}
	must(s.SetBuild(ctx, c.ID, all, catalog.BuildPatch{InScope: &out, Reason: "not run here"}))
	in := true
	build := []struct {
		id     string
		assign catalog.Assignment
		target *int
	}{
		{"A-1", catalog.AssignCDC, new(3)}, {"A-2", catalog.AssignNone, new(4)}, {"A-3", catalog.AssignExternal, new(2)},
		{"A-4", catalog.AssignCDC, nil}, {"A-5", catalog.AssignInternal, new(3)}, {"C-2", catalog.AssignShared, new(5)},
	}
	for _, b := range build {
		must(s.SetBuild(ctx, c.ID, []string{b.id}, catalog.BuildPatch{InScope: &in, Assignment: &b.assign, Target: b.target}))
	}
	for id, v := range map[string]int{"A-1": 2, "A-2": 1, "A-3": 3, "A-4": 4, "C-2": 0} {
		must(s.SetAssessment(ctx, c.ID, id, catalog.AssessmentPatch{Score: new(v)}))
	}
	if second {
		c2, err := s.StartCycle(ctx, o.ID, catalog.NewCycle{Name: "Cycle 2", CarryOver: true})
		if err != nil {
			t.Fatal(err)
		}
		must(s.SetAssessment(ctx, c2.ID, "A-1", catalog.AssessmentPatch{Score: new(3)}))
		must(s.SetAssessment(ctx, c2.ID, "A-2", catalog.AssessmentPatch{Score: new(0)}))
	}
	return path
}

// runCdc runs one command line against db and returns stdout.
func runCdc(t *testing.T, db string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRootCmd(&out, &errOut)
	root.SetArgs(append([]string{"--db", db}, args...))
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func near(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if got == nil || math.Abs(*got-want) > 1e-9 {
		v := "null"
		if got != nil {
			v = strconv.FormatFloat(*got, 'g', -1, 64)
		}
		t.Errorf("%s = %s, want %v", what, v, want)
	}
}

func TestEvalJSON(t *testing.T) {
	db := evalDB(t, false)
	out, err := runCdc(t, db, "eval", "--org", "Acme", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var r scoring.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if !strings.Contains(out, "\n  \"organisation\": {") {
		t.Errorf("JSON is not indented by 2:\n%.200s", out)
	}
	if r.Organisation.Name != "Acme" || r.Cycle.Name != "Cycle 1" || r.Pack.ID != "x1060" || len(r.Services) != 64 {
		t.Errorf("header %+v %+v %+v, %d services", r.Organisation, r.Cycle, r.Pack, len(r.Services))
	}
	// (3x2 + 3x1 + 3x3 + 3x4 + 1x0) / (5 x 13)
	near(t, "maturity", r.Portfolio.MaturityIndex, 100*30.0/65)
	// (3x3 + 3x4 + 3x2 + 1x5) / (5 x 10)
	near(t, "target", r.Portfolio.TargetIndex, 64)
	// (3x2 + 3x1 + 3x2 + 1x0) / 32
	near(t, "attainment", r.Portfolio.AttainmentIndex, 100*15.0/32)
	near(t, "mandatory coverage", r.Catalogue.Coverage.Mandatory, 0.75)
	near(t, "overall coverage", r.Catalogue.Coverage.Overall, 5.0/6)
	near(t, "completeness", r.Catalogue.AssessedRatio, 5.0/6)
	if strings.Join(r.Catalogue.MissingMandatory, ",") != "A-2" || strings.Join(r.Catalogue.WithoutTarget, ",") != "A-4" {
		t.Errorf("missing %v, without target %v", r.Catalogue.MissingMandatory, r.Catalogue.WithoutTarget)
	}
	var ids []string
	for _, p := range r.Profile.Priorities {
		ids = append(ids, p.ID)
	}
	if strings.Join(ids, ",") != "A-2,C-2,A-1" {
		t.Errorf("priorities %v, want A-2 (9), C-2 (5), A-1 (3)", ids)
	}
	if !strings.Contains(out, `"maturity_index": 46.15384615384615`) {
		t.Errorf("maturity is not printed at full precision")
	}
}

// checkPlain fails when out has escape sequences or a line wider than the summary width.
func checkPlain(t *testing.T, out string) {
	t.Helper()
	if strings.Contains(out, "\x1b") {
		t.Errorf("piped output has escape sequences:\n%q", out)
	}
	for i, l := range strings.Split(out, "\n") {
		if w := lipgloss.Width(l); w > evalWidth {
			t.Errorf("line %d is %d columns wide:\n%s", i+1, w, l)
		}
	}
}

func TestEvalText(t *testing.T) {
	one, two := evalDB(t, false), evalDB(t, true)
	tests := []struct {
		name   string
		db     string
		args   []string
		want   []string
		reject []string
	}{
		{
			name: "English, first cycle", db: one, args: []string{"--lang", "en"},
			want: []string{
				"CDC evaluation: Acme", "Cycle Cycle 1 (open)", "x1060@2021.06",
				"Maturity index    46.2", "Target index      64.0", "Attainment index  46.9",
				"Mandatory           3         4       75%", "Overall             5         6       83%",
				"Assessment completeness: 83% (5 of 6 assessed)", "Carried out by: CDC 2 (33%), Internal 1 (17%)",
				"Mandatory services not provided (1): A-2", "Services without a target (1): A-4",
				"1.  A-2  Risk assessment", "No previous cycle to compare with.",
			},
			reject: []string{"Changes since"},
		},
		{
			name: "Japanese, first cycle", db: one, args: []string{"--lang", "ja"},
			want: []string{
				"CDC評価: Acme", "成熟度指数  46.2", "実施者: CDC 2 (33%)、社内他部門 1 (17%)", "未実施の必須サービス (1): A-2", "評価完了率: 83%（6件中5件評価済み）",
				"リスクアセスメント", "マルウェア検体解析", "カテゴリ別プロファイル評価", "比較できる前回のサイクルはありません。",
			},
			reject: []string{"Risk assessment", "Maturity"},
		},
		{
			name: "English, second cycle with carried-over scores", db: two, args: []string{"--lang", "en"},
			want: []string{
				"Changes since Cycle 1", "improved 1, declined 1, unchanged 0, carried over 3, newly assessed 0",
				"declined: A-2 1->0", "improved: A-1 2->3", "Cycle 1", "Cycle 2",
			},
		},
		{
			name: "Japanese, first cycle chosen by name", db: two, args: []string{"--lang", "ja", "--cycle", "Cycle 1"},
			want: []string{"サイクル Cycle 1（実施中）", "比較できる前回のサイクルはありません。"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runCdc(t, tt.db, append([]string{"eval", "--org", "Acme"}, tt.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			checkPlain(t, out)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.reject {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestEvalNothingAssessed(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "cdc.db")
	s, err := catalog.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddOrg(ctx, catalog.NewOrg{Name: "Blank"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, lang := range []string{"en", "ja"} {
		out, err := runCdc(t, db, "eval", "--org", "Blank", "--lang", lang)
		if err != nil {
			t.Fatal(err)
		}
		checkPlain(t, out)
		want := map[string]string{"en": "Maturity index    —\n", "ja": "成熟度指数  —\n"}[lang]
		if !strings.Contains(out, want) {
			t.Errorf("%s: indices are not shown as undefined:\n%s", lang, out)
		}
	}
	out, err := runCdc(t, db, "eval", "--org", "Blank", "--json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"maturity_index": null`) {
		t.Errorf("JSON maturity is not null:\n%.400s", out)
	}
}

func TestEvalColour(t *testing.T) {
	db := evalDB(t, true)
	plain, err := runCdc(t, db, "eval", "--org", "Acme", "--lang", "en")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("CLICOLOR_FORCE", "1")
	t.Setenv("NO_COLOR", "")
	coloured, err := runCdc(t, db, "eval", "--org", "Acme", "--lang", "en")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(coloured, "\x1b[") {
		t.Fatal("forced colour output has no escape sequences")
	}
	if ansi.Strip(coloured) != plain {
		t.Errorf("coloured output differs from the plain one once styles are removed:\n%s\n---\n%s", ansi.Strip(coloured), plain)
	}
	t.Setenv("NO_COLOR", "1")
	t.Setenv("CLICOLOR_FORCE", "")
	if out, _ := runCdc(t, db, "eval", "--org", "Acme"); strings.Contains(out, "\x1b[") {
		t.Error("NO_COLOR output has escape sequences")
	}
}

func TestEvalMethod(t *testing.T) {
	db := evalDB(t, false)
	for lang, want := range map[string]string{"en": "Maturity index: 100 x sum(w x current) / sum(w x 5)", "ja": "成熟度指数"} {
		out, err := runCdc(t, db, "eval", "--org", "Acme", "--method", "--lang", lang)
		if err != nil {
			t.Fatal(err)
		}
		checkPlain(t, out)
		if !strings.Contains(out, want) {
			t.Errorf("%s method lacks %q:\n%s", lang, want, out)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	db := evalDB(t, false)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"eval", "--org", "Nobody"}, `organisation "Nobody" does not exist`},
		{[]string{"eval", "--org", "Acme", "--cycle", "FY1999"}, `cycle "FY1999" does not exist`},
		{[]string{"eval"}, "required flag --org is not given"},
		{[]string{"eval", "--org", "Acme", "--lang", "de"}, `language "de" is not supported`},
		{[]string{"eval", "--org", "Acme", "--json", "--method"}, "--json and --method"},
	}
	for _, tt := range tests {
		_, err := runCdc(t, db, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("cdc %s: error %v, want one mentioning %q", strings.Join(tt.args, " "), err, tt.want)
		}
	}
}

func TestOutTable(t *testing.T) {
	tb := newTable("ID", "Name", "N").alignRight(2)
	tb.width = 24
	tb.row("A-1", "リスクアセスメントの長い名前", "3")
	tb.row("A-10", "Short", "12")
	tb.row("A-2", "a\x1b[31mb\tc\n", "1")
	got := ansi.Strip(tb.String())
	want := "ID    NAME             N\n" +
		"A-1   リスクアセス…    3\n" +
		"A-10  Short           12\n" +
		"A-2   a␛[31mb c        1"
	if got != want {
		t.Errorf("table =\n%s\nwant\n%s", got, want)
	}
	for _, l := range strings.Split(got, "\n") {
		if lipgloss.Width(l) > 24 {
			t.Errorf("line %q is wider than 24", l)
		}
	}
	// The full stop may not start a line, so 了 moves down with it.
	if got := wrapText("評価が完了。", 12, 2); got != "  評価が完\n  了。" {
		t.Errorf("wrapText = %q", got)
	}
	if got := wrapHang("one two three four", 12, 2, 4); got != "  one two\n    three\n    four" {
		t.Errorf("wrapHang = %q", got)
	}
	if got := wrapItems("IDs: ", []string{"A-1", "A-2", "A-10"}, ", ", 14, 2, 4); got != "  IDs: A-1,\n    A-2, A-10" {
		t.Errorf("wrapItems = %q", got)
	}
}

// Below 80% completeness every index is marked provisional, in the interface language.
func TestEvalProvisional(t *testing.T) {
	db := evalDB(t, false)
	if _, err := runCdc(t, db, "assess", "set", "--org", "Acme", "A-1", "--score", "none"); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string][]string{
		"en": {"Maturity index    ", "provisional", "4 of 6 assessed"},
		"ja": {"暫定", "6件中4件評価済み"},
	} {
		out, err := runCdc(t, db, "eval", "--org", "Acme", "--lang", lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", lang, w, out)
			}
		}
		if n := strings.Count(out, vocab.For(catalog.Lang(lang)).Provisional()); n != 3 {
			t.Errorf("%s: %d indices marked provisional, want 3", lang, n)
		}
	}
	full, err := runCdc(t, evalDB(t, false), "eval", "--org", "Acme")
	if err != nil || strings.Contains(full, "provisional") {
		t.Errorf("83%% complete is not provisional: %v\n%s", err, full)
	}
}

// At 80 columns every header of the summary is whole in every language: a long name wraps
// onto further lines instead, and the lines keep to the width.
func TestEvalHeadersWholeEveryLanguage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cdc.db")
	if _, err := runCdc(t, db, "demo"); err != nil {
		t.Fatal(err)
	}
	headers := []string{"cli.eval.category", "cli.col.current", "field.target", "cli.eval.attainment", "cli.eval.change",
		"cli.col.id", "field.service", "field.level", "cli.eval.gap", "cli.eval.priority", "cli.eval.provided", "scope.in",
		"cli.eval.coverage", "entity.cycle", "index.maturity", "index.target", "index.attainment"}
	for _, lang := range vocab.Languages() {
		t.Run(string(lang), func(t *testing.T) {
			out, err := runCdc(t, db, "eval", "--org", catalog.DemoOrgName, "--lang", string(lang))
			if err != nil {
				t.Fatal(err)
			}
			checkPlain(t, out)
			p := vocab.For(lang)
			for _, k := range headers {
				if h := strings.ToUpper(p.T(k)); !strings.Contains(out, "  "+h) {
					t.Errorf("header %q (%s) is not whole:\n%s", h, k, out)
				}
			}
			// Names are wrapped, not cut: every service of the priorities shows its whole name.
			for _, name := range map[catalog.Lang][]string{catalog.EN: {"Policy management"}, catalog.FR: {"Gestion des", "politiques"},
				catalog.ES: {"Gestión de", "políticas"}, catalog.JA: {"ポリシー管理"}}[lang] {
				if !strings.Contains(out, name) {
					t.Errorf("%q is not shown:\n%s", name, out)
				}
			}
			// However many lines a category's name takes: the longest is never cut.
			if strings.Contains(out, "…") {
				t.Errorf("a name is cut:\n%s", out)
			}
			if lang == catalog.EN && !strings.Contains(out, "     intelligence\n") {
				t.Errorf("category F's name does not end on a line of its own:\n%s", out)
			}
		})
	}
}
