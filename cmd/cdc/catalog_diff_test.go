package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/xuri/excelize/v2"
)

func TestCatalogListMarksWorkingNames(t *testing.T) {
	e := newCLI(t)
	for _, tc := range []struct {
		lang             string
		checked, working string
		legend           string
	}{
		{"en", "  Risk management  ", "Incident classification ~", "~ Working name, not read in the recommendation"},
		{"ja", "  リスクマネジメント  ", "インシデント分類 ~", "~ 作業上の名称"},
		{"fr", "  Gestion des risques  ", "Classification des incidents ~", "~ "},
		{"es", "  Gestión de riesgos  ", "Clasificación de incidentes ~", "~ "},
	} {
		out := e.ok("catalog", "list", "--lang", tc.lang)
		for _, want := range []string{tc.checked, tc.working, "\n" + tc.legend} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: output lacks %q:\n%s", tc.lang, want, out)
			}
		}
		if n := strings.Count(out, " ~\n") + strings.Count(out, " ~  "); n != 41 {
			t.Errorf("%s: %d names marked, want 41", tc.lang, n)
		}
	}
	var v catalogJSON
	e.jsonOut(&v, "catalog", "list", "--json")
	working := 0
	for _, c := range v.Categories {
		for _, sv := range c.Services {
			if sv.WorkingName {
				working++
			}
			if strings.Contains(sv.Name, "~") {
				t.Errorf("JSON name %q carries the mark", sv.Name)
			}
		}
	}
	if working != 41 {
		t.Errorf("JSON: %d working names", working)
	}
}

