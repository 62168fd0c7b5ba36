package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

func newDemoCmd(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:  "demo",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			p := a.printer()
			existed, changed, err := s.DemoChanges(cmd.Context())
			if err != nil {
				return err
			}
			// changes made in the demo since it was loaded are lost by a refresh: ask first
			if changed > 0 && !yes {
				if !term.IsTerminal(os.Stdin.Fd()) {
					return errors.New(p.N("cli.demo.changed.refused", changed, catalog.DemoOrgName, changed))
				}
				ok, err := confirm(cmd.Context(), a, os.Stdin, p.N("cli.demo.changed.ask", changed, catalog.DemoOrgName, changed))
				if err != nil {
					return err
				}
				if !ok {
					fmt.Fprintln(a.out, p.T("cli.demo.kept", catalog.DemoOrgName))
					return nil
				}
			}
			o, err := s.LoadDemo(cmd.Context())
			if err != nil {
				return err
			}
			var text []string
			if existed {
				text = append(text, p.T("cli.demo.replaced", o.Name, o.UUID))
			}
			text = append(text, p.T("cli.demo.loaded", o.Name, s.Path()), "", p.T("cli.demo.try", o.Name))
			return a.result(demoLoaded{Organisation: o, Replaced: existed, Database: s.Path()}, strings.Join(text, "\n"))
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "")
	return cmd
}

// demoLoaded is what cdc demo prints with --json.
type demoLoaded struct {
	Organisation catalog.Organisation `json:"organisation"`
	Replaced     bool                 `json:"replaced"`
	Database     string               `json:"database"`
}
