package export

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/xuri/excelize/v2"
)

// Questionnaire format: fixed sheet names and column order, checked again on import.
const (
	QuestionnaireFormat  = "cdc-questionnaire"
	QuestionnaireVersion = 2

	sheetInstructions = "Instructions"
	sheetQuestions    = "Questionnaire"
	sheetLists        = "Lists"
	sheetMeta         = "_meta"
	firstDataRow      = 2
)

// Questionnaire columns (1-based).
const (
	colID = iota + 1
	colCategory
	colService
	colDescription
	colLevel
	colScope
	colAssignment
	colProvider
	colTarget
	colCurrent
	colEvidence
	colNote
	numCols = colNote
)

// QuestionnaireOptions configures WriteQuestionnaire.
type QuestionnaireOptions struct {
	Lang     catalog.Lang
	Password string // encrypts the workbook when set
	Progress Progress
	Now      time.Time // export time; zero means now
}

// questionColumns are the vocabulary keys of the Questionnaire sheet's columns, in order.
var questionColumns = []string{"id", "category", "service", "description", "level", "scope",
	"assignment", "provider", "target", "current", "evidence", "note"}

// questionHeaders is the header row of the Questionnaire sheet in a language, checked on import.
func questionHeaders(lang catalog.Lang) []string {
	pr := vocab.For(lang)
	out := make([]string, len(questionColumns))
	for i, k := range questionColumns {
		out[i] = pr.T("questionnaire.col." + k)
	}
	return out
}

// FormerQuestionHeaders is the header row that questionnaires written before the one
// vocabulary carry, so that files already sent out can still be recognised.
func FormerQuestionHeaders(lang catalog.Lang) []string {
	if lang == catalog.JA {
		return []string{"ID", "カテゴリ", "サービス", "説明", "レベル", "対象", "担当", "提供者", "目標 (0-5)", "現状 (0-5)", "根拠", "備考"}
	}
	return questionHeaders(catalog.EN)
}

// Defined names of the respondent's cells on the Instructions sheet, read on import.
const (
	NameRespondent = "cdc_respondent"
	NameAnsweredOn = "cdc_answered_on"
)

