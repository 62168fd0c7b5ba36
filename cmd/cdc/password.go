package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

// MinPasswordLen is the shortest password that may protect a new workbook.
const MinPasswordLen = 12

// promptPassword is the value of a bare --password: ask on the terminal.
const promptPassword = "\x00prompt"

// passwordSources are the flags of a command that reads or writes an encrypted workbook.
type passwordSources struct {
	flag string // --password: bare asks on the terminal; a value is refused
	file string // --password-file
}

// passwordFlags adds --password (bare: asked on the terminal) and --password-file, their
// usage from the vocabulary. A password is never taken from the command line, where other
// users can read it.
func passwordFlags(cmd *cobra.Command, p *passwordSources) {
	cmd.Flags().StringVar(&p.flag, "password", "", "")
	cmd.Flags().Lookup("password").NoOptDefVal = promptPassword
	cmd.Flags().StringVar(&p.file, "password-file", "", "")
}

// passwordHint says where a password may come from.
func passwordHint(p vocab.Printer) string { return p.T("cli.password.hint", export.PasswordEnv) }

// passwordArgs checks positional arguments without ever printing them: after a bare
// --password, the next word may be a password typed by mistake.
func (a *app) passwordArgs(n int, p *passwordSources) cobra.PositionalArgs {
	count := exactArgs(n)
	return func(cmd *cobra.Command, args []string) error {
		if p.flag == promptPassword && len(args) > n {
			w := a.printer()
			return usageError(errors.New(w.T("cli.password.arg_after", passwordHint(w))))
		}
		return count(cmd, args)
	}
}

// resolve returns the password (empty: none) from --password, --password-file or
// CDC_EXPORT_PASSWORD. forNew asks twice on a terminal and enforces MinPasswordLen.
// No message ever holds the password.
func (p *passwordSources) resolve(a *app, forNew bool) (string, error) {
	w := a.printer()
	if p.flag != "" && p.flag != promptPassword {
		return "", usageError(errors.New(w.T("cli.password.value_refused", passwordHint(w))))
	}
	if p.flag != "" && p.file != "" {
		return "", usageError(errors.New(w.T("cli.password.both")))
	}
	var pw string
	switch {
	case p.file != "":
		v, err := readPasswordFile(w, p.file)
		if err != nil {
			return "", err
		}
		warnOpenPasswordFile(a, p.file)
		pw = v
	case p.flag == promptPassword:
		v, err := askPassword(a, forNew)
		if err != nil {
			return "", err
		}
		pw = v
	default:
		v, set := os.LookupEnv(export.PasswordEnv)
		if !set {
			return "", nil
		}
		if v == "" {
			return "", errors.New(w.T("cli.password.env_empty", export.PasswordEnv, MinPasswordLen))
		}
		pw = v
	}
	if forNew {
		if n := utf8.RuneCountInString(pw); n < MinPasswordLen {
			return "", errors.New(w.T("cli.password.too_short", n, MinPasswordLen))
		}
	}
	return pw, nil
}

// readPasswordFile reads the first line of a small regular file.
func readPasswordFile(w vocab.Printer, path string) (string, error) {
	const what = "cli.file.password"
	st, err := os.Stat(path)
	if err != nil {
		return "", fileError(w, what, path, err)
	}
	if !st.Mode().IsRegular() {
		return "", errors.New(w.T("cli.password.file.not_regular", path))
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fileError(w, what, path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 4097))
	if err != nil {
		return "", fileError(w, what, path, err)
	}
	if len(b) > 4096 {
		return "", errors.New(w.T("cli.password.file.too_long", path))
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimSuffix(line, "\r")
	if line == "" {
		return "", errors.New(w.T("cli.password.file.empty", path))
	}
	return line, nil
}

// askPassword reads a password from the terminal without echo, twice for a new file.
func askPassword(a *app, confirm bool) (string, error) {
	w := a.printer()
	fd := os.Stdin.Fd()
	if !term.IsTerminal(fd) {
		return "", errors.New(w.T("cli.password.no_terminal", export.PasswordEnv))
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(a.errOut, prompt)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(a.errOut)
		return string(b), err
	}
	prompt := w.T("cli.password.prompt")
	if confirm {
		prompt = w.T("cli.password.prompt_new", MinPasswordLen)
	}
	pw, err := ask(prompt)
	if err != nil {
		return "", err
	}
	if pw == "" {
		return "", errors.New(w.T("cli.password.empty"))
	}
	if confirm {
		again, err := ask(w.T("cli.password.prompt_again"))
		if err != nil {
			return "", err
		}
		if again != pw {
			return "", errors.New(w.T("cli.password.differ"))
		}
	}
	return pw, nil
}

// warnOpenPasswordFile warns, naming the file, when others than its owner may read it.
func warnOpenPasswordFile(a *app, path string) {
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm()&0o077 == 0 {
		return
	}
	fmt.Fprintln(a.errOut, a.printer().T("cli.import.password_file_open", termtext.Clean(path), fmt.Sprintf("%04o", st.Mode().Perm())))
}
