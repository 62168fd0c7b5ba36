package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
)

// The streamed organisation file reads exactly as the whole orgFile encoded at once.
func TestWriteOrgFileMatchesEncoder(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	full, err := fx.s.DumpOrg(ctx, fx.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Changes) == 0 || len(full.Actions) == 0 {
		t.Fatal("the fixture should have changes and actions")
	}
	for i := 1; i < len(full.Changes); i++ {
		if full.Changes[i].ID <= full.Changes[i-1].ID {
			t.Fatalf("changes not oldest first at %d", i)
		}
	}
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	// Values the hand-written entry encoder must quote exactly as encoding/json does.
	odd := []string{"", "plain", `say "hi"`, `back\slash`, "tab\tnew\nline\r", "\x01\x1f\x7f", "<b>&amp;</b>",
		"日本語 é", "\u2028\u2029", "bad \xff\xfe utf-8", "emoji 🙂"}
	for i, v := range odd {
		c := full.Changes[0]
		c.ID, c.Key, c.Old, c.New, c.Reason, c.Who = int64(1000+i), v, v, "x"+v, v, v
		c.ImportedFrom = ""
		if i%2 == 1 {
			c.ImportedFrom = v + "file.json"
		}
		c.At = time.Date(2026, 1, 2, 3, 4, 5, i*1000, time.FixedZone("", 9*3600))
		full.Changes = append(full.Changes, c)
	}
	empty := &catalog.OrgDump{Organisation: full.Organisation, Packs: []*catalog.Pack{}, Cycles: []catalog.CycleDump{}, Actions: []catalog.Action{}, Changes: []catalog.Change{}}
	for name, d := range map[string]*catalog.OrgDump{"full": full, "empty": empty} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(orgFile{Format: JSONFormat, FormatVersion: JSONVersion, ExportedAt: at, OrgDump: *d}); err != nil {
			t.Fatal(err)
		}
		log := d.Changes
		head := *d
		head.Changes = nil
		var got bytes.Buffer
		err := writeOrgFile(&got, &head, at, func(yield func(catalog.Change) error) error {
			for _, c := range log {
				if err := yield(c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: streamed file differs from the encoder's\n got: %.400s\nwant: %.400s", name, got.String(), want.String())
		}
	}
}

// A failing read of the change log fails the export and leaves no file.
func TestWriteOrgFileStopsOnError(t *testing.T) {
	fx := newFixture(t)
	d, err := fx.s.DumpOrg(context.Background(), fx.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	broken := errors.New("disk gone")
	var out bytes.Buffer
	err = writeOrgFile(&out, d, time.Now(), func(yield func(catalog.Change) error) error {
		if err := yield(d.Changes[0]); err != nil {
			return err
		}
		return broken
	})
	if !errors.Is(err, broken) {
		t.Fatalf("err = %v, want %v", err, broken)
	}
	if strings.HasSuffix(out.String(), "}\n") {
		t.Error("a failed export should not end as a complete object")
	}
}
