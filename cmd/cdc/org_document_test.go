package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cdc-toolkit/cdc/catalog"
)

// The document control set with cdc org document reaches the report's headers, and
// --classification overrides it for one report.
func TestOrgDocumentAndReportClassification(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	e.ok("org", "document", "Demo Agency", "--classification", "TLP:AMBER+STRICT", "--reviewer", "CISO office")
	if out := e.ok("org", "document", "Demo Agency"); !strings.Contains(out, "TLP:AMBER+STRICT") || !strings.Contains(out, "CISO office") {
		t.Errorf("document control shows %q", out)
	}
	var doc catalog.Document
	e.jsonOut(&doc, "org", "document", "Demo Agency", "--json")
	if doc.Classification != "TLP:AMBER+STRICT" || doc.Reviewer != "CISO office" || doc.Version != "" {
		t.Errorf("document control as JSON: %+v", doc)
	}
	if out := e.ok("org", "document", "Demo Agency", "--lang", "ja"); !strings.Contains(out, "機密区分") || !strings.Contains(out, "未設定") {
		t.Errorf("document control in Japanese shows %q", out)
	}
	dir := t.TempDir()
	header := func(path string) string {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		hf, err := f.GetHeaderFooter(f.GetSheetName(1))
		if err != nil {
			t.Fatal(err)
		}
		return hf.OddHeader
	}
	stored := filepath.Join(dir, "stored.xlsx")
	e.ok("export", "report", "--org", "Demo Agency", "-o", stored)
	if h := header(stored); !strings.Contains(h, "TLP:AMBER+STRICT") {
		t.Errorf("header %q lacks the stored classification", h)
	}
	over := filepath.Join(dir, "over.xlsx")
	e.ok("export", "report", "--org", "Demo Agency", "--classification", "OFFICIAL", "-o", over)
	if h := header(over); !strings.Contains(h, "OFFICIAL") || strings.Contains(h, "TLP") {
		t.Errorf("header %q, want the override only", h)
	}
}

// Without LibreOffice, --pdf writes the workbook and says in one line how to install it.
func TestExportReportPDFWithoutLibreOffice(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	t.Setenv("PATH", t.TempDir())
	path := filepath.Join(t.TempDir(), "r.xlsx")
	out, errOut, err := e.run("export", "report", "--org", "Demo Agency", "--pdf", "-o", path)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no workbook: %v (%s)", err, out)
	}
	if _, err := os.Stat(strings.TrimSuffix(path, ".xlsx") + ".pdf"); err == nil {
		if !strings.Contains(out, "PDF") {
			t.Errorf("a PDF was written without saying so: %q", out)
		}
		return // LibreOffice found at a fixed path
	}
	if lines := strings.Split(strings.TrimSpace(errOut), "\n"); len(lines) != 1 || !strings.Contains(errOut, "LibreOffice") {
		t.Errorf("stderr %q, want one line on installing LibreOffice", errOut)
	}
}
