package export

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/xuri/excelize/v2"
)

// rowOf returns the questionnaire row of a service in the built-in pack.
func rowOf(t testing.TB, f *excelize.File, id string) int {
	t.Helper()
	rows, err := f.GetRows(sheetQuestions)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == id {
			return i + 1
		}
	}
	t.Fatalf("service %s not in the questionnaire", id)
	return 0
}

func exportQuestionnaire(t testing.TB, fx *fixture, lang catalog.Lang, password string) string {
	t.Helper()
	path := filepath.Join(fx.dir, "q-"+string(lang)+".xlsx")
	calls := 0
	err := WriteQuestionnaire(context.Background(), fx.s, fx.cycle.ID, QuestionnaireOptions{Lang: lang, Password: password,
		Progress: func(done, total int) {
			calls++
			if done > total {
				t.Errorf("progress %d of %d", done, total)
			}
		}}, path)
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 {
		t.Error("progress was never reported")
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	return path
}

// edit opens a questionnaire, lets fn change it as a user would, and saves it.
func edit(t testing.TB, path string, fn func(f *excelize.File)) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fn(f)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func TestQuestionnaireLayout(t *testing.T) {
	fx := newFixture(t)
	for _, lang := range vocab.Languages() {
		t.Run(string(lang), func(t *testing.T) {
			path := exportQuestionnaire(t, fx, lang, "")
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); strings.Join(got, ",") != "Instructions,Questionnaire,Lists,_meta" {
				t.Fatalf("sheets %v", got)
			}
			for _, sh := range []string{sheetLists, sheetMeta} {
				if vis, _ := f.GetSheetVisible(sh); vis {
					t.Errorf("sheet %s is visible", sh)
				}
			}
			pr := vocab.For(lang)
			if h, _ := f.GetCellValue(sheetQuestions, cellName(colCurrent, 1)); h != pr.T("questionnaire.col.current") {
				t.Errorf("header %q, want %q", h, pr.T("questionnaire.col.current"))
			}
			rows, _ := f.GetRows(sheetQuestions)
			if len(rows) != 1+len(catalog.BuiltinPack().Services) {
				t.Errorf("%d rows, want one per service", len(rows))
			}
			r := rowOf(t, f, "C-1")
			if v, _ := f.GetCellValue(sheetQuestions, cellName(colProvider, r)); v != "'=Acme MSSP" {
				t.Errorf("provider %q, want the escaped text", v)
			}
			if v, _ := f.GetCellValue(sheetQuestions, cellName(colNote, r)); v != pr.T("questionnaire.carried_over") {
				t.Errorf("note %q, want the carried-over mark", v)
			}
			// Inputs unlocked, the rest locked.
			for col, wantLocked := range map[int]bool{colID: true, colDescription: true, colAssignment: false, colTarget: false, colCurrent: false, colEvidence: false} {
				sid, _ := f.GetCellStyle(sheetQuestions, cellName(col, r))
				style, _ := f.GetStyle(sid)
				locked := style.Protection == nil || style.Protection.Locked
				if locked != wantLocked {
					t.Errorf("column %s locked=%v, want %v", colName(col), locked, wantLocked)
				}
			}
			// One assignment list, and for every row's target and current cell exactly one help,
			// with the scale of that row's assignment kind (rows with the same help share one
			// validation over a list of ranges).
			dvs, _ := f.GetDataValidations(sheetQuestions)
			if len(dvs) < 2 || len(dvs) > 1+2*2 { // two scales: in-house and outsourced
				t.Fatalf("%d data validations, want the list and one per score column and scale", len(dvs))
			}
			p := catalog.BuiltinPack()
			assignment := map[string]catalog.Assignment{}
			cd, err := fx.s.CycleData(context.Background(), fx.cycle.ID)
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range cd.Services { // rows follow the cycle's services
				if id, _ := f.GetCellValue(sheetQuestions, cellName(colID, firstDataRow+i)); id != s.ID {
					t.Fatalf("row %d holds %s, want %s", firstDataRow+i, id, s.ID)
				}
				assignment[cellName(colTarget, firstDataRow+i)] = s.Assignment
				assignment[cellName(colCurrent, firstDataRow+i)] = s.Assignment
			}
			// start is the beginning of a descriptor, which a long help may shorten after it.
			start := func(v int, a catalog.Assignment) string {
				d := []rune(p.Descriptor(v, a).In(lang))
				return fmt.Sprintf("\n%d %s", v, string(d[:min(len(d), 12)]))
			}
			helpOf := map[string]string{} // score cell -> its help
			for _, dv := range dvs {
				for _, cell := range sqrefCells(t, dv.Sqref) {
					if _, ok := assignment[cell]; !ok {
						continue // the assignment list
					}
					if _, twice := helpOf[cell]; twice {
						t.Errorf("%s has two helps", cell)
					}
					helpOf[cell] = deref(dv.Prompt)
				}
			}
			for cell, a := range assignment {
				prompt, ok := helpOf[cell]
				if !ok {
					t.Errorf("%s has no help", cell)
					continue
				}
				// Every score help keeps, within what applications keep, all six scores of the
				// row's scale, each with the start of its descriptor.
				if utf8.RuneCountInString(prompt) > helpLimit {
					t.Errorf("%s: help of %d characters", cell, utf8.RuneCountInString(prompt))
				}
				for v := catalog.MinScore; v <= catalog.MaxScore; v++ {
					if want := start(v, a); !strings.Contains(prompt, want) {
						t.Errorf("%s: help %q lacks %q", cell, prompt, want)
					}
				}
			}
			if h := helpOf[cellName(colCurrent, r)]; !strings.Contains(h, start(5, catalog.AssignExternal)) || strings.Contains(h, start(5, catalog.AssignCDC)) { // C-1 is outsourced
				t.Errorf("outsourced row's help %q lacks the outsourced scale", h)
			}
			a1 := helpOf[cellName(colTarget, rowOf(t, f, "A-1"))]
			if !strings.Contains(a1, start(5, catalog.AssignCDC)) {
				t.Errorf("in-house row's help %q lacks the in-house scale", a1)
			}
			if !strings.Contains(a1, pr.T("questionnaire.help.target")) {
				t.Errorf("target help %q does not say what an empty target means", a1)
			}
			// The respondent's cells are named for the importer.
			for _, name := range []string{NameRespondent, NameAnsweredOn} {
				found := false
				for _, dn := range f.GetDefinedName() {
					found = found || (dn.Name == name && strings.HasPrefix(dn.RefersTo, sheetInstructions+"!"))
				}
				if !found {
					t.Errorf("no defined name %s on the Instructions sheet", name)
				}
			}
			// Rows are tall enough for the longest of the English, Japanese and this language's
			// description, and names keep their accents.
			rowByID := map[string]int{}
			for i, r := range rows {
				if len(r) > 0 {
					rowByID[r[0]] = i + 1
				}
			}
			for _, s := range p.Services {
				rr := rowByID[s.ID]
				h, _ := f.GetRowHeight(sheetQuestions, rr)
				need := max(lines(s.Description.In(catalog.EN), 46), lines(s.Description.In(catalog.JA), 46), lines(s.Description.In(lang), 46))
				name := s.Name.In(lang)
				if s.WorkingName() {
					name += "\u00a0" + vocab.For(lang).T("catalog.mark.working")
				}
				if v, _ := f.GetCellValue(sheetQuestions, cellName(colService, rr)); v != name {
					t.Errorf("%s name %q, want %q", s.ID, v, name)
				}
				if h < rowHeight(need, sizeBody) {
					t.Errorf("row of %s is %.0f pt, too low for %d lines", s.ID, h, need)
				}
			}
			props, _ := f.GetCustomProps()
			found := false
			for _, p := range props {
				if p.Name == "cdc_"+metaOrgName && p.Value == "Acme Corp" {
					found = true
				}
			}
			if !found {
				t.Errorf("custom properties %v lack the organisation", props)
			}
			doc, _ := f.GetDocProps()
			if !strings.Contains(doc.Title, "Acme Corp") || doc.Creator == "" {
				t.Errorf("document properties %+v", doc)
			}
		})
	}
}

func TestQuestionnaireRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		t.Run(string(lang), func(t *testing.T) {
			fx := newFixture(t)
			path := exportQuestionnaire(t, fx, lang, "")
			// Unchanged, the questionnaire changes nothing, carried-over scores included.
			plan, err := PlanImport(ctx, fx.s, path)
			if err != nil {
				t.Fatal(err)
			}
			if !plan.Empty() {
				t.Fatalf("untouched questionnaire plans %d changes: %+v", plan.Changes(), plan.Services)
			}
			edit(t, path, func(f *excelize.File) {
				set := func(id string, col int, v any) {
					if err := f.SetCellValue(sheetQuestions, cellName(col, rowOf(t, f, id)), v); err != nil {
						t.Fatal(err)
					}
				}
				set("A-1", colCurrent, 4)
				set("A-2", colCurrent, 3.0) // a float
				set("B-1", colCurrent, 2)
				set("B-2", colCurrent, 5)
				set("B-2", colTarget, 5)
				set("C-1", colCurrent, "")                 // back to not assessed
				set("C-2", colAssignment, "shared")        // an ID
				set("D-1", colAssignment, "External")      // an English name
				set("D-1", colProvider, "'=SUM(A1)")       // escaped by the user's tool
				set("D-1", colEvidence, "'@contract 2026") // escaped text
				set("D-1", colTarget, 3)
				set("A-3", colAssignment, "社内他部門") // a Japanese name
			})
			plan, err = PlanImport(ctx, fx.s, path)
			if err != nil {
				t.Fatal(err)
			}
			if plan.Kind != KindQuestionnaire || plan.Cycle.ID != fx.cycle.ID {
				t.Fatalf("plan %+v", plan)
			}
			ids := []string{}
			for _, s := range plan.Services {
				ids = append(ids, s.ID)
			}
			if got := strings.Join(ids, ","); got != "A-1,A-2,A-3,B-1,B-2,C-1,C-2,D-1" {
				t.Fatalf("changed services %s", got)
			}
			if err := plan.Apply(ctx, fx.s); err != nil {
				t.Fatal(err)
			}
			d, err := fx.s.CycleData(ctx, fx.cycle.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]struct {
				current    *int
				target     *int
				assignment catalog.Assignment
			}{
				"A-1": {ip(4), ip(4), catalog.AssignCDC},
				"A-2": {ip(3), ip(4), catalog.AssignCDC},
				"A-3": {nil, ip(4), catalog.AssignInternal},
				"B-1": {ip(2), ip(4), catalog.AssignCDC},
				"B-2": {ip(5), ip(5), catalog.AssignCDC},
				"C-1": {nil, ip(3), catalog.AssignExternal},
				"C-2": {nil, ip(3), catalog.AssignShared},
				"D-1": {nil, ip(3), catalog.AssignExternal},
			}
			for id, w := range want {
				st, _ := d.Service(id)
				if !sameScore(st.Current, w.current) || !sameScore(st.Target, w.target) || st.Assignment != w.assignment {
					t.Errorf("%s: current %s target %s assignment %s, want %s %s %s", id,
						scoreText(st.Current), scoreText(st.Target), st.Assignment, scoreText(w.current), scoreText(w.target), w.assignment)
				}
				if id == "A-2" && st.CarriedOver {
					t.Errorf("A-2 re-assessed but still carried over")
				}
			}
			d1, _ := d.Service("D-1")
			if d1.Provider != "=SUM(A1)" || d1.Evidence != "@contract 2026" {
				t.Errorf("D-1 provider %q evidence %q: the escape was not removed", d1.Provider, d1.Evidence)
			}
			changes, _ := fx.s.Changes(ctx, catalog.ChangeQuery{OrgID: fx.org.ID, CycleID: fx.cycle.ID})
			if changes[0].Source != "import q-"+string(lang)+".xlsx" {
				t.Errorf("change source %q", changes[0].Source)
			}
			// The same file again changes nothing.
			sum := checksum(t, fx.s)
			plan, err = PlanImport(ctx, fx.s, path)
			if err != nil {
				t.Fatal(err)
			}
			if !plan.Empty() {
				t.Fatalf("second import plans %+v", plan.Services)
			}
			if err := plan.Apply(ctx, fx.s); err != nil {
				t.Fatal(err)
			}
			if checksum(t, fx.s) != sum {
				t.Error("second import changed the database")
			}
		})
	}
}

