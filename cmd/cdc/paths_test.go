package main

import (
	"path/filepath"
	"testing"
)

func TestDefaultDBPath(t *testing.T) {
	home := filepath.Join("/", "home", "ana")
	legacy := filepath.Join(home, ".local", "share", "cdc", "cdc.db")
	mac := filepath.Join(home, "Library", "Application Support", "cdc", "cdc.db")
	tests := []struct {
		name     string
		goos     string
		env      map[string]string
		existing []string
		want     string
	}{
		{"linux", "linux", nil, nil, legacy},
		{"linux with XDG_DATA_HOME", "linux", map[string]string{"XDG_DATA_HOME": "/data"}, nil, filepath.Join("/data", "cdc", "cdc.db")},
		{"relative XDG_DATA_HOME is ignored", "linux", map[string]string{"XDG_DATA_HOME": "data"}, nil, legacy},
		{"macOS", "darwin", nil, nil, mac},
		{"macOS keeps an earlier database", "darwin", nil, []string{legacy}, legacy},
		{"macOS prefers the native one when both exist", "darwin", nil, []string{legacy, mac}, mac},
		{"macOS with XDG_DATA_HOME", "darwin", map[string]string{"XDG_DATA_HOME": "/x"}, nil, filepath.Join("/x", "cdc", "cdc.db")},
		{"Windows", "windows", map[string]string{"LOCALAPPDATA": `C:\Users\ana\AppData\Local`}, nil, filepath.Join(`C:\Users\ana\AppData\Local`, "cdc", "cdc.db")},
		{"Windows without LOCALAPPDATA", "windows", nil, nil, filepath.Join(home, "AppData", "Local", "cdc", "cdc.db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			exists := func(p string) bool {
				for _, e := range tt.existing {
					if e == p {
						return true
					}
				}
				return false
			}
			if got := defaultDBPath(tt.goos, getenv, home, exists); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
