package tui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// reportItem is one entry of the Report tab's menu.
type reportItem int

const (
	itemReport reportItem = iota
	itemQuestionnaire
	itemJSON
	itemImport
	itemPDF      // the evaluation report converted to PDF by LibreOffice
	itemDocument // the document control of the organisation's reports
	reportItems
)

// exportReq is one export the user asked for.
type exportReq struct {
	item    reportItem
	path    string
	lang    catalog.Lang
	orgID   int64
	cycleID int64
	force   bool
}

// Messages of the Report tab. job numbers tie progress to the export that is still shown.
type (
	reportCheckedMsg struct {
		req    exportReq
		exists bool
		err    error
	}
	reportProgressMsg struct {
		job         int
		done, total int
		ch          <-chan tea.Msg
	}
	reportDoneMsg struct {
		job  int
		path string // absolute path written
		err  error
		// refused says in one line why nothing was written (no LibreOffice for a PDF).
		refused string
	}
	reportPlanMsg struct {
		path string
		plan *export.ImportPlan
		err  error
	}
	reportAppliedMsg struct{ plan *export.ImportPlan }
	// reportDocMsg carries the document control read for its form.
	reportDocMsg struct {
		orgID int64
		doc   catalog.Document
	}
	reportDocSavedMsg struct{ org string }
)

// reportTab exports the evaluation workbook, the questionnaire and the organisation file,
// and imports filled questionnaires and organisation files after a preview.
type reportTab struct {
	c    *common
	data *orgData
	list listWindow

	job     int // number of the running export, 0 when none
	jobItem reportItem
	done    float64
	bar     progress.Model

	lastQuestionnaire string // offered as the file to import
	result            string // outcome of the last export or import
	resultErr         bool

	plan       *export.ImportPlan // import preview on screen
	planLines  []string
	problems   []string // a refused import: every problem found
	preview    scroller // the plan or the problems
	w, h       int
	applying   bool
	applyError string

	checkin checkin // the check-in of an organisation file (tui/checkin.go)
}

func newReportTab(c *common) tabScreen {
	return &reportTab{c: c, bar: progress.New(progress.WithDefaultBlend(), progress.WithWidth(40)), preview: newWrappingScroller()}
}

func (t *reportTab) Title() string { return t.c.T("tui.tab.report") }

func (t *reportTab) SetData(d *orgData) { t.data = d }

func (t *reportTab) mode() viewMode {
	switch {
	case t.checkin.active():
		return modeNested
	case t.plan != nil || t.problems != nil:
		return modeNested
	}
	return modeNormal
}

// defaultPath names the file after the organisation and cycle, in the working folder.
func (t *reportTab) defaultPath(item reportItem) string {
	org := fileWord(t.data.Org.Name)
	cyc := fileWord(t.data.Cycle.Cycle.Name)
	switch item {
	case itemReport:
		return org + "_" + cyc + "_report.xlsx"
	case itemQuestionnaire:
		return org + "_" + cyc + "_questionnaire.xlsx"
	case itemJSON:
		return org + ".json"
	case itemPDF:
		return org + "_" + cyc + "_report.pdf"
	}
	return ""
}

// fileWord makes a name safe for a file name: letters and digits kept, spaces become dashes.
func fileWord(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.':
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteRune('-')
		}
	}
	if b.Len() == 0 {
		return "cdc"
	}
	return b.String()
}

func extOf(item reportItem) string {
	switch item {
	case itemJSON:
		return ".json"
	case itemPDF:
		return ".pdf"
	}
	return ".xlsx"
}

