package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

func newImportCmd(a *app) *cobra.Command {
	var dryRun, overwrite, skip, yes, merge bool
	var pwSrc passwordSources
	cmd := &cobra.Command{
		Use:     "import FILE",
		Example: "  cdc import answers.xlsx --dry-run\n  cdc import answers.xlsx\n  cdc import answers.xlsx --skip-conflicts --yes\n  cdc import acme.json --db other.db",
		Args:    a.passwordArgs(1, &pwSrc),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return []string{"xlsx", "json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			pr := a.printer()
			if overwrite && skip {
				return usagef("%s", pr.T("cli.import.both_policies"))
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
				return importFailed(pr, err)
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
				key := "cli.import.stopped"
				if plan.Kind == export.KindMerge {
					key = "cli.import.stopped_merge"
				}
				stop = &exitError{err: errors.New(pr.N(key, n, termtext.Clean(args[0]), n)), code: exitConflict}
			}
			words := planWords{p: pr}
			apply := !dryRun && stop == nil && plan.Applying(policy) > 0
			if apply && !yes {
				words.printPlan(a.out, plan, policy)
				if !term.IsTerminal(os.Stdin.Fd()) {
					return errors.New(pr.T("cli.import.no_terminal"))
				}
				ok, err := confirm(cmd.Context(), a, os.Stdin, pr.N("cli.import.confirm", plan.Applying(policy), plan.Applying(policy), termtext.Clean(plan.Organisation.Name)))
				if err != nil {
					return err
				}
				if !ok {
					fmt.Fprintln(a.out, pr.T("cli.import.declined"))
					return nil
				}
				return a.applyPlan(cmd, words, plan, policy, asJSON, true)
			}
			if apply {
				return a.applyPlan(cmd, words, plan, policy, asJSON, false)
			}
			if asJSON {
				if err := a.printJSON(importResult{plan, dryRun, false}); err != nil {
					return err
				}
			} else {
				words.printPlan(a.out, plan, policy)
				printBlocked(a.out, pr, plan)
				switch {
				case stop != nil:
				case dryRun:
					fmt.Fprintln(a.out, pr.T("cli.import.dry_run"))
				case plan.Kind == export.KindMerge && plan.Merge.Blocked() > 0:
					// the line above says what was not applied and why
				case plan.Conflicts() > 0:
					// --skip-conflicts with nothing else to apply: the marked answers still differ
					fmt.Fprintln(a.out, pr.N("cli.import.only_conflicts", plan.Conflicts(), plan.Conflicts()))
				default:
					fmt.Fprintln(a.out, pr.T("cli.import.nothing"))
				}
			}
			return stop
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "")
	passwordFlags(cmd, &pwSrc)
	shareUsage(cmd, "cli.flag.workbook", "password-file")
	cmd.Flags().BoolVar(&overwrite, "overwrite", false, "")
	cmd.Flags().BoolVar(&skip, "skip-conflicts", false, "")
	cmd.Flags().BoolVar(&yes, "yes", false, "")
	cmd.Flags().BoolVar(&merge, "merge", false, "")
	cmd.AddCommand(newImportBenchmarkCmd(a))
	return cmd
}

type importResult struct {
	*export.ImportPlan
	DryRun  bool `json:"dry_run"`
	Applied bool `json:"applied"`
}

// applyPlan applies a previewed plan; shown says the preview is already on screen.
func (a *app) applyPlan(cmd *cobra.Command, words planWords, plan *export.ImportPlan, policy export.ConflictPolicy, asJSON, shown bool) error {
	if err := plan.ApplyWith(cmd.Context(), a.store, policy); err != nil {
		if f := importFailed(words.p, err); f != err {
			return f // names the file and that nothing was imported
		}
		return fmt.Errorf("%s: %w", words.p.T("cli.import.failed", termtext.Clean(plan.File)), err)
	}
	if asJSON {
		return a.printJSON(importResult{plan, false, true})
	}
	if !shown {
		words.printPlan(a.out, plan, policy)
	}
	fmt.Fprintln(a.out, words.p.T("cli.import.imported", termtext.Clean(plan.Source())))
	printBlocked(a.out, words.p, plan)
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

// planWords words an import preview in the user's language: fields and the toolkit's own
// values (assignments, levels, scope, no score) in words, counts with their plurals. Text
// from the file goes through the terminal sanitiser.
type planWords struct{ p vocab.Printer }

func (w planWords) field(f string) string {
	if k := "field." + f; w.p.Has(k) {
		return w.p.T(k)
	}
	return termtext.Clean(f)
}

// value shows a value of field f as the preview prints it.
func (w planWords) value(pack *catalog.Pack, f, v string) string {
	p := w.p
	switch {
	case v == "":
		return p.T("cli.import.empty")
	case v == "none" && f == string(catalog.FieldCurrent):
		return p.T("figure.not_assessed")
	case v == "none" && f == string(catalog.FieldTarget):
		return p.T("figure.no_target")
	case f == string(catalog.FieldAssignment):
		return termtext.Clean(pack.AssignmentName(catalog.Assignment(v), p.Lang()))
	case f == string(catalog.FieldLevel):
		return termtext.Clean(pack.LevelName(catalog.Level(v), p.Lang()))
	case f == string(catalog.FieldScope) && (v == "in" || v == "out"):
		return p.T("scope." + v)
	}
	if _, err := strconv.Atoi(v); err == nil {
		return v
	}
	return termtext.Clean(fmt.Sprintf("%q", short(v, 50)))
}

// printPlan states which organisation and cycle an import changes, by name and identity,
// and how many fields, then every change per service.
func (w planWords) printPlan(out io.Writer, p *export.ImportPlan, policy export.ConflictPolicy) {
	c := termtext.Clean
	pr := w.p
	switch p.Kind {
	case export.KindMerge:
		w.printMerge(out, p, policy)
		return
	case export.KindJSON:
		fmt.Fprintln(out, pr.T("cli.import.org_file", c(p.File)))
		for _, l := range p.SummaryIn(pr) {
			fmt.Fprintln(out, "  "+c(l))
		}
		fmt.Fprintln(out, "  "+pr.N("cli.import.records", p.Applying(policy)))
		return
	}
	pack := p.Pack()
	orgL, cycL := pr.T("cli.import.label.org"), pr.T("cli.import.label.cycle")
	lw := max(textwidth.Width(orgL), textwidth.Width(cycL))
	fmt.Fprintln(out, pr.T("cli.import.questionnaire", c(p.File)))
	fmt.Fprintf(out, "  %s %s (%s)\n  %s %s (%s)\n", textwidth.Pad(orgL, lw), c(p.Organisation.Name), p.OrganisationUUID, textwidth.Pad(cycL, lw), c(p.Cycle.Name), p.CycleUUID)
	if p.FileOrganisation != "" {
		fmt.Fprintln(out, "  "+pr.T("cli.import.renamed_org", c(p.FileOrganisation), c(p.Organisation.Name)))
	}
	if p.FileCycle != "" {
		fmt.Fprintln(out, "  "+pr.T("cli.import.renamed_cycle", c(p.FileCycle), c(p.Cycle.Name)))
	}
	if r := p.RespondentEntry(); r != "" {
		fmt.Fprintln(out, "  "+pr.T(p.RespondentKey(), c(r)))
	}
	fmt.Fprintln(out, "  "+pr.T("cli.import.summary", pr.N("cli.import.nchanges", p.Changes()), pr.N("cli.import.nservices", len(p.Services)), pr.N("cli.import.applying", p.Applying(policy))))
	if n := p.Conflicts(); n > 0 {
		what := pr.T("cli.import.policy.refuse")
		switch policy {
		case export.OverwriteConflicts:
			what = pr.T("cli.import.policy.overwrite")
		case export.SkipConflicts:
			what = pr.T("cli.import.policy.skip")
		}
		fmt.Fprintln(out, "  "+pr.N("cli.import.conflicts", n, n, what))
	}
	fw := 0
	for _, s := range p.Services {
		for _, ch := range s.Changes {
			fw = max(fw, textwidth.Width(w.field(ch.Field)))
		}
	}
	for _, s := range p.Services {
		fmt.Fprintf(out, "  %-6s %s\n", c(s.ID), c(short(s.Name, 60)))
		for _, ch := range s.Changes {
			mark := " "
			extra := ""
			if ch.Conflict {
				mark = "!"
				extra = "  " + pr.T("cli.import.exported_as", w.value(pack, ch.Field, ch.Base))
			}
			fmt.Fprintf(out, "       %s %s %s -> %s%s\n", mark, textwidth.Pad(w.field(ch.Field), fw), w.value(pack, ch.Field, ch.Old), w.value(pack, ch.Field, ch.New), extra)
		}
	}
}

func short(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// printMerge shows a check-in: what it adds and every field it takes or meets in conflict.
func (w planWords) printMerge(out io.Writer, p *export.ImportPlan, policy export.ConflictPolicy) {
	c := termtext.Clean
	pr := w.p
	mp := p.Merge
	fmt.Fprintln(out, pr.T("cli.import.merge_file", c(p.File)))
	fmt.Fprintln(out, "  "+pr.T("tui.checkin.org", c(mp.Organisation.Name), c(mp.Organisation.UUID)))
	if p.FileOrganisation != "" {
		fmt.Fprintln(out, "  "+pr.T("tui.checkin.renamed", c(p.FileOrganisation)))
	}
	for _, l := range export.MergeSummary(pr, mp) {
		fmt.Fprintln(out, "  "+c(l))
	}
	for _, nc := range mp.NewCycles {
		fmt.Fprintln(out, "  + "+c(export.NewCycleLine(pr, nc)))
	}
	for _, l := range export.MergeWarnings(pr, mp) {
		fmt.Fprintln(out, "  "+c(l))
	}
	fmt.Fprintln(out, "  "+pr.N("cli.import.merge_applying", p.Applying(policy)))
	pack := p.Pack()
	for _, f := range mp.Fields {
		mark, extra := " ", ""
		switch {
		case f.Blocked():
			mark, extra = "×", "  "+pr.T("tui.checkin.closedmark")
		case f.Closed:
			continue
		case f.Conflict:
			mark = "!"
		case f.Take:
			mark = "+"
		default:
			continue // changed only here: it stays
		}
		fd := string(f.Field)
		fmt.Fprintf(out, "  %s %s %-6s %s %s -> %s  %s%s\n", mark, textwidth.Pad(c(short(f.Cycle, 10)), 10), c(f.Service), w.field(fd),
			w.value(pack, fd, f.DB), w.value(pack, fd, f.File), pr.T("tui.checkin.before", w.value(pack, fd, f.Base)), extra)
	}
}

// printBlocked says, after a check-in or its preview, how many of the file's changes cannot
// be applied because their cycle is closed here: they are never dropped silently.
func printBlocked(out io.Writer, pr vocab.Printer, p *export.ImportPlan) {
	if p.Kind != export.KindMerge {
		return
	}
	if n := p.Merge.Blocked(); n > 0 {
		fmt.Fprintln(out, pr.N("cli.import.merge_blocked", n, n))
	}
}

// importErrorText words a refused import, its conflicts or a stale plan in the interface
// language, with the flag that gets past a refusal where there is one.
func importErrorText(p vocab.Printer, err error) (string, bool) {
	return export.ErrorText(p, err, func(code string) string {
		switch code {
		case export.CodeEncrypted:
			return p.T("cli.import.hint.encrypted")
		case export.CodeOrgHere:
			return p.T("cli.import.hint.org_here")
		case export.CodeOrgNotHere:
			return p.T("cli.import.hint.org_not_here")
		case export.CodeNameHere:
			return p.T("cli.import.hint.name_here")
		case export.CodeOrgOther:
			return p.T("cli.import.hint.org_other")
		case export.CodeCycleNameHere:
			return p.T("cli.import.hint.cycle_name")
		}
		return ""
	})
}

// importFailure is an import error worded for the user; the error inside stays for
// errors.As (its exit status, its code in --json).
type importFailure struct {
	err  error
	text string
}

func (e *importFailure) Error() string { return e.text }
func (e *importFailure) Unwrap() error { return e.err }

// importFailed words err when it is an import's own error and returns it unchanged otherwise.
func importFailed(p vocab.Printer, err error) error {
	if text, ok := importErrorText(p, err); ok {
		return &importFailure{err: err, text: text}
	}
	return err
}

// importErrorDetail is what --json adds to the error object of a refused import: the
// problem's vocabulary key, and every problem with its place and key.
func importErrorDetail(err error) (code string, problems []export.Problem) {
	var ve *export.ValidationError
	if errors.As(err, &ve) {
		problems = ve.Problems
	}
	return export.ErrorCode(err), problems
}
