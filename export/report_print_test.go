package export

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/xuri/excelize/v2"
)

// demoReport writes the demo organisation's report of its open cycle in lang.
func demoReport(t *testing.T, lang catalog.Lang, opts ReportOptions) (string, *catalog.Store, int64) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := catalog.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	o, err := s.FindOrg(ctx, catalog.DemoOrgName)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.FindCycle(ctx, o.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	cls := "TLP:AMBER+STRICT"
	if err := s.UpdateDocument(ctx, o.ID, catalog.DocumentPatch{Classification: &cls}); err != nil {
		t.Fatal(err)
	}
	opts.Lang = lang
	path := filepath.Join(dir, "report-"+string(lang)+".xlsx")
	if err := WriteReport(ctx, s, c.ID, opts, path); err != nil {
		t.Fatal(err)
	}
	return path, s, c.ID
}

var (
	sheetFilePattern = regexp.MustCompile(`^xl/worksheets/sheet[0-9]+\.xml$`)
	chartFilePattern = regexp.MustCompile(`^xl/charts/chart[0-9]+\.xml$`)
)

// Every sheet prints A4 landscape, fitted to the width, with a header naming the organisation,
// the cycle and the classification, a footer with page N of M, and its own repeated rows.
func TestReportPrintSetup(t *testing.T) {
	for _, lang := range vocab.Languages() {
		t.Run(string(lang), func(t *testing.T) {
			path, _, _ := demoReport(t, lang, ReportOptions{FullLog: true})
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			titles := map[string]string{}
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm.Print_Titles" {
					titles[dn.Scope] = dn.RefersTo
				}
			}
			for _, sh := range f.GetSheetList() {
				hf, err := f.GetHeaderFooter(sh)
				if err != nil {
					t.Fatal(err)
				}
				for _, want := range []string{catalog.DemoOrgName, "FY2026", "TLP:AMBER+STRICT"} {
					if !strings.Contains(hf.OddHeader, want) {
						t.Errorf("%s: header %q lacks %q", sh, hf.OddHeader, want)
					}
				}
				if !strings.Contains(hf.OddFooter, "&P") || !strings.Contains(hf.OddFooter, "&N") {
					t.Errorf("%s: footer %q has no page N of M", sh, hf.OddFooter)
				}
				if titles[sh] == "" {
					t.Errorf("%s: no print titles", sh)
				}
				pl, err := f.GetPageLayout(sh)
				if err != nil {
					t.Fatal(err)
				}
				if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
					t.Errorf("%s: page layout %+v, want A4 landscape fitted to width", sh, pl)
				}
			}
			// Table sheets repeat their own title and header rows, never another table's.
			pr := vocab.For(lang)
			for _, key := range []string{"catalogue", "profile", "priorities", "actions", "reviews", "changes", "log"} {
				sh := pr.T("report.sheet." + key)
				if !strings.HasSuffix(titles[sh], "!$1:$2") {
					t.Errorf("%s: print titles %q, want its title and header rows", sh, titles[sh])
				}
			}
		})
	}
}

// The classification given for one report stands in its headers instead of the stored one.
func TestReportClassificationOverride(t *testing.T) {
	path, _, _ := demoReport(t, catalog.EN, ReportOptions{Classification: "OFFICIAL-SENSITIVE"})
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hf, _ := f.GetHeaderFooter(f.GetSheetName(0))
	if !strings.Contains(hf.OddHeader, "OFFICIAL-SENSITIVE") || strings.Contains(hf.OddHeader, "TLP") {
		t.Errorf("header %q, want the override", hf.OddHeader)
	}
}

