package export

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// The part limits admit the questionnaire of the largest pack: the rows of a questionnaire
// written here, as many as the largest pack has services, fit the worksheet and shared-string
// limits (bombs are refused by TestImportInflationBombs).
func TestZipLimitsAdmitTheLargestPack(t *testing.T) {
	fx := newFixture(t)
	data, err := os.ReadFile(exportQuestionnaire(t, fx, catalog.EN, ""))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rows := len(catalog.BuiltinPack().Services)
	checked := 0
	for _, f := range zr.File {
		name := partName(f.Name)
		if !strings.HasPrefix(name, "xl/worksheets/sheet") && name != "xl/sharedstrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		// Every byte and element of the part charged to its rows: an upper bound per row.
		perRowBytes := int64(len(body)) / int64(rows)
		perRowElements := (bytes.Count(body, []byte("<")) - bytes.Count(body, []byte("</"))) / rows
		lim := limitFor(name)
		if need := perRowBytes * catalog.MaxServices; need > lim.bytes {
			t.Errorf("%s: %d services need about %d bytes; the limit is %d", f.Name, catalog.MaxServices, need, lim.bytes)
		}
		if need := perRowElements * catalog.MaxServices; need > lim.elements {
			t.Errorf("%s: %d services need about %d elements; the limit is %d", f.Name, catalog.MaxServices, need, lim.elements)
		}
		checked++
	}
	if checked < 2 {
		t.Fatalf("checked %d parts; the questionnaire should have a sheet and shared strings", checked)
	}
	// The limits still refuse what no questionnaire needs: far more than the largest pack.
	if lim := limitFor("xl/worksheets/sheet2.xml"); lim.bytes > 64<<20 || lim.elements > 2_000_000 {
		t.Errorf("worksheet limit %+v is far above what the largest pack needs", lim)
	}
}
