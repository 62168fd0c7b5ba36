package export

import "github.com/cdc-toolkit/cdc/catalog"

// labels are the workbook texts in one language.
type labels struct {
	// questionnaire
	instructions, questionnaire                                        string
	id, category, service, description, level, inScope                 string
	assignment, provider, target, current, evidence, note              string
	yes, no, carriedOver, assessedBy                                   string
	qTitle, qIntro                                                     []string
	scaleTitle, score, inHouse, outsourced                             string
	scoreHelpTitle, scoreHelp, assignHelpTitle, assignHelp, scoreError string
	organisation, cycle, pack, exported, language                      string
	// report sheets
	summary, catalogue, profile, portfolio, actions, changes, method          string
	rTitle, date, maturityIdx, targetIdx, attainmentIdx, coverageMand         string
	coverageAll, completeness, topGaps, gap, weight, priority, radarTitle     string
	mixTitle, count, share, meanCurrent, meanTarget, attainment, belowTarget  string
	matrix, total, trend, trendTitle, changesPrev, from, to, kind             string
	title, horizon, owner, due, status, notes, at, entity, key, field, old    string
	new, who, reason, source, undefined, missingMand, withoutTarget, services string
	reviews, heldOn, cur, tgt                                                 string
}

var labelsEN = labels{
	instructions: "Instructions", questionnaire: "Questionnaire",
	id: "ID", category: "Category", service: "Service", description: "Description", level: "Level", inScope: "In scope",
	assignment: "Assignment", provider: "Provider", target: "Target (0-5)", current: "Current (0-5)", evidence: "Evidence", note: "Note",
	yes: "yes", no: "no", carriedOver: "carried over from the previous cycle", assessedBy: "assessed by",
	qTitle: []string{"CDC self-assessment questionnaire"},
	qIntro: []string{
		"Fill in the yellow columns of the Questionnaire sheet; the grey columns are locked.",
		"Assignment: who carries the service out (pick from the list). Provider: the department or company.",
		"Target and Current: a whole score from 0 to 5 (see the scale below). Leave Current empty if the service is not assessed.",
		"An empty Target means no target. Evidence: what the current score rests on (documents, metrics, interviews).",
		"Do not add, remove or reorder rows, and do not rename sheets: the file is checked when it is imported.",
		"Return the file to your CDC team; it is imported with: cdc import FILE (add --dry-run to preview).",
	},
	scaleTitle: "Score scale", score: "Score", inHouse: "In-house (cdc, internal, shared)", outsourced: "Outsourced (external)",
	scoreHelpTitle: "Score 0-5", scoreHelp: "Whole number 0-5; empty = not assessed.", assignHelpTitle: "Assignment",
	assignHelp: "Who carries the service out.", scoreError: "Enter a whole number from 0 to 5, or leave the cell empty.",
	organisation: "Organisation", cycle: "Cycle", pack: "Framework pack", exported: "Exported", language: "Language",
	summary: "Summary", catalogue: "Catalogue", profile: "Profile", portfolio: "Portfolio", actions: "Actions", changes: "Changes", method: "Method",
	rTitle: "CDC evaluation report", date: "Date", maturityIdx: "Maturity index", targetIdx: "Target index", attainmentIdx: "Attainment index",
	coverageMand: "Coverage of mandatory services", coverageAll: "Coverage of all services", completeness: "Assessment completeness",
	topGaps: "Top gaps", gap: "Gap", weight: "Weight", priority: "Priority", radarTitle: "Current vs target by category",
	mixTitle: "Provider mix", count: "Services", share: "Share", meanCurrent: "Mean current", meanTarget: "Mean target", attainment: "Attainment",
	belowTarget: "Services below target", matrix: "Category x assignment", total: "Total", trend: "Index trend", trendTitle: "Indices across cycles",
	changesPrev: "Changes against the previous cycle", from: "From", to: "To", kind: "Change",
	title: "Title", horizon: "Horizon", owner: "Owner", due: "Due", status: "Status", notes: "Notes", at: "Time", entity: "Entity", key: "Key",
	field: "Field", old: "Old", new: "New", who: "Who", reason: "Reason", source: "Source", undefined: "n/a (nothing assessed)",
	missingMand: "Mandatory services not provided", withoutTarget: "Services without a target", services: "Services",
	reviews: "Reviews", heldOn: "Held on", cur: "Current", tgt: "Target",
}

