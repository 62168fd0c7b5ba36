package catalog

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// packText is one text of a pack with its JSON path.
type packText struct {
	path string
	text Text
}

func packTexts(p *Pack) []packText {
	out := []packText{{"name", p.Name}, {"source", p.Source}}
	for i, l := range p.Levels {
		out = append(out, packText{fmt.Sprintf("levels[%d].name", i), l.Name})
	}
	for i, a := range p.Assignments {
		out = append(out, packText{fmt.Sprintf("assignments[%d].name", i), a.Name}, packText{fmt.Sprintf("assignments[%d].description", i), a.Description})
	}
	for i, s := range p.Scale {
		out = append(out, packText{fmt.Sprintf("scale[%d].in_house", i), s.InHouse}, packText{fmt.Sprintf("scale[%d].outsourced", i), s.Outsourced})
	}
	for i, c := range p.Categories {
		out = append(out, packText{fmt.Sprintf("categories[%d].name", i), c.Name})
	}
	for i, s := range p.Services {
		out = append(out, packText{fmt.Sprintf("services[%d].name", i), s.Name}, packText{fmt.Sprintf("services[%d].description", i), s.Description})
	}
	return out
}

func TestBuiltinPackEveryStringInEveryLanguage(t *testing.T) {
	p := BuiltinPack()
	texts := packTexts(p)
	if len(texts) != 2+3+2*5+2*6+9+2*64 {
		t.Fatalf("%d texts", len(texts))
	}
	for _, pt := range texts {
		for _, l := range Langs {
			if strings.TrimSpace(pt.text[l]) == "" {
				t.Errorf("%s.%s is missing", pt.path, l)
			}
		}
		// A translation identical to the English is a forgotten one, except for proper names.
		for _, l := range []Lang{FR, ES} {
			if v := pt.text[l]; v == pt.text[EN] && !slices.Contains([]string{"CDC", "Certification"}, v) {
				t.Errorf("%s.%s is the English text %q", pt.path, l, v)
			}
		}
	}
	for _, s := range p.Services {
		for _, l := range Langs {
			if s.NameProvenance[l] == "" {
				t.Errorf("service %s: name_provenance.%s is missing", s.ID, l)
			}
		}
	}
	for _, c := range p.Categories {
		for _, l := range Langs {
			if c.NameProvenance[l] == "" {
				t.Errorf("category %s: name_provenance.%s is missing", c.ID, l)
			}
		}
	}
}

var wordCDC = regexp.MustCompile(`\bCDC\b`)

// officialTerm is one row of testdata/official-terms.tsv, a copy of the catalogue's reference.
type officialTerm struct{ kind, id, fr, es string }

