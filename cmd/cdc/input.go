package main

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/vocab"
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
		err = termtext.Check(argName(a, cmd, i), args[i])
	}
	if err != nil {
		return usageError(err)
	}
	return nil
}

// argName names positional argument i as the command's usage line does (NAME, FILE), or
// by its number when the usage line names none.
func argName(a *app, cmd *cobra.Command, i int) string {
	var names []string
	words := strings.Fields(cmd.Use)
	for j := 1; j < len(words); j++ {
		w := strings.Trim(words[j], "[]()")
		if strings.HasPrefix(w, "-") {
			if j+1 < len(words) && !strings.HasPrefix(words[j+1], "-") && !strings.HasPrefix(words[j+1], "[") {
				j++ // the flag's value
			}
			continue
		}
		w, _, _ = strings.Cut(w, "|")
		w, _, _ = strings.Cut(w, ".")
		if w != "" && strings.ToUpper(w) == w {
			names = append(names, w)
		}
	}
	switch {
	case i < len(names):
		return names[i]
	case len(names) > 0 && strings.Contains(cmd.Use, names[len(names)-1]+"..."):
		return names[len(names)-1]
	}
	return a.printer().T("cli.error.argument", i+1)
}

// textError words a refused control character in the interface language.
func textError(p vocab.Printer, err error) (string, bool) {
	var te *termtext.Error
	if !errors.As(err, &te) {
		return "", false
	}
	return p.T("cli.error.control_char", te.Field, te.Pos, te.Rune), true
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
