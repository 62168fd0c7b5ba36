package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"charm.land/fang/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/xuri/excelize/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// exec runs one command line the way main does and returns the exit status and both streams.
func (e *cliEnv) exec(ctx context.Context, args ...string) (int, string, string) {
	e.t.Helper()
	var out, errOut bytes.Buffer
	code := execute(ctx, append([]string{"--db", e.db}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

// conflictError stands for an import stopped by conflicts: it chooses exit status 3.
type conflictError struct{}

func (conflictError) Error() string { return "2 answers conflict; nothing was imported" }
func (conflictError) ExitCode() int { return 3 }

// withCommand adds a hidden command for the duration of a test.
func withCommand(t *testing.T, c *cobra.Command) {
	saved := commands
	commands = append(commands[:len(commands):len(commands)], func(*app) *cobra.Command { return c })
	t.Cleanup(func() { commands = saved })
}

func TestExitCodes(t *testing.T) {
	withCommand(t, &cobra.Command{Use: "conflict", Hidden: true, RunE: func(*cobra.Command, []string) error {
		return conflictError{}
	}})
	e := newCLI(t)
	e.ok("demo")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		args []string
		code int
		want string // on stderr
	}{
		{"ok", context.Background(), []string{"version"}, 0, ""},
		{"failure", context.Background(), []string{"eval", "--org", "Nobody"}, 1, `organisation "Nobody" does not exist`},
		{"missing flag", context.Background(), []string{"eval"}, 2, "required flag --org is not given"},
		{"missing flag in Japanese", context.Background(), []string{"eval", "--lang", "ja"}, 2, "必須のフラグ --org が指定されていません"},
		{"unknown flag", context.Background(), []string{"eval", "--bogus"}, 2, "unknown flag: --bogus"},
		{"unknown flag in French", context.Background(), []string{"eval", "--lang", "fr", "--bogus"}, 2, "option inconnue\u00a0: --bogus"},
		{"unknown shorthand flag", context.Background(), []string{"eval", "-zq"}, 2, "unknown flag: -z"},
		{"flag without its value", context.Background(), []string{"eval", "--org"}, 2, "flag --org needs a value"},
		{"flag value of the wrong type", context.Background(), []string{"serve", "--max-sessions", "many"}, 2, `"many" is not a valid value for --max-sessions`},
		{"unknown command", context.Background(), []string{"bogus"}, 2, `unknown command "bogus"`},
		{"extra argument", context.Background(), []string{"version", "x"}, 2, "cdc version takes no arguments, received 1"},
		{"missing argument", context.Background(), []string{"org", "add"}, 2, "cdc org add takes 1 argument, received 0"},
		{"missing argument in Spanish", context.Background(), []string{"org", "add", "--lang", "es"}, 2, "cdc org add admite 1 argumento, se recibieron 0"},
		{"arguments counted in Japanese", context.Background(), []string{"org", "add", "a", "b", "--lang", "ja"}, 2, "cdc org add の引数は 1 個ですが、2 個指定されました"},
		{"bad language", context.Background(), []string{"eval", "--org", "Demo Agency", "--lang", "de"}, 2, `language "de" is not supported`},
		{"control character in a flag", context.Background(), []string{"org", "set", "Demo Agency", "--sector", "Gov\x1b[2J"}, 2, "--sector: character 4 is a control character (U+001B)"},
		{"control character in an argument", context.Background(), []string{"org", "add", "A\x07"}, 2, "NAME: character 2 is a control character (U+0007)"},
		{"completion of an unknown shell", context.Background(), []string{"completion", "tcsh"}, 2, `unknown command "tcsh"`},
		{"unknown subcommand", context.Background(), []string{"org", "bogus"}, 2, `unknown command "bogus" for "cdc org"`},
		{"group alone shows help", context.Background(), []string{"org"}, 0, ""},
		// Refusals of the commands themselves speak the interface language.
		{"no role in Japanese", context.Background(), []string{"user", "add", "x", "--lang", "ja"}, 2, "役割が指定されていません"},
		{"missing key file in French", context.Background(), []string{"user", "add", "x", "--role", "viewer", "--key", "/nonexistent/k.pub", "--lang", "fr"}, 1, "fichier de clé /nonexistent/k.pub\u00a0: fichier ou dossier introuvable"},
		{"password on the command line in Spanish", context.Background(), []string{"export", "report", "--org", "Demo Agency", "--password=abcdefghijklm", "-o", "x.xlsx", "--lang", "es"}, 2, "--password=VALOR no se admite"},
		{"missing pack file in Japanese", context.Background(), []string{"catalog", "diff", "missing.json", "x1060", "--lang", "ja"}, 1, "パックファイル missing.json はありません"},
		{"grouping not among the choices in Japanese", context.Background(), []string{"export", "benchmark", "--group-by", "bogus", "-o", "b.json", "--lang", "ja"}, 2, "--group-by「bogus」は sector, country, size-band のいずれでもありません"},
		{"server limit in French", context.Background(), []string{"serve", "--max-sessions", "0", "--lang", "fr"}, 2, "--max-sessions 0\u00a0: au moins 1"},
		{"import conflicts", context.Background(), []string{"conflict"}, 3, "2 answers conflict"},
		{"interrupted", cancelled, []string{"eval", "--org", "Demo Agency"}, 130, "interrupted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := e.in(t).exec(tt.ctx, tt.args...)
			if code != tt.code {
				t.Errorf("cdc %q exited %d, want %d; stderr:\n%s", tt.args, code, tt.code, errOut)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("cdc %q: stderr %q lacks %q", tt.args, errOut, tt.want)
			}
			if tt.code == 2 && !strings.Contains(errOut, "--help") {
				t.Errorf("cdc %q: a usage error does not point to --help: %q", tt.args, errOut)
			}
		})
	}
}

func TestErrorJSON(t *testing.T) {
	withCommand(t, &cobra.Command{Use: "conflict", Hidden: true, RunE: func(*cobra.Command, []string) error {
		return conflictError{}
	}})
	e := newCLI(t)
	tests := []struct {
		args []string
		code int
		kind string
		msg  string
	}{
		{[]string{"eval", "--org", "Nobody", "--json"}, 1, "failure", `organisation "Nobody" does not exist`},
		{[]string{"--json", "eval", "--bogus"}, 2, "usage", "unknown flag: --bogus"},
		{[]string{"conflict", "--json"}, 3, "conflict", "2 answers conflict"},
		{[]string{"--json"}, 2, "usage", "has no JSON output"},
		{[]string{"eval", "--org", "Nobody", "--json", "--lang", "ja"}, 1, "failure", "組織「Nobody」はありません"},
		{[]string{"eval", "--bogus", "--json", "--lang", "ja"}, 2, "usage", "--bogus というフラグはありません"},
	}
	for _, tt := range tests {
		code, out, errOut := e.exec(context.Background(), tt.args...)
		if code != tt.code {
			t.Errorf("cdc %q exited %d, want %d", tt.args, code, tt.code)
		}
		if errOut != "" {
			t.Errorf("cdc %q: with --json, stderr should be empty: %q", tt.args, errOut)
		}
		var v struct {
			Error struct {
				Message  string `json:"message"`
				Kind     string `json:"kind"`
				ExitCode int    `json:"exit_code"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("cdc %q: stdout is not one JSON object: %v\n%s", tt.args, err, out)
		}
		if v.Error.Kind != tt.kind || v.Error.ExitCode != tt.code || !strings.Contains(v.Error.Message, tt.msg) {
			t.Errorf("cdc %q: error JSON %+v, want kind %s, code %d, message with %q", tt.args, v.Error, tt.kind, tt.code, tt.msg)
		}
	}
}

// Error messages are printed as written: a message that starts with a path keeps its case.
func TestErrorKeepsCase(t *testing.T) {
	e := newCLI(t)
	path := filepath.Join(t.TempDir(), "X", "big.json")
	code, _, errOut := e.exec(context.Background(), "catalog", "import", path)
	if code != 1 || !strings.Contains(errOut, path) {
		t.Errorf("exit %d, stderr %q; want 1 and the path %s as given", code, errOut, path)
	}
}

func TestExitCodeOf(t *testing.T) {
	bg := context.Background()
	cancelled, cancel := context.WithCancel(bg)
	cancel()
	tests := []struct {
		ctx  context.Context
		err  error
		code int
	}{
		{bg, nil, 0},
		{bg, errors.New("x"), 1},
		{bg, usagef("bad %s", "flag"), 2},
		{bg, conflictError{}, 3},
		{bg, context.Canceled, 130},
		{cancelled, errors.New("interrupted (9)"), 130},
	}
	for _, tt := range tests {
		if got := exitCode(tt.ctx, tt.err); got != tt.code {
			t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.code)
		}
	}
}

// A questionnaire import stopped by conflicts exits 3; with --json, the plan is the one document
// on standard output and the error object goes to standard error.
func TestImportConflictExitCode(t *testing.T) {
	e := newCLI(t)
	e.ok("demo")
	q := filepath.Join(t.TempDir(), "answers.xlsx")
	e.ok("export", "questionnaire", "--org", "Demo Agency", "-o", q)
	e.ok("assess", "set", "--org", "Demo Agency", "A-1", "--score", "1") // after the export
	f, err := excelize.OpenFile(q)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Questionnaire", "J"+strconv.Itoa(questionRow(t, f, "A-1")), 5)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	code, _, errOut := e.exec(context.Background(), "import", q, "--yes")
	if code != 3 || !strings.Contains(errOut, "nothing was imported") {
		t.Errorf("import with a conflict: exit %d, stderr %q; want 3", code, errOut)
	}
	code, out, errOut := e.exec(context.Background(), "import", q, "--yes", "--json")
	if code != 3 {
		t.Errorf("import --json with a conflict: exit %d, want 3", code)
	}
	var plan map[string]any
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Errorf("stdout is not one JSON document: %v\n%s", err, out)
	}
	var e3 errorJSON
	if err := json.Unmarshal([]byte(errOut), &e3); err != nil || e3.Error.Kind != "conflict" || e3.Error.ExitCode != 3 {
		t.Errorf("stderr is not the conflict error object: %v\n%s", err, errOut)
	}
}

// On a terminal the error is drawn in fang's style under the header word of the language, but
// its words keep their case.
func TestStyledErrorKeepsCase(t *testing.T) {
	var styles fang.Styles
	probe := &cobra.Command{Use: "probe", RunE: func(*cobra.Command, []string) error { return errors.New("x") }}
	probe.SetArgs(nil)
	probe.SetErr(io.Discard)
	_ = fang.Execute(context.Background(), probe, fang.WithErrorHandler(func(_ io.Writer, s fang.Styles, _ error) { styles = s }))
	msg := "/tmp/x/big.json is larger than 20 MB"
	var b bytes.Buffer
	writeError(&b, styles, vocab.For(catalog.JA).T("cli.error.header"), msg, "", true)
	got := ansi.Strip(b.String())
	if !strings.Contains(got, msg) {
		t.Errorf("styled error rewrote the message:\n%s", got)
	}
	if !strings.Contains(got, "エラー") || strings.Contains(got, "ERROR") {
		t.Errorf("the header is not in Japanese:\n%s", got)
	}
	b.Reset()
	fang.DefaultErrorHandler(&b, styles, errors.New(msg))
	if strings.Contains(ansi.Strip(b.String()), msg) {
		t.Skip("fang no longer re-cases error messages")
	}
}
