package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
)

func (t *reportTab) View(w, h int) string {
	if t.data == nil {
		return ""
	}
	var body string
	switch {
	case t.problems != nil:
		body = t.scrollView(t.problems, w, h, true)
	case t.plan != nil:
		body = t.scrollView(t.planLines, w, h, false)
	default:
		body = t.menuView(w)
	}
	t.cursor = nil
	switch {
	case t.form != nil:
		d := t.form.View(w)
		t.cursor = overlayCursor(d, w, h, t.form.Cursor())
		return overlay(d, w, h)
	case t.ask != nil:
		return overlay(t.ask.View(w), w, h)
	}
	return body
}

func (t *reportTab) menuView(w int) string {
	s := t.c.Styles
	T := t.c.T
	var b strings.Builder
	b.WriteString(s.Title.Render(T("report.heading", t.data.Org.Name, t.data.Cycle.Cycle.Name)) + "\n\n")
	titleW := 0
	for i := range reportItems {
		titleW = max(titleW, lipgloss.Width(T(fmt.Sprintf("report.item.%d", i))))
	}
	for i := range reportItems {
		title := cell(T(fmt.Sprintf("report.item.%d", i)), titleW)
		desc := T(fmt.Sprintf("report.desc.%d", i))
		if int(i) == t.list.cursor {
			b.WriteString(s.Selected.Render(cell("› "+title, titleW+2)) + "\n")
		} else {
			b.WriteString("  " + s.Bold.Render(title) + "\n")
		}
		for _, l := range wrap(desc, w-6) {
			b.WriteString("    " + s.Muted.Render(l) + "\n")
		}
	}
	b.WriteString("\n")
	switch {
	case t.job != 0:
		what := T(fmt.Sprintf("report.noun.%d", t.jobItem))
		t.bar.SetWidth(min(w-4, 60))
		b.WriteString("  " + T("report.working", what) + "\n  " + t.bar.ViewAs(t.done) + "\n")
	case t.result != "":
		st := s.Good
		if t.resultErr {
			st = s.StatusErr
		}
		for _, l := range wrap(t.result, w-4) {
			b.WriteString("  " + st.Render(l) + "\n")
		}
	default:
		b.WriteString("  " + s.Muted.Render(T("report.hint")) + "\n")
	}
	return b.String()
}

// scrollView shows an import preview or the problems of a refused file, scrollable.
func (t *reportTab) scrollView(lines []string, w, h int, problems bool) string {
	s := t.c.Styles
	T := t.c.T
	ph := max(h-3, 1)
	var b strings.Builder
	if problems {
		head := wrap(lines[0], w)
		for _, l := range head {
			b.WriteString(s.StatusErr.Render(l) + "\n")
		}
		b.WriteString("\n")
		ph = max(h-2-len(head), 1)
		lines = lines[1:]
	} else {
		b.WriteString(s.Title.Render(T("report.preview.title")) + "\n\n")
	}
	t.scroll = min(max(t.scroll, 0), max(len(lines)-ph, 0))
	end := min(t.scroll+ph, len(lines))
	for _, l := range lines[t.scroll:end] {
		b.WriteString(cell(l, w) + "\n")
	}
	for i := end - t.scroll; i < ph; i++ {
		b.WriteString("\n")
	}
	var foot string
	switch {
	case problems:
		foot = T("report.problems.foot")
	case t.applying:
		foot = T("status.saving")
	case t.applyError != "":
		foot = s.StatusErr.Render(T("report.apply.failed", t.applyError))
	case t.plan.Empty():
		foot = T("report.preview.nothing")
	default:
		foot = T("report.preview.foot")
	}
	pos := ""
	if len(lines) > ph {
		pos = fmt.Sprintf("%d–%d/%d", t.scroll+1, end, len(lines))
	}
	b.WriteString(joinLR(s.Muted.Render(foot), s.Muted.Render(pos), w))
	return b.String()
}

