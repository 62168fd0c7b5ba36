package main

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"

	"github.com/cdc-toolkit/cdc/catalog"
)

// dbPath resolves the database file: --db, else $CDC_DB, else the data folder of the platform.
func (a *app) dbPath() (string, error) {
	if a.dbFlag != "" {
		return a.dbFlag, nil
	}
	if env := os.Getenv(catalog.DBEnv); env != "" {
		return env, nil
	}
	home, err := os.UserHomeDir()
	if err != nil && os.Getenv("XDG_DATA_HOME") == "" && os.Getenv("LOCALAPPDATA") == "" {
		return "", errors.New(a.printer().T("cli.error.no_home", catalog.DBEnv))
	}
	return defaultDBPath(runtime.GOOS, os.Getenv, home, exists), nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// defaultDBPath is where the database lives when nothing says otherwise, following each
// platform's convention: $XDG_DATA_HOME when it is absolute (as the XDG specification asks,
// on any platform), %LOCALAPPDATA% on Windows, ~/Library/Application Support on macOS and
// ~/.local/share elsewhere. A macOS database made by an earlier cdc in ~/.local/share is
// kept where it is.
func defaultDBPath(goos string, getenv func(string) string, home string, exists func(string) bool) string {
	const dir, file = "cdc", "cdc.db"
	if xdg := getenv("XDG_DATA_HOME"); filepath.IsAbs(xdg) {
		return filepath.Join(xdg, dir, file)
	}
	legacy := filepath.Join(home, ".local", "share", dir, file)
	switch goos {
	case "windows":
		base := getenv("LOCALAPPDATA")
		if base == "" {
			base = filepath.Join(home, "AppData", "Local")
		}
		return filepath.Join(base, dir, file)
	case "darwin", "ios":
		native := filepath.Join(home, "Library", "Application Support", dir, file)
		if !exists(native) && exists(legacy) {
			return legacy
		}
		return native
	}
	return legacy
}
