package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
)

// Per-user preferences of the interface. They belong to whoever runs the program (the
// store's Actor) and are not data about an organisation: they are neither logged nor exported.

// SettingAdvance says whether the cursor moves to the next service after a score ("true" by default).
const SettingAdvance = "evaluate.advance"

// Setting returns the store user's value of a setting; ok is false when it was never set.
func (s *Store) Setting(ctx context.Context, name string) (value string, ok bool, err error) {
	err = s.read(ctx, func(q querier) error {
		err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE user = ? AND name = ?", s.Actor, name).Scan(&value)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		ok = err == nil
		return err
	})
	return value, ok, err
}

// BoolSetting returns a yes/no setting, or def when it was never set or is not a yes/no value.
func (s *Store) BoolSetting(ctx context.Context, name string, def bool) (bool, error) {
	v, ok, err := s.Setting(ctx, name)
	if err != nil || !ok {
		return def, err
	}
	b, perr := strconv.ParseBool(v)
	if perr != nil {
		return def, nil
	}
	return b, nil
}

// SetSetting stores the store user's value of a setting.
func (s *Store) SetSetting(ctx context.Context, name, value string) error {
	if s.readOnly {
		return s.describe(errors.New("the database is open read-only; the setting was not saved"))
	}
	defer s.inFlight()()
	_, err := s.db.ExecContext(ctx, `INSERT INTO settings (user, name, value) VALUES (?, ?, ?)
		ON CONFLICT (user, name) DO UPDATE SET value = excluded.value`, s.Actor, name, value)
	return s.describe(err)
}
