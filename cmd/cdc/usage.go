package main

import (
	"errors"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// argCountError refuses a command given too few or too many arguments. It is worded when it is
// printed, in the interface language.
type argCountError struct {
	command  string
	min, max int // max < 0: no limit
	got      []string
	groups   bool // the command has subcommands: an extra word is an unknown command
}

func (e *argCountError) Error() string { return e.words(vocab.For(catalog.EN)) }

func (e *argCountError) words(p vocab.Printer) string {
	n := len(e.got)
	switch {
	case e.max == 0 && e.groups:
		return p.T("cli.error.unknown_command", e.got[0], e.command)
	case e.max == 0:
		return p.T("cli.args.none", e.command, n)
	case e.min == e.max:
		return p.N("cli.args.exact", e.min, e.command, e.min, n)
	case e.max < 0:
		return p.N("cli.args.at_least", e.min, e.command, e.min, n)
	}
	return p.N("cli.args.at_most", e.max, e.command, e.max, n)
}

// argCount accepts min to max positional arguments (max < 0: any number from min).
func argCount(min, max int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) >= min && (max < 0 || len(args) <= max) {
			return nil
		}
		return &argCountError{command: cmd.CommandPath(), min: min, max: max, got: args, groups: cmd.HasSubCommands()}
	}
}

var noArgs = argCount(0, 0)

func exactArgs(n int) cobra.PositionalArgs { return argCount(n, n) }

// requiredFlagsError names the required flags a command was not given.
type requiredFlagsError struct{ names []string }

func (e *requiredFlagsError) Error() string { return e.words(vocab.For(catalog.EN)) }

func (e *requiredFlagsError) words(p vocab.Printer) string {
	return p.N("cli.error.flag.required", len(e.names), strings.Join(e.names, ", "))
}

// missingRequiredFlags is cobra's required-flag check, with an error worded when printed.
func missingRequiredFlags(cmd *cobra.Command) error {
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if req, ok := f.Annotations[cobra.BashCompOneRequiredFlag]; ok && len(req) == 1 && req[0] == "true" && !f.Changed {
			names = append(names, "--"+f.Name)
		}
	})
	if len(names) == 0 {
		return nil
	}
	return &requiredFlagsError{names: names}
}

// usageWords words the refusals of the command line itself (arguments, flags) in the
// interface language; ok is false for any other error.
func usageWords(p vocab.Printer, err error) (string, bool) {
	var (
		count    *argCountError
		required *requiredFlagsError
		unknown  *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &count):
		return count.words(p), true
	case errors.As(err, &required):
		return required.words(p), true
	case errors.As(err, &unknown):
		return p.T("cli.error.flag.unknown", flagSpelling(unknown.GetSpecifiedName(), unknown.GetSpecifiedShortnames())), true
	case errors.As(err, &noValue):
		return p.T("cli.error.flag.needs_value", flagSpelling(noValue.GetSpecifiedName(), noValue.GetSpecifiedShortnames())), true
	case errors.As(err, &invalid):
		return p.T("cli.error.flag.invalid", invalid.GetValue(), "--"+invalid.GetFlag().Name), true
	case errors.As(err, &syntax):
		return p.T("cli.error.flag.syntax", syntax.GetSpecifiedFlag()), true
	}
	return "", false
}

// flagSpelling is a flag as it was typed: --name, or -x for a shorthand within a group.
func flagSpelling(name, shorthands string) string {
	if shorthands != "" && name != "" {
		return "-" + name[:1]
	}
	return "--" + name
}

// fileError words a failure with a named file: what the file is (a vocabulary key), its
// path, and the system's cause, the path named once.
func fileError(p vocab.Printer, whatKey, path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return errors.New(p.T("cli.file.error", p.T(whatKey), path, p.Error(err)))
}
