package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// Name provenance: how a category or service name in one language was established.
const (
	ProvChecked    = "checked"    // read in the recommendation, in that language
	ProvPartial    = "partial"    // the recommendation's text was cut after the first words; the rest is ours
	ProvWorking    = "working"    // the toolkit's working name: not read in the recommendation
	ProvTranslated = "translated" // our translation; the recommendation's own term in that language is not known
	ProvCustom     = "custom"     // the pack author's own
)

// LangCodes lists the supported language codes for messages ("en, ja, fr, es").
func LangCodes() string { return langList() }

var nameProvenances = []string{ProvChecked, ProvPartial, ProvWorking, ProvTranslated, ProvCustom}

// Provenances records, per language, how a name was established.
type Provenances map[Lang]string

// NameSource returns how the service's name in lang was established. The English entry
// falls back to the service's provenance; a language without a name of its own shows the
// English name and so has the English provenance; "" means not recorded.
func (s Service) NameSource(lang Lang) string {
	return nameSource(s.Name, s.NameProvenance, s.Provenance, lang)
}

// WorkingName reports whether the service's name is the toolkit's working name, not read in
// the recommendation in any language. Views mark such names (vocabulary key catalog.mark.working).
func (s Service) WorkingName() bool {
	if s.NameSource(EN) != ProvWorking {
		return false
	}
	for l, v := range s.NameProvenance {
		if l != EN && v == ProvChecked {
			return false
		}
	}
	return true
}

// NameSource returns how the category's name in lang was established ("" when not recorded).
func (c Category) NameSource(lang Lang) string {
	return nameSource(c.Name, c.NameProvenance, "", lang)
}

func nameSource(name Text, prov Provenances, english string, lang Lang) string {
	if lang != EN && name[lang] == "" {
		lang = EN
	}
	if v := prov[lang]; v != "" {
		return v
	}
	if lang == EN {
		return english
	}
	return ""
}

// checkNameProvenance validates a name_provenance object: known languages and values, and
// agreement with the English provenance. An entry for a language the name lacks is allowed
// (an edited name may drop a language) and unused: that language shows the English name.
func checkNameProvenance(path string, prov Provenances, english string) []string {
	var probs []string
	langs := make([]Lang, 0, len(prov))
	for l := range prov {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	for _, l := range langs {
		v, at := prov[l], path+".name_provenance."+string(l)
		switch {
		case !slices.Contains(Langs, l):
			probs = append(probs, fmt.Sprintf("%s: is not a supported language (use %s)", at, langList()))
		case !slices.Contains(nameProvenances, v):
			probs = append(probs, fmt.Sprintf("%s: %q is not one of %s", at, v, strings.Join(nameProvenances, ", ")))
		case l == EN && v == ProvTranslated:
			probs = append(probs, fmt.Sprintf("%s: an English name is not a translation", at))
		case l == EN && english != "" && v != english:
			probs = append(probs, fmt.Sprintf("%s: %q disagrees with provenance %q", at, v, english))
		}
	}
	return probs
}

// Values returns the text's translations in language order, skipping missing ones.
func (t Text) Values() []string {
	var out []string
	for _, l := range Langs {
		if v := t[l]; v != "" {
			out = append(out, v)
		}
	}
	return out
}

// FindAssignment accepts an assignment kind's ID or its name in any language of the pack,
// ignoring case and surrounding spaces.
func (p *Pack) FindAssignment(s string) (Assignment, bool) {
	return findNamed(s, ParseAssignment, p.Assignments, func(d AssignmentDef) (Assignment, Text) { return d.ID, d.Name })
}

// FindLevel accepts a level's ID, first letter (M, R, O) or its name in any language of the
// pack, ignoring case and surrounding spaces.
func (p *Pack) FindLevel(s string) (Level, bool) {
	return findNamed(s, ParseLevel, p.Levels, func(d LevelDef) (Level, Text) { return d.ID, d.Name })
}

// findNamed accepts what parse accepts, or the name in any language of one of defs, ignoring
// case and surrounding spaces.
func findNamed[K ~string, D any](s string, parse func(string) (K, error), defs []D, def func(D) (K, Text)) (K, bool) {
	v := strings.ToLower(strings.TrimSpace(s))
	if k, err := parse(v); err == nil {
		return k, true
	}
	for _, d := range defs {
		id, names := def(d)
		for _, name := range names.Values() {
			if v != "" && strings.ToLower(strings.TrimSpace(name)) == v {
				return id, true
			}
		}
	}
	return "", false
}
