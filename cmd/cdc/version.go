package main

import (
	"fmt"
	"runtime"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/spf13/cobra"
)

func init() { register(newVersionCmd) }

// versionInfo is what cdc version reports.
type versionInfo struct {
	Version string `json:"version"`
	Schema  int    `json:"schema"`
	Pack    string `json:"builtin_pack"`
	Go      string `json:"go"`
	OS      string `json:"os"`
}

func newVersionCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Show the version, database schema and Go version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			v := versionInfo{
				Version: version,
				Schema:  catalog.SchemaVersion(),
				Pack:    catalog.BuiltinPack().Ref(),
				Go:      runtime.Version(),
				OS:      runtime.GOOS + "/" + runtime.GOARCH,
			}
			if asJSON {
				return a.printJSON(v)
			}
			fmt.Fprintf(a.out, "cdc %s\ndatabase schema %d\nbuilt-in pack %s\n%s %s\n", v.Version, v.Schema, v.Pack, v.Go, v.OS)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "Print JSON")
	return cmd
}
