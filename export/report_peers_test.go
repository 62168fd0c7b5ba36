package export

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/synth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/xuri/excelize/v2"
)

// peerProgramme copies the 40-organisation programme (size bands of 6, 18, 12 and 4) and
// returns it with the current cycles of an organisation of the band of 6 and one of the band of 4.
func peerProgramme(t *testing.T) (s *catalog.Store, six, four catalog.Cycle) {
	t.Helper()
	ctx := context.Background()
	src, err := synth.ProgrammeFixture(ctx, synth.Programme40)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "programme.db")
	if err := synth.CopyDB(src, path); err != nil {
		t.Fatal(err)
	}
	if s, err = catalog.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	cycleOf := func(i int) catalog.Cycle {
		o, err := s.FindOrg(ctx, synth.ProgrammeOrgName(i))
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.FindCycle(ctx, o.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// In every run of 40, the first six are below 100 staff and the last four above 10,000.
	return s, cycleOf(2), cycleOf(37)
}

func writePeerReport(t *testing.T, s *catalog.Store, c catalog.Cycle, lang catalog.Lang, by scoring.GroupBy, set string) (scoring.Peers, *excelize.File, string) {
	t.Helper()
	ctx := context.Background()
	peers, err := ComparePeers(ctx, s, c.ID, by, set)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report-"+string(lang)+".xlsx")
	if err := WriteReport(ctx, s, c.ID, ReportOptions{Lang: lang, Peers: &peers, Now: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}, path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return peers, f, path
}

func peerSheetText(t *testing.T, f *excelize.File, sh string) string {
	t.Helper()
	rows, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t") + "\n")
	}
	return b.String()
}

// A group of 4 (3 others) is refused in words and shows nothing of the group; a group of 6
// (5 others) is shown with scoring's figures, rounded once.
func TestReportPeersKRule(t *testing.T) {
	s, six, four := peerProgramme(t)
	ctx := context.Background()

	peers, f, _ := writePeerReport(t, s, four, catalog.EN, scoring.BySizeBand, "")
	if peers.Status != scoring.PeersTooFew || peers.Others != 3 || len(peers.Lines) != 0 || len(peers.Figures) != 0 {
		t.Fatalf("group of 4: %+v", peers)
	}
	text := peerSheetText(t, f, "Peers")
	if !strings.Contains(text, "It holds 3 other organisations with an assessed cycle; at least 5 are needed") {
		t.Errorf("the refusal does not say how many peers there are and how many are needed:\n%s", text)
	}
	for _, w := range []string{"Median", "Percentile rank", "Maturity index"} {
		if strings.Contains(text, w) {
			t.Errorf("a refused group shows %q:\n%s", w, text)
		}
	}

	peers, f, path := writePeerReport(t, s, six, catalog.EN, scoring.BySizeBand, "")
	if peers.Status != scoring.PeersShown || peers.Others != 5 || peers.Group != "1-99" {
		t.Fatalf("group of 6: %+v", peers)
	}
	// The same comparison straight from scoring, and the organisation's own figures from the
	// evaluation every other sheet shows.
	orgs, err := s.Programme(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := scoring.ComparePeers(scoring.BuildProgramme(orgs), peers.Org.ID, scoring.BySizeBand)
	d, _ := s.CycleData(ctx, six.ID)
	hist, _ := s.History(ctx, d.Org.ID)
	res := scoring.Evaluate(d, hist)
	if len(peers.Lines) != 3+len(res.Profile.Categories) {
		t.Fatalf("%d lines, want 3 indices and %d categories", len(peers.Lines), len(res.Profile.Categories))
	}
	rows, _ := f.GetRows("Peers")
	raw := func(ref string) string {
		v, _ := f.GetCellValue("Peers", ref, excelize.Options{RawCellValue: true})
		return v
	}
	round := func(v *float64, dec int) string {
		if v == nil {
			return "—"
		}
		return fmtRaw(vocab.Round(*v, dec))
	}
	check := func(label string, value *float64, figure, category string) {
		t.Helper()
		r := programmeRowOf(t, f, "Peers", label)
		var g *scoring.PeerFigure
		for i := range want.Figures {
			if want.Figures[i].Figure == figure && want.Figures[i].Category == category {
				g = &want.Figures[i]
			}
		}
		if g == nil {
			t.Fatalf("%s: scoring has no group figure", label)
		}
		got := []string{raw(cellName(2, r)), raw(cellName(3, r)), raw(cellName(4, r)), raw(cellName(5, r)), raw(cellName(6, r)), raw(cellName(7, r))}
		exp := []string{round(value, 1), fmtRaw(float64(g.Dist.N)), round(&g.Dist.Q1, 1), round(&g.Dist.Median, 1), round(&g.Dist.Q3, 1), round(g.PercentileRank, 0)}
		if strings.Join(got, "|") != strings.Join(exp, "|") {
			t.Errorf("%s: value, n, q1, median, q3, rank %v; want %v", label, got, exp)
		}
	}
	check("Maturity index", res.Portfolio.MaturityIndex, string(scoring.MaturityIndex), "")
	check("Target index", res.Portfolio.TargetIndex, string(scoring.TargetIndex), "")
	check("Attainment index", res.Portfolio.AttainmentIndex, string(scoring.AttainmentIndex), "")
	for _, c := range res.Profile.Categories {
		cat, _ := d.Pack.Category(c.ID)
		check(c.ID+" "+cat.Name.In(catalog.EN), c.MeanCurrent, scoring.FigureMeanCurrent, c.ID)
	}
	if len(rows) < 10 {
		t.Fatalf("peers sheet too short: %v", rows)
	}
	checkNoFormula(t, path)
	checkPeersPrint(t, f, "Peers", "Method", d.Org.Name, d.Cycle.Name)
	method := peerSheetText(t, f, "Method")
	for _, w := range []string{"Smallest group (k = 5)", "QUARTILE.INC", "100 x (number of them below it + 0.5 x number equal to it) / n"} {
		if !strings.Contains(method, w) {
			t.Errorf("the Method sheet does not state %q", w)
		}
	}
}

// checkPeersPrint checks the Peers sheet prints like the rest of the report.
func checkPeersPrint(t *testing.T, f *excelize.File, sh, method, org, cycle string) {
	t.Helper()
	hf, err := f.GetHeaderFooter(sh)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hf.OddHeader, org) || !strings.Contains(hf.OddHeader, cycle) || !strings.Contains(hf.OddFooter, "&P") || !strings.Contains(hf.OddFooter, "&N") {
		t.Errorf("%s: header %q footer %q", sh, hf.OddHeader, hf.OddFooter)
	}
	pl, err := f.GetPageLayout(sh)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("%s: page layout %+v, want A4 landscape fitted to width", sh, pl)
	}
	titles := ""
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sh {
			titles = dn.RefersTo
		}
	}
	if titles == "" {
		t.Errorf("%s: no print titles", sh)
	}
	list := f.GetSheetList()
	if i, j := indexOf(list, sh), indexOf(list, method); i < 0 || j < i {
		t.Errorf("sheets %v: the Peers sheet should come before Method", list)
	}
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// Against an imported benchmark set of size bands: the band of 6 is shown, the band of 4 was
// withheld from the set, so the organisation of that band is told the set has no group for it.
func TestReportPeersBenchmarkSet(t *testing.T) {
	s, six, four := peerProgramme(t)
	ctx := context.Background()
	orgs, err := s.Programme(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := scoring.BuildContribution(scoring.BuildProgramme(orgs), scoring.BySizeBand, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	c.Set.Name = "National 2026"
	if _, err := s.ImportBenchmark(ctx, &c.Set, false); err != nil {
		t.Fatal(err)
	}
	peers, f, path := writePeerReport(t, s, six, catalog.EN, "", "national 2026")
	if peers.Status != scoring.PeersShown || peers.Others != 6 || peers.Set == nil {
		t.Fatalf("set's group of 6: %+v", peers)
	}
	text := peerSheetText(t, f, "Peers")
	for _, w := range []string{"Benchmark set “National 2026”", "Group: size band 1-99, 6 organisations", "percentile ranks are not known", "Median"} {
		if !strings.Contains(text, w) {
			t.Errorf("peers sheet lacks %q:\n%s", w, text)
		}
	}
	var band catalog.BenchmarkGroup
	for _, g := range c.Set.Groups {
		if g.Key == "1-99" {
			band = g
		}
	}
	r := programmeRowOf(t, f, "Peers", "Maturity index")
	median, _ := f.GetCellValue("Peers", cellName(5, r), excelize.Options{RawCellValue: true})
	rank, _ := f.GetCellValue("Peers", cellName(7, r), excelize.Options{RawCellValue: true})
	if median != fmtRaw(vocab.Round(band.Figures[0].Median, 1)) || rank != "—" {
		t.Errorf("maturity against the set: median %s rank %s; want %v and unknown", median, rank, band.Figures[0].Median)
	}
	checkNoFormula(t, path)
	if !strings.Contains(peerSheetText(t, f, "Method"), "Benchmark set") {
		t.Error("the Method sheet does not say what a benchmark set can give")
	}

	peers, f, _ = writePeerReport(t, s, four, catalog.EN, "", "National 2026")
	if peers.Status != scoring.PeersNotInSet || len(peers.Lines) != 0 {
		t.Fatalf("band of 4 against the set: %+v", peers)
	}
	if text := peerSheetText(t, f, "Peers"); !strings.Contains(text, "has no group for this organisation's size band (10000+)") || strings.Contains(text, "Median") {
		t.Errorf("band of 4:\n%s", text)
	}
	if _, err := ComparePeers(ctx, s, six.ID, "", "No such set"); err == nil {
		t.Error("an unknown benchmark set was accepted")
	}
}

// The Japanese Peers and Method sheets hold no English word of the comparison's vocabulary
// (the organisation's own text aside).
func TestReportPeersJapanese(t *testing.T) {
	s, six, four := peerProgramme(t)
	en := vocab.For(catalog.EN)
	words := map[string]*regexp.Regexp{}
	letters := regexp.MustCompile(`[A-Za-z]{4,}`)
	for _, k := range vocab.Keys(catalog.EN) {
		for _, prefix := range []string{"report.peers.", "index.", "programme.group_by.", "programme.method.", "figure.", "word."} {
			if !strings.HasPrefix(k, prefix) || strings.HasPrefix(k, "report.peers.cli.") {
				continue
			}
			for _, w := range letters.FindAllString(en.T(k), -1) {
				w = strings.ToLower(w)
				if w != "excel" && w != "quartile" && w != "floor" {
					words[w] = regexp.MustCompile(`(?i)(^|[^a-z])` + w + `($|[^a-z])`)
				}
			}
		}
	}
	if len(words) < 50 {
		t.Fatalf("only %d English words to look for", len(words))
	}
	ja := vocab.For(catalog.JA)
	for _, c := range []catalog.Cycle{six, four} {
		peers, f, _ := writePeerReport(t, s, c, catalog.JA, scoring.BySizeBand, "")
		d, _ := s.CycleData(context.Background(), c.ID)
		own := []string{d.Org.Name, d.Cycle.Name, peers.Pack.ID + "@" + peers.Pack.Version, "QUARTILE.INC", "Excel"}
		for _, sh := range []string{ja.T("report.peers.sheet"), ja.T("report.sheet.method")} {
			rows, err := f.GetRows(sh)
			if err != nil {
				t.Fatal(err)
			}
			for r, row := range rows {
				for col, v := range row {
					text := v
					for _, o := range own {
						text = strings.ReplaceAll(text, o, " ")
					}
					for w, re := range words {
						if re.MatchString(text) {
							t.Errorf("%s!%s: English %q in %q", sh, cellName(col+1, r+1), w, v)
						}
					}
				}
			}
		}
	}
}
