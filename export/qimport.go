package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/xuri/excelize/v2"
)

// planQuestionnaire validates a filled questionnaire against the database.
func planQuestionnaire(ctx context.Context, store *catalog.Store, path string, data []byte, o ImportOptions) (*ImportPlan, error) {
	ctx, cancel := context.WithTimeout(ctx, importTimeBudget)
	defer cancel()
	if bytes.HasPrefix(data, oleMagic) && o.Password == "" {
		return nil, &ValidationError{File: path, Problems: []Problem{problem("", CodeEncrypted)}}
	}
	f, scan, err := openWorkbook(ctx, data, o.Password)
	if err != nil {
		return nil, &ValidationError{File: path, Problems: []Problem{asProblem(err)}}
	}
	defer f.Close()
	v := &qValidator{f: f, scan: scan, path: path, lang: o.Lang}
	plan, err := v.run(ctx, store)
	if err != nil {
		return nil, err
	}
	if all := v.allProblems(); len(all) > 0 {
		return nil, &ValidationError{File: path, Problems: all}
	}
	if ctx.Err() != nil {
		return nil, &ValidationError{File: path, Problems: []Problem{asProblem(timeUp(ctx.Err()))}}
	}
	return plan, nil
}

type qValidator struct {
	f        *excelize.File
	scan     *scannedWorkbook
	path     string
	lang     catalog.Lang // for service names in the plan; empty: the questionnaire's language
	problems []Problem
	// formulas are the formula problems, kept apart so that validation goes on and the
	// file's other problems are listed too; their cells get no second problem.
	formulas     []Problem
	formulaCells map[string]bool
}

func (v *qValidator) add(where, code string, args ...any) {
	v.addProblem(problem(where, code, args...))
}

func (v *qValidator) addProblem(p Problem) {
	if v.formulaCells[p.Where] {
		return
	}
	v.problems = append(v.problems, p)
}

// allProblems lists the formulas first, then every other problem.
func (v *qValidator) allProblems() []Problem { return append(slices.Clip(v.formulas), v.problems...) }

// readSheet reads up to maxSheetRows rows of raw values (scanZip bounded rows and columns).
func (v *qValidator) readSheet(sheet string) ([][]string, bool) {
	rows, err := v.f.Rows(sheet)
	if err != nil {
		v.add(sheet, "import.q.sheet_unreadable", cause(err))
		return nil, false
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		if len(out) >= maxSheetRows {
			v.add(sheet, "import.q.too_many_rows", maxSheetRows)
			return nil, false
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			v.add(sheet, "import.q.sheet_unreadable", cause(err))
			return nil, false
		}
		if len(cols) > maxColumns {
			cols = cols[:maxColumns]
		}
		out = append(out, cols)
	}
	if err := rows.Error(); err != nil {
		v.add(sheet, "import.q.sheet_unreadable", cause(err))
		return nil, false
	}
	return out, true
}

func cell(rows [][]string, r, c int) string {
	if r-1 < len(rows) && c-1 < len(rows[r-1]) {
		return rows[r-1][c-1]
	}
	return ""
}

// maxFormulaProblems bounds how many formulas are listed one by one.
const maxFormulaProblems = 20