func TestCatalogDiff(t *testing.T) {
	e := newCLI(t)
	dir := t.TempDir()
	same := filepath.Join(dir, "same.json")
	e.ok("catalog", "export", "-o", same)
	if out := e.ok("catalog", "diff", "x1060@2021.06", same); !strings.Contains(out, "Pack x1060@2021.06 -> x1060@2021.06") || !strings.Contains(out, "No differences") {
		t.Errorf("identical packs:\n%s", out)
	}

	p := catalog.BuiltinPack()
	p.Version = "2026.03"
	p.Services[3].Name[catalog.FR] = "Administration des politiques"
	p.Services[0].DefaultLevel = catalog.Recommended
	p.Services[5].Description[catalog.ES] = "Otra descripción."
	p.Categories = append(p.Categories, catalog.Category{ID: "J", Name: catalog.Text{catalog.EN: "Operational technology"}})
	p.Services = append(p.Services[:10], p.Services[11:]...)
	p.Services = append(p.Services, catalog.Service{ID: "J-1", Category: "J", Name: catalog.Text{catalog.EN: "OT monitoring"}, DefaultLevel: catalog.Optional})
	data, _ := p.Marshal()
	corrected := filepath.Join(dir, "corrected.json")
	if err := os.WriteFile(corrected, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out := e.ok("catalog", "diff", "x1060", corrected)
	for _, want := range []string{
		"Pack x1060@2021.06 -> x1060@2026.03",
		"Service added (1):\n  J-1  OT monitoring",
		"Service removed (1):\n  A-11  Quality management",
		"Category added (1):\n  J  Operational technology",
		"Changes (3):",
		`service A-1  default level: "mandatory" -> "recommended"`,
		`service A-4  name (fr): "Gestion des politiques" -> "Administration des politiques"`,
		"service A-6  description (es)\n      - \"Determina",
		"      + \"Otra descripción.\"",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
	var d catalog.PackDiff
	e.jsonOut(&d, "catalog", "diff", corrected, "x1060@2021.06", "--json")
	if d.From != "x1060@2026.03" || len(d.ServicesAdded) != 1 || d.ServicesAdded[0].ID != "A-11" || len(d.Changes) != 3 {
		t.Errorf("reversed JSON diff: %+v", d)
	}
	if out := e.ok("catalog", "diff", same, corrected, "--lang", "ja"); !strings.Contains(out, "追加されたサービス（1件）") {
		t.Errorf("Japanese diff:\n%s", out)
	}
	e.fails([]string{"catalog", "diff", "x1060", filepath.Join(dir, "missing.json")}, "pack file", "missing.json does not exist")
	e.fails([]string{"catalog", "diff", "nist@1", same}, "nist@1 is neither a pack file nor an installed pack")
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format": 1}`), 0o600)
	e.fails([]string{"catalog", "diff", bad, same}, "bad.json", "problems")
	e.fails([]string{"catalog", "diff", dir, same}, "is a folder")
}

func TestCycleNewReportsServicesThatMove(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	p := catalog.BuiltinPack()
	p.ID, p.Version = "acme", "1"
	p.Services = append(p.Services[:10], p.Services[11:]...) // A-11 goes
	p.Services = append(p.Services, catalog.Service{ID: "I-10", Category: "I", Name: catalog.Text{catalog.EN: "OT liaison"}, DefaultLevel: catalog.Optional})
	data, _ := p.Marshal()
	file := filepath.Join(t.TempDir(), "acme.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	e.ok("catalog", "import", file)
	out := e.ok("cycle", "new", "--org", "Acme", "--pack", "acme@1", "FY2027")
	for _, want := range []string{
		"The pack changes from x1060@2021.06 to acme@1; services are matched by ID.",
		"New in this cycle, not assessed yet (1):\n  I-10  OT liaison",
		"No longer in the catalogue; its settings and scores stay in the earlier cycles (1):\n  A-11  Quality management",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("cycle new lacks %q:\n%s", want, out)
		}
	}
	// The next cycle on the same pack says nothing about packs.
	if out := e.ok("cycle", "new", "--org", "Acme", "FY2028"); strings.Contains(out, "pack changes") {
		t.Errorf("same pack:\n%s", out)
	}
	// Back to a pack with the same services: no service moves.
	if out := e.ok("cycle", "new", "--org", "Acme", "--pack", "x1060@2021.06"); !strings.Contains(out, "A-11  Quality management") {
		t.Errorf("back to the built-in pack:\n%s", out)
	}
}

// A questionnaire answered in any language is read back: its assignment cells may hold the
// pack's names in French, Spanish, Japanese or English.
func TestQuestionnaireAssignmentWordsOfEveryLanguage(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	for _, lang := range []string{"fr", "es"} {
		file := filepath.Join(t.TempDir(), "q-"+lang+".xlsx")
		e.ok("export", "questionnaire", "--org", "Acme", "--lang", lang, "-o", file)
		f, err := excelize.OpenFile(file)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("Questionnaire")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"fr": "Aucun", "es": "Ninguno"}[lang]
		answers := map[string]string{"A-1": "Externe", "A-2": "Compartido", "A-3": "社内他部門", "A-4": "CCD", "A-5": "interno"}
		for i, r := range rows[1:] {
			if len(r) < 7 {
				continue
			}
			if r[0] == "A-13" && r[6] != want {
				t.Errorf("%s: the questionnaire's assignment of A-13 is %q, want %q", lang, r[6], want)
			}
			if a, ok := answers[r[0]]; ok {
				if err := f.SetCellStr("Questionnaire", fmt.Sprintf("G%d", i+2), a); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		e.ok("import", file, "--yes")
		d := e.cycleData("Acme", "")
		for id, a := range map[string]catalog.Assignment{"A-1": catalog.AssignExternal, "A-2": catalog.AssignShared, "A-3": catalog.AssignInternal, "A-4": catalog.AssignCDC, "A-5": catalog.AssignInternal} {
			if got := service(t, d, id).Assignment; got != a {
				t.Errorf("%s: %s is %q, want %q", lang, id, got, a)
			}
		}
		// Reset for the next language.
		e.ok("build", "set", "--org", "Acme", "A-1", "A-2", "A-3", "A-4", "A-5", "--assign", "none")
	}
}

// An organisation file written by a build whose built-in pack had no French or Spanish
// imports into a database of this build as the same pack.
func TestOrganisationFileWithEarlierBuiltinPack(t *testing.T) {
	e := newCLI(t)
	e.ok("org", "add", "Acme")
	e.ok("build", "set", "--org", "Acme", "A-1", "--assign", "external", "--target", "3")
	file := filepath.Join(t.TempDir(), "acme.json")
	e.ok("export", "json", "--org", "Acme", "-o", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	packs := doc["packs"].([]any)
	if len(packs) != 1 {
		t.Fatalf("%d packs in the file", len(packs))
	}
	stripped := 0
	var strip func(v any)
	strip = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, k := range []string{"fr", "es", "name_provenance"} {
				if _, ok := v[k]; ok {
					delete(v, k)
					stripped++
				}
			}
			for _, w := range v {
				strip(w)
			}
		case []any:
			for _, w := range v {
				strip(w)
			}
		}
	}
	strip(packs[0])
	if stripped < 100 {
		t.Fatalf("only %d translations removed", stripped)
	}
	data, _ = json.Marshal(doc)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	other := newCLI(t)
	other.ok("import", file, "--yes")
	if got := service(t, other.cycleData("Acme", ""), "A-1"); got.Assignment != catalog.AssignExternal || got.Name[catalog.FR] != "Gestion des risques" {
		t.Errorf("A-1 after import: %+v", got)
	}
	var infos []catalog.PackInfo
	other.jsonOut(&infos, "catalog", "list", "--packs", "--json")
	if len(infos) != 1 {
		t.Errorf("packs after import: %+v", infos)
	}
}
