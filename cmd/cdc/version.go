package main

import (
	"runtime"
	"runtime/debug"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/spf13/cobra"
)

// version and commit are set at build time with
// -ldflags "-X main.version=v1.2.3 -X main.commit=abc1234"; without them the build info says.
var (
	version = ""
	commit  = ""
)

// buildVersion is the version and commit: the ldflags, else the module version and VCS
// revision recorded by the Go toolchain, else "dev".
func buildVersion() (string, string) {
	v, c := version, commit
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && c == "" {
				c = s.Value
			}
		}
	}
	if v == "" {
		v = "dev"
	}
	return v, c
}

// versionInfo is what cdc version reports.
type versionInfo struct {
	Version string `json:"version"`
	Commit  string `json:"commit,omitempty"`
	Schema  int    `json:"schema"`
	Pack    string `json:"builtin_pack"`
	Go      string `json:"go"`
	OS      string `json:"os"`
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:  "version",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ver, com := buildVersion()
			v := versionInfo{
				Version: ver,
				Commit:  com,
				Schema:  catalog.SchemaVersion(),
				Pack:    catalog.BuiltinPack().Ref(),
				Go:      runtime.Version(),
				OS:      runtime.GOOS + "/" + runtime.GOARCH,
			}
			p := a.printer()
			text := p.T("cli.version.text", v.Version, v.Schema, v.Pack, v.Go, v.OS)
			if v.Commit != "" {
				text = p.T("cli.version.text_commit", v.Version, v.Commit, v.Schema, v.Pack, v.Go, v.OS)
			}
			return a.result(v, text)
		},
	}
}
