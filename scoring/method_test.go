package scoring

import (
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestMethod(t *testing.T) {
	tests := []struct {
		name      string
		pack      *catalog.Pack
		lang      catalog.Lang
		weights   string
		contains  []string
		formulaOf string
	}{
		{
			name: "custom pack in English", pack: testPack(5, 1.5, 1, "A"), lang: catalog.EN,
			weights:  "Mandatory 5, Recommended 1.5, Optional 1",
			contains: []string{"Evaluation method: Test pack (test@1)", "in-house 3", "outsourced 5", "Mandatory: 5", "Made for tests.", "100 x sum(w x current) / sum(w x 5)"},
		},
		{
			name: "custom pack in Japanese", pack: testPack(5, 1.5, 1, "A"), lang: catalog.JA,
			weights:  "必須 5、推奨 1.5、任意 1",
			contains: []string{"評価方法: テストパック (test@1)", "自組織3", "委託5", "必須: 5", "テスト用。", "成熟度指数"},
		},
		{
			name: "built-in pack", pack: catalog.BuiltinPack(), lang: catalog.EN,
			weights:  "Mandatory 3, Recommended 2, Optional 1",
			contains: []string{"x1060@2021.06", "Continuously improved", "Category names A-I"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Method(tt.pack, tt.lang)
			if len(doc.Scale) != 6 {
				t.Errorf("scale has %d steps, want 6", len(doc.Scale))
			}
			for i, s := range doc.Scale {
				if s.Score != i || s.InHouse == "" || s.Outsourced == "" {
					t.Errorf("scale step %d = %+v", i, s)
				}
			}
			if len(doc.Weights) != 3 {
				t.Errorf("weights = %+v", doc.Weights)
			}
			found := false
			for _, f := range doc.Formulas {
				if f.Name == "" || f.Text == "" || strings.Contains(f.Text, "%s") || strings.Contains(f.Text, "%d") || strings.Contains(f.Text, "%!") {
					t.Errorf("formula %+v is incomplete", f)
				}
				found = found || strings.Contains(f.Text, tt.weights)
			}
			if !found {
				t.Errorf("no formula states the weights %q", tt.weights)
			}
			if len(doc.Formulas) != len(methodFormulas) {
				t.Errorf("%d formulas, want %d", len(doc.Formulas), len(methodFormulas))
			}
			text := doc.Text()
			for _, want := range tt.contains {
				if !strings.Contains(text, want) {
					t.Errorf("Text() lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

func TestMethodLanguagesMatch(t *testing.T) {
	en, ja := Method(catalog.BuiltinPack(), catalog.EN), Method(catalog.BuiltinPack(), catalog.JA)
	if len(en.Formulas) != len(ja.Formulas) {
		t.Fatalf("English has %d formulas, Japanese %d", len(en.Formulas), len(ja.Formulas))
	}
	for i := range en.Formulas {
		if en.Formulas[i].Name == ja.Formulas[i].Name || en.Formulas[i].Text == ja.Formulas[i].Text {
			t.Errorf("formula %d (%s) is not translated", i, en.Formulas[i].Name)
		}
	}
	if doc := Method(nil, "xx"); doc.Lang != catalog.EN || doc.Title != en.Title {
		t.Errorf("unknown language gives %q %q, want English", doc.Lang, doc.Title)
	}
}