func (t *reportTab) Update(msg tea.Msg) tea.Cmd {
	if ok, cmd := t.checkin.update(t.data, msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case reportCheckedMsg:
		switch {
		case msg.err != nil:
			t.result, t.resultErr = t.c.errText(msg.err), true
		case msg.exists:
			req := msg.req
			t.c.openDialog(newConfirm(t.c, t.c.T("tui.report.exists", termtext.Clean(req.path)), func() tea.Cmd {
				req.force = true
				return t.startExport(req)
			}))
		default:
			return t.startExport(msg.req)
		}
		return nil
	case reportProgressMsg:
		if msg.job != t.job {
			return nil
		}
		if msg.total > 0 {
			t.done = float64(msg.done) / float64(msg.total)
		}
		return waitExport(msg.ch)
	case reportDoneMsg:
		if msg.job != t.job {
			return nil
		}
		t.job = 0
		what := t.c.T(fmt.Sprintf("tui.report.noun.%d", t.jobItem))
		if msg.err != nil {
			t.result, t.resultErr = t.c.T("tui.report.export.failed", what, t.c.errText(msg.err)), true
			return nil
		}
		if msg.refused != "" {
			t.result, t.resultErr = msg.refused, true
			return nil
		}
		t.done = 1
		t.result, t.resultErr = t.c.T("tui.report.export.done", what, msg.path), false
		if t.jobItem == itemQuestionnaire {
			t.lastQuestionnaire = msg.path
		}
		return nil
	case reportPlanMsg:
		t.job = 0
		if msg.err != nil {
			t.problems = t.c.planProblems(msg.path, msg.err)
			t.layoutPreview()
			t.preview.Top()
			return nil
		}
		t.plan, t.applyError = msg.plan, ""
		t.planLines = t.previewLines(msg.plan)
		t.layoutPreview()
		t.preview.Top()
		return nil
	case savedMsg:
		if msg.Tag == "report.export" && msg.Err != nil && t.job != 0 {
			what := t.c.T(fmt.Sprintf("tui.report.noun.%d", t.jobItem))
			t.job = 0
			t.result, t.resultErr = t.c.T("tui.report.export.failed", what, t.c.errText(msg.Err)), true
		}
		if msg.Tag == "report.import" {
			t.applying = false
			if msg.Err != nil {
				t.applyError = t.c.errText(msg.Err)
			}
		}
		return nil
	case reportDocMsg:
		if t.data != nil && msg.orgID == t.data.Org.ID {
			t.openDocument(msg.doc)
		}
		return nil
	case reportDocSavedMsg:
		t.result, t.resultErr = t.c.T("tui.report.doc.saved", termtext.Clean(msg.org)), false
		return nil
	case reportAppliedMsg:
		p := msg.plan
		t.plan, t.planLines = nil, nil
		if p.Kind == export.KindJSON {
			t.result, t.resultErr = t.c.T("tui.report.import.org", termtext.Clean(p.Organisation.Name), termtext.Clean(p.File)), false
			return nil
		}
		t.result, t.resultErr = t.c.T("tui.report.import.done", t.c.N("tui.nchanges", p.Changes()), t.c.N("tui.nservices", len(p.Services)), termtext.Clean(p.Organisation.Name), termtext.Clean(p.Cycle.Name), termtext.Clean(p.Source())), false
		if t.data != nil && p.Organisation.ID == t.data.Org.ID {
			id := p.Cycle.ID
			return func() tea.Msg { return reloadMsg{CycleID: id} }
		}
		return nil
	case tea.KeyPressMsg:
		if t.data == nil {
			return nil
		}
		return t.key(msg)
	}
	return nil
}

func (t *reportTab) SetSize(w, h int) {
	t.w, t.h = w, h
	t.bar.SetWidth(min(w-4, 60))
	t.layoutPreview()
	t.checkin.setSize(w, h)
}

// layoutPreview lays the plan or the problems out in the body: the heading above, the
// foot below.
func (t *reportTab) layoutPreview() {
	lines, above := t.planLines, 2
	if t.problems != nil {
		lines, above = t.problemLines(), len(t.problemHead())+1
	}
	t.preview.SetSize(t.w, max(t.h-above-1, 1))
	t.preview.SetLines(lines)
}

func (t *reportTab) key(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys
	if t.plan != nil || t.problems != nil {
		switch {
		case key.Matches(msg, k.Back):
			if !t.applying {
				if t.plan != nil && !t.plan.Empty() {
					t.result, t.resultErr = t.c.T("tui.report.import.cancelled"), false
				}
				t.plan, t.planLines, t.problems = nil, nil, nil
			}
		case t.preview.Key(k, msg):
		case t.plan != nil && !t.applying:
			return t.c.planKey(msg, t.plan, func() { t.plan, t.planLines = nil, nil }, t.apply, t.askPolicy)
		}
		return nil
	}
	if t.job != 0 {
		return nil // one export at a time
	}
	if navigate(k, msg, &t.list, int(reportItems), int(reportItems), nil) {
		return nil
	}
	if key.Matches(msg, k.Enter) {
		if item := reportItem(t.list.cursor); item == itemDocument {
			orgID := t.data.Org.ID
			return t.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
				d, err := s.Document(ctx, orgID)
				return reportDocMsg{orgID: orgID, doc: d}, err
			})
		} else {
			t.openForm(item)
		}
	}
	if key.Matches(msg, t.checkin.menuBinding(t.c)) {
		t.checkin.open(t.c, t.data, t.w, t.h)
	}
	return nil
}

