package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// checkStatus is the outcome of one doctor check.
type checkStatus string

const (
	checkOK   checkStatus = "ok"
	checkWarn checkStatus = "warn"
	checkFail checkStatus = "fail"
)

// doctorCheck is one line of cdc doctor.
type doctorCheck struct {
	Name   string      `json:"name"`
	Status checkStatus `json:"status"`
	Detail string      `json:"detail"`
}

// doctorReport is what cdc doctor prints with --json.
type doctorReport struct {
	Database string        `json:"database"`
	OK       bool          `json:"ok"`
	Checks   []doctorCheck `json:"checks"`
}

// errDoctor is returned when a check fails, so that cdc doctor exits 1 after its report.
type errDoctor struct{ failed int }

func (e errDoctor) Error() string { return fmt.Sprintf("%d check(s) failed", e.failed) }

func newDoctorCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:  "doctor",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p := a.printer()
			rep := a.doctor(cmd, p)
			failed := 0
			for _, c := range rep.Checks {
				if c.Status == checkFail {
					failed++
				}
			}
			rep.OK = failed == 0
			if err := a.show(rep, doctorText(p, rep)); err != nil {
				return err
			}
			if failed > 0 {
				return reported{errDoctor{failed}}
			}
			return nil
		},
	}
}

// doctor runs the checks, stopping at the first that leaves nothing to check after it.
func (a *app) doctor(cmd *cobra.Command, p vocab.Printer) doctorReport {
	var rep doctorReport
	add := func(name string, st checkStatus, detail string, args ...any) {
		rep.Checks = append(rep.Checks, doctorCheck{Name: name, Status: st, Detail: p.T(detail, args...)})
	}
	source := "cli.doctor.source_default"
	switch {
	case a.dbFlag != "":
		source = "cli.doctor.source_flag"
	case os.Getenv(catalog.DBEnv) != "":
		source = "cli.doctor.source_env"
	}
	path, err := a.dbPath()
	if err != nil {
		add("path", checkFail, "cli.doctor.error", p.Error(err))
		return rep
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	rep.Database = path
	add("path", checkOK, source, path)

	// stat finds path as a folder (dir) or a file; false, after saying why, when the checks
	// that follow have nothing to look at.
	stat := func(name, path string, dir bool, missing, wrongKind string) (fs.FileInfo, bool) {
		fi, err := os.Stat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			add(name, checkWarn, missing, path)
		case err != nil:
			add(name, checkFail, "cli.doctor.error", p.Error(err))
		case fi.IsDir() != dir:
			add(name, checkFail, wrongKind, path)
		default:
			return fi, true
		}
		return nil, false
	}
	dir := filepath.Dir(path)
	dst, ok := stat("folder", dir, true, "cli.doctor.no_folder", "cli.doctor.folder_not_folder")
	if !ok {
		return rep
	}
	add("folder", modeStatus(dst.Mode().Perm(), 0o700), "cli.doctor.mode", dir, dst.Mode().Perm(), os.FileMode(0o700))
	fst, ok := stat("file", path, false, "cli.doctor.no_file", "cli.doctor.file_is_folder")
	if !ok {
		return rep
	}
	add("file", modeStatus(fst.Mode().Perm(), 0o600), "cli.doctor.file_mode", p.Count(int(fst.Size()/1024)), fst.Mode().Perm(), os.FileMode(0o600))

	s, err := catalog.OpenReadOnly(cmd.Context(), path)
	var schema *catalog.SchemaError
	switch {
	case errors.As(err, &schema) && schema.Found < schema.Known:
		// An older schema is upgraded, after a backup, by the next command that writes.
		add("schema", checkWarn, "cli.doctor.schema_old", schema.Found, schema.Known)
		return rep
	case err != nil:
		add("schema", checkFail, "cli.doctor.error", p.Error(err))
		return rep
	}
	defer s.Close()
	add("schema", checkOK, "cli.doctor.schema", catalog.SchemaVersion())

	if v, err := s.IntegrityCheck(cmd.Context()); err != nil {
		add("integrity", checkFail, "cli.doctor.error", p.Error(err))
	} else if v != "ok" {
		add("integrity", checkFail, "cli.doctor.integrity_bad", v)
	} else {
		add("integrity", checkOK, "cli.doctor.integrity_ok")
	}

	packs, err := s.Packs(cmd.Context())
	if err != nil {
		add("packs", checkFail, "cli.doctor.error", p.Error(err))
		return rep
	}
	builtin := catalog.BuiltinPack().Ref()
	var refs []string
	hasBuiltin := false
	for _, x := range packs {
		refs = append(refs, x.ID+"@"+x.Version)
		hasBuiltin = hasBuiltin || x.ID+"@"+x.Version == builtin
	}
	if hasBuiltin {
		add("packs", checkOK, "cli.doctor.packs", strings.Join(refs, p.T("cli.list.sep")))
	} else {
		add("packs", checkWarn, "cli.doctor.no_builtin", builtin, strings.Join(refs, p.T("cli.list.sep")))
	}

	if orgs, err := s.Orgs(cmd.Context()); err == nil {
		add("organisations", checkOK, "cli.doctor.orgs", p.Count(len(orgs)))
	} else {
		add("organisations", checkFail, "cli.doctor.error", p.Error(err))
	}
	return rep
}

// modeStatus warns when a file or folder is open to others; Windows has no such modes.
func modeStatus(got, want fs.FileMode) checkStatus {
	if runtime.GOOS == "windows" || got&^want == 0 {
		return checkOK
	}
	return checkWarn
}

func doctorText(p vocab.Printer, rep doctorReport) string {
	t := newTable("", "", "")
	for _, c := range rep.Checks {
		st := styles.good
		switch c.Status {
		case checkWarn:
			st = styles.warn
		case checkFail:
			st = styles.bad
		}
		t.row(styled(p.T("cli.doctor.status."+string(c.Status)), st), p.T("cli.doctor.check."+c.Name), c.Detail)
	}
	return t.String()
}
