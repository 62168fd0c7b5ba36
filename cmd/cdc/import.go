package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

func newImportCmd(a *app) *cobra.Command {
	var dryRun, overwrite, skip, yes, merge bool
	var pwSrc passwordSources
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import a filled questionnaire (.xlsx) or an organisation file (.json)",
		Long: "Import a questionnaire written by cdc export questionnaire and filled by an assessor, or an\n" +
			"organisation file written by cdc export json.\n\n" +
			"The whole file is checked first and every problem is listed with its sheet and cell (or JSON\n" +
			"path); nothing is written unless the file is entirely valid. A questionnaire applies only to the\n" +
			"organisation and cycle it was exported from (by identity, never by name). Only the answers the\n" +
			"assessor changed are applied, and only where nobody changed the same field here since the\n" +
			"export; an answer that meets such a change is a conflict, marked !, and the import stops unless\n" +
			"--overwrite or --skip-conflicts says what to do with it.\n\n" +
			"The preview names the organisation and cycle that will change and how many fields; on a\n" +
			"terminal cdc then asks before applying; scripts pass --yes. The changes are applied in one\n" +
			"transaction and the change log names the file. Importing the same questionnaire twice changes\n" +
			"nothing the second time.\n\n" +
			"Exit status 3: the import stopped (or, with --dry-run, would stop) on conflicts.",
		Example: "  cdc import answers.xlsx --dry-run\n  cdc import answers.xlsx\n  cdc import answers.xlsx --skip-conflicts --yes\n  cdc import acme.json --db other.db",
		Args:    passwordArgs(1, &pwSrc),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return []string{"xlsx", "json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if overwrite && skip {
				return usagef("give either --overwrite or --skip-conflicts, not both")
			}
			asJSON := a.json
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			lang, err := a.lang()
			if err != nil {
				return err
			}
			pw, err := pwSrc.resolve(a, false)
			if err != nil {
				return err
			}
			plan, err := export.PlanImport(cmd.Context(), s, args[0], export.ImportOptions{Password: pw, Lang: lang, Merge: merge})
			if err != nil {
				return err
			}
			policy := export.RefuseConflicts
			switch {
			case overwrite:
				policy = export.OverwriteConflicts
			case skip:
				policy = export.SkipConflicts
			}
			var stop error
			if n := plan.Conflicts(); n > 0 && policy == export.RefuseConflicts {
				stop = fmt.Errorf("%w; import with --overwrite to apply them anyway, or --skip-conflicts to apply only the other answers", &export.ConflictError{File: args[0], Conflicts: n})
			}
			apply := !dryRun && stop == nil && plan.Applying(policy) > 0
			if apply && !yes {
				if !term.IsTerminal(os.Stdin.Fd()) {
					printPlan(a.out, plan, policy)
					return errors.New("nothing was imported: standard input is not a terminal, so cdc cannot ask; add --yes to apply the changes shown")
				}
				printPlan(a.out, plan, policy)
				pr := a.printer()
				ok, err := confirm(cmd.Context(), a, os.Stdin, pr.N("cli.import.confirm", plan.Applying(policy), plan.Applying(policy), termtext.Clean(plan.Organisation.Name)))
				if err != nil {
					return err
				}
				if !ok {
					fmt.Fprintln(a.out, pr.T("cli.import.declined"))
					return nil
				}
				return a.applyPlan(cmd, plan, policy, asJSON, true)
			}
			if apply {
				return a.applyPlan(cmd, plan, policy, asJSON, false)
			}
			if asJSON {
				if err := a.printJSON(importResult{plan, dryRun, false}); err != nil {
					return err
				}
			} else {
				printPlan(a.out, plan, policy)
				switch {
				case stop != nil:
				case dryRun:
					fmt.Fprintln(a.out, "Dry run: nothing was written.")
				default:
					fmt.Fprintln(a.out, "Nothing to change: the database already holds these answers.")
				}
			}
			return stop
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "Check the file and show the changes without writing anything")
	passwordFlags(cmd, &pwSrc, "Password of an encrypted workbook")
	cmd.Flags().BoolVar(&overwrite, "overwrite", false, "Apply conflicting answers too, replacing values changed here since the export")
	cmd.Flags().BoolVar(&skip, "skip-conflicts", false, "Apply every answer except the conflicting ones")
	cmd.Flags().BoolVar(&yes, "yes", false, "Apply without asking (for scripts)")
	cmd.Flags().BoolVar(&merge, "merge", false, "Check an organisation file in to the same organisation here (matched by UUID) instead of adding it")
	cmd.AddCommand(newImportBenchmarkCmd(a))
	return cmd
}

type importResult struct {
	*export.ImportPlan
	DryRun  bool `json:"dry_run"`
	Applied bool `json:"applied"`
}