// Charts carry explicit dark text, no pale theme colour, and cached values for every reference.
func TestReportChartsReadable(t *testing.T) {
	path, _, _ := demoReport(t, catalog.EN, ReportOptions{})
	parts := zipParts(t, path, "xl/charts/")
	charts := 0
	pale := regexp.MustCompile(`<a:defRPr[^>]*>(<a:solidFill>)?<a:schemeClr val="tx1"><a:lumMod val="15000"`)
	colour := regexp.MustCompile(`<a:defRPr[^>]*sz="([0-9]+)"[^>]*><a:solidFill><a:srgbClr val="([0-9A-F]{6})"`)
	for name, body := range parts {
		if !chartFilePattern.MatchString(name) {
			continue
		}
		charts++
		if pale.MatchString(body) {
			t.Errorf("%s: text in the pale theme colour", name)
		}
		ms := colour.FindAllStringSubmatch(body, -1)
		if len(ms) < 2 {
			t.Errorf("%s: %d text runs with an explicit colour, want the axes' at least", name, len(ms))
		}
		for _, m := range ms {
			sz, _ := strconv.Atoi(m[1])
			if sz < 900 {
				t.Errorf("%s: text of %d/100 pt", name, sz)
			}
			if lum := luminance(m[2]); lum > 0.35 {
				t.Errorf("%s: text colour %s is too light (%.2f)", name, m[2], lum)
			}
		}
		refs := strings.Count(body, "<f>")
		caches := strings.Count(body, "<strCache>") + strings.Count(body, "<numCache>")
		if refs == 0 || caches != refs {
			t.Errorf("%s: %d references, %d caches", name, refs, caches)
		}
		if strings.Contains(body, "<ptCount val=\"0\"/>") || !strings.Contains(body, "<pt idx=\"0\"><v>") {
			t.Errorf("%s: empty caches", name)
		}
	}
	if charts != 3 {
		t.Errorf("%d charts, want 3", charts)
	}
}

// luminance is the relative brightness (0 black, 1 white) of an RRGGBB colour.
func luminance(hex string) float64 {
	v, _ := strconv.ParseUint(hex, 16, 32)
	r, g, b := float64(v>>16&0xff)/255, float64(v>>8&0xff)/255, float64(v&0xff)/255
	return 0.2126*r + 0.7152*g + 0.0722*b
}

// Every sheet's dimension covers its cells, and columns are listed in ascending order.
func TestReportDimensionsAndColumns(t *testing.T) {
	path, _, _ := demoReport(t, catalog.EN, ReportOptions{FullLog: true})
	dim := regexp.MustCompile(`<dimension ref="([^"]+)"`)
	colMin := regexp.MustCompile(`<col [^>]*min="([0-9]+)"`)
	for name, body := range zipParts(t, path, "xl/worksheets/") {
		if !sheetFilePattern.MatchString(name) {
			continue
		}
		m := dim.FindStringSubmatch(body)
		if m == nil || m[1] == "A1" {
			t.Errorf("%s: dimension %v", name, m)
		}
		prev := 0
		for _, c := range colMin.FindAllStringSubmatch(body, -1) {
			n, _ := strconv.Atoi(c[1])
			if n <= prev {
				t.Errorf("%s: column %d listed after %d", name, n, prev)
			}
			prev = n
		}
	}
}

// No text cell starts with a literal apostrophe: formula-like text is kept by quotePrefix.
func TestReportNoApostrophes(t *testing.T) {
	var path string
	for _, lang := range vocab.Languages() {
		path, _, _ = demoReport(t, lang, ReportOptions{FullLog: true})
		f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range f.GetSheetList() {
			rows, _ := f.GetRows(sh)
			for r, row := range rows {
				for c, v := range row {
					if strings.HasPrefix(v, "'") {
						t.Errorf("%s: %s!%s starts with an apostrophe: %q", lang, sh, cellName(c+1, r+1), v)
					}
				}
			}
		}
		f.Close()
	}
	// The demo's "-5% false positives" evidence and its formula-like texts are kept exactly.
	found := false
	for name, body := range zipParts(t, path, "xl/sharedStrings.xml") {
		_ = name
		found = strings.Contains(body, ">-") || strings.Contains(body, ">=") || strings.Contains(body, ">@") || strings.Contains(body, ">+")
	}
	if !found {
		t.Skip("the demo holds no formula-like text")
	}
	checkNoFormula(t, path)
}

