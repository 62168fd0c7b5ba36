package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"
)

func init() { register(newBackupCmd) }

func newBackupCmd(a *app) *cobra.Command {
	var dest string
	var force bool
	cmd := &cobra.Command{
		Use:   "backup -o FILE",
		Short: "Write a consistent copy of the database to FILE",
		Long: "Write a consistent, compacted copy of the whole database to FILE (mode 0600), safe to run\n" +
			"while the terminal interface is open. Restore by pointing --db (or CDC_DB) at the copy.",
		Example: `  cdc backup -o ~/cdc-2026-03-31.db`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if dest == "" {
				return errors.New("no backup file given: use -o FILE")
			}
			st, err := os.Stat(dest)
			switch {
			case err == nil && st.IsDir():
				return fmt.Errorf("backup file %s is a folder; give a file name", dest)
			case err == nil && !force:
				return fmt.Errorf("backup file %s already exists; add --force to overwrite it", dest)
			case err != nil && !errors.Is(err, fs.ErrNotExist):
				return fmt.Errorf("backup file %s: %w", dest, err)
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			if sameFile(s.Path(), dest) {
				return fmt.Errorf("backup file %s is the database itself; choose another file", dest)
			}
			if err := s.Backup(cmd.Context(), dest); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Backed up %s to %s.\n", s.Path(), dest)
			return nil
		},
	}
	cmd.Flags().StringVarP(&dest, "output", "o", "", "Backup file to write")
	cmd.Flags().BoolVar(&force, "force", false, "Overwrite an existing file")
	return cmd
}

// sameFile reports whether two paths name the same existing file.
func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}
