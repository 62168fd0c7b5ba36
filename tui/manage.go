package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// manageTab will hold improvement actions, reviews, cycles and the change log.
type manageTab struct {
	c    *Common
	data *Data
}

func newManageTab(c *Common) Tab { return &manageTab{c: c} }

func (t *manageTab) Title() string              { return t.c.T("tab.manage") }
func (t *manageTab) SetData(d *Data)            { t.data = d }
func (t *manageTab) Update(msg tea.Msg) tea.Cmd { return nil }
func (t *manageTab) Mode() Mode                 { return ModeNormal }
func (t *manageTab) Help() []key.Binding        { return nil }
func (t *manageTab) FullHelp() [][]key.Binding  { return nil }
func (t *manageTab) View(w, h int) string {
	return t.c.Styles.Muted.Render(t.c.T("manage.unavailable"))
}

func init() {
	AddMessages(map[string][2]string{
		"manage.unavailable": {"Improvement actions, reviews, cycles and the change log are not available in this build yet; use cdc action, cdc review and cdc cycle.",
			"改善策・レビュー・サイクル・変更履歴はこのビルドではまだ使えません。cdc action、cdc review、cdc cycle を使ってください。"},
	})
}
