package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// Help texts live in the vocabulary: a command's Short and Long under cli.help.PATH.short and
// .long (PATH is the command path without "cdc", dots between words, "root" for cdc itself),
// a flag's usage under cli.flag.PATH.NAME or, shared by every command, cli.flag.NAME. Only
// empty texts are filled, so a command that writes its own keeps it.

// helpPath is the vocabulary path of a command.
func helpPath(c *cobra.Command) string {
	if !c.HasParent() {
		return "root"
	}
	return strings.ReplaceAll(strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" "), " ", ".")
}

// localizeHelp fills the empty help texts of the tree from the vocabulary.
func localizeHelp(c *cobra.Command, p vocab.Printer) {
	path := helpPath(c)
	fill := func(s *string, keys ...string) {
		if *s != "" {
			return
		}
		for _, k := range keys {
			if p.Has(k) {
				*s = p.T(k)
				return
			}
		}
	}
	fill(&c.Short, "cli.help."+path+".short")
	fill(&c.Long, "cli.help."+path+".long")
	c.LocalFlags().VisitAll(func(f *pflag.Flag) {
		fill(&f.Usage, append(append([]string{"cli.flag." + path + "." + f.Name}, f.Annotations[usageAnnotation]...), "cli.flag."+f.Name)...)
	})
	for _, sub := range c.Commands() {
		localizeHelp(sub, p)
	}
}

// usageAnnotation names, on a flag, the vocabulary key of a usage that several commands share.
const usageAnnotation = "cdc-usage-key"

// shareUsage gives each named flag of cmd the usage under prefix.NAME, for flags such as a
// filter that several commands define alike.
func shareUsage(cmd *cobra.Command, prefix string, flags ...string) {
	for _, name := range flags {
		if err := cmd.Flags().SetAnnotation(name, usageAnnotation, []string{prefix + "." + name}); err != nil {
			panic(err) // a flag named here that the command does not define
		}
	}
}

// scanLang is the value of --lang on a command line, read before the command tree exists so
// that its help is in that language.
func scanLang(args []string) string {
	for i, arg := range args {
		switch {
		case arg == "--":
			return ""
		case arg == "--lang" && i+1 < len(args):
			return args[i+1]
		case strings.HasPrefix(arg, "--lang="):
			return strings.TrimPrefix(arg, "--lang=")
		}
	}
	return ""
}
