package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestCatalogList(t *testing.T) {
	e := newCLI(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"english", []string{"catalog", "list"}, []string{"x1060@2021.06): 9 categories, 64 services", "A  Strategic management of CDC", "A-1", "Risk management", "Mandatory", "I-9"}},
		{"japanese", []string{"catalog", "list", "--lang", "ja"}, []string{"9カテゴリ、64サービス", "CDCの戦略マネジメント", "リスクマネジメント", "必須"}},
		{"packs", []string{"catalog", "list", "--packs"}, []string{"PACK", "x1060@2021.06", "64", "built-in"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := e.in(t).ok(tt.args...)
			flowed := strings.Join(strings.Fields(out), " ") // the summary wraps at 80 columns
			for _, w := range tt.want {
				if !strings.Contains(out, w) && !strings.Contains(flowed, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
	// Every language fits 80 columns, a long name shortened and its working-name mark kept.
	for _, lang := range catalog.Langs {
		out := e.ok("catalog", "list", "--lang", string(lang))
		checkPlain(t, out)
		if lang == catalog.FR && !strings.Contains(out, "Collecte et évaluation du renseignement externe sur les … ~") {
			t.Errorf("fr: F-3 is not shortened before its mark:\n%s", out)
		}
	}

	// Every service appears once, under its category.
	out := e.ok("catalog", "list")
	for _, sv := range catalog.BuiltinPack().Services {
		if n := strings.Count(out, "  "+sv.ID+" "); n != 1 {
			t.Errorf("%s listed %d times", sv.ID, n)
		}
	}

	for _, lang := range []catalog.Lang{catalog.EN, catalog.JA} {
		var v catalogJSON
		e.jsonOut(&v, "catalog", "list", "--json", "--lang", string(lang))
		n := 0
		for _, c := range v.Categories {
			n += len(c.Services)
		}
		if v.Pack.Ref != "x1060@2021.06" || v.Lang != lang || len(v.Categories) != 9 || n != 64 {
			t.Fatalf("%s: %+v with %d services", lang, v.Pack, n)
		}
		a1 := v.Categories[0].Services[0]
		want := map[catalog.Lang][2]string{catalog.EN: {"Risk management", "Mandatory"}, catalog.JA: {"リスクマネジメント", "必須"}}[lang]
		if a1.ID != "A-1" || a1.Name != want[0] || a1.LevelName != want[1] || a1.Level != catalog.Mandatory {
			t.Errorf("%s: A-1 is %+v", lang, a1)
		}
	}
	var infos []catalog.PackInfo
	e.jsonOut(&infos, "catalog", "list", "--packs", "--json")
	if len(infos) != 1 || !infos[0].Builtin {
		t.Errorf("packs: %+v", infos)
	}
}

func TestCatalogExportImport(t *testing.T) {
	e := newCLI(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "acme.json")
	e.ok("catalog", "export", "-o", file)
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("export mode %v", st.Mode().Perm())
	}
	data, _ := os.ReadFile(file)
	want, _ := catalog.BuiltinPack().Marshal()
	if string(data) != string(want) {
		t.Error("exported file differs from the built-in pack")
	}
	if out := e.ok("catalog", "export", "-o", "-"); out != string(want) {
		t.Error("-o - does not print the pack")
	}
	e.fails([]string{"catalog", "export", "-o", file}, "already exists", "--force")
	e.fails([]string{"catalog", "export", "--pack", "nist@1", "-o", filepath.Join(dir, "n.json")}, `pack "nist@1" is not installed`)

	// Importing the built-in pack unchanged is a no-op.
	if out := e.ok("catalog", "import", file); !strings.Contains(out, "Pack x1060@2021.06 is already installed") {
		t.Errorf("re-import of the built-in pack: %s", out)
	}

	// Edit: new id and version, a renamed service, and install it.
	p, err := catalog.ParsePack(data)
	if err != nil {
		t.Fatal(err)
	}
	p.ID, p.Version = "acme-x1060", "2026.1"
	p.Services[0].Name = catalog.Text{catalog.EN: "Acme risk management", catalog.JA: "Acmeリスク管理"}
	edited, _ := p.Marshal()
	if err := os.WriteFile(file, edited, 0o600); err != nil {
		t.Fatal(err)
	}
	if out := e.ok("catalog", "import", file, "--dry-run"); !strings.Contains(out, "Nothing was installed") {
		t.Errorf("dry run: %s", out)
	}
	if out := e.ok("catalog", "list", "--packs"); strings.Contains(out, "acme-x1060") {
		t.Error("--dry-run installed the pack")
	}
	out := e.ok("catalog", "import", file)
	if !strings.Contains(out, "Installed pack acme-x1060@2026.1") || !strings.Contains(out, "--pack acme-x1060@2026.1") {
		t.Errorf("import: %s", out)
	}
	if out := e.ok("catalog", "import", file); !strings.Contains(out, "already installed") || !strings.Contains(out, "nothing changed") {
		t.Errorf("re-import: %s", out)
	}
	if out := e.ok("catalog", "list", "--packs"); !strings.Contains(out, "acme-x1060@2026.1") || !strings.Contains(out, "imported") {
		t.Errorf("packs: %s", out)
	}
	for _, args := range [][]string{{"--pack", "acme-x1060@2026.1"}, {"--pack", "acme-x1060"}} {
		if out := e.ok(append([]string{"catalog", "list", "--lang", "ja"}, args...)...); !strings.Contains(out, "Acmeリスク管理") {
			t.Errorf("list %v: %s", args, out)
		}
	}
	var back catalog.Pack
	if err := json.Unmarshal([]byte(e.ok("catalog", "export", "--pack", "acme-x1060@2026.1", "-o", "-")), &back); err != nil || back.Services[0].Name[catalog.EN] != "Acme risk management" {
		t.Errorf("export of the imported pack: %v %q", err, back.Services[0].Name[catalog.EN])
	}

	// Standard input works too.
	var stdout, stderr strings.Builder
	root := newRootCmd(&stdout, &stderr)
	root.SetIn(strings.NewReader(string(edited)))
	root.SetArgs([]string{"--db", e.db, "catalog", "import", "-"})
	if err := root.ExecuteContext(context.Background()); err != nil || !strings.Contains(stdout.String(), "already installed") {
		t.Errorf("import from standard input: %v %s", err, stdout.String())
	}

	// Same version with other content is refused.
	p.Services[0].Name[catalog.EN] = "Changed again"
	changed, _ := p.Marshal()
	os.WriteFile(file, changed, 0o600)
	e.fails([]string{"catalog", "import", file}, "acme-x1060@2026.1 is already installed with different content", "new version")

	// The change log records the import with the file.
	s := e.store()
	defer s.Close()
	ch, err := s.Changes(context.Background(), catalog.ChangeQuery{OrgID: 0})
	if err != nil || len(ch) != 1 || ch[0].Entity != "pack" || ch[0].Source != "import "+file {
		t.Errorf("change log: %+v %v", ch, err)
	}
}

func TestCatalogImportMalformed(t *testing.T) {
	e := newCLI(t)
	dir := t.TempDir()
	e.ok("catalog", "list", "--packs")
	p := catalog.BuiltinPack()
	p.ID, p.Version = "broken", "1"
	p.Services[3].Category = "Z"
	p.Services[9].Name[catalog.JA] = ""
	p.Levels[1].Weight = 0
	data, _ := p.Marshal()
	data = []byte(strings.Replace(string(data), `"format": 1,`, `"format": 1, "colour": "red",`, 1))
	bad := filepath.Join(dir, "broken.json")
	os.WriteFile(bad, data, 0o600)
	syntax := filepath.Join(dir, "syntax.json")
	os.WriteFile(syntax, []byte("{\n  \"format\": 1,\n  \"id\": \"x\",,\n}"), 0o600)

	e.checkBadInput([]badInput{
		{"every problem with its path", []string{"catalog", "import", bad}, []string{bad + ": 4 problems",
			"colour: unknown field", `services[3].category: "Z" is not a category of this pack`, "services[9].name.ja: is empty", "levels[1].weight: 0 must be positive"}},
		{"JSON syntax with line and column", []string{"catalog", "import", syntax}, []string{syntax, "line 3, column 13", "invalid JSON"}},
		{"missing file", []string{"catalog", "import", filepath.Join(dir, "none.json")}, []string{"none.json does not exist"}},
		{"folder", []string{"catalog", "import", dir}, []string{"is a folder"}},
		{"no file", []string{"catalog", "import"}, []string{"cdc catalog import takes 1 argument, received 0"}},
		{"unknown pack", []string{"catalog", "list", "--pack", "nist"}, []string{`pack "nist" is not installed`}},
		{"--packs with --pack", []string{"catalog", "list", "--packs", "--pack", "x1060"}, []string{"leave out --pack"}},
		{"unknown language", []string{"catalog", "list", "--lang", "de"}, []string{`language "de" is not supported`}},
	})
	var infos []catalog.PackInfo
	e.jsonOut(&infos, "catalog", "list", "--packs", "--json")
	if len(infos) != 1 {
		t.Errorf("a malformed pack was installed: %+v", infos)
	}
}

func TestCatalogOnBrokenDatabase(t *testing.T) {
	e := newCLI(t)
	content := []byte("name,score\nAcme,3\n")
	if err := os.WriteFile(e.db, content, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"catalog", "list"}, {"catalog", "import", "x.json"}, {"catalog", "export", "-o", "-"}} {
		_, _, err := e.run(args...)
		if err == nil || (!strings.Contains(err.Error(), "is not a SQLite database") && !strings.Contains(err.Error(), "x.json does not exist")) {
			t.Errorf("%v: %v", args, err)
		}
	}
	if after, _ := os.ReadFile(e.db); string(after) != string(content) {
		t.Error("the file was changed")
	}
}
