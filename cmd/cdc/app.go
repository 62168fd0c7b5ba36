package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/spf13/cobra"
)

// app carries what every command shares: output streams, the global flags and the opened store.
type app struct {
	out, errOut io.Writer
	dbFlag      string
	langFlag    string
	json        bool
	store       *catalog.Store
	// cmd is the command being run and args the command line, to word its errors.
	cmd  *cobra.Command
	args []string
	// printedJSON is set once a JSON document went to standard output.
	printedJSON bool
}

// commands are the constructors of the top-level commands (cdc man, help and completion are
// added apart); the tree lists them by name.
var commands = []func(*app) *cobra.Command{
	newActionCmd, newReviewCmd, newAssessCmd, newBackupCmd, newBuildCmd, newCatalogCmd,
	newCycleCmd, newDemoCmd, newDiffCmd, newDoctorCmd, newEvalCmd, newExportCmd,
	newBenchmarkCmd, newImportCmd, newLogCmd, newOrgCmd, newProgrammeCmd, newServeCmd, newUserCmd,
	newVersionCmd,
}

// group is a command that only holds subcommands, such as cdc org; its help and its answer to an
// unknown word after it are wired with the rest of the tree (wireUsageErrors).
func group(use string, subs ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{Use: use}
	cmd.AddCommand(subs...)
	return cmd
}

// newRootCmd is the command tree writing to out and errOut.
func newRootCmd(out, errOut io.Writer) *cobra.Command {
	_, root := newRoot(out, errOut, nil)
	return root
}

// newRoot builds the command tree for a command line, its help in the line's language.
func newRoot(out, errOut io.Writer, args []string) (*app, *cobra.Command) {
	a := &app{out: out, errOut: errOut, args: args}
	root := &cobra.Command{
		Use:           "cdc",
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runDefault(cmd)
		},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			a.cmd = cmd
			if err := checkFlags(cmd); err != nil {
				return err
			}
			return a.checkText(cmd, args)
		},
		PersistentPostRunE: func(cmd *cobra.Command, args []string) error {
			return a.close()
		},
	}
	root.SetOut(out)
	root.SetErr(errOut)
	root.PersistentFlags().StringVar(&a.dbFlag, "db", "", "")
	root.PersistentFlags().StringVar(&a.langFlag, "lang", "", "")
	root.PersistentFlags().BoolVar(&a.json, "json", false, "")
	subs := make([]*cobra.Command, 0, len(commands))
	for _, f := range commands {
		subs = append(subs, f(a))
	}
	sort.Slice(subs, func(i, j int) bool { return subs[i].Name() < subs[j].Name() })
	root.AddCommand(subs...)
	root.AddCommand(newManCmd(a))
	// cobra adds these when it runs; added now, their argument errors are usage errors too.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	// Their help, and that of --version (fang sets the version when it runs), comes from the
	// vocabulary too.
	root.Flags().BoolP("version", "v", false, "")
	for _, c := range root.Commands() {
		if c.Name() == "help" || c.Name() == "completion" {
			clearHelp(c)
		}
	}
	a.wireUsageErrors(root)
	registerCompletions(root)
	// Defining --lang reset it: read it from the command line for the help texts.
	a.langFlag = scanLang(args)
	localizeHelp(root, a.printer())
	wrapHelpFor(root, args, helpWidth())
	return a, root
}

// open opens the store once per process.
func (a *app) open(ctx context.Context) (*catalog.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	path, err := a.dbPath()
	if err != nil {
		return nil, err
	}
	s, err := openStore(ctx, path, catalog.Open, catalog.OpenReadOnly)
	if err != nil {
		return nil, err
	}
	a.store = s
	return s, nil
}

// openStore opens the database read-write, or read-only when this user may not write it (a
// read-only medium, another user's file): reading commands then work, and a write is
// refused as the store's own read-only error. Anything else that stops the read-only open
// (an older schema to migrate) keeps the first error, which says why the file cannot be written.
func openStore(ctx context.Context, path string, open, openRO func(context.Context, string) (*catalog.Store, error)) (*catalog.Store, error) {
	s, err := open(ctx, path)
	var ro *catalog.ReadOnlyFileError
	if errors.As(err, &ro) {
		if s, roErr := openRO(ctx, path); roErr == nil {
			return s, nil
		}
	}
	return s, err
}

func (a *app) close() error {
	if a.store == nil {
		return nil
	}
	err := a.store.Close()
	a.store = nil
	return err
}

// lang resolves the language: --lang, else CDC_LANG, else the locale, else English.
func (a *app) lang() (catalog.Lang, error) {
	if a.langFlag != "" {
		l, err := catalog.ParseLang(a.langFlag)
		return l, usageError(err)
	}
	if v := os.Getenv("CDC_LANG"); v != "" {
		return catalog.ParseLang(v)
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			if l, err := catalog.ParseLang(v); err == nil {
				return l, nil
			}
			return catalog.EN, nil
		}
	}
	return catalog.EN, nil
}

// org opens the store and resolves --org to an organisation.
func (a *app) org(ctx context.Context, orgRef string) (*catalog.Store, catalog.Organisation, error) {
	s, err := a.open(ctx)
	if err != nil {
		return nil, catalog.Organisation{}, err
	}
	o, err := s.FindOrg(ctx, orgRef)
	return s, o, err
}

// orgAndCycle resolves --org and --cycle flags to an organisation and a cycle.
func (a *app) orgAndCycle(ctx context.Context, orgRef, cycleRef string) (*catalog.Store, catalog.Organisation, catalog.Cycle, error) {
	s, o, err := a.org(ctx, orgRef)
	if err != nil {
		return nil, o, catalog.Cycle{}, err
	}
	c, err := s.FindCycle(ctx, o.ID, cycleRef)
	if err != nil {
		return nil, o, c, a.inOrg(o, err)
	}
	return s, o, c, nil
}

// listedCycle resolves the optional --cycle of a listing within o; nil when none is given.
func (a *app) listedCycle(ctx context.Context, s *catalog.Store, o catalog.Organisation, ref string) (*catalog.Cycle, error) {
	if ref == "" {
		return nil, nil
	}
	c, err := s.FindCycle(ctx, o.ID, ref)
	if err != nil {
		return nil, a.inOrg(o, err)
	}
	return &c, nil
}

// printer speaks the interface language; an unsupported --lang falls back to English here,
// the command itself reports it.
func (a *app) printer() vocab.Printer {
	l, err := a.lang()
	if err != nil {
		l = catalog.EN
	}
	return vocab.For(l)
}

// result prints what a command did: v as JSON with --json, else text (a line or a block),
// through the sanitiser since it may quote names and file contents.
func (a *app) result(v any, text string) error {
	return a.show(v, termtext.CleanMultiline(text))
}

// show is result for styled text whose parts were sanitised as it was built (tables).
func (a *app) show(v any, text string) error {
	if a.wantsJSON() {
		return a.printJSON(v)
	}
	return a.println(strings.TrimRight(text, "\n"))
}

// println writes text and a newline, dropping colour when standard output has none.
func (a *app) println(text string) error {
	_, err := lipgloss.Fprintln(a.out, text)
	return err
}

// inOrg says which organisation an error concerns.
func (a *app) inOrg(o catalog.Organisation, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", a.printer().T("cli.error.in_org", o.Name), err)
}

// printJSON writes v as indented JSON on standard output.
func (a *app) printJSON(v any) error {
	a.printedJSON = true
	return writeJSON(a.out, v)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
