package main

import (
	"github.com/spf13/cobra"

	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// completeLangs offers the languages that have a message file, each with its name.
func completeLangs(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	p := vocab.For("en")
	var out []string
	for _, l := range vocab.Languages() {
		out = append(out, string(l)+"\t"+p.T("lang."+string(l)))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