func readOfficialTerms(t *testing.T) []officialTerm {
	t.Helper()
	f, err := os.Open("testdata/official-terms.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []officialTerm
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "kind\t") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			t.Fatalf("official-terms.tsv: %q has %d columns", line, len(cols))
		}
		out = append(out, officialTerm{cols[0], cols[1], cols[2], cols[3]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOfficialTermsInPack checks that the recommendation's own French and Spanish terms are
// the pack's names, recorded as checked, and that every other French and Spanish name is
// recorded as ours. Clause titles belong to the interface's Method text, not to the pack.
func TestOfficialTermsInPack(t *testing.T) {
	p := BuiltinPack()
	terms := readOfficialTerms(t)
	official := map[string]map[Lang]bool{} // "category A" -> languages with an official name
	check := func(what string, name Text, prov Provenances, l Lang, want string) {
		if want == "" {
			return
		}
		if official[what] == nil {
			official[what] = map[Lang]bool{}
		}
		official[what][l] = true
		if name[l] != want {
			t.Errorf("%s: name.%s = %q, the recommendation's term is %q", what, l, name[l], want)
		}
		if prov[l] != ProvChecked {
			t.Errorf("%s: name_provenance.%s = %q, want checked", what, l, prov[l])
		}
	}
	kinds := map[string]int{}
	for _, term := range terms {
		kinds[term.kind]++
		switch term.kind {
		case "category":
			c, ok := p.Category(term.id)
			if !ok {
				t.Errorf("category %s is not in the pack", term.id)
				continue
			}
			check("category "+term.id, c.Name, c.NameProvenance, FR, term.fr)
			check("category "+term.id, c.Name, c.NameProvenance, ES, term.es)
		case "service":
			s, ok := p.Service(term.id)
			if !ok {
				t.Errorf("service %s is not in the pack", term.id)
				continue
			}
			check("service "+term.id, s.Name, s.NameProvenance, FR, term.fr)
			check("service "+term.id, s.Name, s.NameProvenance, ES, term.es)
		case "term":
			if term.id != "CDC" {
				t.Errorf("term %s: no place in the pack is known for it", term.id)
				continue
			}
			// The CDC is "centre de cyberdéfense" in French and "CCD" in Spanish.
			a, _ := p.Category("A")
			if !strings.Contains(a.Name[FR], term.fr) || !strings.Contains(p.Source[FR], term.fr) {
				t.Errorf("term CDC: %q is not in category A's French name and the French source", term.fr)
			}
			if got := p.AssignmentName(AssignCDC, ES); got != term.es {
				t.Errorf("term CDC: the Spanish assignment name is %q, want %q", got, term.es)
			}
			for _, l := range []Lang{FR, ES} {
				for _, pt := range packTexts(p) {
					// The product's name aside, the French and Spanish texts never say CDC.
					if v := strings.ReplaceAll(pt.text[l], "CDC Toolkit", ""); wordCDC.MatchString(v) {
						t.Errorf("%s.%s says CDC: %q", pt.path, l, pt.text[l])
					}
				}
			}
		case "title":
			if term.fr != "" && !strings.Contains(p.Source[FR], term.fr) {
				t.Errorf("title %s: %q is not in the French source", term.id, term.fr)
			}
			if term.es != "" && !strings.Contains(p.Source[ES], term.es) {
				t.Errorf("title %s: %q is not in the Spanish source", term.id, term.es)
			}
		case "clause":
		default:
			t.Errorf("official-terms.tsv: unknown kind %q", term.kind)
		}
	}
	if kinds["category"] != 2 || kinds["service"] != 17 || kinds["term"] != 1 || kinds["title"] != 1 {
		t.Errorf("official-terms.tsv rows by kind: %v", kinds)
	}
	// Every name not in the table is ours, and recorded so.
	for _, c := range p.Categories {
		for _, l := range []Lang{FR, ES} {
			if !official["category "+c.ID][l] && c.NameProvenance[l] != ProvTranslated {
				t.Errorf("category %s: name_provenance.%s = %q, want translated", c.ID, l, c.NameProvenance[l])
			}
		}
	}
	for _, s := range p.Services {
		for _, l := range []Lang{FR, ES} {
			if !official["service "+s.ID][l] && s.NameProvenance[l] != ProvTranslated {
				t.Errorf("service %s: name_provenance.%s = %q, want translated", s.ID, l, s.NameProvenance[l])
			}
		}
		if s.NameProvenance[JA] != ProvTranslated || s.NameProvenance[EN] != s.Provenance {
			t.Errorf("service %s: name_provenance %v disagrees with provenance %q", s.ID, s.NameProvenance, s.Provenance)
		}
	}
}

func TestWorkingNames(t *testing.T) {
	p := BuiltinPack()
	var working []string
	for _, s := range p.Services {
		if s.WorkingName() {
			working = append(working, s.ID)
		}
	}
	// services.tsv: 41 working names, D-3 to I-9; D-2 is partial, the rest checked.
	if len(working) != 41 || working[0] != "D-3" || working[40] != "I-9" {
		t.Errorf("working names %v", working)
	}
	for _, tc := range []struct {
		s    Service
		want bool
		fr   string
	}{
		{Service{Name: Text{EN: "x"}, Provenance: ProvWorking}, true, ProvWorking},
		{Service{Name: Text{EN: "x", FR: "y"}, Provenance: ProvWorking, NameProvenance: Provenances{FR: ProvChecked}}, false, ProvChecked},
		{Service{Name: Text{EN: "x"}, NameProvenance: Provenances{EN: ProvWorking}}, true, ProvWorking},
		{Service{Name: Text{EN: "x"}, Provenance: ProvCustom}, false, ProvCustom},
		{Service{Name: Text{EN: "x", FR: "y"}}, false, ""},
	} {
		if got := tc.s.WorkingName(); got != tc.want {
			t.Errorf("%+v: WorkingName %v", tc.s, got)
		}
		if got := tc.s.NameSource(FR); got != tc.fr {
			t.Errorf("%+v: NameSource(fr) %q, want %q", tc.s, got, tc.fr)
		}
	}
}

func TestNameProvenanceValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(p *Pack)
		want string
	}{
		{"unknown language", func(p *Pack) { p.Services[0].NameProvenance["de"] = ProvChecked }, `services[0].name_provenance.de: is not a supported language`},
		{"unknown value", func(p *Pack) { p.Services[0].NameProvenance[FR] = "official" }, `services[0].name_provenance.fr: "official" is not one of checked, partial, working, translated, custom`},
		{"english translated", func(p *Pack) { p.Categories[0].NameProvenance[EN] = ProvTranslated }, `categories[0].name_provenance.en: an English name is not a translation`},
		{"disagrees", func(p *Pack) { p.Services[30].NameProvenance[EN] = ProvChecked }, `services[30].name_provenance.en: "checked" disagrees with provenance "working"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := BuiltinPack()
			tc.edit(p)
			probs := p.Validate()
			if len(probs) != 1 || !strings.HasPrefix(probs[0], tc.want) {
				t.Errorf("problems %q, want one starting %q", probs, tc.want)
			}
		})
	}
	// The old shape, without name_provenance, still reads.
	p := BuiltinPack()
	for i := range p.Services {
		p.Services[i].NameProvenance = nil
	}
	if probs := p.Validate(); len(probs) != 0 {
		t.Errorf("pack without name provenance: %q", probs)
	}
}

// englishJapanese is the pack as an earlier build wrote it: English and Japanese only.
func englishJapanese(p *Pack) *Pack {
	data, _ := p.Marshal()
	old, _ := ParsePack(data)
	for _, pt := range packTexts(old) {
		delete(pt.text, FR)
		delete(pt.text, ES)
	}
	for i := range old.Categories {
		old.Categories[i].NameProvenance = nil
	}
	for i := range old.Services {
		old.Services[i].NameProvenance = nil
	}
	return old
}

func TestExtends(t *testing.T) {
	p := BuiltinPack()
	old := englishJapanese(p)
	if !p.Extends(old) || !p.Extends(p) {
		t.Fatal("the pack does not extend itself without French and Spanish")
	}
	if old.Extends(p) {
		t.Error("a pack without translations extends one with them")
	}
	for name, edit := range map[string]func(p *Pack){
		"weight":        func(p *Pack) { p.Levels[0].Weight = 4 },
		"english name":  func(p *Pack) { p.Services[3].Name[EN] = "Policy administration" },
		"japanese text": func(p *Pack) { p.Scale[2].InHouse[JA] = "x" },
		"level":         func(p *Pack) { p.Services[0].DefaultLevel = Optional },
		"provenance":    func(p *Pack) { p.Services[40].Provenance = ProvChecked },
		"service added": func(p *Pack) {
			p.Services = append(p.Services, Service{ID: "J-1", Category: "I", Name: Text{EN: "x"}, DefaultLevel: Optional})
		},
		"service gone":   func(p *Pack) { p.Services = p.Services[1:] },
		"new category":   func(p *Pack) { p.Services[0].Category = "B" },
		"version":        func(p *Pack) { p.Version = "2026.03" },
		"description en": func(p *Pack) { p.Services[5].Description[EN] += "." },
	} {
		q := BuiltinPack()
		edit(q)
		if q.Extends(old) {
			t.Errorf("%s: a changed pack extends the earlier one", name)
		}
	}
	if !SamePack(old, p) || !SamePack(p, old) || !SamePack(p, BuiltinPack()) {
		t.Error("the earlier built-in pack is not the same pack as this build's")
	}
	custom := englishJapanese(p)
	custom.ID = "acme"
	richer := BuiltinPack()
	richer.ID = "acme"
	if SamePack(custom, richer) {
		t.Error("a custom pack with added translations is the same pack (only the built-in one is upgraded)")
	}
}

// TestEarlierBuiltinPackDatabase opens a database written by an earlier build, whose
// built-in pack has no French or Spanish: it opens without a write, evaluates on the same
// services, shows the new translations, and its export and re-import work both ways.
func TestEarlierBuiltinPackDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	copyFile(t, schema1Fixture, path)
	var stored string
	for open := 1; open <= 2; open++ {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open %d: %v", open, err)
		}
		if err := s.DB().QueryRow("SELECT body FROM packs WHERE pack_id = 'x1060' AND version = '2021.06'").Scan(&stored); err != nil {
			t.Fatal(err)
		}
		old, err := ParsePack([]byte(stored))
		if err != nil {
			t.Fatal(err)
		}
		if old.Services[0].Name[FR] != "" || !BuiltinPack().Extends(old) {
			t.Fatalf("open %d: the fixture's pack is not the earlier built-in pack, or it was rewritten", open)
		}
		infos, err := s.Packs(ctx)
		if err != nil || len(infos) != 1 {
			t.Fatalf("open %d: packs %+v, %v", open, infos, err)
		}
		orgs, err := s.Orgs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := s.Cycles(ctx, orgs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.CycleData(ctx, cs[len(cs)-1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Services) != 64 || d.Pack.Services[0].Name[FR] != "Gestion des risques" {
			t.Fatalf("open %d: %d services, A-1 in French %q", open, len(d.Services), d.Pack.Services[0].Name[FR])
		}
		if a1, _ := d.Service("A-1"); a1.Current == nil || *a1.Current != 3 {
			t.Errorf("open %d: A-1 current %v", open, a1.Current)
		}
		// Importing this build's pack file, or the earlier one, says it is installed.
		for _, p := range []*Pack{BuiltinPack(), old} {
			if _, added, err := s.InstallPack(ctx, p); err != nil || added {
				t.Errorf("open %d: installing the built-in pack again: added %v, %v", open, added, err)
			}
		}
		// An organisation file written by an earlier build restores into a new database.
		dump, err := s.DumpOrg(ctx, orgs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		for i := range dump.Packs {
			dump.Packs[i] = old
		}
		fresh, _ := openTest(t)
		if _, err := fresh.RestoreOrg(ctx, dump, "test"); err != nil {
			t.Errorf("open %d: restoring an earlier build's organisation file: %v", open, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDiffPacks(t *testing.T) {
	old := BuiltinPack()
	if d := DiffPacks(old, BuiltinPack()); !d.Empty() {
		t.Fatalf("a pack differs from itself: %+v", d)
	}
	p := BuiltinPack()
	p.Version = "2026.03"
	p.Services[3].Name[FR] = "Administration des politiques"
	p.Services[3].NameProvenance[FR] = ProvChecked
	p.Services[0].DefaultLevel = Recommended
	p.Levels[0].Weight = 4
	p.Services[5].Description[ES] = "Otra descripción."
	p.Scale[1].Outsourced[EN] = "Contract exists"
	p.Categories = append(p.Categories, Category{ID: "J", Name: Text{EN: "Operational technology"}})
	p.Services = append(p.Services[:10], p.Services[11:]...) // A-11 goes
	p.Services = append(p.Services, Service{ID: "J-1", Category: "J", Name: Text{EN: "OT monitoring"}, DefaultLevel: Optional})
	if probs := p.Validate(); len(probs) > 0 {
		t.Fatal(probs)
	}
	d := DiffPacks(old, p)
	if d.From != "x1060@2021.06" || d.To != "x1060@2026.03" {
		t.Errorf("refs %s -> %s", d.From, d.To)
	}
	ids := func(ss []Service) (out []string) {
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return out
	}
	if got := ids(d.ServicesAdded); !slices.Equal(got, []string{"J-1"}) {
		t.Errorf("added %v", got)
	}
	if got := ids(d.ServicesRemoved); !slices.Equal(got, []string{"A-11"}) {
		t.Errorf("removed %v", got)
	}
	if len(d.CategoriesAdded) != 1 || d.CategoriesAdded[0].ID != "J" || len(d.CategoriesRemoved) != 0 {
		t.Errorf("categories +%v -%v", d.CategoriesAdded, d.CategoriesRemoved)
	}
	var got []string
	for _, c := range d.Changes {
		got = append(got, c.String())
	}
	wantExact := []string{
		`level mandatory weight: "3" -> "4"`,
		`score 1 outsourced.en: "Contract exists, scope unclear" -> "Contract exists"`,
		`service A-1 level: "mandatory" -> "recommended"`,
		`service A-4 name.fr: "Gestion des politiques" -> "Administration des politiques"`,
	}
	if len(got) != 5 || !slices.Equal(got[:4], wantExact) || !strings.HasPrefix(got[4], `service A-6 description.es: "Determina`) {
		t.Errorf("changes:\n%s", strings.Join(got, "\n"))
	}
	if d.Reordered {
		t.Error("reordered")
	}
	q := BuiltinPack()
	q.Services[0], q.Services[1] = q.Services[1], q.Services[0]
	if d := DiffPacks(old, q); !d.Reordered || len(d.Changes) != 0 {
		t.Errorf("swapping A-1 and A-2: %+v", d)
	}
}

func TestFindAssignmentAndLevel(t *testing.T) {
	p := BuiltinPack()
	for _, tc := range []struct {
		in   string
		want Assignment
	}{
		{"cdc", AssignCDC}, {"CCD", AssignCDC}, {" Interne ", AssignInternal}, {"interno", AssignInternal},
		{"社内他部門", AssignInternal}, {"EXTERNE", AssignExternal}, {"Externo", AssignExternal},
		{"partagé", AssignShared}, {"Compartido", AssignShared}, {"Aucun", AssignNone}, {"ninguno", AssignNone}, {"None", AssignNone},
	} {
		if got, ok := p.FindAssignment(tc.in); !ok || got != tc.want {
			t.Errorf("FindAssignment(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
	for _, in := range []string{"", "cd", "interna", "Partage"} {
		if got, ok := p.FindAssignment(in); ok {
			t.Errorf("FindAssignment(%q) = %q", in, got)
		}
	}
	for _, tc := range []struct {
		in   string
		want Level
	}{
		{"M", Mandatory}, {"obligatoire", Mandatory}, {"Obligatorio", Mandatory}, {"必須", Mandatory},
		{"Recommandé", Recommended}, {"recomendado", Recommended}, {"Facultatif", Optional}, {"OPCIONAL", Optional},
	} {
		if got, ok := p.FindLevel(tc.in); !ok || got != tc.want {
			t.Errorf("FindLevel(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
	if _, ok := p.FindLevel("x"); ok {
		t.Error("FindLevel(x)")
	}
}
