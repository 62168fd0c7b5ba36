package main

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cdc-toolkit/cdc/internal/textwidth"
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
	c.InitDefaultHelpFlag()
	if f := c.Flags().Lookup("help"); f != nil {
		f.Usage = p.T("cli.flag.help", c.Name())
	}
	c.LocalFlags().VisitAll(func(f *pflag.Flag) {
		fill(&f.Usage, append(append([]string{"cli.flag." + path + "." + f.Name}, f.Annotations[usageAnnotation]...), "cli.flag."+f.Name)...)
	})
	for _, sub := range c.Commands() {
		localizeHelp(sub, p)
	}
}

// clearHelp empties the help texts cobra wrote for a command it adds itself, and for its
// subcommands and flags, so that localizeHelp fills them from the vocabulary.
func clearHelp(c *cobra.Command) {
	c.Short, c.Long = "", ""
	c.LocalFlags().VisitAll(func(f *pflag.Flag) { f.Usage = "" })
	for _, sub := range c.Commands() {
		clearHelp(sub)
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

// Help layout as fang draws it: the command and flag names indented by helpIndent, their texts
// in a column at least helpMinKey wide plus helpGap; the width is the terminal's, at most 120.
const (
	helpIndent = 4
	helpMinKey = 10
	helpGap    = 2
	helpMax    = 120
	// helpLongPad is the margin fang gives the long help, and one cell to spare.
	helpLongPad = 3
)

// helpWidth is the width fang draws the help at.
func helpWidth() int {
	if s := os.Getenv("__FANG_TEST_WIDTH"); s != "" {
		if w, err := strconv.Atoi(s); err == nil {
			return w
		}
	}
	w, _, err := term.GetSize(os.Stdout.Fd())
	if err != nil {
		return helpMax
	}
	return min(w, helpMax)
}

// wrapHelpFor wraps, for the one help this command line prints, the texts in its command and
// flag columns to the width they have there, at word boundaries (and between CJK characters),
// so that a narrow terminal does not cut them mid-word. Other command lines are left alone.
func wrapHelpFor(root *cobra.Command, args []string, width int) {
	target := args
	switch {
	case len(args) > 0 && args[0] == "help":
		target = args[1:]
	case !slices.ContainsFunc(args, func(a string) bool { return a == "-h" || a == "--help" }):
		return
	}
	c, _, err := root.Find(target)
	if err != nil || c == nil {
		return
	}
	c.Long = reflow(c.Long, width-helpLongPad)
	key := helpMinKey - helpGap
	for _, sub := range c.Commands() {
		if !sub.Hidden {
			key = max(key, usageWidth(sub))
		}
	}
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			key = max(key, flagKeyWidth(f))
		}
	})
	text := width - helpIndent - key - helpGap
	if text < 24 {
		return // too narrow to wrap into anything readable
	}
	for _, sub := range c.Commands() {
		if !sub.Hidden && textwidth.Width(sub.Short) > text {
			sub.Short = strings.Join(textwidth.Wrap(sub.Short, text), "\n")
		}
	}
	c.Flags().VisitAll(func(f *pflag.Flag) {
		// fang adds the default, " (30m0s)", after the usage: room is kept for it
		room := text
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
			room -= textwidth.Width(f.DefValue) + 3
		}
		if !f.Hidden && room >= 12 && textwidth.Width(f.Usage) > room {
			f.Usage = strings.Join(textwidth.Wrap(f.Usage, room), "\n")
		}
	})
}

// optionalArgs are the bracketed parts of a usage, which fang moves to its end.
var optionalArgs = regexp.MustCompile(`(\[.*\])`)

// usageWidth is the width of a subcommand's name column in its parent's help, as fang
// builds it: the usage, then [command], [args], the bracketed parts and [--flags].
func usageWidth(c *cobra.Command) int {
	u := c.Use
	hasArgs := strings.Contains(u, "[args]")
	hasFlags := strings.Contains(u, "[flags]") || strings.Contains(u, "[--flags]") || c.HasFlags() || c.HasPersistentFlags() || c.HasAvailableFlags()
	hasCommands := strings.Contains(u, "[command]") || c.HasAvailableSubCommands()
	for _, k := range []string{"[args]", "[flags]", "[--flags]", "[command]"} {
		u = strings.ReplaceAll(u, k, "")
	}
	w := 0
	for _, arg := range optionalArgs.FindAllString(u, -1) {
		u = strings.ReplaceAll(u, arg, "")
		w += 1 + textwidth.Width(arg)
	}
	w += textwidth.Width(strings.TrimSpace(u))
	for _, part := range []struct {
		on   bool
		text string
	}{{hasCommands, " [command]"}, {hasArgs, " [args]"}, {hasFlags, " [--flags]"}} {
		if part.on {
			w += len(part.text)
		}
	}
	return w
}

// flagKeyWidth is the width of a flag's name column: --name, or -s --name.
func flagKeyWidth(f *pflag.Flag) int {
	if f.Shorthand == "" {
		return len("--" + f.Name)
	}
	return len("-" + f.Shorthand + " --" + f.Name)
}

// reflow rewraps the paragraphs of a long help to width when one of its lines is wider:
// a paragraph's lines are joined (with no space between CJK characters) and wrapped again;
// indented lines (commands to type) are kept as they are.
func reflow(text string, width int) string {
	if width < 24 || !slices.ContainsFunc(strings.Split(text, "\n"), func(l string) bool { return textwidth.Width(l) > width }) {
		return text
	}
	paras := strings.Split(text, "\n\n")
	for i, para := range paras {
		lines := strings.Split(para, "\n")
		if slices.ContainsFunc(lines, func(l string) bool { return l == "" || l[0] == ' ' || l[0] == '\t' }) {
			continue
		}
		joined := lines[0]
		for _, l := range lines[1:] {
			last, _ := utf8.DecodeLastRuneInString(joined)
			first, _ := utf8.DecodeRuneInString(l)
			if textwidth.Width(string(last)) < 2 || textwidth.Width(string(first)) < 2 {
				joined += " " // no space only between two CJK characters
			}
			joined += l
		}
		paras[i] = strings.Join(textwidth.Wrap(joined, width), "\n")
	}
	return strings.Join(paras, "\n\n")
}