func init() {
	AddMessages(map[string][2]string{
		"report.heading":             {"Export and import · %s, %s", "エクスポートとインポート · %s、%s"},
		"report.item.0":              {"Evaluation report (.xlsx)", "評価レポート（.xlsx）"},
		"report.item.1":              {"Questionnaire (.xlsx)", "調査票（.xlsx）"},
		"report.item.2":              {"Organisation file (.json)", "組織ファイル（.json）"},
		"report.item.3":              {"Import a file", "ファイルを取り込む"},
		"report.desc.0":              {"Summary, catalogue, profile and portfolio evaluation, actions, changes and method, for managers.", "概要・カタログ評価・プロファイル評価・ポートフォリオ評価・改善策・変更履歴・評価方法（管理者向け）。"},
		"report.desc.1":              {"A fillable workbook for an assessor; import it back here once filled.", "評価者が記入するワークブック。記入後にここで取り込みます。"},
		"report.desc.2":              {"The whole organisation with every cycle, to move it to another database.", "全サイクルを含む組織全体。別のデータベースへ移すときに使います。"},
		"report.desc.3":              {"A filled questionnaire or an organisation file: every change is shown before anything is written.", "記入済みの調査票または組織ファイル。書き込む前にすべての変更を表示します。"},
		"report.noun.0":              {"evaluation report", "評価レポート"},
		"report.noun.1":              {"questionnaire", "調査票"},
		"report.noun.2":              {"organisation file", "組織ファイル"},
		"report.field.assignment":    {"assignment", "実施主体"},
		"report.field.provider":      {"provider", "委託先"},
		"report.field.target":        {"target", "目標"},
		"report.field.current":       {"current", "現状"},
		"report.field.evidence":      {"evidence", "根拠"},
		"report.hint":                {"↑↓ choose · enter continue", "↑↓ 選択 · enter 次へ"},
		"report.key.choose":          {"choose", "選択"},
		"report.key.apply":           {"apply", "適用"},
		"report.path":                {"File", "ファイル"},
		"report.path.empty":          {"The file name is empty.", "ファイル名が空です。"},
		"report.path.ext":            {"File %s should end in %s.", "ファイル %s の拡張子は %s にしてください。"},
		"report.lang":                {"Language", "言語"},
		"report.lang.bad":            {"Language %q is not en or ja.", "言語 %q は en か ja で指定してください。"},
		"report.report.title":        {"Evaluation report of %s", "%s の評価レポート"},
		"report.questionnaire.title": {"Questionnaire for %s", "%s の調査票"},
		"report.json.title":          {"Organisation file of %s", "%s の組織ファイル"},
		"report.import.title":        {"Import a questionnaire or organisation file", "調査票または組織ファイルの取り込み"},
		"report.import.ph":           {"e.g. answers.xlsx or agency.json", "answers.xlsx / agency.json"},
		"report.exists":              {"%s exists already. Replace it?", "%s はすでにあります。置き換えますか？"},
		"report.working":             {"Writing the %s…", "%sを書き出しています…"},
		"report.export.done":         {"Saved the %s to %s", "%sを保存しました: %s"},
		"report.export.failed":       {"Could not write the %s: %s", "%sを書き出せませんでした: %s"},
		"report.import.refused":      {"%s was not imported: %d problem(s), nothing was written.", "%s は取り込まれませんでした（問題 %d 件、何も書き込んでいません）。"},
		"report.import.unreadable":   {"%s could not be read:", "%s を読み込めません:"},
		"report.import.cancelled":    {"Import cancelled: nothing was written.", "取り込みを取り消しました。何も書き込んでいません。"},
		"report.import.done":         {"Imported %d change(s) in %d service(s) into %s, %s; the change log records the source %q.", "%[3]s、%[4]s に %[2]d サービス %[1]d 件の変更を取り込みました（変更履歴の経路: %[5]q）。"},
		"report.import.org":          {"Imported organisation %s from %s: open it from the organisation list (esc).", "組織 %s を %s から取り込みました。組織一覧（esc）から開けます。"},
		"report.preview.title":       {"Import preview: nothing is written until you apply", "取り込みの確認（適用するまで書き込みません）"},
		"report.preview.q":           {"Questionnaire for %s, cycle %s: %d change(s) in %d service(s)", "%s、サイクル %s の調査票: %[4]d サービス %[3]d 件の変更"},
		"report.preview.json":        {"Organisation file %s:", "組織ファイル %s:"},
		"report.preview.empty":       {"Nothing to change: the database already holds these answers.", "変更はありません。データベースはすでにこの回答の内容です。"},
		"report.preview.conflicts":   {"! %d answer(s) would overwrite a value changed here after the questionnaire was exported.", "! %d 件の回答は、質問票の出力後にここで変更された値を上書きします。"},
		"report.preview.foot":        {"y/enter apply · ↑↓ scroll · esc cancel", "y/enter 適用 · ↑↓ スクロール · esc 取消"},
		"report.preview.nothing":     {"enter/esc back", "enter/esc 戻る"},
		"report.problems.foot":       {"fix the file and import it again · ↑↓ scroll · esc back", "ファイルを直して再度取り込んでください · ↑↓ スクロール · esc 戻る"},
		"report.apply.failed":        {"not applied: %s", "適用できませんでした: %s"},
	})
}
