package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/spf13/cobra"
)

// reportFlags adds the report's own flags: the classification override, the full change log,
// the PDF and the peer comparison. Their usage is in the vocabulary (cli.flag.export.report.NAME).
func reportFlags(cmd *cobra.Command, rep *export.ReportOptions, pdf *bool) {
	cmd.Flags().StringVar(&rep.Classification, "classification", "", "")
	cmd.Flags().BoolVar(&rep.FullLog, "full-log", false, "")
	cmd.Flags().BoolVar(pdf, "pdf", false, "")
	cmd.Flags().String("peers", "", "")
	cmd.Flags().String("benchmark", "", "")
}

// reportPeers compares the cycle with its peers when --peers or --benchmark asks for it, sets
// the report's Peers sheet and says in one line what it shows (returned for --json).
func reportPeers(a *app, cmd *cobra.Command, s *catalog.Store, cycleID int64, rep *export.ReportOptions) (string, error) {
	p := a.printer()
	byText, _ := cmd.Flags().GetString("peers")
	set, _ := cmd.Flags().GetString("benchmark")
	if byText == "" && set == "" {
		return "", nil
	}
	if byText != "" && set != "" {
		return "", usagef("%s", p.T("report.peers.cli.both"))
	}
	var by scoring.GroupBy
	if byText != "" {
		var err error
		if by, err = catalog.ParseChoice("--peers", byText, scoring.Groupings); err != nil {
			return "", usageError(err)
		}
	}
	peers, err := export.ComparePeers(cmd.Context(), s, cycleID, by, set)
	if err != nil {
		return "", err
	}
	rep.Peers = &peers
	wp := export.PeerSentences(p, peers)
	line := termtext.Clean(p.T("report.peers.cli.line", strings.Join(wp[1:], " ")))
	if !a.wantsJSON() {
		fmt.Fprintln(a.out, line)
	}
	return line, nil
}

// workbookWritten is what export report and export questionnaire print with --json: the
// file written, its size and sheets, and the PDF beside it when one was asked for.
type workbookWritten struct {
	Kind         string       `json:"kind"`
	Organisation orgRef       `json:"organisation"`
	Cycle        cycleRef     `json:"cycle"`
	Lang         string       `json:"lang"`
	Path         string       `json:"path"`
	Bytes        int64        `json:"bytes"`
	Sheets       []string     `json:"sheets"`
	Encrypted    bool         `json:"encrypted"`
	Peers        string       `json:"peers,omitempty"`
	PDF          *fileWritten `json:"pdf,omitempty"`
	// PDFSkipped says why no PDF was written although --pdf asked for one.
	PDFSkipped string `json:"pdf_skipped,omitempty"`
}

// fileWritten is one file written: its absolute path and size.
type fileWritten struct {
	Path  string `json:"path"`
	Bytes int64  `json:"bytes"`
}

// workbookDone says what was written (one line, or one JSON object with --json) and writes
// the PDF when asked.
func workbookDone(a *app, cmd *cobra.Command, w workbookWritten, password string, pdf bool) error {
	given := w.Path
	abs, err := filepath.Abs(given)
	if err != nil {
		abs = given
	}
	w.Path = abs
	if st, err := os.Stat(abs); err == nil {
		w.Bytes = st.Size()
	}
	// Only the JSON object lists the sheets: reading them back opens the whole workbook again
	// (a tenth of a 10,000-service report).
	if a.wantsJSON() {
		if w.Sheets, err = export.WorkbookSheets(abs, password); err != nil {
			return err
		}
	}
	if !a.wantsJSON() {
		file := termtext.Clean(given)
		if w.Encrypted {
			file = a.printer().T("cli.export.encrypted_file", file)
		}
		fmt.Fprintln(a.out, a.printer().T("cli.export.wrote_"+w.Kind, termtext.Clean(w.Organisation.Name), termtext.Clean(w.Cycle.Name), file))
	}
	if pdf {
		if err := writePDF(a, cmd, catalog.Lang(w.Lang), &w); err != nil {
			return err
		}
	}
	if a.wantsJSON() {
		return a.printJSON(w)
	}
	return nil
}

// writePDF converts a written report to PDF beside it, or says in one line how to install
// LibreOffice (in the JSON object with --json).
func writePDF(a *app, cmd *cobra.Command, lang catalog.Lang, w *workbookWritten) error {
	if w.Encrypted {
		return errors.New(a.printer().T("cli.export.pdf_encrypted"))
	}
	pdf := export.PDFPath(w.Path)
	if err := export.ConvertToPDF(cmd.Context(), w.Path, pdf, lang); err != nil {
		if errors.Is(err, export.ErrNoLibreOffice) {
			w.PDFSkipped = export.NoLibreOfficeMessage(lang, w.Path)
			if !a.wantsJSON() {
				fmt.Fprintln(a.errOut, w.PDFSkipped)
			}
			return nil
		}
		return err
	}
	w.PDF = &fileWritten{Path: pdf}
	if st, err := os.Stat(pdf); err == nil {
		w.PDF.Bytes = st.Size()
	}
	if !a.wantsJSON() {
		fmt.Fprintln(a.out, a.printer().T("cli.export.wrote_pdf", termtext.Clean(pdf)))
	}
	return nil
}
