package scoring

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
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

type methodText struct {
	title  string
	labels MethodLabels
	// formulas in order; %s in the weights formula is replaced by the pack's weights.
	formulas [][2]string
}

var methodTexts = map[catalog.Lang]methodText{
	catalog.EN: {
		title: "Evaluation method",
		labels: MethodLabels{
			Scale: "Score scale", Weights: "Level weights", Formulas: "Formulas", Provenance: "Catalogue provenance",
			Score: "Score", InHouse: "In-house (cdc, internal, shared)", Outsourced: "Outsourced (external)",
			Level: "Level", Weight: "Weight",
			NotAssessed: "A service may also be not assessed, which is distinct from 0.",
		},
		formulas: [][2]string{
			{"Scope", "Only services in scope count in any figure; out-of-scope services are left out everywhere."},
			{"Weight (w)", "Each service weighs its recommendation level's weight: %s."},
			{"Coverage", "Per level and overall: in-scope services whose assignment is not none, divided by in-scope services (empty when no service of the level is in scope)."},
			{"Mandatory services not provided", "In-scope mandatory services whose assignment is none."},
			{"Assessment completeness", "Assessed in-scope services divided by in-scope services."},
			{"Services without a target", "In-scope services with no target score."},
			{"Gap", "Per service: max(0, target - current), for assessed services with a target."},
			{"Service attainment", "Per service: min(current, target) / target; 1 when the target is 0."},
			{"Category means", "Mean current over the category's assessed in-scope services; mean target over its in-scope services with a target."},
			{"Category attainment", "Sum of min(current, target) / sum of target, over the category's services with both; 1 when all those targets are 0."},
			{"Priorities", "Services below target, ordered by w x gap (highest first), then by service ID."},
			{"Maturity index", "100 x sum(w x current) / sum(w x 5), over assessed in-scope services."},
			{"Target index", "100 x sum(w x target) / sum(w x 5), over assessed in-scope services with a target."},
			{"Attainment index", "100 x sum(w x min(current, target)) / sum(w x target), over assessed in-scope services with a target; 100 when all those targets are 0."},
			{"Undefined figures", "An index is empty, not 0, when no service it sums over is assessed."},
			{"Provider mix", "Count and share of in-scope services per assignment kind, overall and per category."},
			{"Changes", "Per assessed service against the previous cycle: improved, declined, unchanged, carried over (score copied and not re-assessed) or newly assessed (no score before). Per category the same, comparing mean current scores."},
			{"Trend", "The three indices of every cycle of the organisation."},
		},
	},
	catalog.JA: {
		title: "評価方法",
		labels: MethodLabels{
			Scale: "スコア尺度", Weights: "レベルの重み", Formulas: "計算式", Provenance: "カタログの出典",
			Score: "スコア", InHouse: "自組織で実施（CDC・社内他部門・共同）", Outsourced: "外部委託",
			Level: "レベル", Weight: "重み",
			NotAssessed: "サービスは「未評価」にもなり得る。未評価は0とは区別する。",
		},
		formulas: [][2]string{
			{"対象範囲", "すべての数値は対象範囲内のサービスだけで計算し、対象外のサービスはどこにも含めない。"},
			{"重み (w)", "各サービスの重みは推奨レベルの重みとする：%s。"},
			{"カバー率", "レベル別および全体で、実施者が「未実施」以外の対象サービス数 ÷ 対象サービス数（そのレベルの対象サービスがない場合は空欄）。"},
			{"未実施の必須サービス", "実施者が「未実施」の対象範囲内の必須サービス。"},
			{"評価完了率", "評価済みの対象サービス数 ÷ 対象サービス数。"},
			{"目標未設定のサービス", "目標スコアが設定されていない対象サービス。"},
			{"ギャップ", "サービスごとに max(0, 目標 − 現状)。評価済みで目標のあるサービスが対象。"},
			{"サービスの達成率", "サービスごとに min(現状, 目標) ÷ 目標。目標が0のときは1。"},
			{"カテゴリ平均", "現状の平均はカテゴリ内の評価済み対象サービス、目標の平均は目標のある対象サービスで計算する。"},
			{"カテゴリの達成率", "現状と目標の両方があるサービスについて min(現状, 目標) の合計 ÷ 目標の合計。目標がすべて0のときは1。"},
			{"優先順位", "目標未達のサービスを w × ギャップ の大きい順、同じ場合はサービスID順に並べる。"},
			{"成熟度指数", "100 × Σ(w × 現状) ÷ Σ(w × 5)。評価済みの対象サービスで計算する。"},
			{"目標指数", "100 × Σ(w × 目標) ÷ Σ(w × 5)。評価済みで目標のある対象サービスで計算する。"},
			{"達成度指数", "100 × Σ(w × min(現状, 目標)) ÷ Σ(w × 目標)。評価済みで目標のある対象サービスで計算し、目標がすべて0のときは100。"},
			{"算出できない数値", "合計の対象となる評価済みサービスがない指数は0ではなく空欄とする。"},
			{"実施者の構成", "対象サービスの実施者の種類ごとの件数と割合（全体およびカテゴリ別）。"},
			{"前回からの変化", "評価済みサービスごとに前回のサイクルと比べ、向上・低下・変化なし・引継ぎ（スコアを引き継ぎ再評価していない）・新規評価（前回スコアなし）に分類する。カテゴリは現状の平均で同様に比べる。"},
			{"推移", "組織のすべてのサイクルの3つの指数。"},
		},
	},
}

// Method documents the evaluation of cycles that use pack p, in lang.
func Method(p *catalog.Pack, lang catalog.Lang) MethodDoc {
	mt, ok := methodTexts[lang]
	if !ok {
		lang, mt = catalog.EN, methodTexts[catalog.EN]
	}
	doc := MethodDoc{Lang: lang, Title: mt.title, Labels: mt.labels}
	var weightParts []string
	if p != nil {
		doc.Pack = p.Name.In(lang) + " (" + p.Ref() + ")"
		doc.Provenance = p.Source.In(lang)
		for _, s := range p.Scale {
			doc.Scale = append(doc.Scale, ScaleRow{Score: s.Score, InHouse: s.InHouse.In(lang), Outsourced: s.Outsourced.In(lang)})
		}
		for _, l := range p.Levels {
			doc.Weights = append(doc.Weights, WeightRow{Level: l.ID, Name: l.Name.In(lang), Weight: l.Weight})
			weightParts = append(weightParts, l.Name.In(lang)+" "+formatWeight(l.Weight))
		}
	}
	sep := ", "
	if lang == catalog.JA {
		sep = "、"
	}
	for _, f := range mt.formulas {
		text := f[1]
		if strings.Contains(text, "%s") {
			text = fmt.Sprintf(text, strings.Join(weightParts, sep))
		}
		doc.Formulas = append(doc.Formulas, Formula{Name: f[0], Text: text})
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
