package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// runDefault is what bare `cdc` does.
func (a *app) runDefault(cmd *cobra.Command) error {
	s, err := a.open(cmd.Context())
	if err != nil {
		return err
	}
	orgs, err := s.Orgs(cmd.Context())
	if err != nil {
		return err
	}
	fmt.Fprintf(a.out, "Database: %s\n", s.Path())
	if len(orgs) == 0 {
		fmt.Fprintln(a.out, "No organisations yet. Try: cdc demo   or   cdc org add NAME")
	}
	for _, o := range orgs {
		fmt.Fprintf(a.out, "  %-30s %d cycle(s)\n", o.Name, o.Cycles)
	}
	fmt.Fprintln(a.out)
	return cmd.Help()
}
