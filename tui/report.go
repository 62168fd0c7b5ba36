package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// reportTab will export the workbook, questionnaire and JSON file and import answers.
type reportTab struct {
	c    *Common
	data *Data
}

func newReportTab(c *Common) Tab { return &reportTab{c: c} }

func (t *reportTab) Title() string              { return t.c.T("tab.report") }
func (t *reportTab) SetData(d *Data)            { t.data = d }
func (t *reportTab) Update(msg tea.Msg) tea.Cmd { return nil }
func (t *reportTab) Mode() Mode                 { return ModeNormal }
func (t *reportTab) Help() []key.Binding        { return nil }
func (t *reportTab) FullHelp() [][]key.Binding  { return nil }
func (t *reportTab) View(w, h int) string {
	return t.c.Styles.Muted.Render(t.c.T("report.unavailable"))
}

func init() {
	AddMessages(map[string][2]string{
		"report.unavailable": {"Export and import are not available in this build yet; use cdc export and cdc import.",
			"エクスポートとインポートはこのビルドではまだ使えません。cdc export と cdc import を使ってください。"},
	})
}
