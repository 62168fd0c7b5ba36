package vocab

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
)

func TestErrorWords(t *testing.T) {
	control := termtext.Check("evidence", "a\x1bb").(*termtext.Error)
	tests := []struct {
		err    error
		en, ja string
	}{
		{&catalog.NotFoundError{Kind: catalog.KindOrganisation, Ref: "Acme"}, `organisation "Acme" does not exist`, "組織「Acme」はありません"},
		{&catalog.NotFoundError{Kind: catalog.KindOrganisation}, "no organisation given", "組織が指定されていません"},
		{&catalog.NotFoundError{Kind: catalog.KindCycle}, "the organisation has no cycles", "この組織にはサイクルがありません"},
		{&catalog.NotFoundError{Kind: catalog.KindCycle, Ref: "FY", Known: []string{"FY2025", "FY2026"}}, `cycle "FY" does not exist (cycles: FY2025, FY2026)`, "サイクル「FY」はありません（あるもの: FY2025, FY2026）"},
		{&catalog.NotFoundError{Kind: catalog.KindService, Ref: "Z-9", In: "x1060@2021.06"}, `service "Z-9" is not in pack x1060@2021.06`, "サービス「Z-9」はパック x1060@2021.06 にありません"},
		{fmt.Errorf("organisation %q: %w", "Acme", &catalog.ClosedCycleError{Cycle: "FY2025"}), `cycle "FY2025" is closed`, "サイクル「FY2025」は終了しています"},
		{&catalog.FieldError{Field: "evidence", Problem: catalog.TextControl, Control: control}, "evidence: character 2 is a control character (U+001B)", "根拠: 2 文字目は制御文字（U+001B）です"},
		{&catalog.FieldError{Field: "title", Problem: catalog.TextTooLong, Length: 300, Max: 200}, "title is 300 characters long; the limit is 200", "件名は 300 文字です"},
		{&catalog.NameTakenError{Name: "DEMO AGENCY", Existing: "Demo Agency"}, `organisation "DEMO AGENCY" already exists as "Demo Agency"`, "組織「DEMO AGENCY」は「Demo Agency」として既にあります"},
		{&catalog.SchemaError{Path: "/x.db", Found: 9, Known: 6}, "newer than this cdc understands (6)", "この cdc が扱える版（6）より新しい"},
		{&catalog.DatabaseError{Path: "/x.db", Problem: catalog.DBLocked, Err: errors.New("busy")}, "database /x.db is locked by another program", "データベース /x.db は別のプログラムがロックしています"},
		{&catalog.LevelReasonError{Service: "B-1", From: catalog.Optional, To: catalog.Mandatory}, "needs a reason", "理由が必要です"},
		{&fs.PathError{Op: "open", Path: "/r/x.xlsx", Err: syscall.EACCES}, "open /r/x.xlsx: permission denied", "/r/x.xlsx: アクセス権がありません"},
		{fmt.Errorf("backup: %w", syscall.EROFS), "backup: read-only file system", "backup: ディスクが読み取り専用です"},
		{&fs.PathError{Op: "open", Path: "/r/x", Err: syscall.EIO}, "open /r/x: input/output error", "open /r/x: input/output error"},
		{&catalog.ChoiceError{Field: "horizon", Value: "soon", Choices: []string{"short", "long"}}, `horizon "soon" is not one of short, long`, "期間「soon」は short, long のいずれでもありません"},
		{errors.New("something else"), "something else", "something else"},
		{fmt.Errorf("organisation \"Acme\": %w", &catalog.NotFoundError{Kind: catalog.KindCycle, Ref: "x"}), `organisation "Acme": cycle "x" does not exist`, `organisation "Acme": サイクル「x」はありません`},
	}
	for _, tt := range tests {
		if got := For(catalog.EN).Error(tt.err); !strings.Contains(got, tt.en) {
			t.Errorf("en: %q does not contain %q", got, tt.en)
		}
		if got := For(catalog.JA).Error(tt.err); !strings.Contains(got, tt.ja) {
			t.Errorf("ja: %q does not contain %q", got, tt.ja)
		}
	}
}
