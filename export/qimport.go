package export

import (
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
	"github.com/xuri/excelize/v2"
)

// planQuestionnaire validates a filled questionnaire against the database.
func planQuestionnaire(ctx context.Context, store *catalog.Store, path string, data []byte, o ImportOptions) (*ImportPlan, error) {
	f, err := openWorkbook(path, data, o.Password)
	if err != nil {
		return nil, &ValidationError{File: path, Problems: []Problem{{Message: err.Error()}}}
	}
	defer f.Close()
	v := &qValidator{f: f, path: path, lang: o.Lang}
	plan, err := v.run(ctx, store)
	if err != nil {
		return nil, err
	}
	if len(v.problems) > 0 {
		return nil, &ValidationError{File: path, Problems: v.problems}
	}
	return plan, nil
}

type qValidator struct {
	f        *excelize.File
	path     string
	lang     catalog.Lang // for service names in the plan; empty: the questionnaire's language
	problems []Problem
}

func (v *qValidator) add(where, format string, args ...any) {
	v.problems = append(v.problems, Problem{Where: where, Message: fmt.Sprintf(format, args...)})
}

// readSheet reads up to maxSheetRows rows of raw values.
func (v *qValidator) readSheet(sheet string) ([][]string, bool) {
	rows, err := v.f.Rows(sheet)
	if err != nil {
		v.add(sheet, "cannot be read: %v", err)
		return nil, false
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		if len(out) >= maxSheetRows {
			v.add(sheet, "has more than %d rows; this is not a questionnaire written by cdc", maxSheetRows)
			return nil, false
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			v.add(sheet, "cannot be read: %v", err)
			return nil, false
		}
		if len(cols) > 64 {
			cols = cols[:64]
		}
		out = append(out, cols)
	}
	if err := rows.Error(); err != nil {
		v.add(sheet, "cannot be read: %v", err)
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

func (v *qValidator) run(ctx context.Context, store *catalog.Store) (*ImportPlan, error) {
	sheets := v.f.GetSheetList()
	for _, want := range []string{sheetQuestions, sheetMeta} {
		if !slices.Contains(sheets, want) {
			v.add("", "sheet %q is missing; this is not a questionnaire written by cdc (or a sheet was renamed)", want)
		}
	}
	if len(v.problems) > 0 {
		return nil, nil
	}
	metaRows, ok := v.readSheet(sheetMeta)
	if !ok {
		return nil, nil
	}
	meta := map[string]string{}
	where := map[string]string{}
	for i, r := range metaRows {
		if len(r) >= 2 && r[0] != "" {
			meta[r[0]] = UnsafeText(r[1])
			where[r[0]] = fmt.Sprintf("%s!B%d", sheetMeta, i+1)
		}
	}
	at := func(key string) string {
		if w, ok := where[key]; ok {
			return w
		}
		return sheetMeta
	}
	if meta[metaFormat] != QuestionnaireFormat {
		v.add(at(metaFormat), "format %q is not %q; this is not a questionnaire written by cdc", meta[metaFormat], QuestionnaireFormat)
		return nil, nil
	}
	ver, err := strconv.Atoi(meta[metaVersion])
	switch {
	case err != nil:
		v.add(at(metaVersion), "format version %q is not a number", meta[metaVersion])
	case ver > QuestionnaireVersion:
		v.add(at(metaVersion), "format version %d is newer than this cdc reads (%d); use a newer cdc", ver, QuestionnaireVersion)
	case ver < 1:
		v.add(at(metaVersion), "format version %d is not valid", ver)
	}
	lang, err := catalog.ParseLang(meta[metaLang])
	if err != nil {
		v.add(at(metaLang), "language %q is not en or ja", meta[metaLang])
	}
	if len(v.problems) > 0 {
		return nil, nil
	}

	// Organisation, cycle and pack must match the database.
	orgName := meta[metaOrgName]
	org, err := store.FindOrg(ctx, orgName)
	if errors.Is(err, catalog.ErrNotFound) || (err == nil && !strings.EqualFold(org.Name, orgName)) {
		hint := ""
		if id, perr := strconv.ParseInt(meta[metaOrgID], 10, 64); perr == nil {
			if same, oerr := store.Org(ctx, id); oerr == nil {
				hint = fmt.Sprintf(" (organisation %d here is named %q; was it renamed?)", id, same.Name)
			}
		}
		v.add(at(metaOrgName), "organisation %q does not exist in this database%s", orgName, hint)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	cycleName := meta[metaCycleName]
	cycles, err := store.Cycles(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	var cyc *catalog.Cycle
	for i := range cycles {
		if strings.EqualFold(cycles[i].Name, cycleName) {
			cyc = &cycles[i]
			break
		}
	}
	if cyc == nil {
		v.add(at(metaCycleName), "organisation %q has no cycle %q", org.Name, cycleName)
		return nil, nil
	}
	if cyc.Status != catalog.CycleOpen {
		v.add(at(metaCycleName), "cycle %q of %q is closed; start a new cycle and export a new questionnaire", cyc.Name, org.Name)
	}
	if cyc.PackID != meta[metaPackID] || cyc.PackVersion != meta[metaPackVersion] {
		v.add(at(metaPackID), "the questionnaire uses pack %s@%s but cycle %q uses %s@%s", meta[metaPackID], meta[metaPackVersion], cyc.Name, cyc.PackID, cyc.PackVersion)
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
	lb := labelsFor(lang)
	for i, h := range questionHeaders(lb) {
		if got := strings.TrimSpace(cell(rows, 1, i+1)); got != h {
			v.add(fmt.Sprintf("%s!%s", sheetQuestions, cellName(i+1, 1)), "column header is %q, expected %q (columns must not be moved or renamed)", got, h)
		}
	}
	if len(v.problems) > 0 {
		return nil, nil
	}
	plan := &ImportPlan{File: v.path, Kind: KindQuestionnaire, Organisation: org, Cycle: *cyc, Services: []ServiceChanges{}}
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
	mayHaveFormulas := formulasPossible(v.f)
	for r := firstDataRow; r <= len(rows); r++ {
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
		// A formula in any input is refused, never evaluated.
		formula := false
		for _, c := range []int{colID, colAssignment, colProvider, colTarget, colCurrent, colEvidence} {
			if !mayHaveFormulas {
				break
			}
			if fm, _ := v.f.GetCellFormula(sheetQuestions, cellName(c, r)); fm != "" {
				v.add(ref(c), "contains a formula (=%s); enter the value itself", clip(fm, 40))
				formula = true
			}
		}
		id := strings.TrimSpace(cell(rows, r, colID))
		if id == "" {
			v.add(ref(colID), "service ID is missing (rows must not be added or changed)")
			continue
		}
		st, known := byID[id]
		if !known {
			v.add(ref(colID), "service %q is not in pack %s", clip(id, 40), d.Pack.Ref())
			continue
		}
		if first, dup := firstRow[id]; dup {
			v.add(ref(colID), "service %s appears again (first in row %d)", id, first)
			continue
		}
		firstRow[id] = r
		if formula {
			continue
		}
		sc := ServiceChanges{ID: id, Name: st.Name.In(nameLang), Changes: []FieldChange{}}

		rawAssign := strings.TrimSpace(UnsafeText(cell(rows, r, colAssignment)))
		if a, ok := assignments[strings.ToLower(rawAssign)]; !ok {
			if rawAssign == "" {
				v.add(ref(colAssignment), "assignment is empty; pick one from the list")
			} else {
				v.add(ref(colAssignment), "assignment %q is not one of %s", clip(rawAssign, 40), assignmentChoices(d.Pack, lang))
			}
		} else if a != st.Assignment {
			sc.build.Assignment = &a
			sc.Changes = append(sc.Changes, FieldChange{Field: catalog.FieldAssignment, Old: string(st.Assignment), New: string(a)})
		}

		provider := UnsafeText(cell(rows, r, colProvider))
		if msg := textProblem(provider, catalog.MaxNameLen); msg != "" {
			v.add(ref(colProvider), "provider %s", msg)
		} else if provider != st.Provider {
			sc.build.Provider = &provider
			sc.Changes = append(sc.Changes, FieldChange{Field: catalog.FieldProvider, Old: st.Provider, New: provider})
		}

		target, okT := v.score(ref(colTarget), "target", cell(rows, r, colTarget))
		if okT && !sameScore(target, st.Target) {
			if target == nil {
				sc.build.ClearTarget = true
			} else {
				sc.build.Target = target
			}
			sc.Changes = append(sc.Changes, FieldChange{Field: catalog.FieldTarget, Old: scoreText(st.Target), New: scoreText(target)})
		}

		current, okC := v.score(ref(colCurrent), "current score", cell(rows, r, colCurrent))
		// An unchanged carried-over score stays carried over: re-assessing means changing it.
		if okC && !sameScore(current, st.Current) {
			if current == nil {
				sc.assess.ClearScore = true
			} else {
				sc.assess.Score = current
			}
			sc.Changes = append(sc.Changes, FieldChange{Field: catalog.FieldCurrent, Old: scoreText(st.Current), New: scoreText(current)})
		}

		evidence := UnsafeText(cell(rows, r, colEvidence))
		if msg := textProblem(evidence, catalog.MaxEvidenceLen); msg != "" {
			v.add(ref(colEvidence), "evidence %s", msg)
		} else if evidence != st.Evidence {
			sc.assess.Evidence = &evidence
			sc.Changes = append(sc.Changes, FieldChange{Field: catalog.FieldEvidence, Old: st.Evidence, New: evidence})
		}
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
		v.add(sheetQuestions, "%d service(s) are missing: %s (rows must not be removed)", len(missing), clip(strings.Join(missing, ", "), 200))
	}
	if len(planned) > 0 {
		if err := markConflicts(ctx, store, org.ID, cyc.ID, meta[metaExportedAt], planned); err != nil {
			return nil, err
		}
	}
	for _, s := range d.Services {
		if sc, ok := planned[s.ID]; ok {
			plan.Services = append(plan.Services, sc)
		}
	}
	return plan, nil
}

// markConflicts flags planned fields that the change log shows were changed after the
// questionnaire was exported, so an outdated file cannot silently undo newer work.
func markConflicts(ctx context.Context, store *catalog.Store, orgID, cycleID int64, exportedAt string, planned map[string]ServiceChanges) error {
	since, err := time.Parse(time.RFC3339Nano, exportedAt)
	if err != nil {
		return nil // no export time: nothing to compare with
	}
	changes, err := store.Changes(ctx, catalog.ChangeQuery{OrgID: orgID, CycleID: cycleID, Entities: catalog.ServiceEntities, After: since})
	if err != nil {
		return err
	}
	for _, c := range changes {
		sc, ok := planned[c.Key]
		if !ok {
			continue
		}
		for i := range sc.Changes {
			if sc.Changes[i].Field == c.Field {
				sc.Changes[i].Conflict = true
			}
		}
	}
	return nil
}

// formulaElement matches a cell formula element, with or without a namespace prefix.
var formulaElement = regexp.MustCompile(`<([A-Za-z0-9_]+:)?f[ >/]`)

// formulasPossible reports whether any worksheet may hold a formula. Looking per cell parses
// the whole sheet again, so it is done only when the raw sheets show a formula element or
// a sheet is not held in memory.
func formulasPossible(f *excelize.File) bool {
	seen, found := 0, false
	f.Pkg.Range(func(k, v any) bool {
		name, _ := k.(string)
		body, _ := v.([]byte)
		if !strings.HasPrefix(name, "xl/worksheets/") || !strings.HasSuffix(name, ".xml") {
			return true
		}
		seen++
		if formulaElement.Match(body) {
			found = true
			return false
		}
		return true
	})
	return found || seen < len(f.GetSheetList())
}

// score parses a score cell: empty is nil; "4", 4 and 4.0 are 4; anything else is a problem.
func (v *qValidator) score(where, what, raw string) (*int, bool) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		v.add(where, "%s %q is not a number from 0 to 5", what, clip(s, 40))
		return nil, false
	}
	if f != math.Trunc(f) {
		v.add(where, "%s %s is not a whole number from 0 to 5", what, s)
		return nil, false
	}
	if f < catalog.MinScore || f > catalog.MaxScore {
		v.add(where, "%s %s is outside 0-5", what, strconv.FormatFloat(f, 'f', -1, 64))
		return nil, false
	}
	n := int(f)
	return &n, true
}

func textProblem(s string, max int) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8 text"
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Sprintf("is %d characters long; the limit is %d", n, max)
	}
	return ""
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
		for _, k := range []string{string(a.ID), a.Name[catalog.EN], a.Name[catalog.JA]} {
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