// applyPlan applies a previewed plan; shown says the preview is already on screen.
func (a *app) applyPlan(cmd *cobra.Command, plan *export.ImportPlan, policy export.ConflictPolicy, asJSON, shown bool) error {
	if err := plan.ApplyWith(cmd.Context(), a.store, policy); err != nil {
		return fmt.Errorf("import %s: %w", plan.File, err)
	}
	if asJSON {
		return a.printJSON(importResult{plan, false, true})
	}
	if !shown {
		printPlan(a.out, plan, policy)
	}
	fmt.Fprintf(a.out, "Imported; the change log records the source %q.\n", termtext.Clean(plan.Source()))
	return nil
}

// confirm asks a yes/no question on the terminal; only y or yes agrees. An interrupt (ctrl+c)
// while it waits ends the wait with the context's error, so the command exits 130.
func confirm(ctx context.Context, a *app, in io.Reader, question string) (bool, error) {
	fmt.Fprint(a.errOut, question)
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(in).ReadString('\n')
		answer <- line
	}()
	select {
	case <-ctx.Done():
		fmt.Fprintln(a.errOut)
		return false, ctx.Err()
	case line := <-answer:
		if line == "" {
			fmt.Fprintln(a.errOut)
		}
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "y", "yes":
			return true, nil
		}
		return false, nil
	}
}

// printPlan states which organisation and cycle an import changes, by name and identity,
// and how many fields, then every change per service. Text from the file goes through the
// terminal sanitiser.
func printPlan(w io.Writer, p *export.ImportPlan, policy export.ConflictPolicy) {
	c := termtext.Clean
	if p.Kind == export.KindMerge {
		printMerge(w, p, policy)
		return
	}
	if p.Kind == export.KindJSON {
		fmt.Fprintf(w, "Organisation file %s:\n", c(p.File))
		for _, line := range p.Summary {
			fmt.Fprintf(w, "  %s\n", c(line))
		}
		fmt.Fprintf(w, "  %d record(s) would be added.\n", p.Applying(policy))
		return
	}
	fmt.Fprintf(w, "Questionnaire %s\n", c(p.File))
	fmt.Fprintf(w, "  organisation %s (%s)\n  cycle        %s (%s)\n", c(p.Organisation.Name), p.OrganisationUUID, c(p.Cycle.Name), p.CycleUUID)
	for _, n := range p.Notes {
		fmt.Fprintf(w, "  note: %s\n", c(n))
	}
	fmt.Fprintf(w, "  %d change(s) in %d service(s); %d would be applied.\n", p.Changes(), len(p.Services), p.Applying(policy))
	if n := p.Conflicts(); n > 0 {
		what := "the import stops unless --overwrite or --skip-conflicts is given"
		switch policy {
		case export.OverwriteConflicts:
			what = "--overwrite applies them"
		case export.SkipConflicts:
			what = "--skip-conflicts leaves them out"
		}
		fmt.Fprintf(w, "  ! %d answer(s) change a value that was also changed here since the export (%s).\n", n, what)
	}
	for _, s := range p.Services {
		fmt.Fprintf(w, "  %-6s %s\n", c(s.ID), c(short(s.Name, 60)))
		for _, ch := range s.Changes {
			mark := " "
			extra := ""
			if ch.Conflict {
				mark = "!"
				extra = "  (exported as " + show(ch.Base) + ")"
			}
			fmt.Fprintf(w, "       %s %-10s %s -> %s%s\n", mark, ch.Field, show(ch.Old), show(ch.New), extra)
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
	return termtext.Clean(fmt.Sprintf("%q", short(v, 50)))
}

func short(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// printMerge shows a check-in: what it adds and every field it takes, keeps or meets in conflict.
func printMerge(w io.Writer, p *export.ImportPlan, policy export.ConflictPolicy) {
	c := termtext.Clean
	fmt.Fprintf(w, "Organisation file %s, checked in:\n", c(p.File))
	for _, line := range p.Summary {
		fmt.Fprintf(w, "  %s\n", c(line))
	}
	for _, n := range p.Notes {
		fmt.Fprintf(w, "  note: %s\n", c(n))
	}
	fmt.Fprintf(w, "  %d change(s) would be applied.\n", p.Applying(policy))
	for _, f := range p.Merge.Fields {
		mark := " "
		switch {
		case f.Closed:
			continue
		case f.Conflict:
			mark = "!"
		case f.Take:
			mark = "+"
		default:
			continue // changed only here: it stays
		}
		fmt.Fprintf(w, "  %s %-10s %-6s %-10s %s -> %s  (before: %s)\n", mark, c(short(f.Cycle, 10)), c(f.Service), c(string(f.Field)), show(f.DB), show(f.File), show(f.Base))
	}
}