func ip(v int) *int { return &v }

func TestQuestionnaireClosedCycle(t *testing.T) {
	fx := newFixture(t)
	path := filepath.Join(fx.dir, "closed.xlsx")
	err := WriteQuestionnaire(context.Background(), fx.s, fx.first.ID, QuestionnaireOptions{}, path)
	if err == nil || !strings.Contains(err.Error(), `cycle "Cycle 1" of Acme Corp is closed`) {
		t.Fatalf("got %v, want a refusal naming the closed cycle", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a refused export left a file")
	}
}

func TestQuestionnairePassword(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	path := exportQuestionnaire(t, fx, catalog.EN, "s3cret")
	if _, err := excelize.OpenFile(path); err == nil {
		t.Fatal("an encrypted workbook opened without a password")
	}
	_, err := PlanImport(ctx, fx.s, path)
	if err == nil || !strings.Contains(err.Error(), "encrypted") {
		t.Fatalf("got %v, want a message about the password", err)
	}
	_, err = PlanImport(ctx, fx.s, path, ImportOptions{Password: "wrong"})
	if err == nil || !strings.Contains(err.Error(), "wrong password") {
		t.Fatalf("got %v, want wrong password", err)
	}
	plan, err := PlanImport(ctx, fx.s, path, ImportOptions{Password: "s3cret"})
	if err != nil || !plan.Empty() {
		t.Fatalf("plan %v, err %v", plan, err)
	}
}

func TestQuestionnaireRefused(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		edit   func(t testing.TB, f *excelize.File)
		file   func(t testing.TB, path string) // replaces the file instead
		before func(fx *fixture)
		want   []string
	}{
		{name: "unknown ID", edit: func(t testing.TB, f *excelize.File) { f.SetCellValue(sheetQuestions, "A2", "Z-99") },
			want: []string{`Questionnaire!A2: service "Z-99" is not in pack x1060@2021.06`, "1 service is missing"}},
		{name: "missing ID", edit: func(t testing.TB, f *excelize.File) { f.SetCellValue(sheetQuestions, "A3", "") },
			want: []string{"Questionnaire!A3: service ID is missing"}},
		{name: "duplicated ID", edit: func(t testing.TB, f *excelize.File) {
			v, _ := f.GetCellValue(sheetQuestions, "A2")
			f.SetCellValue(sheetQuestions, "A4", v)
		}, want: []string{"Questionnaire!A4: service A-1 appears again (first in row 2)"}},
		{name: "removed row", edit: func(t testing.TB, f *excelize.File) { f.RemoveRow(sheetQuestions, 5) },
			want: []string{"1 service is missing"}},
		{name: "score 7", edit: func(t testing.TB, f *excelize.File) { f.SetCellValue(sheetQuestions, "J12", 7) },
			want: []string{"Questionnaire!J12: current score 7 is outside 0-5"}},
		{name: "text score", edit: func(t testing.TB, f *excelize.File) { f.SetCellValue(sheetQuestions, "I5", "high") },
			want: []string{`Questionnaire!I5: target is text ("high"), not a number`}},
		{name: "number as text", edit: func(t testing.TB, f *excelize.File) { f.SetCellStr(sheetQuestions, "J5", "4") },
			want: []string{`Questionnaire!J5: current score is text ("4"), not a number`}},
		{name: "boolean", edit: func(t testing.TB, f *excelize.File) { f.SetCellBool(sheetQuestions, "J5", true) },
			want: []string{`Questionnaire!J5: current score is a boolean (TRUE), not a number`}},
		{name: "date", edit: func(t testing.TB, f *excelize.File) {
			f.SetCellValue(sheetQuestions, "I6", time.Date(1900, 1, 3, 0, 0, 0, 0, time.UTC))
		}, want: []string{`Questionnaire!I6: target is formatted as a date`}},
		{name: "fraction", edit: func(t testing.TB, f *excelize.File) { f.SetCellValue(sheetQuestions, "J6", 2.5) },
			want: []string{"Questionnaire!J6: current score 2.5 is not a whole number"}},
		{name: "every problem", edit: func(t testing.TB, f *excelize.File) {
			f.SetCellValue(sheetQuestions, "J12", -1)
			f.SetCellValue(sheetQuestions, "I13", "x")
			f.SetCellValue(sheetQuestions, "G14", "mssp")
		}, want: []string{"3 problems", "Questionnaire!J12: current score -1 is outside 0-5", "Questionnaire!I13", `Questionnaire!G14: assignment "mssp" is not one of`}},
		{name: "formula in text", edit: func(t testing.TB, f *excelize.File) {
			f.SetCellFormula(sheetQuestions, "K4", `HYPERLINK("http://x","y")`)
		},
			want: []string{"Questionnaire!K4: contains a formula"}},
		{name: "formula in score", edit: func(t testing.TB, f *excelize.File) { f.SetCellFormula(sheetQuestions, "J4", "1+1") },
			want: []string{"Questionnaire!J4: contains a formula"}},
		{name: "formula beside other problems", edit: func(t testing.TB, f *excelize.File) {
			f.SetCellFormula(sheetQuestions, "J4", "1+1")
			f.SetCellValue(sheetQuestions, "J12", 7)
			f.SetCellValue(sheetQuestions, "G14", "mssp")
		}, want: []string{"3 problems", "Questionnaire!J4: contains a formula", "Questionnaire!J12: current score 7 is outside 0-5", `Questionnaire!G14: assignment "mssp" is not one of`}},
		{name: "long evidence", edit: func(t testing.TB, f *excelize.File) {
			f.SetCellValue(sheetQuestions, "K7", strings.Repeat("x", catalog.MaxEvidenceLen+1))
		}, want: []string{"Questionnaire!K7: evidence is 8001 characters long; the limit is 8000"}},
		{name: "edited meta", edit: func(t testing.TB, f *excelize.File) { setMeta(t, f, metaOrgName, "Globex") },
			want: []string{`the hidden sheet was edited (its digest does not match`}},
		{name: "edited base", edit: func(t testing.TB, f *excelize.File) { setMeta(t, f, metaBase+" B-1", "none") },
			want: []string{`the hidden sheet was edited (its digest does not match`}},
		{name: "digest removed", edit: func(t testing.TB, f *excelize.File) { setMeta(t, f, metaDigest, "") },
			want: []string{`the hidden sheet was edited`}},
		{name: "wrong organisation", edit: func(t testing.TB, f *excelize.File) {
			setMetaSigned(t, f, metaOrgUUID, "0f0f0f0f-0000-8000-8000-000000000000")
		}, want: []string{`_meta!B3: this questionnaire is for organisation "Acme Corp" (0f0f0f0f-0000-8000-8000-000000000000), cycle "FY2026 H2"`,
			`which is not in this database; "Acme Corp" here is another organisation that only has the same name`, `organisations here: "Acme Corp" (`}},
		{name: "wrong cycle", edit: func(t testing.TB, f *excelize.File) {
			setMetaSigned(t, f, metaCycleUUID, "0f0f0f0f-0000-8000-8000-000000000000")
		}, want: []string{`organisation "Acme Corp" here has no such cycle; its cycles: "Cycle 1" (`}},
		{name: "wrong pack", edit: func(t testing.TB, f *excelize.File) { setMetaSigned(t, f, metaPackVersion, "2026.03") },
			want: []string{"uses pack x1060@2026.03"}},
		{name: "old format", edit: func(t testing.TB, f *excelize.File) { setMeta(t, f, metaVersion, "1") },
			want: []string{"format version 1 was written by an older cdc"}},
		{name: "newer format", edit: func(t testing.TB, f *excelize.File) { setMeta(t, f, metaVersion, "9") },
			want: []string{"format version 9 is newer"}},
		{name: "not a questionnaire", edit: func(t testing.TB, f *excelize.File) { f.DeleteSheet(sheetMeta) },
			want: []string{`sheet "_meta" is missing`}},
		{name: "moved column", edit: func(t testing.TB, f *excelize.File) { f.SetCellValue(sheetQuestions, "J1", "Score") },
			want: []string{`Questionnaire!J1: column header is "Score", expected "Current (0-5)"`}},
		{name: "closed cycle", before: func(fx *fixture) { fx.s.CloseCycle(context.Background(), fx.cycle.ID) },
			edit: func(t testing.TB, f *excelize.File) {}, want: []string{`cycle "FY2026 H2" of "Acme Corp" is closed`}},
		{name: "truncated", file: func(t testing.TB, path string) {
			data, _ := os.ReadFile(path)
			os.WriteFile(path, data[:len(data)/2], 0o600)
		}, want: []string{"not a readable workbook"}},
		{name: "not xlsx", file: func(t testing.TB, path string) { os.WriteFile(path, []byte("ID,Current\nA-1,3\n"), 0o600) },
			want: []string{"not a questionnaire (.xlsx) nor an organisation file"}},
		{name: "empty", file: func(t testing.TB, path string) { os.WriteFile(path, nil, 0o600) },
			want: []string{"the file is empty"}},
		{name: "oversized", file: func(t testing.TB, path string) {
			f, _ := os.OpenFile(path, os.O_WRONLY, 0)
			f.Truncate(MaxImportSize + 1)
			f.Close()
		}, want: []string{"is larger than 20 MiB; it is refused"}},
	}
	shared := newFixture(t)
	base, err := os.ReadFile(exportQuestionnaire(t, shared, catalog.EN, ""))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fx := shared
			path := filepath.Join(t.TempDir(), "q.xlsx")
			if tc.before != nil {
				// Cases that change the database get their own.
				fx = newFixture(t)
				path = exportQuestionnaire(t, fx, catalog.EN, "")
				tc.before(fx)
			} else if err := os.WriteFile(path, base, 0o600); err != nil {
				t.Fatal(err)
			}
			if tc.edit != nil {
				edit(t, path, func(f *excelize.File) { tc.edit(t, f) })
			}
			if tc.file != nil {
				tc.file(t, path)
			}
			sum, bytes := checksum(t, fx.s), dbHash(t, fx.dbPath)
			plan, err := PlanImport(ctx, fx.s, path)
			if err == nil {
				t.Fatalf("imported: %+v", plan.Services)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
			var ve *ValidationError
			if tc.name != "oversized" && !errors.As(err, &ve) {
				t.Errorf("error %T is not a *ValidationError", err)
			}
			if checksum(t, fx.s) != sum || dbHash(t, fx.dbPath) != bytes {
				t.Error("a refused import changed the database")
			}
		})
	}
}