// openDocument opens the one form of the document control: what the report's cover block
// and page headers show besides the figures (the assessors come from the scores recorded).
func (t *reportTab) openDocument(d catalog.Document) {
	T := t.c.T
	org := t.data.Org
	fields := []field{
		{Key: "classification", Label: T("report.cover.classification"), Value: d.Classification, Placeholder: T("tui.report.doc.classification.ph")},
		{Key: "distribution", Label: T("report.cover.distribution"), Value: d.Distribution},
		{Key: "reviewer", Label: T("report.cover.reviewer"), Value: d.Reviewer},
		{Key: "version", Label: T("report.cover.version"), Value: d.Version, Placeholder: "1.0"},
		{Key: "respondents", Label: T("report.cover.respondents"), Value: d.Respondents},
	}
	t.c.openDialog(newForm(t.c, T("tui.report.doc.title", termtext.Clean(org.Name)), func(f *form) tea.Cmd {
		p := catalog.DocumentPatch{}
		for _, x := range []struct {
			key string
			dst **string
		}{{"classification", &p.Classification}, {"distribution", &p.Distribution}, {"reviewer", &p.Reviewer},
			{"version", &p.Version}, {"respondents", &p.Respondents}} {
			v := f.Value(x.key)
			*x.dst = &v
		}
		return t.c.SaveThen("report.document", func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
			if err := s.UpdateDocument(ctx, org.ID, p); err != nil {
				return nil, err
			}
			return reportDocSavedMsg{org: org.Name}, nil
		})
	}, fields...).waitFor("report.document"))
}

// assessorsLine names who recorded the cycle's scores, as the report's cover does.
func (t *reportTab) assessorsLine() string {
	_, _, who := export.AssessmentInfo(t.data.Cycle)
	if len(who) == 0 {
		return t.c.T("report.cover.not_set")
	}
	return termtext.Clean(strings.Join(who, t.c.T("method.list_sep")))
}

func (t *reportTab) openForm(item reportItem) {
	T := t.c.T
	path := field{Key: "path", Label: T("tui.report.path"), Value: t.defaultPath(item), Check: func(v string) string {
		switch {
		case v == "":
			return T("tui.report.path.empty")
		case item != itemImport && !strings.EqualFold(filepath.Ext(v), extOf(item)):
			return T("tui.report.path.ext", v, extOf(item))
		}
		return ""
	}}
	submit := func(f *form) tea.Cmd { return t.submit(item, f) }
	switch item {
	case itemImport:
		path.Placeholder = T("tui.report.import.ph")
		path.Value = t.lastQuestionnaire
		t.c.openDialog(newForm(t.c, T("tui.report.import.title"), submit, path))
	case itemJSON:
		t.c.openDialog(newForm(t.c, T("tui.report.json.title", termtext.Clean(t.data.Org.Name)), submit, path))
	default:
		var langs []option
		taken := map[string]bool{}
		for _, l := range vocab.Languages() {
			// the shortcut is the code's first letter not taken by an earlier language (es: s)
			short := ""
			for _, r := range string(l) {
				if k := string(r); !taken[k] {
					short, taken[k] = k, true
					break
				}
			}
			langs = append(langs, option{Key: short, Label: t.c.T("lang." + string(l)), Value: string(l)})
		}
		lang := field{Key: "lang", Label: T("tui.report.lang"), Value: string(t.c.Lang), Options: langs}
		title := T("tui.report.report.title", termtext.Clean(t.data.Cycle.Cycle.Name))
		switch item {
		case itemQuestionnaire:
			title = T("tui.report.questionnaire.title", termtext.Clean(t.data.Cycle.Cycle.Name))
		case itemPDF:
			title = T("tui.report.pdf.title", termtext.Clean(t.data.Cycle.Cycle.Name))
		}
		t.c.openDialog(newForm(t.c, title, submit, path, lang))
	}
}

