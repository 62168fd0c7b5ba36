package scoring

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// MethodDoc states how a pack's cycles are evaluated: the score scale, the level weights, the
// formulas and where the catalogue comes from. Reports, the TUI and help print it from here, so the
// method is written in one place only.
type MethodDoc struct {
	Lang       catalog.Lang
	Title      string
	Pack       string // pack name and "id@version"
	Labels     MethodLabels
	Scale      []ScaleRow
	Weights    []WeightRow
	Formulas   []Formula
	Provenance string
}

// MethodLabels are the headings of the method's sections and columns in the document's language.
type MethodLabels struct {
	Scale, Weights, Formulas, Provenance string
	Score, InHouse, Outsourced           string
	Level, Weight                        string
	NotAssessed                          string
}

// ScaleRow describes one score for in-house and for outsourced services.
type ScaleRow struct {
	Score      int
	InHouse    string
	Outsourced string
}

// WeightRow is one recommendation level and its weight.
type WeightRow struct {
	Level  catalog.Level
	Name   string
	Weight float64
}

// Formula is one evaluation figure and how it is computed, in words.
type Formula struct {
	Name string
	Text string
}

// methodFormulas names the formulas in the order the method states them; each has the
// vocabulary keys method.f.<id>.name and method.f.<id>.text.
var methodFormulas = []string{
	"scope", "weight", "coverage", "missing", "completeness", "provisional", "without_target", "gap",
	"attainment", "means", "category_attainment", "priorities", "maturity", "target", "attainment_index",
	"undefined", "rounding", "mix", "changes", "trend",
}

// Method documents the evaluation of cycles that use pack p, in lang (English when the
// vocabulary has no such language).
func Method(p *catalog.Pack, lang catalog.Lang) MethodDoc {
	if !slices.Contains(vocab.Languages(), lang) {
		lang = catalog.EN
	}
	pr := vocab.For(lang)
	doc := MethodDoc{Lang: lang, Title: pr.T("method.title"), Labels: MethodLabels{
		Scale: pr.T("method.scale"), Weights: pr.T("method.weights"), Formulas: pr.T("method.formulas"),
		Provenance: pr.T("method.provenance"), Score: pr.T("method.score"), InHouse: pr.T("method.inhouse"),
		Outsourced: pr.T("method.outsourced"), Level: pr.T("method.level"), Weight: pr.T("method.weight"),
		NotAssessed: pr.T("method.not_assessed"),
	}}
	var weightParts []string
	if p != nil {
		doc.Pack = p.Name.In(lang) + " (" + p.Ref() + ")"
		doc.Provenance = pr.PackNote(p.Source.In(lang)) // the format's codes in words
		for _, s := range p.Scale {
			doc.Scale = append(doc.Scale, ScaleRow{Score: s.Score, InHouse: s.InHouse.In(lang), Outsourced: s.Outsourced.In(lang)})
		}
		for _, l := range p.Levels {
			doc.Weights = append(doc.Weights, WeightRow{Level: l.ID, Name: l.Name.In(lang), Weight: l.Weight})
			weightParts = append(weightParts, l.Name.In(lang)+" "+formatWeight(l.Weight))
		}
	}
	for _, id := range methodFormulas {
		key := "method.f." + id
		var text string
		switch id {
		case "weight":
			text = pr.T(key+".text", strings.Join(weightParts, pr.T("method.list_sep")))
		case "provisional":
			text = pr.T(key+".text", int(ProvisionalBelow*100))
		default:
			text = pr.T(key + ".text")
		}
		doc.Formulas = append(doc.Formulas, Formula{Name: pr.T(key + ".name"), Text: text})
	}
	return doc
}

func formatWeight(w float64) string { return strconv.FormatFloat(w, 'f', -1, 64) }

// Text renders the method as plain text.
func (d MethodDoc) Text() string {
	var b strings.Builder
	b.WriteString(d.Title)
	if d.Pack != "" {
		b.WriteString(": " + d.Pack)
	}
	b.WriteString("\n\n" + d.Labels.Scale + "\n")
	for _, s := range d.Scale {
		fmt.Fprintf(&b, "  %d  %s: %s\n     %s: %s\n", s.Score, d.Labels.InHouse, s.InHouse, d.Labels.Outsourced, s.Outsourced)
	}
	b.WriteString("  " + d.Labels.NotAssessed + "\n")
	b.WriteString("\n" + d.Labels.Weights + "\n")
	for _, w := range d.Weights {
		fmt.Fprintf(&b, "  %s: %s\n", w.Name, formatWeight(w.Weight))
	}
	b.WriteString("\n" + d.Labels.Formulas + "\n")
	for _, f := range d.Formulas {
		fmt.Fprintf(&b, "  %s: %s\n", f.Name, f.Text)
	}
	if d.Provenance != "" {
		b.WriteString("\n" + d.Labels.Provenance + "\n  " + d.Provenance + "\n")
	}
	return b.String()
}
