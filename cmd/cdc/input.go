package main

import (
	"errors"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cdc-toolkit/cdc/internal/termtext"
)

// multilineFlags are the text flags that may hold several lines.
var multilineFlags = map[string]bool{"notes": true, "evidence": true, "reason": true}

// checkText refuses control characters in every text flag the user gave and in every
// argument, before anything is read or written; the message names the flag.
func (a *app) checkText(cmd *cobra.Command, args []string) error {
	var err error
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if err != nil || f.Value.Type() != "string" || f.Name == "password" {
			return
		}
		check := termtext.Check
		if multilineFlags[f.Name] {
			check = termtext.CheckMultiline
		}
		err = check("--"+f.Name, f.Value.String())
	})
	for i := 0; err == nil && i < len(args); i++ {
		err = termtext.Check(a.printer().T("cli.error.argument", i+1), args[i])
	}
	if err != nil {
		return usageError(err)
	}
	return nil
}

// textError words a refused control character in the interface language.
func (a *app) textError(err error) (string, bool) {
	var te *termtext.Error
	if !errors.As(err, &te) {
		return "", false
	}
	return a.printer().T("cli.error.control_char", te.Field, te.Pos, te.Rune), true
}

// changedFlags lists the flags the user gave, for --json results of updates.
func changedFlags(cmd *cobra.Command) []string {
	out := []string{}
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if cmd.LocalFlags().Lookup(f.Name) != nil {
			out = append(out, f.Name)
		}
	})
	return out
}
