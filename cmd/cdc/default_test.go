package main

import (
	"strings"
	"testing"
)

func TestDefaultRefusesWithoutTerminal(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"no terminal", nil, "cdc eval"},
		{"bad language", []string{"--lang", "de"}, `language "de" is not supported`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newCLI(t)
			_, _, err := e.run(tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("bare cdc %v: error %v, want one containing %q", tt.args, err, tt.wantErr)
			}
		})
	}
}
