package export

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/xuri/excelize/v2"
)

// ReportOptions configures WriteReport.
type ReportOptions struct {
	Lang     catalog.Lang
	Password string // encrypts the workbook when set
	Progress Progress
	Now      time.Time // report date; zero means now
	// Classification overrides the organisation's classification marking for this report.
	Classification string
	// FullLog adds the cycle's whole change log as a sheet of its own.
	FullLog bool
	// Peers adds the Peers sheet: this cycle against its peer group or a benchmark set
	// (ComparePeers).
	Peers *scoring.Peers
}

// reportData is everything a report shows; figures come from scoring.Evaluate only.
type reportData struct {
	d       *catalog.CycleData
	res     scoring.Result
	prev    *catalog.CycleData // the previous cycle, nil for the first
	prevRes scoring.Result
	method  scoring.MethodDoc
	doc     catalog.Document
	actions []catalog.Action
	reviews []catalog.Review
	log     *cycleLog // this cycle's changes, read on another goroutine
	fullLog bool
	peers   *scoring.Peers
	// cycleNames names the organisation's cycles by ID.
	cycleNames map[int64]string
	lang       catalog.Lang
	pr         vocab.Printer
	now        time.Time
	b          *book
}

// cycleLog is a cycle's change log being read.
type cycleLog struct {
	done    chan struct{} // closed when changes and err are set
	changes []catalog.Change
	err     error
}

// changes waits for the cycle's changes, oldest first.
func (rd *reportData) changes() ([]catalog.Change, error) {
	<-rd.log.done
	return rd.log.changes, rd.log.err
}

// WriteReport writes the evaluation report of a cycle to path.
func WriteReport(ctx context.Context, store *catalog.Store, cycleID int64, opts ReportOptions, path string) error {
	rd, err := loadReport(ctx, store, cycleID, opts)
	if err != nil {
		return err
	}
	defer rd.changes() // the store is the caller's again once this returns
	b, err := rd.build(opts.Progress)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer b.f.Close()
	if err := saveWorkbook(b, path, opts.Password); err != nil {
		return err
	}
	total := len(rd.sheets()) + 1
	opts.Progress.step(total, total)
	return nil
}

