package export

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// ErrNoLibreOffice says that a PDF cannot be made because LibreOffice is not installed; its
// message says how to install it.
var ErrNoLibreOffice = errors.New("LibreOffice (soffice) is not installed")

// pdfTimeout bounds a conversion: LibreOffice can hang on a broken profile.
const pdfTimeout = 3 * time.Minute

// findOffice looks for LibreOffice's command-line converter.
func findOffice() (string, bool) {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	for _, p := range []string{"/Applications/LibreOffice.app/Contents/MacOS/soffice",
		`C:\Program Files\LibreOffice\program\soffice.exe`} {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, true
		}
	}
	return "", false
}

// LibreOfficeInstalled says whether a PDF can be made here.
func LibreOfficeInstalled() bool {
	_, ok := findOffice()
	return ok
}

// NoLibreOfficeMessage is the one line that says how to install LibreOffice, naming the
// workbook that was written instead.
func NoLibreOfficeMessage(lang catalog.Lang, workbook string) string {
	return vocab.For(lang).T("report.pdf.no_soffice", workbook)
}

// officeLocales are the locales LibreOffice formats numbers in for each report language, so
// that a French PDF shows 43,0 as its headline does.
var officeLocales = map[catalog.Lang]string{catalog.EN: "en-GB", catalog.JA: "ja-JP", catalog.FR: "fr-FR", catalog.ES: "es-ES"}

// officeProfile writes the private profile's one setting: the locale of the report's language.
func officeProfile(dir string, lang catalog.Lang) error {
	locale, ok := officeLocales[lang]
	if !ok {
		return nil
	}
	if err := os.MkdirAll(filepath.Join(dir, "user"), 0o700); err != nil {
		return err
	}
	xcu := `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>` + locale + `</value></prop></item>
</oor:items>
`
	return os.WriteFile(filepath.Join(dir, "user", "registrymodifications.xcu"), []byte(xcu), 0o600)
}

// ConvertToPDF converts a workbook to a PDF beside pdfPath with LibreOffice, in a private
// profile set to the report language's locale, so that a running LibreOffice does not get in
// the way and numbers read as in that language. It returns ErrNoLibreOffice when LibreOffice
// is not installed.
func ConvertToPDF(ctx context.Context, workbook, pdfPath string, lang catalog.Lang) error {
	office, ok := findOffice()
	if !ok {
		return ErrNoLibreOffice
	}
	tmp, err := os.MkdirTemp("", "cdc-pdf-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	if err := officeProfile(filepath.Join(tmp, "profile"), lang); err != nil {
		return err
	}
	profile := "file://" + filepath.ToSlash(filepath.Join(tmp, "profile"))
	cmd := exec.CommandContext(ctx, office, "-env:UserInstallation="+profile, "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", tmp, workbook)
	out, err := cmd.CombinedOutput()
	pr := vocab.For(lang)
	if ctx.Err() != nil {
		return errors.New(pr.T("report.pdf.timeout", workbook, pr.Count(int(pdfTimeout.Minutes()))))
	}
	if err != nil {
		return errors.New(pr.T("report.pdf.failed", workbook, strings.TrimSpace(err.Error()+": "+string(out))))
	}
	made := filepath.Join(tmp, strings.TrimSuffix(filepath.Base(workbook), filepath.Ext(workbook))+".pdf")
	data, err := os.ReadFile(made)
	if err != nil {
		return errors.New(pr.T("report.pdf.none", workbook, strings.TrimSpace(string(out))))
	}
	return WriteFileAtomic(pdfPath, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// PDFPath is the PDF written beside a workbook.
func PDFPath(workbook string) string {
	return strings.TrimSuffix(workbook, filepath.Ext(workbook)) + ".pdf"
}