// setMeta changes one value of the _meta sheet as a user would, leaving the digest as it
// was; "base A-1" names the first value of a base row.
func setMeta(t testing.TB, f *excelize.File, key, value string) {
	t.Helper()
	rows, _ := f.GetRows(sheetMeta)
	for i, r := range rows {
		if len(r) > 0 && (r[0] == key || len(r) > 1 && r[0]+" "+r[1] == key) {
			col := 2
			if r[0] != key {
				col = 3
			}
			f.SetCellValue(sheetMeta, cellName(col, i+1), value)
			return
		}
	}
	t.Fatalf("meta key %s missing", key)
}

// setMetaSigned changes a value of the _meta sheet and signs it again, as only the
// toolkit could: it tests what the identity checks do with a well-formed file.
func setMetaSigned(t testing.TB, f *excelize.File, key, value string) {
	t.Helper()
	setMeta(t, f, key, value)
	rows, _ := f.GetRows(sheetMeta)
	var covered [][]string
	for i, r := range rows {
		if len(r) > 0 && r[0] == metaDigest {
			f.SetCellStr(sheetMeta, cellName(2, i+1), metaDigestOf(covered))
			return
		}
		u := make([]string, len(r))
		for j := range r {
			u[j] = UnsafeText(r[j])
		}
		covered = append(covered, u)
	}
	t.Fatal("no digest row")
}