func (t *reportTab) submit(item reportItem, f *form) tea.Cmd {
	path := expandHome(f.Value("path"))
	if t.c.Files != "" {
		path = filepath.Join(t.c.Files, filepath.Base(f.Value("path")))
	}
	if item == itemImport {
		lang := t.c.Lang
		t.result, t.problems = "", nil
		return t.c.Load(func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
			plan, err := export.PlanImport(ctx, s, path, export.ImportOptions{Password: os.Getenv(export.PasswordEnv), Lang: lang})
			return reportPlanMsg{path: path, plan: plan, err: err}, nil
		})
	}
	lang := catalog.Lang(f.Value("lang"))
	if item == itemJSON {
		lang = t.c.Lang
	}
	req := exportReq{item: item, path: path, lang: lang, orgID: t.data.Org.ID, cycleID: t.data.Cycle.Cycle.ID}
	return func() tea.Msg {
		st, err := os.Stat(req.path)
		switch {
		case err == nil && st.IsDir():
			return reportCheckedMsg{req: req, err: fmt.Errorf("%s is a folder; give a file name", req.path)}
		case err == nil:
			return reportCheckedMsg{req: req, exists: true}
		case !errors.Is(err, fs.ErrNotExist):
			return reportCheckedMsg{req: req, err: err}
		}
		return reportCheckedMsg{req: req}
	}
}

// startExport runs an export as a save, so quitting waits for the file to be complete; its
// progress arrives through a channel that closes when the export ends.
func (t *reportTab) startExport(req exportReq) tea.Cmd {
	t.job++
	if t.job <= 0 {
		t.job = 1
	}
	job := t.job
	t.jobItem, t.done, t.result = req.item, 0, ""
	ch := make(chan tea.Msg, 16)
	progressFn := func(done, total int) {
		select { // a step may be dropped when the screen is behind; the end never is
		case ch <- reportProgressMsg{job: job, done: done, total: total, ch: ch}:
		default:
		}
	}
	write := t.c.SaveThen("report.export", func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		defer close(ch)
		var err error
		pw := os.Getenv(export.PasswordEnv)
		switch req.item {
		case itemReport:
			err = export.WriteReport(ctx, s, req.cycleID, export.ReportOptions{Lang: req.lang, Password: pw, Progress: progressFn}, req.path)
		case itemQuestionnaire:
			err = export.WriteQuestionnaire(ctx, s, req.cycleID, export.QuestionnaireOptions{Lang: req.lang, Password: pw, Progress: progressFn}, req.path)
		case itemJSON:
			err = export.WriteJSON(ctx, s, req.orgID, req.path)
		case itemPDF:
			var refused string
			if refused, err = t.writePDF(ctx, s, req, pw, progressFn); err == nil && refused != "" {
				return reportDoneMsg{job: job, refused: refused}, nil
			}
		}
		if err != nil {
			return nil, err
		}
		abs, aerr := filepath.Abs(req.path)
		if aerr != nil {
			abs = req.path
		}
		return reportDoneMsg{job: job, path: abs}, nil
	})
	return tea.Batch(write, waitExport(ch))
}

