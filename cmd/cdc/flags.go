package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// textFlags declares string flags without a default or a help line (the man page and the help
// topics describe them): the space-separated names, each filling the variable at its place.
func textFlags(f *pflag.FlagSet, names string, vars ...*string) {
	list := strings.Fields(names)
	if len(list) != len(vars) {
		panic(fmt.Sprintf("textFlags: %d names for %d variables", len(list), len(vars)))
	}
	for i, name := range list {
		f.StringVar(vars[i], name, "", "")
	}
}

// given points *dst at v when the user gave the flag name: how a patch takes a flag's value
// and leaves a field alone otherwise.
func given[T any](f *pflag.FlagSet, name string, dst **T, v *T) {
	if f.Changed(name) {
		*dst = v
	}
}

// completeFileExt completes a file argument with the files of these extensions.
func completeFileExt(exts ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return exts, cobra.ShellCompDirectiveFilterFileExt
	}
}

// parsedFlag reads, for a patch, the value of a flag with a catalog parser: nil when the user
// did not give it (given is false); a value parse refuses is a usage error.
func parsedFlag[T any](given bool, v string, parse func(string) (T, error)) (*T, error) {
	if !given {
		return nil, nil
	}
	x, err := parse(v)
	if err != nil {
		return nil, usageError(err)
	}
	return &x, nil
}
