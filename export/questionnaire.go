package export

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cdc-toolkit/cdc/catalog"
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

func questionHeaders(lb *labels) []string {
	return []string{lb.id, lb.category, lb.service, lb.description, lb.level, lb.inScope,
		lb.assignment, lb.provider, lb.target, lb.current, lb.evidence, lb.note}
}

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
	f, err := buildQuestionnaire(d, opts)
	if err != nil {
		return fmt.Errorf("questionnaire: %w", err)
	}
	defer f.Close()
	total := len(d.Services) + 1
	if err := saveWorkbook(f, path, opts.Password); err != nil {
		return err
	}
	opts.Progress.step(total, total)
	return nil
}

func buildQuestionnaire(d *catalog.CycleData, opts QuestionnaireOptions) (*excelize.File, error) {
	lb := labelsFor(opts.Lang)
	p := d.Pack
	f := excelize.NewFile()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", sheetInstructions); err != nil {
		return nil, err
	}
	for _, name := range []string{sheetQuestions, sheetLists, sheetMeta} {
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
	}
	total := len(d.Services) + 1

	// Instructions: what to fill, the organisation and the score scale.
	ins := sheetInstructions
	row := 1
	put := func(col int, v any, style int) {
		c := cellName(col, row)
		f.SetCellValue(ins, c, safeValue(v))
		if style != 0 {
			f.SetCellStyle(ins, c, c, style)
		}
	}
	put(1, lb.qTitle[0], st.title)
	row += 2
	for _, kv := range [][2]string{
		{lb.organisation, d.Org.Name}, {lb.cycle, d.Cycle.Name},
		{lb.pack, p.Name.In(opts.Lang) + " (" + p.Ref() + ")"},
		{lb.exported, opts.Now.Format("2006-01-02 15:04")},
	} {
		put(1, kv[0], st.header)
		put(2, kv[1], st.text)
		row++
	}
	row++
	for _, line := range lb.qIntro {
		put(1, line, 0)
		row++
	}
	row++
	put(1, lb.scaleTitle, st.title)
	row++
	put(1, lb.score, st.header)
	put(2, lb.inHouse, st.header)
	put(3, lb.outsourced, st.header)
	row++
	for v := catalog.MinScore; v <= catalog.MaxScore; v++ {
		put(1, v, st.int_)
		put(2, p.Descriptor(v, catalog.AssignCDC).In(opts.Lang), st.wrap)
		put(3, p.Descriptor(v, catalog.AssignExternal).In(opts.Lang), st.wrap)
		row++
	}
	row++
	put(1, lb.assignment, st.header)
	put(2, lb.description, st.header)
	row++
	for _, a := range p.Assignments {
		put(1, a.Name.In(opts.Lang), st.text)
		put(2, a.Description.In(opts.Lang), st.wrap)
		row++
	}
	f.SetColWidth(ins, "A", "A", 22)
	f.SetColWidth(ins, "B", "C", 60)
	if err := printReady(f, ins, false, 0, false); err != nil {
		return nil, err
	}
	if err := f.ProtectSheet(ins, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true}); err != nil {
		return nil, err
	}

	// Lists: the assignment dropdown values.
	for i, a := range p.Assignments {
		f.SetCellValue(sheetLists, cellName(1, i+1), SafeText(a.Name.In(opts.Lang)))
	}
	if err := f.SetSheetVisible(sheetLists, false, true); err != nil {
		return nil, err
	}

	// Questionnaire: one row per service.
	q := sheetQuestions
	for i, h := range questionHeaders(lb) {
		f.SetCellValue(q, cellName(i+1, 1), safeValue(h))
	}
	f.SetCellStyle(q, "A1", cellName(numCols, 1), st.header)
	f.SetRowHeight(q, 1, 32)
	last := firstDataRow + len(d.Services) - 1
	for i, s := range d.Services {
		r := firstDataRow + i
		cat, _ := p.Category(s.Category)
		scope := lb.yes
		if !s.InScope {
			scope = lb.no
		}
		note := ""
		if s.CarriedOver {
			note = lb.carriedOver
		} else if s.Assessor != "" && s.AssessedAt != nil {
			note = lb.assessedBy + " " + s.Assessor + ", " + s.AssessedAt.Format("2006-01-02")
		}
		vals := []any{s.ID, cat.Name.In(opts.Lang), s.Name.In(opts.Lang), s.Description.In(opts.Lang),
			p.LevelName(s.Level, opts.Lang), scope, p.AssignmentName(s.Assignment, opts.Lang), s.Provider,
			nil, nil, s.Evidence, note}
		if s.Target != nil {
			vals[colTarget-1] = *s.Target
		}
		if s.Current != nil {
			vals[colCurrent-1] = *s.Current
		}
		if err := f.SetSheetRow(q, cellName(1, r), ptr(safeRow(vals))); err != nil {
			return nil, err
		}
		lines := max(textLines(s.Description.In(opts.Lang), 50), textLines(s.Name.In(opts.Lang), 34), textLines(s.Evidence, 44))
		f.SetRowHeight(q, r, rowHeight(lines))
		opts.Progress.step(i+1, total)
	}
	if len(d.Services) > 0 {
		f.SetCellStyle(q, cellName(colID, firstDataRow), cellName(colScope, last), st.locked)
		f.SetCellStyle(q, cellName(colDescription, firstDataRow), cellName(colDescription, last), st.lockedWrap)
		f.SetCellStyle(q, cellName(colService, firstDataRow), cellName(colService, last), st.lockedWrap)
		f.SetCellStyle(q, cellName(colAssignment, firstDataRow), cellName(colProvider, last), st.input)
		f.SetCellStyle(q, cellName(colTarget, firstDataRow), cellName(colCurrent, last), st.inputScore)
		f.SetCellStyle(q, cellName(colEvidence, firstDataRow), cellName(colEvidence, last), st.inputWrap)
		f.SetCellStyle(q, cellName(colNote, firstDataRow), cellName(colNote, last), st.lockedWrap)

		assign := excelize.NewDataValidation(true)
		assign.Sqref = cellName(colAssignment, firstDataRow) + ":" + cellName(colAssignment, last)
		assign.SetSqrefDropList(fmt.Sprintf("%s!$A$1:$A$%d", sheetLists, len(p.Assignments)))
		assign.SetInput(lb.assignHelpTitle, lb.assignHelp)
		assign.SetError(excelize.DataValidationErrorStyleStop, lb.assignHelpTitle, lb.assignHelp)
		if err := f.AddDataValidation(q, assign); err != nil {
			return nil, err
		}
		scoreHelp := clip(lb.scoreHelp+"\n"+scaleSummary(p, opts.Lang), 255)
		for _, col := range []int{colTarget, colCurrent} {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = cellName(col, firstDataRow) + ":" + cellName(col, last)
			if err := dv.SetRange(catalog.MinScore, catalog.MaxScore, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
				return nil, err
			}
			dv.SetInput(lb.scoreHelpTitle, scoreHelp)
			dv.SetError(excelize.DataValidationErrorStyleStop, lb.scoreHelpTitle, lb.scoreError)
			if err := f.AddDataValidation(q, dv); err != nil {
				return nil, err
			}
		}
	}
	// The full descriptors, in-house and outsourced, as a comment on the Current header.
	if err := f.AddComment(q, excelize.Comment{Author: "CDC Toolkit", Cell: cellName(colCurrent, 1), Text: scaleComment(p, lb, opts.Lang), Width: 420, Height: 300}); err != nil {
		return nil, err
	}
	for _, w := range []struct {
		col   int
		width float64
	}{{colID, 8}, {colCategory, 18}, {colService, 34}, {colDescription, 50}, {colLevel, 12}, {colScope, 8},
		{colAssignment, 14}, {colProvider, 22}, {colTarget, 9}, {colCurrent, 9}, {colEvidence, 44}, {colNote, 24}} {
		f.SetColWidth(q, colName(w.col), colName(w.col), w.width)
	}
	if err := f.SetPanes(q, &excelize.Panes{Freeze: true, XSplit: 3, YSplit: 1, TopLeftCell: "D2", ActivePane: "bottomRight"}); err != nil {
		return nil, err
	}
	if err := printReady(f, q, true, 1, false); err != nil {
		return nil, err
	}
	if err := f.ProtectSheet(q, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true}); err != nil {
		return nil, err
	}

	// Identity and the exported values, checked on import (qmeta.go).
	if err := writeMeta(f, d, opts.Lang, opts.Now); err != nil {
		return nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:   lb.qTitle[0] + " - " + d.Org.Name + " - " + d.Cycle.Name,
		Subject: p.Name.In(opts.Lang), Creator: "CDC Toolkit", Created: w3c(opts.Now), Modified: w3c(opts.Now),
		Keywords: "X.1060; CDC; questionnaire", Language: string(opts.Lang),
	}); err != nil {
		return nil, err
	}
	idx, _ := f.GetSheetIndex(q)
	f.SetActiveSheet(idx)
	return f, nil
}

// scaleSummary lists the in-house descriptors compactly for the input message.
func scaleSummary(p *catalog.Pack, lang catalog.Lang) string {
	var b strings.Builder
	for v := catalog.MinScore; v <= catalog.MaxScore; v++ {
		fmt.Fprintf(&b, "%d %s\n", v, p.Descriptor(v, catalog.AssignCDC).In(lang))
	}
	return strings.TrimSpace(b.String())
}

func scaleComment(p *catalog.Pack, lb *labels, lang catalog.Lang) string {
	var b strings.Builder
	b.WriteString(lb.inHouse + ":\n")
	for v := catalog.MinScore; v <= catalog.MaxScore; v++ {
		fmt.Fprintf(&b, "%d %s\n", v, p.Descriptor(v, catalog.AssignCDC).In(lang))
	}
	b.WriteString("\n" + lb.outsourced + ":\n")
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
