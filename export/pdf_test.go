package export

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestPDFWithoutLibreOffice(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, ok := findOffice(); ok {
		t.Skip("LibreOffice is installed at a fixed path")
	}
	err := ConvertToPDF(context.Background(), "r.xlsx", filepath.Join(t.TempDir(), "r.pdf"), catalog.EN)
	if !errors.Is(err, ErrNoLibreOffice) {
		t.Fatalf("got %v, want ErrNoLibreOffice", err)
	}
	msg := NoLibreOfficeMessage(catalog.EN, "r.xlsx")
	if strings.Contains(msg, "\n") || !strings.Contains(msg, "LibreOffice") || !strings.Contains(msg, "r.xlsx") {
		t.Errorf("message %q should say in one line how to install LibreOffice", msg)
	}
}

func TestPDFWithLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("converting with LibreOffice takes a while")
	}
	if _, ok := findOffice(); !ok {
		t.Skip("LibreOffice is not installed")
	}
	fx := newFixture(t)
	book, _ := writeReport(t, fx, catalog.FR, "")
	pdf := PDFPath(book)
	if err := ConvertToPDF(context.Background(), book, pdf, catalog.FR); err != nil {
		t.Fatal(err)
	}
	// The French PDF shows its figures with a decimal comma, as its headline does.
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", "-f", "2", "-l", "2", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if dot := regexp.MustCompile(`(?m)^[+-]?[0-9]+\.[0-9]$`).FindString(string(out)); dot != "" {
			t.Errorf("the French Summary shows %q with a decimal point", dot)
		}
		if !regexp.MustCompile(`(?m)^[+-]?[0-9]+,[0-9]$`).MatchString(string(out)) {
			t.Errorf("the French Summary shows no figure with a decimal comma:\n%s", out)
		}
	}
	data, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF: %v", pdf, err)
	}
	if st, _ := os.Stat(pdf); st.Mode().Perm() != 0o600 {
		t.Errorf("PDF mode %v", st.Mode().Perm())
	}
}
