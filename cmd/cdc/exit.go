package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"charm.land/fang/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// Exit statuses of cdc, documented in the README and the man page.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitConflict    = 3
	exitInterrupted = 130
)

// exitCoder is implemented by errors that choose their own exit status, such as an import
// stopped by conflicts (3).
type exitCoder interface{ ExitCode() int }

// exitError gives an error an exit status.
type exitError struct {
	err  error
	code int
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }
func (e *exitError) ExitCode() int { return e.code }

// usageError marks a mistake in how cdc was called: an unknown command or flag, a missing or
// extra argument, a flag value that is not one of its choices (exit status 2).
func usageError(err error) error {
	if err == nil {
		return nil
	}
	var ec exitCoder
	if errors.As(err, &ec) {
		return err
	}
	return &exitError{err: err, code: exitUsage}
}

// usagef is usageError of a formatted message.
func usagef(format string, args ...any) error { return usageError(fmt.Errorf(format, args...)) }

// exitCode is the process status for the outcome of a command run under ctx. An interrupted run
// exits 130 whatever error the interruption surfaced as (SQLite reports it as its own error).
func exitCode(ctx context.Context, err error) int {
	if err == nil {
		return exitOK
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return exitInterrupted
	}
	var ec exitCoder
	if errors.As(err, &ec) {
		if c := ec.ExitCode(); c > 0 {
			return c
		}
	}
	return exitFailure
}

// errorKind names an exit status in error JSON.
func errorKind(code int) string {
	switch code {
	case exitUsage:
		return "usage"
	case exitConflict:
		return "conflict"
	case exitInterrupted:
		return "interrupted"
	}
	return "failure"
}

// reported is a failure the command has already given its account of (cdc doctor's report):
// it sets the exit status and prints nothing more.
type reported struct{ err error }

func (r reported) Error() string { return r.err.Error() }
func (r reported) Unwrap() error { return r.err }

// errorJSON is what cdc prints on standard output when a command given --json fails.
type errorJSON struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Message  string `json:"message"`
	Kind     string `json:"kind"`
	ExitCode int    `json:"exit_code"`
	// Code and Problems name a refused import's problems by vocabulary key.
	Code     string           `json:"code,omitempty"`
	Problems []export.Problem `json:"problems,omitempty"`
}

// wireUsageErrors makes cobra's own complaints (flags, arguments, required flags, unknown
// commands) usage errors, so that they exit 2 without matching their wording.
func (a *app) wireUsageErrors(root *cobra.Command) {
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	if root.Args == nil {
		root.Args = noArgs
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.HasParent() && c.HasSubCommands() && !c.Runnable() {
			// A group such as cdc org shows its help; an unknown word after it is a usage error,
			// where cobra would show the help and exit 0.
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if len(args) > 0 {
					return usageError(noArgs(cmd, args))
				}
				return cmd.Help()
			}
		}
		if c.Args != nil {
			args := c.Args
			c.Args = func(cmd *cobra.Command, a []string) error { return usageError(args(cmd, a)) }
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// checkFlags runs cobra's required-flag and flag-group checks early, so that their errors are
// usage errors; cobra repeats them afterwards and they pass.
func checkFlags(cmd *cobra.Command) error {
	if err := missingRequiredFlags(cmd); err != nil {
		return usageError(err)
	}
	if err := cmd.ValidateFlagGroups(); err != nil {
		return usageError(err)
	}
	return nil
}

// wantsJSON reports whether the command line asks for JSON: the parsed flag when the command
// got that far, else the raw arguments (a flag error stops parsing before --json is read).
func (a *app) wantsJSON() bool {
	if a.json {
		return true
	}
	if a.cmd != nil {
		if f := a.cmd.Flags().Lookup("json"); f != nil && f.Value.String() == "true" {
			return true
		}
	}
	for _, arg := range a.args {
		if arg == "--" {
			break
		}
		if arg == "--json" || arg == "--json=true" || arg == "--json=1" {
			return true
		}
	}
	return false
}

// handleError prints a failed command's error: as JSON with --json (on standard output, or on
// standard error when the command already printed its JSON result there),
// otherwise on standard error, worded in the interface language and never re-cased (the
// message may start with a file path or a name).
func (a *app) handleError(ctx context.Context) fang.ErrorHandler {
	return func(w io.Writer, styles fang.Styles, err error) {
		code := exitCode(ctx, err)
		if errors.As(err, new(reported)) && code != exitInterrupted {
			return
		}
		p := a.printer()
		msg := termtext.CleanMultiline(errorMessage(p, err, code))
		if a.wantsJSON() {
			body := errorBody{Message: msg, Kind: errorKind(code), ExitCode: code}
			body.Code, body.Problems = importErrorDetail(err)
			// Standard output holds one JSON document: when the command already printed
			// its own (an import plan stopped by conflicts), the error goes to standard error.
			if a.printedJSON {
				_ = writeJSON(a.errOut, errorJSON{Error: body})
				return
			}
			_ = a.printJSON(errorJSON{Error: body})
			return
		}
		hint := ""
		if code == exitUsage {
			hint = p.T("cli.error.usage_hint")
		}
		if !isTerminal(a.errOut) {
			msg = p.T("cli.error.prefix", msg)
		}
		writeError(w, styles, p.T("cli.error.header"), msg, hint, isTerminal(a.errOut))
	}
}

// writeError prints an error message and a hint, in fang's error style under the header word
// on a terminal. The style's transform is dropped: it title-cases the first word, which
// rewrites a message that starts with a file path ("/Tmp/X/Big.json") or a name.
func writeError(w io.Writer, styles fang.Styles, header, msg, hint string, styled bool) {
	if !styled {
		fmt.Fprintln(w, msg)
		if hint != "" {
			fmt.Fprintln(w, hint)
		}
		return
	}
	text := styles.ErrorText.UnsetTransform()
	fmt.Fprintln(w, styles.ErrorHeader.SetString(header).String())
	fmt.Fprintln(w, text.Render(msg))
	if hint != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, text.Render(hint))
	}
	fmt.Fprintln(w)
}

// errorMessage words an error for the user: an interruption is named as such.
func errorMessage(p vocab.Printer, err error, code int) string {
	if code == exitInterrupted {
		return p.T("cli.error.interrupted")
	}
	for _, word := range []func(vocab.Printer, error) (string, bool){textError, usageWords, importErrorText} {
		if msg, ok := word(p, err); ok {
			return msg
		}
	}
	return p.Error(err)
}

// isTerminal reports whether the stream is an interactive terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
