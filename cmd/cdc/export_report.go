package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/spf13/cobra"
)

// reportFlags adds the report's own flags: the classification override, the full change log,
// the PDF and the peer comparison.
func reportFlags(cmd *cobra.Command, rep *export.ReportOptions, pdf *bool) {
	cmd.Flags().StringVar(&rep.Classification, "classification", "", "Classification marking of every page (default: the organisation's, set with cdc org document)")
	cmd.Flags().BoolVar(&rep.FullLog, "full-log", false, "Add the cycle's whole change log as a sheet")
	cmd.Flags().BoolVar(pdf, "pdf", false, "Also write the report as PDF beside the workbook (needs LibreOffice)")
	cmd.Flags().String("peers", "", "Add a Peers sheet: the cycle against the organisations of the same sector, country or size-band (at least 5 others)")
	cmd.Flags().String("benchmark", "", "Add a Peers sheet: the cycle against the matching group of a benchmark set (cdc import benchmark)")
}

// reportPeers compares the cycle with its peers when --peers or --benchmark asks for it, sets
// the report's Peers sheet and says in one line what it shows.
func reportPeers(a *app, cmd *cobra.Command, s *catalog.Store, cycleID int64, rep *export.ReportOptions) error {
	p := a.printer()
	byText, _ := cmd.Flags().GetString("peers")
	set, _ := cmd.Flags().GetString("benchmark")
	if byText == "" && set == "" {
		return nil
	}
	if byText != "" && set != "" {
		return usagef("%s", p.T("report.peers.cli.both"))
	}
	var by scoring.GroupBy
	if byText != "" {
		var ok bool
		if by, ok = scoring.ParseGroupBy(byText); !ok {
			names := make([]string, len(scoring.Groupings))
			for i, g := range scoring.Groupings {
				names[i] = string(g)
			}
			return usagef("%s", p.T("report.peers.cli.bad_by", byText, strings.Join(names, ", ")))
		}
	}
	peers, err := export.ComparePeers(cmd.Context(), s, cycleID, by, set)
	if err != nil {
		return err
	}
	rep.Peers = &peers
	wp := export.PeerSentences(p, peers)
	fmt.Fprintln(a.out, termtext.Clean(p.T("report.peers.cli.line", strings.Join(wp[1:], " "))))
	return nil
}

// writePDF converts a written report to PDF beside it, or says in one line how to install
// LibreOffice.
func writePDF(a *app, cmd *cobra.Command, lang catalog.Lang, workbook string, encrypted bool) error {
	if encrypted {
		return errors.New("the workbook is encrypted, so no PDF was written: a PDF cannot carry the workbook's password; export again without a password to get the PDF")
	}
	pdf := export.PDFPath(workbook)
	if err := export.ConvertToPDF(cmd.Context(), workbook, pdf); err != nil {
		if errors.Is(err, export.ErrNoLibreOffice) {
			fmt.Fprintln(a.errOut, export.NoLibreOfficeMessage(lang, workbook))
			return nil
		}
		return err
	}
	fmt.Fprintf(a.out, "Wrote the PDF to %s.\n", pdf)
	return nil
}
