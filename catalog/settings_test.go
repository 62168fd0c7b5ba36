package catalog

import (
	"context"
	"path/filepath"
	"testing"
)

func TestSettingsPerUser(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cdc.db")
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	a.Actor, b.Actor = "ana", "bo"
	for _, tc := range []struct {
		name      string
		set       *string
		def, want bool
	}{
		{"never set: the default", nil, true, true},
		{"set off", ptr("false"), true, false},
		{"set on", ptr("true"), false, true},
		{"not a yes/no value: the default", ptr("maybe"), true, true},
	} {
		if tc.set != nil {
			if err := a.SetSetting(ctx, SettingAdvance, *tc.set); err != nil {
				t.Fatal(err)
			}
		}
		got, err := a.BoolSetting(ctx, SettingAdvance, tc.def)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %v %v, want %v", tc.name, got, err, tc.want)
		}
	}
	// another user keeps the default
	if got, err := b.BoolSetting(ctx, SettingAdvance, true); err != nil || !got {
		t.Errorf("another user's setting: %v %v", got, err)
	}
}
