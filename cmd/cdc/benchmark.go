package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/spf13/cobra"
)

// benchmarkNow is the creation time written into a contribution; tests fix it.
var benchmarkNow = time.Now

func newExportBenchmarkCmd(a *app) *cobra.Command {
	var groupBy, out, name string
	var yes, force bool
	cmd := &cobra.Command{
		Use: "benchmark --group-by BY -o FILE.json",
		Example: `  cdc export benchmark --group-by sector -o national.json
  cdc export benchmark --group-by size-band --name "Kenya 2026 by size" -o kenya.json --yes`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			by, err := catalog.ParseChoice("--group-by", groupBy, scoring.Groupings)
			if err != nil {
				return usageError(err)
			}
			if err := a.checkOutput(out, ".json", force); err != nil {
				return err
			}
			if err := termtext.Check("--name", name); err != nil {
				return err
			}
			lang, err := a.lang()
			if err != nil {
				return err
			}
			p := vocab.For(lang)
			if a.wantsJSON() && !yes {
				return usageError(errors.New(p.T("cli.benchmark.json_needs_yes")))
			}
			prog, err := a.programme(cmd.Context())
			if err != nil {
				return err
			}
			now := benchmarkNow()
			c := scoring.BuildContribution(prog, by, now)
			c.Set.Name = strings.TrimSpace(name)
			if c.Set.Name == "" {
				c.Set.Name = p.T("programme.benchmark.default_name", export.GroupByName(p, by), p.Date(now))
			}
			if !a.wantsJSON() {
				printContribution(a.out, p, c)
			}
			if len(c.Set.Groups) == 0 {
				return errors.New(p.T("cli.benchmark.no_group", export.GroupByName(p, by), scoring.K))
			}
			data, err := export.MarshalBenchmark(&c.Set)
			if err != nil {
				return err
			}
			if a.wantsJSON() {
				if err := export.WriteBenchmark(out, data); err != nil {
					return err
				}
				return a.printJSON(struct {
					File string `json:"file"`
					scoring.Contribution
				}{out, c})
			}
			fmt.Fprintln(a.out, p.T("programme.benchmark.exactly", out))
			if _, err := a.out.Write(data); err != nil {
				return err
			}
			if !yes {
				fmt.Fprint(a.errOut, p.T("programme.benchmark.ask", out))
				answer, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
				if err != nil && (!errors.Is(err, io.EOF) || answer == "") {
					return errors.New(p.T("cli.benchmark.no_answer"))
				}
				if v := strings.ToLower(strings.TrimSpace(answer)); v != "y" && v != "yes" && v != p.T("programme.benchmark.yes_word") {
					fmt.Fprintln(a.out, p.T("programme.benchmark.declined"))
					return nil
				}
			}
			if err := export.WriteBenchmark(out, data); err != nil {
				return err
			}
			fmt.Fprintln(a.out, p.N("programme.benchmark.wrote", len(c.Set.Groups), p.Count(len(c.Set.Groups)), out))
			return nil
		},
	}
	cmd.Flags().StringVar(&groupBy, "group-by", "", "")
	cmd.Flags().StringVarP(&out, "output", "o", "", "")
	cmd.Flags().StringVar(&name, "name", "", "")
	cmd.Flags().BoolVar(&yes, "yes", false, "")
	cmd.Flags().BoolVar(&force, "force", false, "")
	cmd.MarkFlagRequired("group-by")
	return cmd
}

// printContribution says what a contribution holds and what it leaves out, before the file itself.
func printContribution(w io.Writer, p vocab.Printer, c scoring.Contribution) {
	fmt.Fprintln(w, p.T("programme.benchmark.header", termtext.Clean(c.Set.Name), export.GroupByName(p, scoring.GroupBy(c.Set.GroupBy)), c.Set.PackID+"@"+c.Set.PackVersion))
	for _, g := range c.Set.Groups {
		fmt.Fprintln(w, "  "+p.T("programme.benchmark.kept", termtext.Clean(g.Key), p.N("programme.benchmark.orgs", g.Organisations, p.Count(g.Organisations)), p.Count(len(g.Figures))))
	}
	for _, wh := range c.Withheld {
		reason := p.T("programme.benchmark.too_small", scoring.K)
		if wh.Reason == scoring.TooClose {
			reason = p.T("programme.benchmark.too_close", termtext.Clean(wh.Near), scoring.K)
		}
		fmt.Fprintln(w, "  "+p.T("programme.benchmark.withheld", termtext.Clean(wh.Key), p.N("programme.benchmark.orgs", wh.Size, p.Count(wh.Size)), reason))
	}
	if c.WithheldFigures > 0 {
		fmt.Fprintln(w, "  "+p.N("programme.benchmark.withheld_figures", c.WithheldFigures, p.Count(c.WithheldFigures), scoring.K))
	}
	if c.LeftOut > 0 {
		fmt.Fprintln(w, "  "+p.N("programme.benchmark.left_out", c.LeftOut, p.Count(c.LeftOut)))
	}
	fmt.Fprintln(w, p.T("programme.benchmark.aggregates_only"))
}

func newImportBenchmarkCmd(a *app) *cobra.Command {
	var name string
	var dryRun, replace bool
	cmd := &cobra.Command{
		Use:               "benchmark FILE.json",
		Example:           "  cdc import benchmark national.json --dry-run\n  cdc import benchmark national.json --name \"National 2026\"",
		Args:              exactArgs(1),
		ValidArgsFunction: completeFileExt("json"),
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, err := a.lang()
			if err != nil {
				return err
			}
			p := vocab.For(lang)
			set, err := export.ReadBenchmark(args[0])
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("name") {
				if err := termtext.Check("--name", name); err != nil {
					return err
				}
				set.Name = strings.TrimSpace(name)
			}
			if set.Name == "" {
				return errors.New(p.T("cli.benchmark.no_name", args[0]))
			}
			set.Source = filepath.Base(args[0])
			if probs := set.Validate(); len(probs) > 0 {
				return &catalog.BenchmarkError{Problems: probs}
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			if a.wantsJSON() {
				if !dryRun {
					if _, err := s.ImportBenchmark(cmd.Context(), set, replace); err != nil {
						return err
					}
				}
				return a.printJSON(struct {
					Set    *catalog.BenchmarkSet `json:"set"`
					DryRun bool                  `json:"dry_run"`
					Stored bool                  `json:"stored"`
				}{set, dryRun, !dryRun})
			}
			fmt.Fprintln(a.out, p.T("programme.benchmark.file", termtext.Clean(args[0])))
			fmt.Fprintln(a.out, p.T("programme.benchmark.header", termtext.Clean(set.Name), export.GroupByName(p, scoring.GroupBy(set.GroupBy)), termtext.Clean(set.PackID+"@"+set.PackVersion)))
			for _, g := range set.Groups {
				fmt.Fprintln(a.out, "  "+p.T("programme.benchmark.kept", termtext.Clean(g.Key), p.N("programme.benchmark.orgs", g.Organisations, p.Count(g.Organisations)), p.Count(len(g.Figures))))
			}
			if dryRun {
				fmt.Fprintln(a.out, p.T("programme.benchmark.dry_run"))
				return nil
			}
			if _, err := s.ImportBenchmark(cmd.Context(), set, replace); err != nil {
				return err
			}
			fmt.Fprintln(a.out, p.T("programme.benchmark.imported", termtext.Clean(set.Name)))
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "")
	cmd.Flags().BoolVar(&replace, "replace", false, "")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "")
	return cmd
}