func BenchmarkPlanImportQuestionnaire(b *testing.B) {
	fx := newFixture(b)
	path := exportQuestionnaire(b, fx, catalog.EN, "")
	for b.Loop() {
		if _, err := PlanImport(context.Background(), fx.s, path); err != nil {
			b.Fatal(err)
		}
	}
}

// Text that starts with an apostrophe, or ends with spaces, comes back exactly as stored.
func TestQuestionnaireAwkwardTextRoundTrip(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	quoted, plus, spaced := "'=x see doc", "'+Acme", "see audit report "
	if _, err := fx.s.SetBuild(ctx, fx.cycle.ID, []string{"D-1"}, catalog.BuildPatch{Provider: &plus}); err != nil {
		t.Fatal(err)
	}
	for id, ev := range map[string]string{"D-1": quoted, "D-2": spaced} {
		if _, err := fx.s.SetAssessment(ctx, fx.cycle.ID, id, catalog.AssessmentPatch{Evidence: &ev}); err != nil {
			t.Fatal(err)
		}
	}
	path := exportQuestionnaire(t, fx, catalog.EN, "")
	plan, err := PlanImport(ctx, fx.s, path)
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Empty() {
		t.Fatalf("untouched questionnaire plans changes: %+v", plan.Services)
	}
}

