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
		Args: noArgs,
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
			text = append(text, p.T("cli.demo.loaded", o.Name, s.Path()), "", p.T("cli.demo.try", o.Name, dbHint(a.dbFlag)))
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

// dbHint repeats --db in a suggested command when this one was given it, so the suggestion
// reads the same database.
func dbHint(db string) string {
	if db == "" {
		return ""
	}
	return " --db " + shellQuote(db)
}

// shellQuote writes a path so a POSIX shell reads it back as one word.
func shellQuote(s string) string {
	safe := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-~+=:,@", r))
	}) < 0
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
