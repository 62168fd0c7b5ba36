package main

import (
	"fmt"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/spf13/cobra"
)

func init() { register(newDemoCmd) }

func newDemoCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Create or refresh the \"Demo Agency\" organisation to explore the toolkit",
		Long: "Create the organisation \"" + catalog.DemoOrgName + "\": a government agency with a closed FY2025 cycle and an\n" +
			"open FY2026 cycle that carries scores over and re-assesses part of them, with assignments,\n" +
			"providers, targets, evidence, level overrides, improvement actions and reviews.\n\n" +
			"An existing \"" + catalog.DemoOrgName + "\" is replaced, in the same transaction; other organisations are untouched.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			_, existed := s.FindOrg(cmd.Context(), catalog.DemoOrgName)
			o, err := s.LoadDemo(cmd.Context())
			if err != nil {
				return err
			}
			if existed == nil {
				fmt.Fprintf(a.out, "Replaced the existing %q, and any changes made to it, with a fresh copy.\n", o.Name)
			}
			fmt.Fprintf(a.out, "Loaded %q into %s: cycles FY2025 (closed) and FY2026 (open).\n\n", o.Name, s.Path())
			fmt.Fprintf(a.out, "Try:\n  cdc build list --org %q\n  cdc assess list --org %q\n  cdc action list --org %q\n  cdc log --org %q --limit 20\n",
				o.Name, o.Name, o.Name, o.Name)
			return nil
		},
	}
}
