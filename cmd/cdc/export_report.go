package main

import (
	"errors"
	"fmt"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/spf13/cobra"
)

// reportFlags adds the report's own flags: the classification override, the full change log
// and the PDF.
func reportFlags(cmd *cobra.Command, rep *export.ReportOptions, pdf *bool) {
	cmd.Flags().StringVar(&rep.Classification, "classification", "", "Classification marking of every page (default: the organisation's, set with cdc org document)")
	cmd.Flags().BoolVar(&rep.FullLog, "full-log", false, "Add the cycle's whole change log as a sheet")
	cmd.Flags().BoolVar(pdf, "pdf", false, "Also write the report as PDF beside the workbook (needs LibreOffice)")
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
