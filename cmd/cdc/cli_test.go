package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// cliEnv runs cdc commands against one temporary database.
type cliEnv struct {
	t  *testing.T
	db string
}

func newCLI(t *testing.T) *cliEnv {
	t.Helper()
	t.Setenv("CDC_ASSESSOR", "tester")
	t.Setenv("CDC_LANG", "en")
	return &cliEnv{t: t, db: filepath.Join(t.TempDir(), "cdc.db")}
}

// run executes one command line and returns stdout, stderr and the error.
func (e *cliEnv) run(args ...string) (string, string, error) {
	e.t.Helper()
	var out, errOut bytes.Buffer
	root := newRootCmd(&out, &errOut)
	root.SetArgs(append([]string{"--db", e.db}, args...))
	err := root.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

// ok runs a command that must succeed and returns its stdout.
func (e *cliEnv) ok(args ...string) string {
	e.t.Helper()
	out, errOut, err := e.run(args...)
	if err != nil {
		e.t.Fatalf("cdc %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

// fails runs a command that must fail with a message containing every want,
// and checks that the change log did not grow.
func (e *cliEnv) fails(args []string, want ...string) {
	e.t.Helper()
	before := e.changeCount()
	_, _, err := e.run(args...)
	if err == nil {
		e.t.Fatalf("cdc %s succeeded; want an error", strings.Join(args, " "))
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			e.t.Errorf("cdc %s: error %q does not mention %q", strings.Join(args, " "), err, w)
		}
	}
	if after := e.changeCount(); after != before {
		e.t.Errorf("cdc %s: change log grew from %d to %d rows", strings.Join(args, " "), before, after)
	}
}

// jsonOut runs a command and decodes its JSON output into v.
func (e *cliEnv) jsonOut(v any, args ...string) {
	e.t.Helper()
	out := e.ok(args...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		e.t.Fatalf("cdc %s: output is not JSON: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// store opens the database directly; the caller closes it.
func (e *cliEnv) store() *catalog.Store {
	e.t.Helper()
	s, err := catalog.Open(context.Background(), e.db)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

func (e *cliEnv) changeCount() int {
	e.t.Helper()
	s := e.store()
	defer s.Close()
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM change_log").Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// cycleData loads a cycle of an organisation ("" = current) straight from the store.
func (e *cliEnv) cycleData(org, cycle string) *catalog.CycleData {
	e.t.Helper()
	ctx := context.Background()
	s := e.store()
	defer s.Close()
	o, err := s.FindOrg(ctx, org)
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := s.FindCycle(ctx, o.ID, cycle)
	if err != nil {
		e.t.Fatal(err)
	}
	d, err := s.CycleData(ctx, c.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

func service(t *testing.T, d *catalog.CycleData, id string) *catalog.ServiceState {
	t.Helper()
	st, ok := d.Service(id)
	if !ok {
		t.Fatalf("service %s missing", id)
	}
	return st
}

// in returns the environment bound to a subtest.
func (e *cliEnv) in(t *testing.T) *cliEnv {
	c := *e
	c.t = t
	return &c
}

// badInput is one command line that must fail with a message naming what is wrong.
type badInput struct {
	name string
	args []string
	want []string
}

// checkBadInput runs each case as a subtest: it must fail, mention every want, and change nothing.
func (e *cliEnv) checkBadInput(cases []badInput) {
	e.t.Helper()
	for _, tc := range cases {
		e.t.Run(tc.name, func(t *testing.T) { e.in(t).fails(tc.args, tc.want...) })
	}
}
