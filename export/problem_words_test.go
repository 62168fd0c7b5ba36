package export

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// What reaches a Japanese user from a refused file is Japanese: no system error, no parser
// message, no Go type name, no problem said twice (once in each language).
func TestRefusalsLeaveNoEnglish(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	dir := t.TempDir()
	orgFile := filepath.Join(dir, "acme.json")
	if err := WriteJSON(ctx, fx.s, fx.org.ID, orgFile); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(orgFile)
	if err != nil {
		t.Fatal(err)
	}
	// Another organisation's file, so only the edit is wrong.
	other := strings.Replace(strings.Replace(string(data), fx.org.UUID, "11111111-2222-4333-8444-555555555555", 1), `"Acme Corp"`, `"Ministry"`, 1)
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	atRE := regexp.MustCompile(`("changes": \[\s*\{[^}]*?"at": ")[^"]+`)
	if !atRE.MatchString(other) {
		t.Fatal("the file has no change-log time to edit")
	}
	q, err := os.ReadFile(exportQuestionnaire(t, fx, catalog.EN, ""))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		path     string
		want     string // in the Japanese text
		problems int    // 0: not a list
	}{
		{"missing file", filepath.Join(dir, "nope.json"), "ファイルがありません", 0},
		{"score 5.0", write("score.json", strings.Replace(other, `"score": 5`, `"score": 5.0`, 1)), "スコアは 0〜5 の整数", 1},
		{"time in the future", write("future.json", atRE.ReplaceAllString(other, "${1}2030-01-01T00:00:00Z")), "未来の時刻です", 1},
		{"control character in a cell", write("ctl.xlsx", string(editPart(t, q, "xl/sharedStrings.xml", func(s string) string {
			return strings.Replace(s, "<t>", "<t>\x01", 1)
		}))), "制御文字 U+0001", 0},
	}
	ja := vocab.For(catalog.JA)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PlanImport(ctx, fx.s, tt.path)
			if err == nil {
				t.Fatal("accepted")
			}
			text, ok := ErrorText(ja, err, nil)
			if !ok || !strings.Contains(text, tt.want) {
				t.Errorf("%q lacks %q", text, tt.want)
			}
			for _, english := range []string{"stat ", "no such file", "XML syntax", "illegal character", "OrgDump", " int ", "is in the future", "number 5.0"} {
				if strings.Contains(text, english) {
					t.Errorf("%q keeps the English %q", text, english)
				}
			}
			if ve, isList := err.(*ValidationError); tt.problems > 0 && (!isList || len(ve.Problems) != tt.problems) {
				t.Errorf("problems: %v, want %d", err, tt.problems)
			}
		})
	}
}

// The preview of a new organisation's file is worded by the vocabulary with plurals.
func TestOrganisationSummaryInWords(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	path := filepath.Join(t.TempDir(), "acme.json")
	if err := WriteJSON(ctx, fx.s, fx.org.ID, path); err != nil {
		t.Fatal(err)
	}
	plan, err := PlanImport(ctx, newEmptyStore(t).s, path)
	if err != nil {
		t.Fatal(err)
	}
	ja := strings.Join(plan.SummaryIn(vocab.For(catalog.JA)), "\n")
	for _, w := range []string{"新しい組織 Acme Corp", "サイクル 2 件", fx.org.UUID} {
		if !strings.Contains(ja, w) {
			t.Errorf("Japanese summary lacks %q:\n%s", w, ja)
		}
	}
	for _, english := range []string{"adds the new", "cycle(s)", "setting(s)", "pack(s)"} {
		if strings.Contains(ja, english) || (strings.Contains(english, "(s)") && strings.Contains(strings.Join(plan.Summary, "\n"), english)) {
			t.Errorf("the summary keeps %q:\n%s\n%s", english, ja, plan.Summary)
		}
	}
	if en := strings.Join(plan.Summary, "\n"); !strings.Contains(en, "2 cycles") {
		t.Errorf("English summary:\n%s", en)
	}
}

// The import's own refusal of a name taken here (when the plan could not see it, the
// database having changed since) is the catalog's typed error, worded in full by the
// vocabulary: no English tail after it.
func TestRestoreNameTakenInWords(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	d, err := fx.s.DumpOrg(ctx, fx.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	d.Organisation.UUID, d.Organisation.Name = "11111111-2222-4333-8444-555555555555", "\u0410cme Corp"
	_, err = fx.s.RestoreOrg(ctx, d, catalog.ImportSource("acme.json"))
	if err == nil {
		t.Fatal("a name that reads the same was accepted")
	}
	// As the CLI reports a failed apply: its own words around the catalog's error.
	text := vocab.For(catalog.JA).Error(fmt.Errorf("acme.json: %w", err))
	if !strings.HasPrefix(text, "acme.json: ") || !strings.Contains(text, "Acme Corp") || strings.Contains(text, "already exists") || strings.Contains(text, "rename or remove") {
		t.Errorf("Japanese: %q", text)
	}
}
