package main

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/xuri/excelize/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/cdc-toolkit/cdc/tui"
)

// The same evaluation of the demo organisation is read off the TUI (Overview, Evaluate scores
// and results), `cdc eval` (text and --json) and the exported report, and every figure each of
// them shows must have the digits MODEL.md prescribes ("Showing figures": half away from zero,
// one decimal for means and indices, whole percent for ratios, largest remainder for shares).
// The expected digits are worked out here, apart from the formatter, so that a rounding change in
// the formatter or in one presentation fails the test.

// tenths is v to one decimal, half away from zero, worked on integers of millionths.
func tenths(v float64) string {
	m := int64(math.Round(math.Abs(v) * 1e6))
	t := (m + 50_000) / 100_000
	s := strconv.FormatInt(t/10, 10) + "." + strconv.FormatInt(t%10, 10)
	if v < 0 && t != 0 {
		s = "-" + s
	}
	return s
}

// signedTenths is a change to one decimal with its sign ("+9.8", "-1.0", "0.0").
func signedTenths(v float64) string {
	s := tenths(v)
	if s != "0.0" && !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

// percent is a ratio (0-1) as a whole percentage, half away from zero.
func percent(ratio float64) string {
	m := int64(math.Round(ratio * 1e6)) // ten-thousandths of a percent
	return strconv.FormatInt((m+5_000)/10_000, 10) + "%"
}

// whole is a count or an integral figure such as a weighted gap.
func whole(v float64) string { return strconv.FormatInt(int64(math.Round(v)), 10) }

// shares are the counts' whole percentages by the largest remainder, ties to the earlier one.
func shares(counts ...int) []string {
	total := 0
	for _, c := range counts {
		total += c
	}
	pct := make([]int, len(counts))
	order := make([]int, len(counts))
	left := 100
	for i, c := range counts {
		pct[i] = c * 100 / total
		left -= pct[i]
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return counts[order[a]]*100%total > counts[order[b]]*100%total })
	for _, i := range order[:left] {
		pct[i]++
	}
	out := make([]string, len(pct))
	for i, v := range pct {
		out[i] = strconv.Itoa(v) + "%"
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// expected are the figures of the evaluation, as digits.
type expected struct {
	r                            scoring.Result
	maturity, target, attainment string
	changes                      [3]string // the indices' change since the previous cycle
	prevMaturity                 string
	coverage                     map[catalog.Level]string
	overall                      string
	mix                          []string // CDC, internal, external, shared, none: count, share, ...
	priorities                   [][]string
}

func expect(t *testing.T, r scoring.Result) expected {
	t.Helper()
	pf := r.Portfolio
	if pf.MaturityIndex == nil || pf.TargetIndex == nil || pf.AttainmentIndex == nil || len(pf.Trend) < 2 {
		t.Fatalf("the demo evaluation lacks an index or a previous cycle: %+v", pf)
	}
	prev := pf.Trend[len(pf.Trend)-2]
	e := expected{
		r:        r,
		maturity: tenths(*pf.MaturityIndex), target: tenths(*pf.TargetIndex), attainment: tenths(*pf.AttainmentIndex),
		changes: [3]string{
			signedTenths(*pf.MaturityIndex - *prev.MaturityIndex),
			signedTenths(*pf.TargetIndex - *prev.TargetIndex),
			signedTenths(*pf.AttainmentIndex - *prev.AttainmentIndex),
		},
		prevMaturity: tenths(*prev.MaturityIndex),
		coverage:     map[catalog.Level]string{},
		overall:      percent(*r.Catalogue.Coverage.Overall),
	}
	for _, l := range r.Catalogue.ByLevel {
		e.coverage[l.Level] = percent(*l.Coverage)
	}
	m := pf.ProviderMix
	counts := []int{m.CDC, m.Internal, m.External, m.Shared, m.None}
	sh := shares(counts...)
	for i, c := range counts {
		e.mix = append(e.mix, itoa(c), sh[i])
	}
	for _, p := range r.Profile.Priorities {
		e.priorities = append(e.priorities, []string{p.ID, itoa(p.Current), itoa(p.Target), itoa(p.Gap), whole(p.Priority)})
	}
	return e
}

// category is the digits of one category: mean current, mean target, attainment.
func (e expected) category(c scoring.CategoryProfile) (current, target, attain string) {
	return tenths(*c.MeanCurrent), tenths(*c.MeanTarget), percent(*c.Attainment)
}

// categoryChange is the change of a category's mean current since the previous cycle.
func (e expected) categoryChange(id string) (before, change string, ok bool) {
	for _, c := range e.r.Portfolio.CategoryChanges {
		if c.ID == id && c.From != nil && c.To != nil {
			return tenths(*c.From), signedTenths(*c.To - *c.From), true
		}
	}
	return "", "", false
}

func TestSameDigitsEverywhere(t *testing.T) {
	t.Setenv("CDC_LANG", "en")
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "cdc.db")
	s, err := catalog.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o, err := s.LoadDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.FindCycle(ctx, o.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	cur, err := s.CycleData(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	history, err := s.History(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	e := expect(t, scoring.Evaluate(cur, history))
	// The demo is built to hold a mean at an exact half (2.25), the case half to even gets wrong.
	half := false
	for _, cat := range e.r.Profile.Categories {
		if cat.MeanTarget != nil && *cat.MeanTarget == 2.25 || cat.MeanCurrent != nil && *cat.MeanCurrent == 2.25 {
			half = true
		}
	}
	if !half {
		t.Fatal("no category mean of the demo is 2.25: the test no longer tells rounding rules apart")
	}

	t.Run("eval", func(t *testing.T) { checkEvalText(t, e, evalOut(t, db)) })
	t.Run("eval --json", func(t *testing.T) { checkEvalJSON(t, e, evalJSON(t, db)) })
	t.Run("tui", func(t *testing.T) { checkTUI(t, e, s) })
	t.Run("workbook", func(t *testing.T) { checkWorkbook(t, e, reportFile(t, db)) })
}

func evalOut(t *testing.T, db string) string {
	t.Helper()
	out, err := runCdc(t, db, "--lang", "en", "eval", "--org", catalog.DemoOrgName)
	if err != nil {
		t.Fatal(err)
	}
	return ansi.Strip(out)
}

func evalJSON(t *testing.T, db string) scoring.Result {
	t.Helper()
	out, err := runCdc(t, db, "--lang", "en", "eval", "--org", catalog.DemoOrgName, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var r scoring.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	return r
}

func reportFile(t *testing.T, db string) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if _, err := runCdc(t, db, "--lang", "en", "export", "report", "--org", catalog.DemoOrgName, "-o", path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// words splits a screen line into the words and figures it shows.
func words(line string) []string {
	return strings.FieldsFunc(line, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("()/,:;·→▲▼=↺›!", r) // "!" marks a gap or a due date
	})
}

// screen is text shown to the user, searched line by line.
type screen struct {
	t     *testing.T
	where string
	lines []string
}

func newScreen(t *testing.T, where, text string) screen {
	return screen{t: t, where: where, lines: strings.Split(text, "\n")}
}

// line is the first line after the first one containing after (when given) whose words begin
// with first; it fails the test when there is none.
func (s screen) line(after string, first ...string) []string {
	s.t.Helper()
	started := after == ""
	for _, l := range s.lines {
		if !started {
			started = strings.Contains(l, after)
			continue
		}
		w := words(l)
		if len(w) >= len(first) && reflect.DeepEqual(w[:len(first)], first) {
			return w
		}
	}
	s.t.Fatalf("%s: no line starting %q (after %q):\n%s", s.where, first, after, strings.Join(s.lines, "\n"))
	return nil
}

// has fails unless the line shows the figures in this order.
func (s screen) has(line []string, figures ...string) {
	s.t.Helper()
	i := 0
	for _, w := range line {
		if i < len(figures) && w == figures[i] {
			i++
		}
	}
	if i < len(figures) {
		s.t.Errorf("%s: %q shows %q where %q is due (want %q in order)", s.where, strings.Join(line, " "), line, figures[i], figures)
	}
}

func checkEvalText(t *testing.T, e expected, out string) {
	sc := newScreen(t, "cdc eval", out)
	cat := e.r.Catalogue
	sc.has(sc.line("", "Maturity", "index"), e.maturity)
	sc.has(sc.line("", "Target", "index"), e.target)
	sc.has(sc.line("", "Attainment", "index"), e.attainment)
	sc.has(sc.line("", "Weighted"), itoa(cat.Assessed), "of", itoa(cat.InScope))
	for _, l := range cat.ByLevel {
		sc.has(sc.line("LEVEL", strings.ToUpper(string(l.Level[:1]))+string(l.Level[1:])), itoa(l.Provided), itoa(l.InScope), e.coverage[l.Level])
	}
	sc.has(sc.line("LEVEL", "Overall"), itoa(cat.Provided), itoa(cat.InScope), e.overall)
	sc.has(sc.line("", "Assessment", "completeness"), percent(*cat.AssessedRatio), itoa(cat.Assessed), itoa(cat.InScope))
	mix := strings.Join(words(out[strings.Index(out, "Carried out by"):strings.Index(out, "Mandatory services not")]), " ")
	sc.has(words(mix), e.mix...)
	for _, c := range e.r.Profile.Categories {
		mc, mt, att := e.category(c)
		figs := []string{mc, mt, att}
		if _, ch, ok := e.categoryChange(c.ID); ok {
			figs = append(figs, ch)
		}
		sc.has(sc.line("Profile evaluation", c.ID), figs...)
	}
	shown := 0
	for _, p := range e.priorities {
		for _, l := range sc.lines {
			if w := words(l); len(w) > 1 && w[1] == p[0] && strings.HasSuffix(w[0], ".") {
				sc.has(w, p...)
				shown++
			}
		}
	}
	if shown == 0 || !strings.Contains(out, "and "+itoa(len(e.priorities)-shown)+" more below target") {
		t.Errorf("cdc eval lists %d of %d priorities without saying how many more:\n%s", shown, len(e.priorities), out)
	}
	sc.has(sc.line("Trend", e.r.Portfolio.Trend[0].Cycle), e.prevMaturity)
	sc.has(sc.line("Trend", e.r.Cycle.Name), e.maturity, e.target, e.attainment)
}

func checkEvalJSON(t *testing.T, e expected, r scoring.Result) {
	got := expect(t, r)
	if !reflect.DeepEqual(got.maturity+got.target+got.attainment, e.maturity+e.target+e.attainment) ||
		got.changes != e.changes || !reflect.DeepEqual(got.coverage, e.coverage) || got.overall != e.overall ||
		!reflect.DeepEqual(got.mix, e.mix) || !reflect.DeepEqual(got.priorities, e.priorities) {
		t.Errorf("cdc eval --json gives other digits:\n got %+v\nwant %+v", got, e)
	}
	for i, c := range r.Profile.Categories {
		a1, a2, a3 := got.category(c)
		b1, b2, b3 := e.category(e.r.Profile.Categories[i])
		if a1 != b1 || a2 != b2 || a3 != b3 || c.InScope != e.r.Profile.Categories[i].InScope || c.Assessed != e.r.Profile.Categories[i].Assessed {
			t.Errorf("cdc eval --json category %s: %s %s %s, want %s %s %s", c.ID, a1, a2, a3, b1, b2, b3)
		}
	}
}

// tuiRun drives the TUI model synchronously, as the program would: every command runs and its
// message goes back to Update until none is left.
type tuiRun struct {
	t *testing.T
	m tea.Model
}

func (h *tuiRun) send(msg tea.Msg) {
	h.t.Helper()
	m, cmd := h.m.Update(msg)
	h.m = m
	h.run(cmd)
}

func (h *tuiRun) run(cmd tea.Cmd) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(10 * time.Second):
		h.t.Fatal("a TUI command did not answer within 10s")
	}
	if msg == nil {
		return
	}
	if _, ok := msg.(tea.QuitMsg); ok {
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		for i := 0; i < v.Len(); i++ {
			h.run(v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	h.send(msg)
}

func (h *tuiRun) press(keys ...tea.KeyPressMsg) {
	h.t.Helper()
	for _, k := range keys {
		h.send(k)
	}
}

func (h *tuiRun) view() string { return ansi.Strip(h.m.View().Content) }

func checkTUI(t *testing.T, e expected, s *catalog.Store) {
	m := tui.New(context.Background(), s, catalog.EN, tui.WithPollInterval(0))
	h := &tuiRun{t: t, m: m}
	// Tall enough that every row of the evaluation is on screen at once; narrower than the 160
	// columns from which the Overview and the results draw two columns, so each row is a line.
	h.send(tea.WindowSizeMsg{Width: 150, Height: 140})
	h.run(m.Init())
	enter, tab := tea.KeyPressMsg{Code: tea.KeyEnter}, tea.KeyPressMsg{Code: tea.KeyTab}
	h.press(enter)
	cat := e.r.Catalogue

	overview := newScreen(t, "TUI Overview", h.view())
	for i, idx := range [][]string{{"Maturity", "index", e.maturity}, {"Target", "index", e.target}, {"Attainment", "index", e.attainment}} {
		overview.has(overview.line("", idx[:2]...), idx[2], e.changes[i], itoa(cat.Assessed), "of", itoa(cat.InScope))
	}
	overview.has(overview.line("", "Mandatory", "services", "provided"), e.coverage[catalog.Mandatory], itoa(len(e.priorities)))
	for _, c := range e.r.Profile.Categories {
		mc, mt, _ := e.category(c)
		overview.has(overview.line("Categories", c.ID), mc, mt)
	}
	for _, p := range e.priorities[:5] {
		overview.has(overview.line("Top priorities", p[0]), p...)
	}

	h.press(tab, tab, tab)
	scores := newScreen(t, "TUI Evaluate", h.view())
	for _, row := range e.r.Services {
		if !row.InScope || !row.Assessed {
			continue
		}
		scores.has(scores.line("Assignment", row.ID), figuresOf(row)...)
	}

	h.press(tea.KeyPressMsg{Code: 'r', Text: "r"})
	results := newScreen(t, "TUI Evaluate results", h.view())
	for _, idx := range [][]string{{"Maturity", "index", e.maturity}, {"Target", "index", e.target}, {"Attainment", "index", e.attainment}} {
		results.has(results.line("Portfolio", idx[:2]...), idx[2], itoa(cat.Assessed), "of", itoa(cat.InScope))
	}
	results.has(results.line("Portfolio", "Trend"), e.r.Portfolio.Trend[0].Cycle, e.prevMaturity, e.r.Cycle.Name, e.maturity)
	results.has(results.line("Portfolio", "Providers"), e.mix...)
	for _, l := range cat.ByLevel {
		results.has(results.line("Catalogue coverage", strings.ToUpper(string(l.Level[:1]))+string(l.Level[1:])), e.coverage[l.Level])
	}
	results.has(results.line("Catalogue coverage", "Overall"), e.overall)
	results.has(results.line("Catalogue coverage", "Assessed"), itoa(cat.Assessed), "of", itoa(cat.InScope), percent(*cat.AssessedRatio), itoa(len(cat.WithoutTarget)))
	for _, c := range e.r.Profile.Categories {
		mc, mt, _ := e.category(c)
		results.has(results.line("Profile", c.ID), mc, mt)
	}
	for i, p := range e.priorities {
		results.has(results.line("Priorities", itoa(i+1), p[0]), p...)
	}
}

// figuresOf is a service's target, current and gap as digits.
func figuresOf(row scoring.ServiceRow) []string {
	var out []string
	for _, v := range []*int{row.Target, row.Current, row.Gap} {
		if v != nil {
			out = append(out, itoa(*v))
		}
	}
	return out
}

// sheet is the rows of a workbook sheet, each found by its first cell.
type sheet struct {
	t    *testing.T
	name string
	rows [][]string
}

func readSheet(t *testing.T, f *excelize.File, name string) sheet {
	t.Helper()
	rows, err := f.GetRows(name)
	if err != nil {
		t.Fatalf("sheet %s: %v", name, err)
	}
	return sheet{t: t, name: name, rows: rows}
}

// row is the first row below the one whose first cell is after (when given) whose first cell is first.
func (s sheet) row(after, first string) []string {
	s.t.Helper()
	started := after == ""
	for _, r := range s.rows {
		if len(r) == 0 {
			continue
		}
		if !started {
			started = r[0] == after
			continue
		}
		if r[0] == first {
			return r
		}
	}
	s.t.Fatalf("workbook %s: no row %q after %q", s.name, first, after)
	return nil
}

// cells fails unless the row's cells, from column B on, show the figures (an empty want is not checked).
func (s sheet) cells(r []string, want ...string) {
	s.t.Helper()
	for i, w := range want {
		got := ""
		if i+1 < len(r) {
			got = r[i+1]
		}
		if w != "" && got != w {
			s.t.Errorf("workbook %s row %q column %c: %q, want %q", s.name, r[0], 'B'+i, got, w)
		}
	}
}

func checkWorkbook(t *testing.T, e expected, f *excelize.File) {
	cat := e.r.Catalogue
	completeness := vocab.For(catalog.EN).Completeness(cat.Assessed, cat.InScope) // words, not digits: checked below
	if !strings.Contains(completeness, itoa(cat.Assessed)) || !strings.Contains(completeness, itoa(cat.InScope)) {
		t.Fatalf("completeness %q does not name %d of %d", completeness, cat.Assessed, cat.InScope)
	}
	sum := readSheet(t, f, "Summary")
	sum.cells(sum.row("Indices", "Maturity index"), e.maturity, e.changes[0], "", completeness)
	sum.cells(sum.row("Indices", "Target index"), e.target, e.changes[1], "", completeness)
	sum.cells(sum.row("Indices", "Attainment index"), e.attainment, e.changes[2], "", completeness)
	for _, l := range cat.ByLevel {
		sum.cells(sum.row("Coverage by level", strings.ToUpper(string(l.Level[:1]))+string(l.Level[1:])), e.coverage[l.Level])
	}
	sum.cells(sum.row("Coverage by level", "All levels"), e.overall)

	prof := readSheet(t, f, "Profile")
	for _, c := range e.r.Profile.Categories {
		mc, mt, att := e.category(c)
		prof.cells(prof.row("", c.ID+" "+c.Name.In(catalog.EN)), itoa(c.InScope), itoa(c.Assessed), mc, mt, att)
	}

	pr := readSheet(t, f, "Priorities")
	if got := len(pr.rows) - 2; got != len(e.priorities) {
		t.Errorf("workbook Priorities lists %d services, want %d", got, len(e.priorities))
	}
	for _, p := range e.r.Profile.Priorities {
		pr.cells(pr.row("ID", p.ID), "", "", itoa(p.Current), itoa(p.Target), itoa(p.Gap), whole(p.Weight), whole(p.Priority))
	}

	cg := readSheet(t, f, "Catalogue")
	for _, row := range e.r.Services {
		want := []string{"", "", "", "", "", "", "", "", "", ""}
		if row.Target != nil {
			want[6] = itoa(*row.Target)
		}
		if row.Current != nil {
			want[7] = itoa(*row.Current)
		}
		if row.Gap != nil {
			want[8] = itoa(*row.Gap)
		}
		if row.Attainment != nil {
			want[9] = percent(*row.Attainment)
		}
		cg.cells(cg.row("ID", row.ID), want...)
	}

	pf := readSheet(t, f, "Portfolio")
	names := []string{"CDC", "Internal", "External", "Shared", "None"}
	for i, n := range names {
		pf.cells(pf.row("Assignment", n), e.mix[2*i], e.mix[2*i+1])
	}
	for _, tp := range e.r.Portfolio.Trend {
		pf.cells(pf.row("Index trend", tp.Cycle), tenths(*tp.MaturityIndex), tenths(*tp.TargetIndex), tenths(*tp.AttainmentIndex))
	}
	for _, c := range e.r.Profile.Categories {
		before, _, ok := e.categoryChange(c.ID)
		if !ok {
			continue
		}
		pf.cells(pf.row("Category changes since "+e.r.Portfolio.Trend[len(e.r.Portfolio.Trend)-2].Cycle, c.ID+" "+c.Name.In(catalog.EN)), before, tenths(*c.MeanCurrent))
	}
}
