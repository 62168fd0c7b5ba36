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

func init() { register(newExportCmd) }

func newExportCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write an Excel report, a fillable questionnaire or a JSON organisation file",
		Long: "Write an evaluation report (Excel), a fillable questionnaire (Excel) to send to an assessor,\n" +
			"or the whole organisation as a JSON file to move it to another database.\n" +
			"Files are written with mode 0600 through a temporary file, so a failure never leaves a partial file.",
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newExportWorkbookCmd(a, "report"), newExportWorkbookCmd(a, "questionnaire"), newExportJSONCmd(a))
	cmd.AddCommand(newExportBenchmarkCmd(a), newExportProgrammeCmd(a))
	return cmd
}

// checkOutput refuses a missing -o, a folder, or an existing file without --force.
func checkOutput(path, ext string, force bool) error {
	if path == "" {
		return fmt.Errorf("no output file given: use -o FILE%s", ext)
	}
	if !strings.EqualFold(filepath.Ext(path), ext) {
		return fmt.Errorf("output file %s should end in %s", path, ext)
	}
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("output file %s is a folder; give a file name", path)
	case err == nil && !force:
		return fmt.Errorf("output file %s already exists; add --force to overwrite it", path)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("output file %s: %w", path, err)
	}
	return nil
}

func newExportWorkbookCmd(a *app, kind string) *cobra.Command {
	var orgRef, cycleRef, out string
	var pwSrc passwordSources
	var force bool
	var rep export.ReportOptions
	var pdf bool
	short := "Write the evaluation report of a cycle as an Excel workbook"
	long := "Write the evaluation report of a cycle, print-ready on A4: a cover with document control, a one-page\n" +
		"Summary (headline, indices with change and completeness, coverage, radar, trend, largest gaps and\n" +
		"their actions), Catalogue, Profile, Priorities, Portfolio, Actions, Reviews, Changes per service since\n" +
		"the previous cycle (--full-log adds the whole change log) and Method, in the chosen language.\n" +
		"--pdf also writes a PDF beside the workbook when LibreOffice is installed."
	if kind == "questionnaire" {
		short = "Write a fillable questionnaire for a cycle as an Excel workbook"
		long = "Write a questionnaire for an assessor: one row per service with locked descriptions and unlocked\n" +
			"inputs (assignment, provider, target, current score, evidence). Import the filled file with\n" +
			"cdc import FILE.xlsx (add --dry-run to preview)."
	}
	cmd := &cobra.Command{
		Use:   kind + " --org ORG [--cycle CYCLE] -o FILE.xlsx",
		Short: short,
		Long: long + fmt.Sprintf("\n\nWith --password (asked on the terminal), --password-file or %s the workbook is\n"+
			"encrypted; the password needs at least %d characters and is never taken from the command line.", export.PasswordEnv, MinPasswordLen),
		Example: fmt.Sprintf("  cdc export %s --org \"Demo Agency\" -o %s.xlsx\n  cdc export %s --org \"Demo Agency\" --cycle FY2025 --lang ja -o %s-ja.xlsx", kind, kind, kind, kind),
		Args:    passwordArgs(0, &pwSrc),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(out, ".xlsx", force); err != nil {
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
				return fmt.Errorf("output file %w", err)
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
	cmd.Flags().StringVar(&orgRef, "org", "", "Organisation name or ID")
	cmd.Flags().StringVar(&cycleRef, "cycle", "", "Cycle name, number or ID (default: the current cycle)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "Workbook file to write (.xlsx)")
	passwordFlags(cmd, &pwSrc, "Encrypt the workbook with a password")
	cmd.Flags().BoolVar(&force, "force", false, "Overwrite an existing file")
	if kind == "report" {
		reportFlags(cmd, &rep, &pdf)
	}
	return cmd
}

func newExportJSONCmd(a *app) *cobra.Command {
	var orgRef, out string
	var force bool
	cmd := &cobra.Command{
		Use:   "json --org ORG -o FILE.json",
		Short: "Write a whole organisation as a JSON file",
		Long: "Write the whole organisation (cycles, Build settings, assessments, actions, reviews, change log\n" +
			"and the pack versions used) as a versioned JSON file. Import it into another database with\n" +
			"cdc import FILE.json. The format is described in export/FORMAT.md.",
		Example: `  cdc export json --org "Demo Agency" -o demo.json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(out, ".json", force); err != nil {
				return err
			}
			s, o, err := a.org(cmd.Context(), orgRef)
			if err != nil {
				return err
			}
			if err := export.CheckNotDatabase(s.Path(), out); err != nil {
				return fmt.Errorf("output file %w", err)
			}
			if err := export.WriteJSON(cmd.Context(), s, o.ID, out); err != nil {
				return err
			}
			return a.result(map[string]any{"organisation": orgOf(o), "file": out}, fmt.Sprintf("Wrote organisation %s to %s.", o.Name, out))
		},
	}
	cmd.Flags().StringVar(&orgRef, "org", "", "Organisation name or ID")
	cmd.Flags().StringVarP(&out, "output", "o", "", "JSON file to write")
	cmd.Flags().BoolVar(&force, "force", false, "Overwrite an existing file")
	return cmd
}
