package main

import (
	"fmt"
	"strings"

	mango "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"

	"github.com/cdc-toolkit/cdc/catalog"
)

// manSections are the man page's sections beyond the command reference.
var manSections = []struct{ name, text string }{
	{"Environment", `CDC_DB
  Database file, when --db is not given.
CDC_LANG
  Language of the interface, names and workbooks: ` + catalog.LangCodes() + `; else LC_ALL, LC_MESSAGES or LANG.
CDC_ASSESSOR
  Name recorded as "who" in the change log (default: the login name).
CDC_EXPORT_PASSWORD
  Password that encrypts exported workbooks and opens encrypted questionnaires.
XDG_DATA_HOME
  Base of the default database folder on Linux and other Unix systems, when it is an absolute path.
NO_COLOR
  Any non-empty value turns colour off.`},
	{"Files", `$XDG_DATA_HOME/cdc/cdc.db, else ~/.local/share/cdc/cdc.db
  The database on Linux and other Unix systems.
~/Library/Application Support/cdc/cdc.db
  The database on macOS.
%LOCALAPPDATA%\cdc\cdc.db
  The database on Windows.
The folder is created with mode 0700 and the database with mode 0600. Backups taken before a
schema migration are kept beside the database.`},
	{"Exit Status", `0
  Success.
1
  Failure: the command could not do what was asked (a missing organisation, a bad file, a database error).
2
  Usage: an unknown command or flag, a missing or extra argument, or a flag value that is not one of its choices.
3
  Import conflicts: answers would overwrite values changed in the database after the questionnaire was exported; nothing was imported.
130
  Interrupted (Ctrl+C).
With --json, a failure prints {"error": {"message", "kind", "exit_code"}} on standard output.`},
}

// newManCmd prints the man page: the command reference from cobra, then the sections above.
func newManCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:                   "man",
		Hidden:                true,
		DisableFlagsInUseLine: true,
		Args:                  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			page, err := mango.NewManPage(1, cmd.Root())
			if err != nil {
				return err
			}
			for _, s := range manSections {
				// roff's writer formats the text: a literal % is written %%.
				page = page.WithSection(s.name, strings.ReplaceAll(s.text, "%", "%%"))
			}
			_, err = fmt.Fprint(a.out, page.Build(roff.NewDocument()))
			return err
		},
	}
}