// Shares of the provider mix add up to 100%.
func TestReportSharesAddUp(t *testing.T) {
	path, _, _ := demoReport(t, catalog.EN, ReportOptions{})
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pr := vocab.For(catalog.EN)
	rows, _ := f.GetRows(pr.T("report.sheet.portfolio"), excelize.Options{RawCellValue: true})
	top := findRow(t, rows, pr.T("report.portfolio.mix")) + 1
	sum := 0.0
	for i := range catalog.Assignments {
		v, err := strconv.ParseFloat(rows[top+i][2], 64)
		if err != nil {
			t.Fatalf("share row %v", rows[top+i])
		}
		sum += v
		if p := v * 100; p != float64(int(p+0.5)) && p-float64(int(p)) > 1e-9 {
			t.Errorf("share %v is not a whole percentage", v)
		}
	}
	if d := sum - 1; d > 1e-9 || d < -1e-9 {
		t.Errorf("shares add up to %.4f, want 1", sum)
	}
}

// python3 with openpyxl, if installed: the pyenv shim may lack it while the system one has it.
func openpyxlPython(t *testing.T) string {
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		p, err := exec.LookPath(py)
		if err != nil {
			continue
		}
		if exec.Command(p, "-c", "import openpyxl").Run() == nil {
			return p
		}
	}
	t.Skip("python3 with openpyxl is not installed (apt-get install python3-openpyxl); the read-only check is skipped")
	return ""
}

// openpyxl in read-only mode trusts each sheet's dimension; it must see every row.
func TestReportOpenpyxlReadOnly(t *testing.T) {
	py := openpyxlPython(t)
	for _, lang := range []catalog.Lang{catalog.JA, catalog.FR} {
		path, _, _ := demoReport(t, lang, ReportOptions{FullLog: true})
		openpyxlSeesEveryRow(t, py, path)
	}
}

// openpyxlSeesEveryRow fails unless openpyxl's read-only mode reads as many rows with a
// value, on every sheet, as the workbook holds.
func openpyxlSeesEveryRow(t *testing.T, py, path string) {
	t.Helper()
	script := `import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
for ws in wb.worksheets:
    n = 0
    for row in ws.iter_rows(values_only=True):
        if any(v is not None for v in row):
            n = n + 1
    print(ws.title + "\t" + str(n))
`
	cmd := exec.Command(py, "-W", "error", "-c", script, path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openpyxl (warnings are errors): %v\n%s", err, stderr.String())
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, count, _ := strings.Cut(line, "\t")
		rows, _ := f.GetRows(name)
		want := 0
		for _, r := range rows {
			for _, v := range r {
				if v != "" {
					want++
					break
				}
			}
		}
		if got, _ := strconv.Atoi(count); got != want || want == 0 {
			t.Errorf("%s: openpyxl read-only sees %s rows, the sheet has %d", name, count, want)
		}
		seen++
	}
	if seen != len(f.GetSheetList()) {
		t.Errorf("openpyxl read %d sheets of %d", seen, len(f.GetSheetList()))
	}
}

// The Japanese, French and Spanish reports hold no English domain word of the vocabulary,
// outside the organisation's own data (names, providers, evidence, notes) which stay as
// written. A word the language itself uses ("classification", "version") is not English there.
func TestReportHasNoEnglishDomainWords(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.JA, catalog.FR, catalog.ES} {
		t.Run(string(lang), func(t *testing.T) { reportHasNoEnglishDomainWords(t, lang) })
	}
}