// writePDF writes the report as PDF: the workbook in a private folder, converted by
// LibreOffice. Without LibreOffice, or with a workbook password a PDF cannot carry, nothing
// is written and the returned line says why and what to do.
func (t *reportTab) writePDF(ctx context.Context, s *catalog.Store, req exportReq, password string, progress export.Progress) (string, error) {
	if password != "" {
		return t.c.T("tui.report.pdf.encrypted", export.PasswordEnv), nil
	}
	if !export.LibreOfficeInstalled() {
		return t.c.T("tui.report.pdf.no_soffice"), nil
	}
	dir, err := os.MkdirTemp("", "cdc-report-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	workbook := filepath.Join(dir, strings.TrimSuffix(filepath.Base(req.path), filepath.Ext(req.path))+".xlsx")
	if err := export.WriteReport(ctx, s, req.cycleID, export.ReportOptions{Lang: req.lang, Progress: progress}, workbook); err != nil {
		return "", err
	}
	return "", export.ConvertToPDF(ctx, workbook, req.path, req.lang)
}

// waitExport delivers the next progress step of a running export; nil once it has ended.
func waitExport(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg { return <-ch }
}

// askPolicy asks a second time before a plan with conflicts is applied.
func (t *reportTab) askPolicy(overwrite bool) {
	t.c.askConflictPolicy(t.plan, overwrite, func(policy export.ConflictPolicy, n int, changes string) string {
		if policy == export.OverwriteConflicts {
			return t.c.N("tui.report.confirm.overwrite", n, n, n, changes)
		}
		return t.c.N("tui.report.confirm.skip", n, changes, n)
	}, func() *export.ImportPlan { return t.plan }, t.apply)
}

func (t *reportTab) apply(policy export.ConflictPolicy) tea.Cmd {
	p := t.plan
	t.applying, t.applyError = true, ""
	return t.c.applyPlan("report.import", p, policy, reportAppliedMsg{plan: p})
}

// previewLines lists every change of an import plan, prepared once.
func (t *reportTab) previewLines(p *export.ImportPlan) []string {
	s := t.c.styles
	T := t.c.T
	var lines []string
	if p.Kind == export.KindJSON {
		lines = append(lines, s.Bold.Render(T("tui.report.preview.json", termtext.Clean(p.File))))
		for _, l := range p.SummaryIn(t.c.P) {
			lines = append(lines, "  "+termtext.Clean(l))
		}
		return lines
	}
	lines = append(lines, s.Bold.Render(T("tui.report.preview.q", termtext.Clean(p.Organisation.Name), termtext.Clean(p.Cycle.Name), t.c.N("tui.nchanges", p.Changes()), t.c.N("tui.nservices", len(p.Services)))))
	lines = append(lines, s.Muted.Render(T("tui.report.preview.org", termtext.Clean(p.Organisation.Name), termtext.Clean(p.OrganisationUUID))),
		s.Muted.Render(T("tui.report.preview.cycle", termtext.Clean(p.Cycle.Name), termtext.Clean(p.CycleUUID))))
	if r := p.RespondentEntry(); r != "" {
		lines = append(lines, s.Muted.Render(T(p.RespondentKey(), termtext.Clean(r))))
	}
	if p.Empty() {
		lines = append(lines, s.Muted.Render(T("tui.report.preview.empty")))
	}
	if n := p.Conflicts(); n > 0 {
		lines = append(lines, s.Warn.Render(t.c.N("tui.report.preview.conflicts", n)))
	}
	fw := 0 // the field column fits the widest field of the plan, so none is cut
	for _, sc := range p.Services {
		for _, ch := range sc.Changes {
			fw = max(fw, textwidth.Width(t.c.fieldName(catalog.Field(ch.Field))))
		}
	}
	value := func(f, v string) string {
		return oneLine(t.c.P.OrUnknown(t.c.changeValue(p.Pack(), catalog.Field(f), v)))
	}
	for _, sc := range p.Services {
		lines = append(lines, s.Category.Render(termtext.Clean(sc.ID))+"  "+termtext.Clean(sc.Name))
		for _, ch := range sc.Changes {
			mark, base := "  ", ""
			if ch.Conflict { // all three values: here now, in the file, and as exported
				mark = s.Warn.Render("! ")
				base = "  " + s.Muted.Render(T("cli.import.exported_as", value(ch.Field, ch.Base)))
			}
			lines = append(lines, "  "+mark+s.Label.Render(textwidth.Pad(t.c.fieldName(catalog.Field(ch.Field)), fw))+" "+s.Bad.Render(value(ch.Field, ch.Old))+" → "+s.Good.Render(value(ch.Field, ch.New))+base)
		}
	}
	return lines
}

func (t *reportTab) Help() []key.Binding {
	k := t.c.Keys
	switch {
	case t.checkin.active():
		return t.checkin.help()
	case t.plan != nil && t.plan.Conflicts() > 0:
		return []key.Binding{t.c.Keys.Bind([]string{"s"}, "s", "tui.report.key.skip"), t.c.Keys.Bind([]string{"o"}, "o", "tui.report.key.overwrite"), k.Up, k.Down, k.Cancel}
	case t.plan != nil && !t.plan.Empty():
		return []key.Binding{t.c.Keys.Bind([]string{"y"}, "y/enter", "tui.report.key.apply"), k.Up, k.Down, k.Cancel}
	case t.plan != nil || t.problems != nil:
		return []key.Binding{k.Up, k.Down, k.Back}
	}
	return []key.Binding{k.Up, k.Down, t.c.Keys.Bind([]string{"enter"}, "enter", "tui.report.key.choose"), t.checkin.menuBinding(t.c)}
}

func (t *reportTab) FullHelp() [][]key.Binding {
	k := t.c.Keys
	// the keys of the step on screen, as the short help has them, without the moves
	var own []key.Binding
	for _, b := range t.Help() {
		if !slices.Contains(b.Keys(), "up") && !slices.Contains(b.Keys(), "down") {
			own = append(own, b)
		}
	}
	return [][]key.Binding{own, k.Navigation()}
}

// expandHome reads a leading ~/ as the home folder, as a shell would.
func expandHome(path string) string {
	if rest, ok := strings.CutPrefix(path, "~"+string(filepath.Separator)); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return path
}