var labelsJA = labels{
	instructions: "説明", questionnaire: "Questionnaire",
	id: "ID", category: "カテゴリ", service: "サービス", description: "説明", level: "レベル", inScope: "対象",
	assignment: "担当", provider: "提供者", target: "目標 (0-5)", current: "現状 (0-5)", evidence: "根拠", note: "備考",
	yes: "はい", no: "いいえ", carriedOver: "前サイクルからの引継ぎ", assessedBy: "評価者",
	qTitle: []string{"CDC 自己評価質問票"},
	qIntro: []string{
		"Questionnaire シートの黄色の列に記入してください。灰色の列はロックされています。",
		"担当: サービスを実施する主体（リストから選択）。提供者: 部署名または委託先名。",
		"目標・現状: 0〜5 の整数（下の尺度を参照）。未評価のサービスは現状を空欄にしてください。",
		"目標が空欄の場合は目標なしとみなします。根拠: 現状スコアの裏付け（文書、指標、ヒアリング）。",
		"行の追加・削除・並べ替えやシート名の変更はしないでください。取り込み時に検査されます。",
		"記入後は CDC チームに返送してください。取り込み: cdc import FILE（--dry-run で事前確認）。",
	},
	scaleTitle: "スコア尺度", score: "スコア", inHouse: "自組織 (cdc, internal, shared)", outsourced: "外部委託 (external)",
	scoreHelpTitle: "スコア 0-5", scoreHelp: "0〜5 の整数。空欄 = 未評価。", assignHelpTitle: "担当",
	assignHelp: "サービスを実施する主体。", scoreError: "0〜5 の整数を入力するか、空欄にしてください。",
	organisation: "組織", cycle: "サイクル", pack: "フレームワーク", exported: "出力日時", language: "言語",
	summary: "概要", catalogue: "カタログ", profile: "プロファイル", portfolio: "ポートフォリオ", actions: "改善施策", changes: "変更履歴", method: "評価方法",
	rTitle: "CDC 評価レポート", date: "日付", maturityIdx: "成熟度指数", targetIdx: "目標指数", attainmentIdx: "達成度指数",
	coverageMand: "必須サービスのカバー率", coverageAll: "全サービスのカバー率", completeness: "評価の完了率",
	topGaps: "主なギャップ", gap: "ギャップ", weight: "重み", priority: "優先度", radarTitle: "カテゴリ別 現状と目標",
	mixTitle: "実施主体の構成", count: "サービス数", share: "割合", meanCurrent: "現状平均", meanTarget: "目標平均", attainment: "達成度",
	belowTarget: "目標未達のサービス", matrix: "カテゴリ x 担当", total: "合計", trend: "指数の推移", trendTitle: "サイクル別の指数",
	changesPrev: "前サイクルからの変化", from: "前回", to: "今回", kind: "変化",
	title: "件名", horizon: "期間", owner: "担当者", due: "期限", status: "状態", notes: "メモ", at: "日時", entity: "対象", key: "キー",
	field: "項目", old: "変更前", new: "変更後", who: "実施者", reason: "理由", source: "経路", undefined: "該当なし（未評価）",
	missingMand: "未提供の必須サービス", withoutTarget: "目標未設定のサービス", services: "サービス",
	reviews: "レビュー", heldOn: "実施日", cur: "現状", tgt: "目標",
}

func labelsFor(l catalog.Lang) *labels {
	if l == catalog.JA {
		return &labelsJA
	}
	return &labelsEN
}