func (v *qValidator) run(ctx context.Context, store *catalog.Store) (*ImportPlan, error) {
	sheets := v.f.GetSheetList()
	for _, want := range []string{sheetQuestions, sheetMeta} {
		if !slices.Contains(sheets, want) || v.scan.sheet(want) == nil {
			v.add("", "import.q.sheet_missing", want)
		}
	}
	if len(v.problems) > 0 {
		return nil, nil
	}
	// A formula anywhere is refused, never evaluated: the toolkit writes none.
	// The other checks go on, so every problem of the file is listed at once.
	formulas := 0
	v.formulaCells = map[string]bool{}
	for _, sh := range v.scan.sheets {
		for _, ref := range sh.formulas {
			formulas++
			where := sh.name + "!" + ref
			v.formulaCells[where] = true
			if formulas <= maxFormulaProblems {
				fm, _ := v.f.GetCellFormula(sh.name, ref)
				v.formulas = append(v.formulas, problem(where, "import.q.formula", termtext.Clean(clip(fm, 40))))
			}
		}
	}
	if formulas > maxFormulaProblems {
		v.formulas = append(v.formulas, problemN("", "import.q.more_formulas", formulas-maxFormulaProblems))
	}
	metaRaw, ok := v.readSheet(sheetMeta)
	if !ok {
		return nil, nil
	}
	meta := v.readMeta(metaRaw)
	if meta == nil {
		return nil, nil
	}
	lang, err := catalog.ParseLang(meta.values[metaLang])
	if err != nil {
		v.add(meta.at(metaLang), "import.q.language", clip(meta.values[metaLang], 20), catalog.LangCodes())
		return nil, nil
	}
	org, cyc, notes, err := v.identify(ctx, store, meta)
	if err != nil || cyc == nil {
		return nil, err
	}
	if cyc.Status != catalog.CycleOpen {
		v.add(meta.at(metaCycleName), "import.q.cycle_closed", cyc.Name, org.Name)
	}
	if cyc.PackID != meta.values[metaPackID] || cyc.PackVersion != meta.values[metaPackVersion] {
		v.add(meta.at(metaPackID), "import.q.pack", clip(meta.values[metaPackID], 40), clip(meta.values[metaPackVersion], 40), cyc.Name, cyc.PackID, cyc.PackVersion)
	}
	if len(v.problems) > 0 {
		return nil, nil
	}
	d, err := store.CycleData(ctx, cyc.ID)
	if err != nil {
		return nil, err
	}

	rows, ok := v.readSheet(sheetQuestions)
	if !ok {
		return nil, nil
	}
	for i, h := range questionHeaders(lang) {
		if got := strings.TrimSpace(cell(rows, 1, i+1)); got != h {
			v.add(fmt.Sprintf("%s!%s", sheetQuestions, cellName(i+1, 1)), "import.q.header", termtext.Clean(clip(got, 40)), h)
		}
	}
	if len(v.problems) > 0 {
		return nil, nil
	}
	plan := &ImportPlan{File: v.path, Kind: KindQuestionnaire, Organisation: org, Cycle: *cyc, Services: []ServiceChanges{},
		OrganisationUUID: orgIdentity(org), CycleUUID: cycleIdentity(org, *cyc), Notes: notes, pack: d.Pack}
	plan.Respondent, plan.AnsweredOn = v.respondent()
	if len(v.problems) > 0 {
		return nil, nil
	}
	if plan.Respondent != "" {
		doc, err := store.Document(ctx, org.ID)
		if err != nil {
			return nil, err
		}
		plan.RespondentListed = catalog.RespondentListed(doc.Respondents, plan.RespondentEntry())
	}
	if n := termtext.Clean(clip(meta.values[metaOrgName], 80)); n != org.Name {
		plan.FileOrganisation = n
	}
	if n := termtext.Clean(clip(meta.values[metaCycleName], 80)); n != cyc.Name {
		plan.FileCycle = n
	}
	byID := map[string]*catalog.ServiceState{}
	for i := range d.Services {
		byID[d.Services[i].ID] = &d.Services[i]
	}
	assignments := assignmentNames(d.Pack)
	nameLang := lang
	if v.lang != "" {
		nameLang = v.lang
	}
	firstRow := map[string]int{}
	planned := map[string]ServiceChanges{}
	for r := firstDataRow; r <= len(rows); r++ {
		if ctx.Err() != nil {
			return nil, nil // planQuestionnaire reports the time budget
		}
		ref := func(col int) string { return fmt.Sprintf("%s!%s", sheetQuestions, cellName(col, r)) }
		blank := true
		for c := 1; c <= numCols; c++ {
			if strings.TrimSpace(cell(rows, r, c)) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		id := strings.TrimSpace(cell(rows, r, colID))
		if id == "" {
			v.add(ref(colID), "import.q.no_id")
			continue
		}
		st, known := byID[id]
		if !known {
			v.add(ref(colID), "import.q.unknown_service", termtext.Clean(clip(id, 40)), d.Pack.Ref())
			continue
		}
		if first, dup := firstRow[id]; dup {
			v.add(ref(colID), "import.q.duplicate_service", id, first)
			continue
		}
		firstRow[id] = r
		base, ok := meta.base[id]
		if !ok {
			v.add(ref(colID), "import.q.no_base", id)
			continue
		}
		sc := ServiceChanges{ID: id, Name: st.Name.In(nameLang), Changes: []FieldChange{}}

		rawAssign := strings.TrimSpace(UnsafeText(cell(rows, r, colAssignment)))
		if p, bad := textProblem(ref(colAssignment), "assignment", rawAssign, catalog.MaxNameLen, false); bad {
			v.addProblem(p)
		} else if a, ok := assignments[strings.ToLower(rawAssign)]; !ok {
			if rawAssign == "" {
				v.add(ref(colAssignment), "import.q.assignment_empty")
			} else {
				v.add(ref(colAssignment), "import.q.assignment", clip(rawAssign, 40), assignmentChoices(d.Pack, lang))
			}
		} else {
			sc.threeWay(fieldAssignment, string(base.assignment), string(a), string(st.Assignment))
		}

		// text checks a free-text cell and plans its change.
		text := func(col int, what string, maxLen int, newlines bool, f qField, base, db string) {
			val := UnsafeText(cell(rows, r, col))
			if p, bad := textProblem(ref(col), what, val, maxLen, newlines); bad {
				v.addProblem(p)
			} else {
				sc.threeWay(f, base, val, db)
			}
		}
		text(colProvider, "provider", catalog.MaxNameLen, false, fieldProvider, base.provider, st.Provider)

		if target, ok := v.score(ref(colTarget), colTarget, r, term("field.target"), cell(rows, r, colTarget)); ok {
			sc.threeWay(fieldTarget, scoreCell(base.target), scoreCell(target), scoreCell(st.Target))
		}
		// An unchanged carried-over score stays carried over: re-assessing means changing it.
		if current, ok := v.score(ref(colCurrent), colCurrent, r, term("field.current"), cell(rows, r, colCurrent)); ok {
			sc.threeWay(fieldCurrent, scoreCell(base.current), scoreCell(current), scoreCell(st.Current))
		}

		text(colEvidence, "evidence", catalog.MaxEvidenceLen, true, fieldEvidence, base.evidence, st.Evidence)
		if len(sc.Changes) > 0 {
			planned[id] = sc
		}
	}
	var missing []string
	for _, s := range d.Services {
		if _, ok := firstRow[s.ID]; !ok {
			missing = append(missing, s.ID)
		}
	}
	if len(missing) > 0 {
		v.addProblem(problemN(sheetQuestions, "import.q.missing_services", len(missing), len(missing), clip(strings.Join(missing, ", "), 200)))
	}
	for _, s := range d.Services {
		if sc, ok := planned[s.ID]; ok {
			plan.Services = append(plan.Services, sc)
		}
	}
	return plan, nil
}

// identify finds the organisation and cycle the questionnaire names by identity; a name
// never selects them. A nil cycle means a problem was added.
func (v *qValidator) identify(ctx context.Context, store *catalog.Store, m *qMeta) (catalog.Organisation, *catalog.Cycle, []string, error) {
	orgID, cycleID := m.values[metaOrgUUID], m.values[metaCycleUUID]
	orgName, cycleName := m.values[metaOrgName], m.values[metaCycleName]
	forWhat := phrase{"import.q.for", []any{termtext.Clean(clip(orgName, 80)), termtext.Clean(clip(orgID, 40)), termtext.Clean(clip(cycleName, 80)), termtext.Clean(clip(cycleID, 40))}}
	orgs, err := store.Orgs(ctx)
	if err != nil {
		return catalog.Organisation{}, nil, nil, err
	}
	var org *catalog.Organisation
	var here []string
	sameName := ""
	for i := range orgs {
		o := orgs[i].Organisation
		if orgIdentity(o) == orgID {
			org = &o
			break
		}
		if strings.EqualFold(strings.TrimSpace(o.Name), strings.TrimSpace(orgName)) {
			sameName = o.Name
		}
		if len(here) < 3 {
			here = append(here, fmt.Sprintf("%q (%s)", o.Name, orgIdentity(o)))
		}
	}
	if org == nil {
		list := phrase{"import.q.orgs_all", []any{strings.Join(here, ", ")}}
		switch {
		case len(orgs) == 0:
			list = phrase{"import.q.no_orgs", nil}
		case len(orgs) > len(here):
			list = phrase{"import.q.orgs_some", []any{strings.Join(here, ", "), len(orgs)}}
		}
		if sameName != "" {
			v.add(m.at(metaOrgUUID), "import.q.org_same_name", forWhat, sameName, list)
		} else {
			v.add(m.at(metaOrgUUID), "import.q.org_not_here", forWhat, list)
		}
		return catalog.Organisation{}, nil, nil, nil
	}
	cycles, err := store.Cycles(ctx, org.ID)
	if err != nil {
		return *org, nil, nil, err
	}
	var cyc *catalog.Cycle
	var names []string
	for i := range cycles {
		if cycleIdentity(*org, cycles[i]) == cycleID {
			cyc = &cycles[i]
			break
		}
		names = append(names, fmt.Sprintf("%q (%s)", cycles[i].Name, cycleIdentity(*org, cycles[i])))
	}
	if cyc == nil {
		v.add(m.at(metaCycleUUID), "import.q.cycle_not_here", forWhat, org.Name, clip(strings.Join(names, ", "), 400))
		return *org, nil, nil, nil
	}
	var notes []string
	if org.Name != orgName {
		notes = append(notes, fmt.Sprintf("the organisation was renamed since the export: %q is now %q", termtext.Clean(clip(orgName, 80)), org.Name))
	}
	if cyc.Name != cycleName {
		notes = append(notes, fmt.Sprintf("the cycle was renamed since the export: %q is now %q", termtext.Clean(clip(cycleName, 80)), cyc.Name))
	}
	return *org, cyc, notes, nil
}

// number is how a spreadsheet writes a number: digits, an optional fraction, nothing else.
var number = regexp.MustCompile(`^-?[0-9]{1,15}(\.[0-9]{1,15})?$`)

// score reads a score cell: empty is nil; only a number from 0 to 5 (3, 3.0) is accepted,
// and anything else is named: a boolean, a date, text, an error value.
func (v *qValidator) score(where string, col, row int, what term, raw string) (*int, bool) {
	ref := cellName(col, row)
	sh := v.scan.sheet(sheetQuestions)
	s := strings.TrimSpace(raw)
	switch t := sh.types[ref]; t {
	case "b":
		word := "FALSE"
		if s == "1" || strings.EqualFold(s, "true") {
			word = "TRUE"
		}
		v.add(where, "import.q.score_bool", what, word)
		return nil, false
	case "d":
		v.add(where, "import.q.score_date", what, termtext.Clean(clip(s, 30)))
		return nil, false
	case "e":
		v.add(where, "import.q.score_error", what, termtext.Clean(clip(s, 20)))
		return nil, false
	case "s", "inlineStr", "str":
		if s == "" {
			return nil, true
		}
		v.add(where, "import.q.score_text", what, termtext.Clean(clip(s, 40)))
		return nil, false
	case "":
	default:
		v.add(where, "import.q.score_type", what, termtext.Clean(clip(t, 20)))
		return nil, false
	}
	if s == "" {
		return nil, true
	}
	if !number.MatchString(s) {
		v.add(where, "import.q.score_digits", what, termtext.Clean(clip(s, 40)))
		return nil, false
	}
	if v.dateStyle(sh.styles[ref]) {
		v.add(where, "import.q.score_date_format", what)
		return nil, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		v.add(where, "import.q.score_nan", what, s)
		return nil, false
	}
	if f != math.Trunc(f) {
		v.add(where, "import.q.score_fraction", what, s)
		return nil, false
	}
	if f < catalog.MinScore || f > catalog.MaxScore {
		v.add(where, "import.q.score_range", what, strconv.FormatFloat(f, 'f', -1, 64))
		return nil, false
	}
	n := int(f)
	return &n, true
}

// dateStyle reports whether a cell style shows numbers as dates or times.
func (v *qValidator) dateStyle(id int) bool {
	if id <= 0 {
		return false
	}
	st, err := v.f.GetStyle(id)
	if err != nil || st == nil {
		return false
	}
	switch n := st.NumFmt; {
	case n >= 14 && n <= 22, n >= 27 && n <= 36, n >= 45 && n <= 47, n >= 50 && n <= 58:
		return true
	}
	if st.CustomNumFmt != nil {
		code := strings.ToLower(*st.CustomNumFmt)
		// Drop quoted text and [colour] or [$-locale] parts before looking for date letters.
		code = regexp.MustCompile(`"[^"]*"|\[[^\]]*\]|\\.`).ReplaceAllString(code, "")
		return strings.ContainsAny(code, "ymdhs")
	}
	return false
}

// textProblem checks an imported text field: UTF-8, no control characters, within max.
// textProblem checks a text cell of field (a "field." key) at where; bad reports a problem.
func textProblem(where, field, s string, max int, multiline bool) (p Problem, bad bool) {
	name := term("field." + field)
	if !utf8.ValidString(s) {
		return problem(where, "import.q.text_utf8", name), true
	}
	check := termtext.Check
	if multiline {
		check = termtext.CheckMultiline
	}
	var te *termtext.Error
	if err := check(field, s); errors.As(err, &te) {
		return problem(where, "import.q.text_control", name, te.Pos, te.Rune), true
	}
	if n := utf8.RuneCountInString(s); n > max {
		return problem(where, "import.q.text_long", name, n, max), true
	}
	return Problem{}, false
}

func sameScore(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func scoreText(v *int) string {
	if v == nil {
		return "none"
	}
	return strconv.Itoa(*v)
}

// assignmentNames maps IDs and names in every language, lower-cased, to assignment kinds.
func assignmentNames(p *catalog.Pack) map[string]catalog.Assignment {
	m := map[string]catalog.Assignment{}
	for _, a := range p.Assignments {
		keys := []string{string(a.ID)}
		for _, l := range catalog.Langs {
			keys = append(keys, a.Name[l])
		}
		for _, k := range keys {
			k = strings.ToLower(strings.TrimSpace(k))
			if _, taken := m[k]; k != "" && !taken {
				m[k] = a.ID
			}
		}
	}
	return m
}

func assignmentChoices(p *catalog.Pack, lang catalog.Lang) string {
	names := make([]string, len(p.Assignments))
	for i, a := range p.Assignments {
		names[i] = a.Name.In(lang)
	}
	return strings.Join(names, ", ")
}

// respondent reads the respondent's two cells on the Instructions sheet, found by their
// defined names: a one-line name, and the date answered as YYYY-MM-DD (an Excel date is
// read as its day). Both may be empty; a bad value is a problem naming its cell.
func (v *qValidator) respondent() (who, on string) {
	read := func(name string) (value, where string) {
		for _, dn := range v.f.GetDefinedName() {
			if dn.Name != name {
				continue
			}
			sheet, ref, ok := strings.Cut(strings.ReplaceAll(dn.RefersTo, "$", ""), "!")
			sheet = strings.Trim(sheet, "'")
			if !ok || sheet != sheetInstructions || v.scan.sheet(sheet) == nil || strings.Contains(ref, ":") {
				return "", ""
			}
			return strings.TrimSpace(v.streamedCell(sheet, ref)), sheet + "!" + ref
		}
		return "", ""
	}
	who, at := read(NameRespondent)
	if p, bad := textProblem(at, "respondent", who, catalog.MaxNameLen, false); bad {
		v.addProblem(p)
		who = ""
	}
	on, at = read(NameAnsweredOn)
	if on == "" {
		return who, ""
	}
	day, err := time.Parse("2006-01-02", on)
	if err != nil {
		if serial, ferr := strconv.ParseFloat(on, 64); ferr == nil && serial > 0 && serial < 2958466 {
			if t, terr := excelize.ExcelDateToTime(serial, false); terr == nil {
				day, err = t, nil
			}
		}
	}
	switch {
	case err != nil:
		v.add(at, "import.q.answered_on", termtext.Clean(clip(on, 20)))
		return who, ""
	case day.After(time.Now().AddDate(0, 0, 1)):
		v.add(at, "import.q.answered_future", day.Format("2006-01-02"))
		return who, ""
	}
	return who, day.Format("2006-01-02")
}

// streamedCell reads one cell by streaming the sheet's rows up to it, so a sheet that is
// large (or built to be) is never held in memory for the sake of one cell.
func (v *qValidator) streamedCell(sheet, ref string) string {
	col, row, err := excelize.CellNameToCoordinates(ref)
	if err != nil || row > maxSheetRows || col > maxColumns {
		return ""
	}
	rows, err := v.f.Rows(sheet)
	if err != nil {
		return ""
	}
	defer rows.Close()
	for i := 1; rows.Next(); i++ {
		if i < row {
			continue
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil || col > len(cols) {
			return ""
		}
		return cols[col-1]
	}
	return ""
}
