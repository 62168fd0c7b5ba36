package main

import (
	"github.com/spf13/cobra"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
)

// cdc benchmark: the benchmark sets imported with cdc import benchmark, listed and removed.
func newBenchmarkCmd(a *app) *cobra.Command {
	return group("benchmark", newBenchmarkListCmd(a), newBenchmarkRemoveCmd(a))
}

func newBenchmarkListCmd(a *app) *cobra.Command {
	return storeList(a, (*catalog.Store).BenchmarkSets, func(p vocab.Printer) string { return p.T("cli.benchmark.none") },
		func(cmd *cobra.Command, s *catalog.Store, sets []catalog.BenchmarkSet, p vocab.Printer) (*outTable, error) {
			t := newTable(p.T("field.name"), p.T("cli.benchmark.col.group_by"), p.T("cli.benchmark.col.pack"),
				p.T("cli.benchmark.col.created"), p.T("cli.benchmark.col.imported"), p.T("cli.benchmark.col.source"))
			for _, b := range sets {
				t.row(b.Name, export.GroupByName(p, scoring.GroupBy(b.GroupBy)), b.PackID+"@"+b.PackVersion,
					p.Date(b.CreatedAt), p.Time(b.ImportedAt), b.Source)
			}
			return t, nil
		})
}

func newBenchmarkRemoveCmd(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:  "remove NAME --yes",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			b, err := s.BenchmarkSet(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			p := a.printer()
			if !yes {
				return usagef("%s", p.T("cli.benchmark.remove_confirm", b.Name))
			}
			if err := s.RemoveBenchmark(cmd.Context(), b.Name); err != nil {
				return err
			}
			b.Groups = nil
			return a.result(struct {
				Removed catalog.BenchmarkSet `json:"removed"`
			}{*b}, p.T("cli.benchmark.removed", b.Name))
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "")
	return cmd
}