// WriteQuestionnaire writes a fillable questionnaire for a cycle to path.
func WriteQuestionnaire(ctx context.Context, store *catalog.Store, cycleID int64, opts QuestionnaireOptions, path string) error {
	d, err := store.CycleData(ctx, cycleID)
	if err != nil {
		return err
	}
	if d.Cycle.Status != catalog.CycleOpen {
		return fmt.Errorf("cycle %q of %s is closed, so its answers could not be imported; start a new cycle (cdc cycle new) and export its questionnaire", d.Cycle.Name, d.Org.Name)
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Lang == "" {
		opts.Lang = catalog.EN
	}
	doc, err := store.Document(ctx, d.Org.ID)
	if err != nil {
		return err
	}
	b, err := buildQuestionnaire(d, doc, opts)
	if err != nil {
		return fmt.Errorf("questionnaire: %w", err)
	}
	defer b.f.Close()
	total := len(d.Services) + 1
	if err := saveWorkbook(b, path, opts.Password); err != nil {
		return err
	}
	opts.Progress.step(total, total)
	return nil
}

func buildQuestionnaire(d *catalog.CycleData, doc catalog.Document, opts QuestionnaireOptions) (*book, error) {
	b, err := newBook(opts.Lang)
	if err != nil {
		return nil, err
	}
	// The importer reads text back with UnsafeText, so formula-like text keeps its apostrophe here.
	b.escape = true
	f, st, pr, p := b.f, b.st, b.pr, d.Pack
	if err := f.SetSheetName("Sheet1", sheetInstructions); err != nil {
		return nil, err
	}
	for _, name := range []string{sheetQuestions, sheetLists, sheetMeta} {
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
	}
	total := len(d.Services) + 1
	pg := page{left: d.Org.Name + " — " + d.Cycle.Name, right: doc.Classification,
		footer: pr.T("questionnaire.title") + " · " + pr.Date(opts.Now)}

	// Instructions: what to fill, who answered and when, the organisation and the score scales.
	ins := sheetInstructions
	insWidths := []float64{26, 62, 62}
	// Column A holds one-line labels: it widens for the longest of this language.
	for _, k := range []string{"organisation", "cycle", "pack", "exported", "respondent", "answered_on"} {
		insWidths[0] = max(insWidths[0], min(lineWidth(pr.T("questionnaire."+k)), 40))
	}
	for i, w := range insWidths {
		f.SetColWidth(ins, colName(i+1), colName(i+1), w)
	}
	row := 1
	put := func(col int, v any, style int) { b.set(ins, col, row, v, style) }
	put(1, pr.T("questionnaire.title"), st.title)
	f.SetRowHeight(ins, row, 26)
	row += 2
	for _, kv := range [][2]string{
		{"organisation", d.Org.Name}, {"cycle", d.Cycle.Name},
		{"pack", p.Name.In(opts.Lang) + " (" + p.Ref() + ")"},
		{"exported", pr.Time(opts.Now)},
	} {
		put(1, pr.T("questionnaire."+kv[0]), st.header)
		put(2, kv[1], st.locked)
		row++
	}
	row++
	for i := 1; i <= 6; i++ {
		line := pr.T(fmt.Sprintf("questionnaire.intro.%d", i))
		put(1, line, st.plainWrap)
		f.MergeCell(ins, cellName(1, row), cellName(3, row))
		f.SetRowHeight(ins, row, b.rowH(lines(line, 150), sizeBody))
		row++
	}
	// What the working-name mark on a service name means (markWorking).
	if workingNames(d.Services) > 0 {
		put(1, workingLegend(pr), st.plainWrap)
		f.MergeCell(ins, cellName(1, row), cellName(3, row))
		row++
	}
	row++
	// The respondent's own cells, named so that the importer finds them wherever they stand.
	for _, in := range []struct{ key, name string }{{"respondent", NameRespondent}, {"answered_on", NameAnsweredOn}} {
		put(1, pr.T("questionnaire."+in.key), st.header)
		put(2, nil, st.inputDate)
		if err := f.SetDefinedName(&excelize.DefinedName{Name: in.name, RefersTo: fmt.Sprintf("%s!$B$%d", sheetInstructions, row)}); err != nil {
			return nil, err
		}
		row++
	}
	row++
	put(1, pr.T("questionnaire.scales"), st.heading)
	row++
	// tableRow puts one row of a table from column 1, the first cell in first's style and the
	// others in rest's, the row as high as the longest of the others needs.
	tableRow := func(first, rest int, cells ...any) {
		n := 0
		for i, c := range cells {
			style := first
			if i > 0 {
				style = rest
				n = max(n, lines(c.(string), 62))
			}
			put(i+1, c, style)
		}
		f.SetRowHeight(ins, row, b.rowH(n, sizeBody))
		row++
	}
	tableRow(st.header, st.header, pr.T("method.score"), pr.T("method.inhouse"), pr.T("method.outsourced"))
	for v := catalog.MinScore; v <= catalog.MaxScore; v++ {
		tableRow(st.int_, st.wrap, v, p.Descriptor(v, catalog.AssignCDC).In(opts.Lang), p.Descriptor(v, catalog.AssignExternal).In(opts.Lang))
	}
	row++
	put(1, pr.T("questionnaire.assignments"), st.heading)
	row++
	put(1, pr.T("questionnaire.col.assignment"), st.header)
	put(2, pr.T("questionnaire.col.description_kind"), st.header)
	row++
	for _, a := range p.Assignments {
		tableRow(st.text, st.wrap, a.Name.In(opts.Lang), a.Description.In(opts.Lang))
	}
	if err := b.printSetup(ins, pg); err != nil {
		return nil, err
	}
	if err := f.ProtectSheet(ins, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true}); err != nil {
		return nil, err
	}

	// Lists: the assignment dropdown values.
	for i, a := range p.Assignments {
		b.set(sheetLists, 1, i+1, a.Name.In(opts.Lang), 0)
	}
	if err := f.SetSheetVisible(sheetLists, false, true); err != nil {
		return nil, err
	}

	// Questionnaire: one row per service.
	q := sheetQuestions
	widths := map[int]float64{colID: 7, colCategory: 18, colService: 30, colDescription: 46, colLevel: 11, colScope: 8,
		colAssignment: 14, colProvider: 20, colTarget: 9, colCurrent: 9, colEvidence: 40, colNote: 22}
	heads := questionHeaders(opts.Lang)
	// Widths grow for the words of this language: no header word, level name or
	// assessment note is cut, and the score headers ("Actual (0-5)") keep "(0-5)" whole.
	for i, h := range heads {
		widths[i+1] = max(widths[i+1], wordWidth(h))
	}
	for _, col := range []int{colTarget, colCurrent} {
		widths[col] = max(widths[col], min(lineWidth(heads[col-1]), 16))
	}
	for _, lv := range []catalog.Level{catalog.Mandatory, catalog.Recommended, catalog.Optional} {
		widths[colLevel] = max(widths[colLevel], lineWidth(p.LevelName(lv, opts.Lang)))
	}
	for _, s := range d.Services {
		if s.Assessor != "" && s.AssessedAt != nil && !s.CarriedOver {
			widths[colNote] = max(widths[colNote], min(lineWidth(pr.T("questionnaire.assessed_by", s.Assessor, pr.Date(*s.AssessedAt))), 32))
		}
	}
	// Everything but the cells is set on the sheet before its rows are streamed (the stream
	// writer writes the sheet's other parts around them): validations, the comment, print
	// setup, protection and the active sheet. A sheet of 10,000 services is then never held
	// as cells in memory.
	last := firstDataRow + len(d.Services) - 1
	if len(d.Services) > 0 {
		assign := excelize.NewDataValidation(true)
		assign.Sqref = cellName(colAssignment, firstDataRow) + ":" + cellName(colAssignment, last)
		assign.SetSqrefDropList(fmt.Sprintf("%s!$A$1:$A$%d", sheetLists, len(p.Assignments)))
		assign.SetInput(pr.T("questionnaire.help.assign_title"), pr.T("questionnaire.help.assign"))
		assign.SetError(excelize.DataValidationErrorStyleStop, pr.T("questionnaire.help.assign_title"), pr.T("questionnaire.help.assign"))
		if err := f.AddDataValidation(q, assign); err != nil {
			return nil, err
		}
		// Score help per row: the scale of that row's assignment kind, in-house or outsourced.
		// Rows with the same help share one validation over all their cells (a list of ranges),
		// so 10,000 services make four validations, not 20,000 held in memory and written.
		type help struct {
			col   int
			scale string
		}
		var order []help
		cells := map[help][]int{}
		for i, s := range d.Services {
			scale := strings.Join(scaleLines(p, s.Assignment, opts.Lang), "\n")
			for _, col := range []int{colTarget, colCurrent} {
				h := help{col, scale}
				if _, ok := cells[h]; !ok {
					order = append(order, h)
				}
				cells[h] = append(cells[h], firstDataRow+i)
			}
		}
		for _, h := range order {
			title, msg := pr.T("questionnaire.help.target_title"), pr.T("questionnaire.help.target")
			if h.col == colCurrent {
				title, msg = pr.T("questionnaire.help.current_title"), pr.T("questionnaire.help.current")
			}
			dv := excelize.NewDataValidation(true)
			dv.Sqref = rowRanges(h.col, cells[h])
			if err := dv.SetRange(catalog.MinScore, catalog.MaxScore, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
				return nil, err
			}
			dv.SetInput(clip(title, 32), scaleHelp(msg, strings.Split(h.scale, "\n")))
			dv.SetError(excelize.DataValidationErrorStyleStop, clip(title, 32), pr.T("questionnaire.error.score"))
			if err := f.AddDataValidation(q, dv); err != nil {
				return nil, err
			}
		}
	}
	// The full descriptors, in-house and outsourced, as a comment on the Current header.
	if err := f.AddComment(q, excelize.Comment{Author: "CDC Toolkit", Cell: cellName(colCurrent, 1), Text: scaleComment(p, pr, opts.Lang), Width: 420, Height: 300}); err != nil {
		return nil, err
	}
	pg.titleRows = [2]int{1, 1}
	if err := b.printSetup(q, pg); err != nil {
		return nil, err
	}
	if err := f.ProtectSheet(q, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true}); err != nil {
		return nil, err
	}

	idx, _ := f.GetSheetIndex(q)
	f.SetActiveSheet(idx)

	// Identity and the exported values, checked on import (qmeta.go).
	if err := writeMeta(f, d, opts.Lang, opts.Now); err != nil {
		return nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:   pr.T("questionnaire.title") + " - " + d.Org.Name + " - " + d.Cycle.Name,
		Subject: p.Name.In(opts.Lang), Creator: "CDC Toolkit", Created: w3c(opts.Now), Modified: w3c(opts.Now),
		Keywords: "X.1060; CDC; questionnaire", Language: string(opts.Lang),
	}); err != nil {
		return nil, err
	}

	// The rows, streamed last: a call that reads every sheet (SetSheetVisible in writeMeta)
	// would read a streamed sheet back into memory.
	sw, err := f.NewStreamWriter(q)
	if err != nil {
		return nil, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 3, YSplit: 1, TopLeftCell: "D2", ActivePane: "bottomRight"}); err != nil {
		return nil, err
	}
	for col := 1; col <= numCols; col++ {
		if err := sw.SetColWidth(col, col, widths[col]); err != nil {
			return nil, err
		}
	}
	hl := 1
	head := make([]any, len(heads))
	for i, h := range heads {
		head[i] = b.cell(h, st.header)
		hl = max(hl, lines(h, widths[i+1]))
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: b.rowH(max(hl, 2), sizeBody)}); err != nil {
		return nil, err
	}
	// The style of each column's data cells: locked text, the inputs unlocked.
	colStyle := func(col int) int {
		switch {
		case col <= colScope:
			return st.lockedWrap
		case col <= colProvider:
			return st.inputWrap
		case col <= colCurrent:
			return st.inputScore
		case col == colEvidence:
			return st.inputWrap
		}
		return st.lockedWrap
	}
	yes, no := pr.T("word.yes"), pr.T("word.no")
	cells := make([]any, numCols)
	for i, s := range d.Services {
		r := firstDataRow + i
		cat, _ := p.Category(s.Category)
		scope := yes
		if !s.InScope {
			scope = no
		}
		note := ""
		if s.CarriedOver {
			note = pr.T("questionnaire.carried_over")
		} else if s.Assessor != "" && s.AssessedAt != nil {
			note = pr.T("questionnaire.assessed_by", s.Assessor, pr.Date(*s.AssessedAt))
		}
		name := s.Name.In(opts.Lang)
		if s.WorkingName() {
			name = markWorking(pr, name)
		}
		vals := []any{s.ID, cat.Name.In(opts.Lang), name, s.Description.In(opts.Lang),
			p.LevelName(s.Level, opts.Lang), scope, p.AssignmentName(s.Assignment, opts.Lang), s.Provider,
			s.Target, s.Current, s.Evidence, note}
		for j, v := range vals {
			cells[j] = b.cell(v, colStyle(j+1))
		}
		// Rows fit the longer of the English and Japanese texts, so a file keeps its layout
		// whichever language it is read in.
		n := max(lines(s.Evidence, widths[colEvidence]), lines(note, widths[colNote]), lines(s.Provider, widths[colProvider]))
		for _, l := range []catalog.Lang{catalog.EN, catalog.JA, opts.Lang} {
			n = max(n, lines(s.Description.In(l), widths[colDescription]), lines(markWorking(pr, s.Name.In(l)), widths[colService]),
				lines(cat.Name.In(l), widths[colCategory]))
		}
		if err := sw.SetRow(cellName(1, r), cells, excelize.RowOpts{Height: b.rowH(n, sizeBody)}); err != nil {
			return nil, err
		}
		opts.Progress.step(i+1, total)
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	return b, nil
}

