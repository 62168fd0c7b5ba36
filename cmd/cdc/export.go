package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cdc-toolkit/cdc/export"
	"github.com/spf13/cobra"
)

func newExportCmd(a *app) *cobra.Command {
	return group("export", newExportWorkbookCmd(a, "report"), newExportWorkbookCmd(a, "questionnaire"), newExportJSONCmd(a), newExportBenchmarkCmd(a), newExportProgrammeCmd(a))
}

// checkOutput refuses a missing -o, a wrong extension, a folder, or an existing file without --force.
func (a *app) checkOutput(path, ext string, force bool) error {
	return a.checkTarget("cli.file.output", path, ext, force, os.Stat)
}

// checkTarget is checkOutput for the file named by the word what; ext "" takes any name, and
// stat says how the path is looked at (os.Lstat: a link is never followed).
func (a *app) checkTarget(what, path, ext string, force bool, stat func(string) (fs.FileInfo, error)) error {
	p := a.printer()
	file := p.T(what)
	if path == "" {
		return errors.New(p.T("cli.file.missing", file, ext))
	}
	if ext != "" && !strings.EqualFold(filepath.Ext(path), ext) {
		return errors.New(p.T("cli.file.extension", file, path, ext))
	}
	st, err := stat(path)
	switch {
	case err == nil && st.IsDir():
		return errors.New(p.T("cli.file.folder", file, path))
	case err == nil && !force:
		return errors.New(p.T("cli.file.exists", file, path))
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fileError(p, what, path, err)
	}
	return nil
}

func newExportWorkbookCmd(a *app, kind string) *cobra.Command {
	var orgRef, cycleRef, out string
	var pwSrc passwordSources
	var force bool
	var rep export.ReportOptions
	var pdf bool
	cmd := &cobra.Command{
		Use:     kind + " --org ORG -o FILE.xlsx",
		Example: fmt.Sprintf("  cdc export %s --org \"Demo Agency\" -o %s.xlsx\n  cdc export %s --org \"Demo Agency\" --cycle FY2025 --lang ja -o %s-ja.xlsx", kind, kind, kind, kind),
		Args:    a.passwordArgs(0, &pwSrc),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.checkOutput(out, ".xlsx", force); err != nil {
				return err
			}
			lang, err := a.lang()
			if err != nil {
				return err
			}
			s, o, c, err := a.orgAndCycle(cmd.Context(), orgRef, cycleRef)
			if err != nil {
				return err
			}
			if err := export.CheckNotDatabase(s.Path(), out); err != nil {
				return fmt.Errorf("%s %w", a.printer().T("cli.file.output"), err)
			}
			pw, err := pwSrc.resolve(a, true)
			if err != nil {
				return err
			}
			var peers string
			if kind == "report" {
				rep.Lang, rep.Password = lang, pw
				if peers, err = reportPeers(a, cmd, s, c.ID, &rep); err != nil {
					return err
				}
				err = export.WriteReport(cmd.Context(), s, c.ID, rep, out)
			} else {
				err = export.WriteQuestionnaire(cmd.Context(), s, c.ID, export.QuestionnaireOptions{Lang: lang, Password: pw}, out)
			}
			if err != nil {
				return err
			}
			return workbookDone(a, cmd, workbookWritten{Kind: kind, Organisation: orgOf(o), Cycle: cycleOf(c), Lang: string(lang),
				Path: out, Encrypted: pw != "", Peers: peers}, pw, pdf)
		},
	}
	cmd.Flags().StringVar(&orgRef, "org", "", "")
	cmd.Flags().StringVar(&cycleRef, "cycle", "", "")
	cmd.Flags().StringVarP(&out, "output", "o", "", "")
	shareUsage(cmd, "cli.flag.workbook", "output")
	workbookPasswordFlags(cmd, &pwSrc)
	cmd.Flags().BoolVar(&force, "force", false, "")
	if kind == "report" {
		reportFlags(cmd, &rep, &pdf)
	}
	return cmd
}

// workbookPasswordFlags adds --password and --password-file to a command that writes a
// workbook, with their usage from the vocabulary (cli.flag.workbook.password and
// .password-file).
func workbookPasswordFlags(cmd *cobra.Command, pwSrc *passwordSources) {
	passwordFlags(cmd, pwSrc)
	shareUsage(cmd, "cli.flag.workbook", "password", "password-file")
}

func newExportJSONCmd(a *app) *cobra.Command {
	var orgRef, out string
	var force bool
	cmd := &cobra.Command{
		Use:     "json --org ORG -o FILE.json",
		Example: `  cdc export json --org "Demo Agency" -o demo.json`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.checkOutput(out, ".json", force); err != nil {
				return err
			}
			s, o, err := a.org(cmd.Context(), orgRef)
			if err != nil {
				return err
			}
			if err := export.CheckNotDatabase(s.Path(), out); err != nil {
				return fmt.Errorf("%s %w", a.printer().T("cli.file.output"), err)
			}
			if err := export.WriteJSON(cmd.Context(), s, o.ID, out); err != nil {
				return err
			}
			return a.result(map[string]any{"organisation": orgOf(o), "file": out}, a.printer().T("cli.export.wrote_json", o.Name, out))
		},
	}
	cmd.Flags().StringVar(&orgRef, "org", "", "")
	cmd.Flags().StringVarP(&out, "output", "o", "", "")
	cmd.Flags().BoolVar(&force, "force", false, "")
	return cmd
}
