// Command cdc walks an organisation through the ITU-T X.1060 cycle for running a
// Cyber Defence Centre: Build, Management and Evaluation, kept in SQLite and reported as Excel.
package main

import (
	"context"
	"os"

	"charm.land/fang/v2"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	if os.Getenv("NO_COLOR") != "" {
		// colorprofile only honours NO_COLOR values that parse as true; no-color.org says any value.
		os.Setenv("NO_COLOR", "1")
	}
	root := newRootCmd(os.Stdout, os.Stderr)
	if err := fang.Execute(context.Background(), root, fang.WithVersion(version)); err != nil {
		os.Exit(1)
	}
}