// rowRanges is the cells of column col in rows (ascending) as a space-separated list of
// ranges, consecutive rows joined: "I2:I5 I7".
func rowRanges(col int, rows []int) string {
	var b strings.Builder
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(cellName(col, rows[i]))
		if j > i {
			b.WriteString(":" + cellName(col, rows[j]))
		}
		i = j + 1
	}
	return b.String()
}

// scaleLines lists the descriptors of the scale that applies to an assignment kind, one line
// per score, for the input message of a row.
func scaleLines(p *catalog.Pack, a catalog.Assignment, lang catalog.Lang) []string {
	var ls []string
	for v := catalog.MinScore; v <= catalog.MaxScore; v++ {
		ls = append(ls, fmt.Sprintf("%d %s", v, p.Descriptor(v, a).In(lang)))
	}
	return ls
}

func scaleComment(p *catalog.Pack, pr vocab.Printer, lang catalog.Lang) string {
	var b strings.Builder
	b.WriteString(pr.T("method.inhouse") + ":\n")
	for v := catalog.MinScore; v <= catalog.MaxScore; v++ {
		fmt.Fprintf(&b, "%d %s\n", v, p.Descriptor(v, catalog.AssignCDC).In(lang))
	}
	b.WriteString("\n" + pr.T("method.outsourced") + ":\n")
	for v := catalog.MinScore; v <= catalog.MaxScore; v++ {
		fmt.Fprintf(&b, "%d %s\n", v, p.Descriptor(v, catalog.AssignExternal).In(lang))
	}
	return strings.TrimSpace(b.String())
}

// clip shortens s to at most n characters (Excel's input message limit).
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
