package main

import (
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/spf13/cobra"
)

func newDemoCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:  "demo",
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
			p := a.printer()
			var text []string
			if existed == nil {
				text = append(text, p.T("cli.demo.replaced", o.Name))
			}
			text = append(text, p.T("cli.demo.loaded", o.Name, s.Path()), "", p.T("cli.demo.try", o.Name))
			return a.result(demoLoaded{Organisation: o, Replaced: existed == nil, Database: s.Path()}, strings.Join(text, "\n"))
		},
	}
}

// demoLoaded is what cdc demo prints with --json.
type demoLoaded struct {
	Organisation catalog.Organisation `json:"organisation"`
	Replaced     bool                 `json:"replaced"`
	Database     string               `json:"database"`
}