func reportHasNoEnglishDomainWords(t *testing.T, lang catalog.Lang) {
	path, s, cycleID := demoReport(t, lang, ReportOptions{FullLog: true})
	ctx := context.Background()
	d, err := s.CycleData(ctx, cycleID)
	if err != nil {
		t.Fatal(err)
	}
	// The organisation's own text, which the report shows as written.
	var own []string
	add := func(v ...string) {
		for _, x := range v {
			if strings.TrimSpace(x) != "" {
				own = append(own, x)
			}
		}
	}
	add(d.Org.Name, d.Org.Sector, d.Org.Country, d.Org.Notes)
	hist, _ := s.History(ctx, d.Org.ID)
	for _, h := range hist {
		add(h.Cycle.Name)
		for _, sv := range h.Services {
			add(sv.Provider, sv.Contract, sv.Evidence, sv.Assessor, sv.LevelReason)
		}
	}
	acts, _ := s.Actions(ctx, d.Org.ID, catalog.ActionFilter{})
	for _, a := range acts {
		add(a.Title, a.Owner, a.Notes)
	}
	revs, _ := s.Reviews(ctx, cycleID)
	for _, r := range revs {
		add(r.Kind, r.Notes)
	}
	log, _ := s.Changes(ctx, catalog.ChangeQuery{OrgID: d.Org.ID, CycleID: cycleID})
	for _, c := range log {
		add(c.Who, c.Key)
		if c.Reason != "re-assessed (was carried over)" { // the toolkit's own reason is translated
			add(c.Reason)
		}
		if c.Field == "evidence" || c.Field == "title" || c.Field == "notes" || c.Field == "owner" || c.Field == "provider" || c.Field == "create" || c.Field == "carry-over" {
			add(c.Old, c.New)
		}
	}
	// The pack's source note is checked like the report's own text: it is shown with the
	// format's codes in words (vocab.PackNote).
	doc, _ := s.Document(ctx, d.Org.ID)
	add(doc.Classification, doc.Distribution, doc.Reviewer, doc.Version, doc.Respondents)
	// Longest first, so that a text is removed whole before a name inside it.
	sort.Slice(own, func(i, j int) bool { return len(own[i]) > len(own[j]) })
	// English domain words: the shared keys' English texts, and the assignment codes.
	en := vocab.For(catalog.EN)
	var words []string
	for _, k := range vocab.Keys(catalog.EN) {
		for _, prefix := range []string{"entity.", "field.", "action.", "change.", "index.", "figure.", "scope.", "word."} {
			if strings.HasPrefix(k, prefix) {
				w := strings.ToLower(en.T(k))
				if i := strings.Index(w, "%"); i >= 0 {
					w = strings.TrimSpace(w[:i])
				}
				if len(w) >= 3 && !strings.ContainsAny(w, "—") {
					words = append(words, w)
				}
			}
		}
	}
	words = append(words, "internal", "external", "shared", "mandatory", "recommended", "optional")
	// Words spelled the same in the language are its own words there.
	same := map[catalog.Lang][]string{
		catalog.FR: {"action", "service", "cycle", "notes", "classification", "organisation", "version", "horizon", "date"},
		catalog.ES: {"provisional"},
	}
	kept := words[:0]
	for _, w := range words {
		if !slices.Contains(same[lang], w) {
			kept = append(kept, w)
		}
	}
	words = kept
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	wordRe := map[string]*regexp.Regexp{}
	for _, w := range words {
		wordRe[w] = regexp.MustCompile(`(?i)(^|[^a-z])` + regexp.QuoteMeta(w) + `($|[^a-z])`)
	}
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for r, row := range rows {
			for c, v := range row {
				text := v
				for _, o := range own {
					text = strings.ReplaceAll(text, o, " ")
				}
				for w, re := range wordRe {
					if re.MatchString(text) {
						t.Errorf("%s!%s: English %q in %q", sh, cellName(c+1, r+1), w, v)
					}
				}
			}
		}
	}
	hf, _ := f.GetHeaderFooter(f.GetSheetName(0))
	if strings.Contains(hf.OddFooter, "Page &P of") {
		t.Errorf("footer %q is in English", hf.OddFooter)
	}
}

// --full-log adds the cycle's whole change log, times local with the zone named.
func TestReportFullLog(t *testing.T) {
	t.Setenv("TZ", "Asia/Tokyo")
	path, s, cycleID := demoReport(t, catalog.EN, ReportOptions{FullLog: true})
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pr := vocab.For(catalog.EN)
	rows, _ := f.GetRows(pr.T("report.sheet.log"))
	c, _ := s.Cycle(context.Background(), cycleID)
	log, _ := s.Changes(context.Background(), catalog.ChangeQuery{OrgID: c.OrgID, CycleID: cycleID})
	if len(rows) != 2+len(log) {
		t.Errorf("change log sheet has %d rows, want %d", len(rows), 2+len(log))
	}
	if len(rows) > 1 && !strings.Contains(rows[1][0], "(") {
		t.Errorf("time heading %q does not name the zone", rows[1][0])
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}
