package tui

import (
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestChangeLogWordsInJapanese(t *testing.T) {
	h := newHarness(t, 80, 24, catalog.JA)
	tab := newManageTab(h.m.c).(*manageTab)
	tab.data = &Data{Cycle: &catalog.CycleData{Pack: catalog.BuiltinPack()}}
	for _, tc := range []struct {
		field       catalog.Field
		value, want string
	}{
		{catalog.FieldCurrent, "none", "未設定"},
		{catalog.FieldCurrent, "3", "3"},
		{catalog.FieldStatus, "in-progress", "実施中"},
		{catalog.FieldHorizon, "long", "中長期"},
		{catalog.FieldScope, "out", "対象外"},
		{catalog.FieldLevel, "mandatory", "必須"},
		{catalog.FieldAssignment, "external", "外部委託"},
		{catalog.FieldEvidence, "none", "none"}, // free text stays as written
	} {
		if got := tab.changeValue(tc.field, tc.value); got != tc.want {
			t.Errorf("changeValue(%q, %q) = %q, want %q", tc.field, tc.value, got, tc.want)
		}
	}
	if got := tab.fieldName("current"); got != "現状" {
		t.Errorf("fieldName(current) = %q", got)
	}
	if got := tab.fieldName("something-new"); got != "something-new" {
		t.Errorf("an unknown field shows as %q", got)
	}
}
