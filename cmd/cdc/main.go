// Command cdc walks an organisation through the ITU-T X.1060 cycle for running a
// Cyber Defence Centre: Build, Management and Evaluation, kept in SQLite and reported as Excel.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	"charm.land/fang/v2"
)

func main() {
	if os.Getenv("NO_COLOR") != "" {
		// colorprofile only honours NO_COLOR values that parse as true; no-color.org says any value.
		os.Setenv("NO_COLOR", "1")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first interrupt, a second one ends the process the usual way.
		<-ctx.Done()
		stop()
	}()
	tuneGC()
	stopProfile := startProfile()
	code := execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	stop()
	os.Exit(code)
}

// execute runs one command line and returns the exit status: 0 ok, 1 failure, 2 usage,
// 3 import conflicts, 130 interrupted. Errors are printed here, as JSON with --json.
func execute(ctx context.Context, args []string, out, errOut io.Writer) int {
	a, root := newRoot(out, errOut, args)
	root.SetArgs(args)
	v, commit := buildVersion()
	err := fang.Execute(ctx, root,
		fang.WithVersion(v), fang.WithCommit(commit),
		fang.WithoutManpage(), // cdc has its own man command, with ENVIRONMENT, FILES and EXIT STATUS
		fang.WithErrorHandler(a.handleError(ctx)))
	if cerr := a.close(); err == nil && cerr != nil {
		err = cerr
		a.handleError(ctx)(errOut, fang.Styles{}, err)
	}
	return exitCode(ctx, err)
}

// startProfile writes a CPU profile of the whole process to the file CDC_CPUPROFILE names
// (and, at the end, a heap profile to CDC_MEMPROFILE),
// for the benchmarks of BENCHMARKS.md; the returned function ends it. A file that cannot be
// created leaves the process unprofiled.
func startProfile() func() {
	path := os.Getenv("CDC_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
		if heap := os.Getenv("CDC_MEMPROFILE"); heap != "" { // what is live at the end
			if h, err := os.Create(heap); err == nil {
				_ = pprof.WriteHeapProfile(h)
				h.Close()
			}
		}
	}
}

// tuneGC trades the collector's default (collect when the heap doubles) for a bound on the
// whole process: the heap may grow to five times what is live, up to a soft limit of 100 MiB,
// past which the collector works harder instead. A command on a small organisation then
// spends almost nothing collecting (a tenth of a cold `cdc eval`), and the largest ones peak
// lower than they did (the 10,000-service report: 204 -> 145 MB). GOGC and GOMEMLIMIT, when
// set, win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(100 << 20)
	}
}
