package catalog

import (
	"context"
	"database/sql"
	"time"
)

// Tx is one write transaction; every change it makes is logged in the same transaction.
type Tx struct {
	tx     *sql.Tx
	s      *Store
	ctx    context.Context
	at     time.Time
	source string
	actor  string // who, recorded with every change
	// build caches each cycle's services by ID for SetBuild, so a batch of
	// per-service calls reads the cycle once instead of once per call.
	build map[int64]map[string]*ServiceState
	stmts map[string]*sql.Stmt
	perm  *permission // what the store's user may change; nil: everything
	// logged are the change-log IDs written, handed to a RecordChanges context on commit;
	// undoing marks every entry written as an undo (see undo.go).
	logged  []int64
	undoing bool
	// touched are the organisations the change log names, whose closed cycles' figures are
	// kept on commit (keepFigures).
	touched map[int64]bool
}

// Update runs fn in one immediate transaction tagged with source (empty: the store's Source).
// Nothing is written unless fn returns nil.
func (s *Store) Update(ctx context.Context, source string, fn func(*Tx) error) error {
	if source == "" {
		source = s.Source
	}
	// Who and where are stored with every change: they are text from outside too.
	actor, err := cleanName("assessor", s.Actor)
	if err != nil {
		return err
	}
	if source, err = cleanText("source", source, MaxNameLen+MaxTextLen, false); err != nil {
		return err
	}
	defer s.inFlight()()
	sqltx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.describe(err)
	}
	tx := &Tx{tx: sqltx, s: s, ctx: ctx, at: now(), source: source, actor: actor}
	committed := false
	// A panic in fn must not leave the only connection inside a transaction.
	defer func() {
		if !committed {
			sqltx.Rollback()
		}
	}()
	if err := tx.authorize(); err != nil {
		return s.describe(err)
	}
	if err := fn(tx); err != nil {
		return s.describe(err)
	}
	if err := tx.keepFigures(); err != nil {
		return s.describe(err)
	}
	committed = true
	if err := sqltx.Commit(); err != nil {
		return s.describe(err)
	}
	recordChanges(ctx, tx.logged)
	return nil
}

// collect runs a query and scans every row with scan.
func collect[T any](ctx context.Context, q querier, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// openCyclePack returns an open cycle with its pack.
func (t *Tx) openCyclePack(cycleID int64) (Cycle, *Pack, error) {
	c, err := t.openCycle(cycleID)
	if err != nil {
		return c, nil, err
	}
	pack, err := t.s.pack(t.ctx, t.tx, c.PackRef)
	return c, pack, err
}

// update runs one Tx method in its own transaction: the store's write methods are the Tx's,
// each written once.
func update[T any](ctx context.Context, s *Store, source string, fn func(*Tx) (T, error)) (T, error) {
	var v T
	err := s.Update(ctx, source, func(tx *Tx) error {
		var err error
		v, err = fn(tx)
		return err
	})
	return v, err
}

// prepared returns q prepared once per transaction: parsing SQL is most of the
// cost of a statement, and imports run the same few statements per service.
func (t *Tx) prepared(q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(t.ctx, q)
	if err != nil {
		return nil, err
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[q] = st
	return st, nil
}

func (t *Tx) exec(q string, args ...any) (sql.Result, error) {
	st, err := t.prepared(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(t.ctx, args...)
}

// queryRow runs a prepared single-row query; errors surface from Scan.
func (t *Tx) queryRow(q string, args ...any) rowScanner {
	st, err := t.prepared(q)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRowContext(t.ctx, args...)
}

type rowScanner interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// read runs fn in a read transaction (a plain BEGIN: it never takes the write lock).
func (s *Store) read(ctx context.Context, fn func(q querier) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.describe(err)
	}
	defer tx.Rollback()
	return s.describe(fn(tx))
}

// readValue runs one read in its own read transaction, as update does for a write.
func readValue[T any](ctx context.Context, s *Store, fn func(q querier) (T, error)) (T, error) {
	var v T
	err := s.read(ctx, func(q querier) error {
		var err error
		v, err = fn(q)
		return err
	})
	return v, err
}

// keepFigures keeps, in cycle_figures, the packed figures of the touched organisations' closed
// cycles that have none kept: a cycle just closed, imported or changed. A closed cycle does not
// change, so its evaluations read one row from then on; the triggers of schema 10 drop the row
// if its settings or scores ever change.
func (t *Tx) keepFigures() error {
	if len(t.touched) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(t.touched))
	for id := range t.touched {
		ids = append(ids, id)
	}
	_, err := t.exec(`INSERT INTO cycle_figures (cycle_id, builds, scores)
		SELECT v.cycle_id, v.builds, v.scores FROM cycle_figures_live v
		WHERE v.cycle_id IN (SELECT id FROM cycles WHERE status = 'closed' AND org_id IN ` + idList(ids) + `)
		AND NOT EXISTS (SELECT 1 FROM cycle_figures f WHERE f.cycle_id = v.cycle_id)`)
	return err
}
