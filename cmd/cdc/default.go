package main

import (
	"errors"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"

	"github.com/cdc-toolkit/cdc/tui"
)

// runDefault is what bare `cdc` does: open the terminal interface on the database.
func (a *app) runDefault(cmd *cobra.Command) error {
	lang, err := a.lang()
	if err != nil {
		return err
	}
	if a.wantsJSON() {
		return usagef("%s", a.printer().T("cli.tui.no_json"))
	}
	if !isTerminal(os.Stdin) || !isTerminal(a.out) {
		return errors.New(a.printer().T("cli.tui.no_terminal"))
	}
	s, err := a.open(cmd.Context())
	if err != nil {
		return err
	}
	s.Source = "tui"
	opts := []tea.ProgramOption{tea.WithContext(cmd.Context()), tea.WithOutput(a.out), tea.WithFPS(120)}
	if os.Getenv("NO_COLOR") != "" {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	p := tea.NewProgram(tui.New(cmd.Context(), s, lang), opts...)
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrInterrupted) {
		return fmt.Errorf("%s: %w", a.printer().T("cli.tui.failed"), err)
	}
	return nil
}