func loadReport(ctx context.Context, store *catalog.Store, cycleID int64, opts ReportOptions) (*reportData, error) {
	// The earlier cycles give the trend, the changes and the previous indices: their figures
	// are read, not their text (half of a cold report went into reading them in full).
	d, hist, err := store.CycleWithHistory(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	if opts.Peers != nil && opts.Peers.Cycle.ID != cycleID {
		return nil, fmt.Errorf("report of cycle %d: the peer comparison is of cycle %d", cycleID, opts.Peers.Cycle.ID)
	}
	rd := &reportData{d: d, lang: opts.Lang, now: opts.Now, fullLog: opts.FullLog, peers: opts.Peers}
	if rd.lang == "" {
		rd.lang = catalog.EN
	}
	if rd.now.IsZero() {
		rd.now = time.Now()
	}
	rd.pr = vocab.For(rd.lang)
	for _, h := range hist {
		if h != nil && h.Cycle.Seq < d.Cycle.Seq && (rd.prev == nil || h.Cycle.Seq > rd.prev.Cycle.Seq) {
			rd.prev = h
		}
	}
	// The evaluations run on another goroutine while the rest is read (they read only d and
	// hist, and set only res, prevRes and method).
	evaluated := make(chan struct{})
	go func() {
		defer close(evaluated)
		rd.res = scoring.Evaluate(d, hist)
		rd.method = scoring.Method(d.Pack, rd.lang)
		if rd.prev != nil {
			rd.prevRes = scoring.Evaluate(rd.prev, hist)
		}
	}()
	defer func() { <-evaluated }()
	if rd.doc, err = store.Document(ctx, d.Org.ID); err != nil {
		return nil, err
	}
	if opts.Classification != "" {
		rd.doc.Classification = opts.Classification
	}
	if rd.actions, err = store.CycleActions(ctx, cycleID); err != nil {
		return nil, err
	}
	rd.cycleNames = map[int64]string{}
	for _, h := range hist {
		rd.cycleNames[h.Cycle.ID] = h.Cycle.Name
	}
	if rd.reviews, err = store.Reviews(ctx, cycleID); err != nil {
		return nil, err
	}
	// The change log is read while the first sheets are made: only the changes sheet (and
	// the full log) use it, and the workbook reads nothing more from the store.
	rd.log = &cycleLog{done: make(chan struct{})}
	go func() {
		defer close(rd.log.done)
		changes, err := store.Changes(ctx, catalog.ChangeQuery{OrgID: d.Org.ID, CycleID: cycleID})
		if err != nil {
			rd.log.err = err
			return
		}
		for i := len(changes) - 1; i >= 0; i-- {
			rd.log.changes = append(rd.log.changes, changes[i])
		}
	}()
	return rd, nil
}

// today is the report date as a local calendar day.
func (rd *reportData) today() string { return rd.now.Local().Format("2006-01-02") }

// overdue reports whether an open action's due date has passed on the report date.
func (rd *reportData) overdue(a catalog.Action) bool {
	return a.Overdue(rd.today())
}

// reportSheet is one sheet of the report: its vocabulary key and its writer, or for a table
// sheet the table, which is prepared while the sheet before it is written.
type reportSheet struct {
	key   string
	write func(sh string) error
	table func(rd *reportData, sh string) tableSheet
}

func (rd *reportData) sheets() []reportSheet {
	out := []reportSheet{
		{key: "cover", write: rd.coverSheet}, {key: "summary", write: rd.summarySheet},
		{key: "catalogue", write: rd.catalogueSheet, table: (*reportData).catalogueTable},
		{key: "profile", write: rd.profileSheet}, {key: "priorities", write: rd.prioritiesSheet, table: (*reportData).prioritiesTable},
		{key: "portfolio", write: rd.portfolioSheet},
	}
	if rd.peers != nil {
		out = append(out, reportSheet{key: peersSheet, write: rd.peersSheet})
	}
	out = append(out, reportSheet{key: "actions", write: rd.actionsSheet}, reportSheet{key: "reviews", write: rd.reviewsSheet},
		reportSheet{key: "changes", write: rd.changesSheet, table: (*reportData).changesTable})
	if rd.fullLog {
		out = append(out, reportSheet{key: "log", write: rd.logSheet})
	}
	return append(out, reportSheet{key: "method", write: rd.methodSheet})
}

// sheetName is a sheet's name in the report's language.
func (rd *reportData) sheetName(key string) string {
	if key == peersSheet {
		return rd.pr.T("report.peers.sheet")
	}
	return rd.pr.T("report.sheet." + key)
}

func (rd *reportData) build(progress Progress) (*book, error) {
	b, err := newBook(rd.lang)
	if err != nil {
		return nil, err
	}
	rd.b = b
	sheets := rd.sheets()
	for i, s := range sheets {
		name := rd.sheetName(s.key)
		if i == 0 {
			err = b.f.SetSheetName("Sheet1", name)
		} else {
			_, err = b.f.NewSheet(name)
		}
		if err != nil {
			return nil, err
		}
	}
	total := len(sheets) + 1
	prep := rd.prepare(sheets)
	for i, s := range sheets {
		name := rd.sheetName(s.key)
		prep.start(i)
		prep.ahead(i) // its rows are made while this sheet is written
		var err error
		if s.table != nil {
			err = rd.writeTable(prep.take(i))
		} else {
			err = s.write(name)
		}
		if err != nil {
			return nil, fmt.Errorf("sheet %s: %w", name, err)
		}
		progress.step(i+1, total)
	}
	title := rd.pr.T("report.title")
	if err := b.f.SetDocProps(&excelize.DocProperties{
		Title:    title + " - " + rd.d.Org.Name + " - " + rd.d.Cycle.Name,
		Subject:  rd.d.Pack.Name.In(rd.lang),
		Creator:  "CDC Toolkit",
		Keywords: "X.1060; CDC; evaluation",
		Created:  w3c(rd.now), Modified: w3c(rd.now),
		Language:    string(rd.lang),
		Category:    title,
		Description: rd.doc.Classification,
	}); err != nil {
		return nil, err
	}
	return b, nil
}

// tablePrep makes the tables of a report's table sheets on other goroutines, one table
// ahead of the sheet being written (the rows of a 10,000-service sheet are megabytes). The
// tables are made from a copy of the report whose book defers quoting (book.deferQuote):
// they read the report's data and call nothing of the workbook.
type tablePrep struct {
	sheets  []reportSheet
	rd      *reportData
	started map[int]chan tableSheet
}

func (rd *reportData) prepare(sheets []reportSheet) *tablePrep {
	pb := *rd.b
	pb.deferQuote = true
	prd := *rd
	prd.b = &pb
	return &tablePrep{sheets: sheets, rd: &prd, started: map[int]chan tableSheet{}}
}

// start starts making the table of sheet i, unless it is not a table sheet or started.
func (t *tablePrep) start(i int) {
	if i < 0 || i >= len(t.sheets) || t.sheets[i].table == nil || t.started[i] != nil {
		return
	}
	ch := make(chan tableSheet, 1)
	t.started[i] = ch
	table, name := t.sheets[i].table, t.rd.sheetName(t.sheets[i].key)
	go func() { ch <- table(t.rd, name) }()
}

// ahead starts the table of the first table sheet after sheet i.
func (t *tablePrep) ahead(i int) {
	for j := i + 1; j < len(t.sheets); j++ {
		if t.sheets[j].table != nil {
			t.start(j)
			return
		}
	}
}

// take waits for the table of sheet i.
func (t *tablePrep) take(i int) tableSheet {
	t.start(i)
	ts := <-t.started[i]
	delete(t.started, i)
	return ts
}

// page is the print set-up of a report sheet with the given repeated rows.
func (rd *reportData) page(first, last int, onePage bool) page {
	return page{
		left:      rd.d.Org.Name + " — " + rd.d.Cycle.Name,
		right:     rd.doc.Classification,
		footer:    rd.pr.T("report.title") + " · " + rd.pr.Date(rd.now),
		titleRows: [2]int{first, last},
		onePage:   onePage,
	}
}

func (rd *reportData) categoryName(id string) string {
	if c, ok := rd.d.Pack.Category(id); ok {
		return id + " " + c.Name.In(rd.lang)
	}
	return id
}

func (rd *reportData) serviceName(id string) string {
	if s, ok := rd.d.Pack.Service(id); ok {
		return s.Name.In(rd.lang)
	}
	return id
}

// service names a service with its ID ("A-4 Policy management").
func (rd *reportData) service(id string) string {
	if id == "" {
		return rd.pr.T("report.whole_cdc")
	}
	return id + " " + rd.serviceName(id)
}

func (rd *reportData) kindName(k scoring.ChangeKind) string { return rd.pr.T("change." + string(k)) }

func (rd *reportData) statusName(s catalog.ActionStatus) string {
	return rd.pr.T("action.status." + string(s))
}

func (rd *reportData) horizonName(h catalog.Horizon) string {
	return rd.pr.T("action.horizon." + string(h))
}

// prevName is the previous cycle's name, empty for the first cycle.
func (rd *reportData) prevName() string {
	if rd.prev == nil {
		return ""
	}
	return rd.prev.Cycle.Name
}

// dayValue turns a YYYY-MM-DD day into a date cell value; other text stays as written.
func dayValue(day string) any {
	if t, err := time.Parse("2006-01-02", day); err == nil {
		return t
	}
	if day == "" {
		return nil
	}
	return day
}

// localTime is an instant as local wall-clock time for a cell (cells hold no zone; the
// column heading names it).
func localTime(t time.Time) time.Time { return t.Local() }

// zoneName names the local time zone at t ("CET").
func zoneName(t time.Time) string {
	name, _ := t.Local().Zone()
	return name
}

// assessmentInfo gathers who assessed the cycle and when, from its assessed services.
func (rd *reportData) assessmentInfo() (from, to time.Time, assessors []string) {
	return AssessmentInfo(rd.d)
}

// AssessmentInfo is when a cycle's scores were recorded (first and last) and by whom, sorted:
// the cover's assessment dates and assessors. Carried-over scores count for neither.
func AssessmentInfo(d *catalog.CycleData) (from, to time.Time, assessors []string) {
	seen := map[string]bool{}
	for _, s := range d.Services {
		if s.Current == nil || s.CarriedOver || s.AssessedAt == nil {
			continue
		}
		at := *s.AssessedAt
		if from.IsZero() || at.Before(from) {
			from = at
		}
		if at.After(to) {
			to = at
		}
		if a := strings.TrimSpace(s.Assessor); a != "" && !seen[a] {
			seen[a] = true
			assessors = append(assessors, a)
		}
	}
	sort.Strings(assessors)
	return from, to, assessors
}

// actionFor is the open action that addresses a service (the earliest due), if any.
func (rd *reportData) actionFor(serviceID string) (catalog.Action, bool) {
	var best catalog.Action
	found := false
	for _, a := range rd.actions {
		if a.ServiceID != serviceID || !a.Open() {
			continue
		}
		if !found || (a.Due != "" && (best.Due == "" || a.Due < best.Due)) {
			best, found = a, true
		}
	}
	return best, found
}

// openActions counts the open actions and those overdue on the report date.
func (rd *reportData) openActions() (open, overdue int) {
	for _, a := range rd.actions {
		if a.Open() {
			open++
			if rd.overdue(a) {
				overdue++
			}
		}
	}
	return open, overdue
}

// moves are the services whose score changed most since the previous cycle, up or down.
func (rd *reportData) moves(kind scoring.ChangeKind, n int) []scoring.ServiceChange {
	var out []scoring.ServiceChange
	for _, c := range rd.res.Portfolio.Changes {
		if c.Kind == kind && c.From != nil && c.To != nil {
			out = append(out, c)
		}
	}
	delta := func(c scoring.ServiceChange) int {
		d := *c.To - *c.From
		if d < 0 {
			return -d
		}
		return d
	}
	slices.SortStableFunc(out, func(a, b scoring.ServiceChange) int {
		if d := delta(b) - delta(a); d != 0 {
			return d
		}
		return scoring.CompareIDs(a.ID, b.ID)
	})
	return out[:min(n, len(out))]
}

// entityName names a change-log record kind.
func (rd *reportData) entityName(e catalog.Entity) string {
	if k := "entity." + string(e); rd.pr.Has(k) {
		return rd.pr.T(k)
	}
	return string(e)
}
