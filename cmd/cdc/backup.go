package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cdc-toolkit/cdc/export"
	"github.com/spf13/cobra"
)

func newBackupCmd(a *app) *cobra.Command {
	var dest string
	var force bool
	cmd := &cobra.Command{
		Use:     "backup -o FILE",
		Example: `  cdc backup -o ~/cdc-2026-03-31.db`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.checkTarget("cli.file.backup", dest, "", force, os.Lstat); err != nil {
				return err
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			if err := export.CheckNotDatabase(s.Path(), dest); err != nil {
				return fmt.Errorf("%s %w", a.printer().T("cli.file.backup"), err)
			}
			dir := filepath.Dir(dest)
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return errors.New(a.printer().T("cli.backup.no_folder", dir))
			}
			// A folder only this user can enter, created with an unpredictable name: nothing
			// can be planted where the copy is written.
			tmpDir, err := os.MkdirTemp(dir, ".cdc-backup-*")
			if err != nil {
				return fmt.Errorf("%s: %w", a.printer().T("cli.backup.to", dest), err)
			}
			defer os.RemoveAll(tmpDir)
			tmp := filepath.Join(tmpDir, "copy.db")
			if err := s.Backup(cmd.Context(), tmp); err != nil {
				return err
			}
			if err := os.Chmod(tmp, 0o600); err != nil {
				return fmt.Errorf("%s: %w", a.printer().T("cli.backup.to", dest), err)
			}
			if err := os.Rename(tmp, dest); err != nil {
				return fmt.Errorf("%s: %w", a.printer().T("cli.backup.to", dest), err)
			}
			return a.result(map[string]string{"database": s.Path(), "backup": dest}, a.printer().T("cli.backup.done", s.Path(), dest))
		},
	}
	cmd.Flags().StringVarP(&dest, "output", "o", "", "")
	cmd.Flags().BoolVar(&force, "force", false, "")
	return cmd
}
