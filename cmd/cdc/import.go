package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/cdc-toolkit/cdc/export"
	"github.com/spf13/cobra"
)

func init() { register(newImportCmd) }

func newImportCmd(a *app) *cobra.Command {
	var dryRun, asJSON, overwrite bool
	var password string
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import a filled questionnaire (.xlsx) or an organisation file (.json)",
		Long: "Import a questionnaire written by cdc export questionnaire and filled by an assessor, or an\n" +
			"organisation file written by cdc export json.\n\n" +
			"The whole file is checked first and every problem is listed with its sheet and cell (or JSON\n" +
			"path); nothing is written unless the file is entirely valid. The changes are then shown per\n" +
			"service and applied in one transaction; the change log names the file. Importing the same\n" +
			"questionnaire twice changes nothing the second time. An organisation file is refused when an\n" +
			"organisation of that name exists (there is no merge).",
		Example: "  cdc import answers.xlsx --dry-run\n  cdc import answers.xlsx\n  cdc import acme.json --db other.db",
		Args:    cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return []string{"xlsx", "json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			lang, err := a.lang()
			if err != nil {
				return err
			}
			pw, err := workbookPassword(a, password, false)
			if err != nil {
				return err
			}
			plan, err := export.PlanImport(cmd.Context(), s, args[0], export.ImportOptions{Password: pw, Lang: lang})
			if err != nil {
				return err
			}
			if n := plan.Conflicts(); n > 0 && !dryRun && !overwrite {
				printPlan(a.out, plan)
				return fmt.Errorf("%s: %d answer(s) marked ! would overwrite values changed in the database after this questionnaire was exported; nothing was imported (check them, then import with --overwrite, or export a fresh questionnaire)", args[0], n)
			}
			if !dryRun {
				if err := plan.Apply(cmd.Context(), s); err != nil {
					return fmt.Errorf("import %s: %w", args[0], err)
				}
			}
			if asJSON {
				return a.printJSON(struct {
					*export.ImportPlan
					DryRun  bool `json:"dry_run"`
					Applied bool `json:"applied"`
				}{plan, dryRun, !dryRun && !plan.Empty()})
			}
			printPlan(a.out, plan)
			switch {
			case dryRun:
				fmt.Fprintln(a.out, "Dry run: nothing was written.")
			case plan.Empty():
				fmt.Fprintln(a.out, "Nothing to change: the database already holds these answers.")
			default:
				fmt.Fprintf(a.out, "Imported; the change log records the source %q.\n", plan.Source())
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "Check the file and show the changes without writing anything")
	passwordFlag(cmd, &password, "Password of an encrypted workbook")
	cmd.Flags().BoolVar(&asJSON, "json", false, "Print the plan as JSON")
	cmd.Flags().BoolVar(&overwrite, "overwrite", false, "Apply answers even where the database changed after the questionnaire was exported")
	cmd.AddCommand(newImportBenchmarkCmd(a))
	return cmd
}

// printPlan shows what an import changes, per service.
func printPlan(w io.Writer, p *export.ImportPlan) {
	if p.Kind == export.KindJSON {
		fmt.Fprintf(w, "Organisation file %s:\n", p.File)
		for _, line := range p.Summary {
			fmt.Fprintf(w, "  %s\n", line)
		}
		return
	}
	fmt.Fprintf(w, "Questionnaire %s for %s, cycle %s: %d change(s) in %d service(s).\n",
		p.File, p.Organisation.Name, p.Cycle.Name, p.Changes(), len(p.Services))
	if n := p.Conflicts(); n > 0 {
		fmt.Fprintf(w, "  ! %d answer(s) would overwrite a value changed in the database after the questionnaire was exported.\n", n)
	}
	for _, s := range p.Services {
		fmt.Fprintf(w, "  %-6s %s\n", s.ID, short(s.Name, 60))
		for _, c := range s.Changes {
			mark := " "
			if c.Conflict {
				mark = "!"
			}
			fmt.Fprintf(w, "       %s %-10s %s -> %s\n", mark, c.Field, show(c.Old), show(c.New))
		}
	}
}

func show(v string) string {
	if v == "" {
		return "(empty)"
	}
	if _, err := fmt.Sscanf(v, "%d", new(int)); err == nil || v == "none" {
		return v
	}
	return fmt.Sprintf("%q", short(v, 50))
}

func short(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
