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

// passwordFlags adds --password (bare: asked on the terminal) and --password-file. A
// password is never taken from the command line, where other users can read it.
func passwordFlags(cmd *cobra.Command, p *passwordSources, usage string) {
	cmd.Flags().StringVar(&p.flag, "password", "", usage+": asked on the terminal (default: $"+export.PasswordEnv+")")
	cmd.Flags().Lookup("password").NoOptDefVal = promptPassword
	cmd.Flags().StringVar(&p.file, "password-file", "", "Read the workbook password from the first line of FILE")
}

// passwordHint says where a password may come from.
var passwordHint = "use a bare --password to be asked for it, --password-file FILE, or " + export.PasswordEnv

// passwordArgs checks positional arguments without ever printing them: after a bare
// --password, the next word may be a password typed by mistake.
func passwordArgs(n int, p *passwordSources) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == n {
			return nil
		}
		if p.flag == promptPassword && len(args) > n {
			return usagef("--password takes no value on the command line, where other users can read it; %s", passwordHint)
		}
		if n == 0 {
			return usagef("%s takes no arguments, received %d", cmd.CommandPath(), len(args))
		}
		return usagef("accepts %d arg(s), received %d", n, len(args))
	}
}

// resolve returns the password (empty: none) from --password, --password-file or
// CDC_EXPORT_PASSWORD. forNew asks twice on a terminal and enforces MinPasswordLen.
// No message ever holds the password.
func (p *passwordSources) resolve(a *app, forNew bool) (string, error) {
	if p.flag != "" && p.flag != promptPassword {
		return "", usagef("--password=VALUE is refused: a password on the command line can be read by other users; %s", passwordHint)
	}
	if p.flag != "" && p.file != "" {
		return "", usagef("give either --password or --password-file, not both")
	}
	var pw string
	switch {
	case p.file != "":
		v, err := readPasswordFile(p.file)
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
			return "", fmt.Errorf("%s is set but empty; unset it to write or read files without a password, or set a password of at least %d characters", export.PasswordEnv, MinPasswordLen)
		}
		pw = v
	}
	if forNew {
		if n := utf8.RuneCountInString(pw); n < MinPasswordLen {
			return "", fmt.Errorf("the workbook password is %d characters long; at least %d are required", n, MinPasswordLen)
		}
	}
	return pw, nil
}

// readPasswordFile reads the first line of a small regular file.
func readPasswordFile(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("password file: %w", err)
	}
	if !st.Mode().IsRegular() {
		return "", fmt.Errorf("password file %s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("password file: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 4097))
	if err != nil {
		return "", fmt.Errorf("password file %s cannot be read: %w", path, err)
	}
	if len(b) > 4096 {
		return "", fmt.Errorf("password file %s is longer than 4 KiB; it should hold only the password", path)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimSuffix(line, "\r")
	if line == "" {
		return "", fmt.Errorf("password file %s is empty (the password is its first line)", path)
	}
	return line, nil
}

// askPassword reads a password from the terminal without echo, twice for a new file.
func askPassword(a *app, confirm bool) (string, error) {
	fd := os.Stdin.Fd()
	if !term.IsTerminal(fd) {
		return "", fmt.Errorf("a bare --password asks for the password on a terminal, and there is none; use --password-file FILE or set %s instead", export.PasswordEnv)
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(a.errOut, prompt)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(a.errOut)
		return string(b), err
	}
	prompt := "Workbook password: "
	if confirm {
		prompt = fmt.Sprintf("Workbook password (at least %d characters): ", MinPasswordLen)
	}
	pw, err := ask(prompt)
	if err != nil {
		return "", err
	}
	if pw == "" {
		return "", errors.New("the password is empty")
	}
	if confirm {
		again, err := ask("Again, to confirm: ")
		if err != nil {
			return "", err
		}
		if again != pw {
			return "", errors.New("the two passwords differ; nothing was written")
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