// An answer to a field that changed in the database after the export is flagged, so an
// outdated questionnaire cannot silently undo newer work; other answers are not.
func TestQuestionnaireConflictsWithLaterChanges(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	path := exportQuestionnaire(t, fx, catalog.EN, "")
	four := 4
	if _, err := fx.s.SetAssessment(ctx, fx.cycle.ID, "B-1", catalog.AssessmentPatch{Score: &four}); err != nil {
		t.Fatal(err)
	}
	edit(t, path, func(f *excelize.File) {
		f.SetCellValue(sheetQuestions, cellName(colCurrent, rowOf(t, f, "B-1")), 2)
		f.SetCellValue(sheetQuestions, cellName(colCurrent, rowOf(t, f, "B-2")), 3)
	})
	plan, err := PlanImport(ctx, fx.s, path)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, s := range plan.Services {
		for _, c := range s.Changes {
			if c.Field == "current" {
				got[s.ID] = c.Conflict
			}
		}
	}
	if len(got) != 2 || !got["B-1"] || got["B-2"] || plan.Conflicts() != 1 {
		t.Fatalf("conflicts %v (%d), want B-1 only", got, plan.Conflicts())
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// sqrefCells lists the cells of a validation's ranges ("I2:I4 I7"), one column each.
func sqrefCells(t *testing.T, sqref string) []string {
	t.Helper()
	var out []string
	for _, part := range strings.Fields(sqref) {
		from, to, ok := strings.Cut(part, ":")
		if !ok {
			to = from
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(from)
		c2, r2, err2 := excelize.CellNameToCoordinates(to)
		if err1 != nil || err2 != nil {
			t.Fatalf("range %q does not read", part)
		}
		for c := c1; c <= c2; c++ {
			for r := r1; r <= r2; r++ {
				out = append(out, cellName(c, r))
			}
		}
	}
	return out
}
