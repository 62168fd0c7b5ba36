package tui

import (
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestChangeLogWordsInJapanese(t *testing.T) {
	h := newHarness(t, 80, 24, catalog.JA)
	c := h.m.c
	pack := catalog.BuiltinPack()
	for _, tc := range []struct {
		field       catalog.Field
		value, want string
	}{
		{"current", "none", "未評価"},
		{"target", "none", "目標なし"},
		{"current", "3", "3"},
		{"status", "in-progress", "対応中"},
		{"horizon", "long", "中長期"},
		{"scope", "out", "対象外"},
		{"level", "mandatory", "必須"},
		{"assignment", "external", "外部委託"},
		{"evidence", "none", "none"}, // free text stays as written
	} {
		if got := c.changeValue(pack, tc.field, tc.value); got != tc.want {
			t.Errorf("changeValue(%q, %q) = %q, want %q", tc.field, tc.value, got, tc.want)
		}
	}
	if got := c.fieldName("current"); got != "現状スコア" {
		t.Errorf("fieldName(current) = %q", got)
	}
	if got := c.fieldName("something-new"); got != "something-new" {
		t.Errorf("an unknown field shows as %q", got)
	}
}
