package tui

import (
	"fmt"
	"sync"

	"github.com/cdc-toolkit/cdc/catalog"
)

// messages maps a message key to its English and Japanese text.
var (
	messagesMu sync.RWMutex
	messages   = map[string][2]string{}
)

// AddMessages registers interface strings: key -> {English, Japanese}.
// Each screen file adds its own strings from an init function.
func AddMessages(m map[string][2]string) {
	messagesMu.Lock()
	defer messagesMu.Unlock()
	for k, v := range m {
		if _, dup := messages[k]; dup {
			panic("tui: message " + k + " registered twice")
		}
		messages[k] = v
	}
}

// tr returns the text of key in lang, formatted with args when given.
// A missing Japanese text falls back to English; a missing key shows the key itself.
func tr(lang catalog.Lang, key string, args ...any) string {
	messagesMu.RLock()
	v, ok := messages[key]
	messagesMu.RUnlock()
	s := key
	if ok {
		s = v[0]
		if lang == catalog.JA && v[1] != "" {
			s = v[1]
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

func init() {
	AddMessages(map[string][2]string{
		"app.title":        {"CDC Toolkit", "CDCツールキット"},
		"too.small":        {"The window is %d×%d. CDC Toolkit needs at least %d×%d: enlarge the window, or press q to quit.", "ウィンドウが %d×%d です。%d×%d 以上に広げてください（q で終了）。"},
		"status.saving":    {"saving…", "保存中…"},
		"status.saved":     {"saved %s", "保存済み %s"},
		"status.error":     {"error: %s", "エラー: %s"},
		"status.loading":   {"loading…", "読み込み中…"},
		"status.refreshed": {"refreshed: the database was changed by another program", "他のプログラムによる変更を読み込みました"},
		"status.quitwait":  {"finishing the save before quitting…", "保存の完了を待って終了します…"},
		"help.title":       {"Keys", "キー操作"},
		"help.close":       {"press ? or esc to close", "? または esc で閉じる"},

		// key help
		"key.quit":       {"quit", "終了"},
		"key.help":       {"help", "ヘルプ"},
		"key.back":       {"back", "戻る"},
		"key.up":         {"up", "上へ"},
		"key.down":       {"down", "下へ"},
		"key.pgup":       {"page up", "前ページ"},
		"key.pgdown":     {"page down", "次ページ"},
		"key.home":       {"top", "先頭"},
		"key.end":        {"bottom", "末尾"},
		"key.open":       {"open", "開く"},
		"key.filter":     {"filter", "絞り込み"},
		"key.nexttab":    {"next tab", "次のタブ"},
		"key.prevtab":    {"previous tab", "前のタブ"},
		"key.prevcycle":  {"previous cycle", "前のサイクル"},
		"key.nextcycle":  {"next cycle", "次のサイクル"},
		"key.new":        {"new", "新規"},
		"key.rename":     {"rename", "名前変更"},
		"key.delete":     {"delete", "削除"},
		"key.demo":       {"load demo", "デモを読み込む"},
		"key.scope":      {"scope", "対象"},
		"key.level":      {"level", "レベル"},
		"key.assign":     {"assignment", "実施主体"},
		"key.assignback": {"assignment back", "実施主体を戻す"},
		"key.provider":   {"provider", "委託先"},
		"key.target":     {"target", "目標"},
		"key.cleartgt":   {"clear target", "目標を消去"},
		"key.category":   {"whole category", "カテゴリ一括"},
		"key.detail":     {"details", "詳細"},
		"key.fcat":       {"by category", "カテゴリで絞る"},
		"key.flevel":     {"by level", "レベルで絞る"},
		"key.fassign":    {"by assignment", "実施主体で絞る"},
		"key.score":      {"score", "評価"},
		"key.clearscore": {"not assessed", "未評価に戻す"},
		"key.evidence":   {"evidence", "根拠"},
		"key.results":    {"scores/results", "評価/結果"},
		"key.add":        {"add", "追加"},
		"key.edit":       {"edit", "編集"},
		"key.status":     {"status", "状態"},
		"key.subnext":    {"next view", "次の表示"},
		"key.subprev":    {"previous view", "前の表示"},
		"key.submit":     {"save", "保存"},
		"key.cancel":     {"cancel", "取消"},
		"key.field":      {"next field", "次の項目"},
		"key.confirm":    {"yes", "はい"},

		// tabs
		"tab.build":    {"Build", "構築"},
		"tab.manage":   {"Manage", "管理"},
		"tab.evaluate": {"Evaluate", "評価"},
		"tab.report":   {"Report", "レポート"},

		// shared words
		"cycle.open":     {"open", "実施中"},
		"cycle.closed":   {"closed", "終了"},
		"cycle.of":       {"cycle %d of %d", "サイクル %d/%d"},
		"cycle.readonly": {"closed: settings and scores are read only", "終了済み: 設定と評価は閲覧のみ"},
		"none":           {"–", "–"},
		"yes":            {"yes", "はい"},
		"no":             {"no", "いいえ"},
	})
}
