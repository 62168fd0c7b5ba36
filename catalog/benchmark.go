package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
)

// BenchmarkSet is an imported external benchmark: aggregate figures of groups of
// organisations (a national or regional set), with no organisation named. It is kept apart
// from the organisations of this database and never mixed into their figures.
type BenchmarkSet struct {
	ID            int64            `json:"id"`
	Name          string           `json:"name"`
	Source        string           `json:"source"` // the file it was imported from
	FormatVersion int              `json:"format_version"`
	GroupBy       string           `json:"group_by"` // sector, country or size-band
	K             int              `json:"k"`
	PackID        string           `json:"pack_id"`
	PackVersion   string           `json:"pack_version"`
	CreatedAt     time.Time        `json:"created_at"`
	ImportedAt    time.Time        `json:"imported_at"`
	Groups        []BenchmarkGroup `json:"groups"`
}

// BenchmarkGroup is one group of a benchmark set.
type BenchmarkGroup struct {
	Key           string            `json:"key"`
	Organisations int               `json:"organisations"`
	Provisional   int               `json:"provisional"` // members whose figures are provisional
	Figures       []BenchmarkFigure `json:"figures"`
}

// BenchmarkFigure is the distribution of one figure over a group: an index (Category empty)
// or a category's figure.
type BenchmarkFigure struct {
	Figure   string `json:"figure"`
	Category string `json:"category,omitempty"`
	Distribution
}

// Distribution summarises a figure over a group: its count, extremes, quartiles and median.
// scoring computes it; a benchmark set stores it.
type Distribution struct {
	N      int     `json:"n"`
	Min    float64 `json:"min"`
	Q1     float64 `json:"q1"`
	Median float64 `json:"median"`
	Q3     float64 `json:"q3"`
	Max    float64 `json:"max"`
}

// BenchmarkGroupings lists the groupings a benchmark set may use.
var BenchmarkGroupings = []string{"sector", "country", "size-band"}

// Limits on an imported benchmark set.
const (
	MaxBenchmarkGroups  = 1000
	MaxBenchmarkFigures = 500 // per group
)

// Validate lists every structural problem of a set, each as "path: message". The
// statistical rules (the smallest group) are checked by the reader of the file.
func (b *BenchmarkSet) Validate() []string {
	var probs []string
	add := func(path, format string, args ...any) {
		probs = append(probs, path+": "+fmt.Sprintf(format, args...))
	}
	plain := func(path, v string, max int, required bool) {
		if err := checkText(path, v, max); err != nil {
			add(path, "%v", strings.TrimPrefix(err.Error(), path+" "))
			return
		}
		if required && strings.TrimSpace(v) == "" {
			add(path, "is empty")
		}
		for _, r := range v {
			if unicode.IsControl(r) {
				add(path, "holds a control character")
				return
			}
		}
	}
	plain("name", b.Name, MaxNameLen, true)
	plain("pack.id", b.PackID, MaxNameLen, true)
	plain("pack.version", b.PackVersion, MaxNameLen, true)
	known := false
	for _, g := range BenchmarkGroupings {
		known = known || b.GroupBy == g
	}
	if !known {
		add("group_by", "%q is not one of %s", b.GroupBy, strings.Join(BenchmarkGroupings, ", "))
	}
	if b.K < 1 {
		add("k", "%d is not a group size", b.K)
	}
	if len(b.Groups) > MaxBenchmarkGroups {
		add("groups", "%d groups; the limit is %d", len(b.Groups), MaxBenchmarkGroups)
		return probs
	}
	seen := map[string]bool{}
	for i, g := range b.Groups {
		path := fmt.Sprintf("groups[%d]", i)
		plain(path+".key", g.Key, MaxNameLen, true)
		if fold := strings.ToLower(strings.TrimSpace(g.Key)); seen[fold] {
			add(path+".key", "%q appears twice", g.Key)
		} else {
			seen[fold] = true
		}
		if g.Organisations < 1 {
			add(path+".organisations", "%d is not a group size", g.Organisations)
		}
		if g.Provisional < 0 || g.Provisional > g.Organisations {
			add(path+".provisional", "%d is not between 0 and the group's %d organisations", g.Provisional, g.Organisations)
		}
		if len(g.Figures) > MaxBenchmarkFigures {
			add(path+".figures", "%d figures; the limit is %d", len(g.Figures), MaxBenchmarkFigures)
			continue
		}
		figs := map[string]bool{}
		for j, f := range g.Figures {
			fp := fmt.Sprintf("%s.figures[%d]", path, j)
			plain(fp+".figure", f.Figure, 64, true)
			plain(fp+".category", f.Category, MaxNameLen, false)
			if k := f.Figure + "\x00" + f.Category; figs[k] {
				add(fp, "figure %q of category %q appears twice", f.Figure, f.Category)
			} else {
				figs[k] = true
			}
			if f.N < 1 || f.N > g.Organisations {
				add(fp+".n", "%d is not between 1 and the group's %d organisations", f.N, g.Organisations)
			}
			vals := []float64{f.Min, f.Q1, f.Median, f.Q3, f.Max}
			finite := true
			for _, v := range vals {
				finite = finite && !math.IsNaN(v) && !math.IsInf(v, 0)
			}
			if !finite {
				add(fp, "holds a number that is not finite")
				continue
			}
			for k := 1; k < len(vals); k++ {
				if vals[k] < vals[k-1] {
					add(fp, "min <= q1 <= median <= q3 <= max does not hold")
					break
				}
			}
		}
	}
	return probs
}

// BenchmarkError lists the problems of a benchmark set refused on import.
type BenchmarkError struct{ Problems []string }

func (e *BenchmarkError) Error() string {
	return "the benchmark set is not valid: " + strings.Join(e.Problems, "; ")
}

// ImportBenchmark stores a validated benchmark set under its name in one transaction and
// returns its ID. A set of the same name (case-insensitive) is refused unless replace is set,
// when it is replaced in the same transaction.
func (s *Store) ImportBenchmark(ctx context.Context, b *BenchmarkSet, replace bool) (int64, error) {
	if probs := b.Validate(); len(probs) > 0 {
		return 0, &BenchmarkError{Problems: probs}
	}
	var id int64
	err := s.Update(ctx, "", func(tx *Tx) error {
		var n int
		if err := tx.queryRow("SELECT count(*) FROM benchmark_sets WHERE name = ? COLLATE NOCASE", b.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 && !replace {
			return fmt.Errorf("a benchmark set named %q exists already; replace it (--replace) or give another name (--name)", b.Name)
		}
		if n > 0 {
			if _, err := tx.exec("DELETE FROM benchmark_sets WHERE name = ? COLLATE NOCASE", b.Name); err != nil {
				return err
			}
			if err := tx.log(0, 0, EntityBenchmark, b.Name, FieldRemove, b.Name, "", "replaced"); err != nil {
				return err
			}
		}
		res, err := tx.exec(`INSERT INTO benchmark_sets (name, source, format_version, group_by, k, pack_id, pack_version, created_at, imported_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			b.Name, b.Source, b.FormatVersion, b.GroupBy, b.K, b.PackID, b.PackVersion, formatTime(b.CreatedAt), formatTime(tx.at))
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		for _, g := range b.Groups {
			res, err := tx.exec("INSERT INTO benchmark_groups (set_id, key, organisations, provisional) VALUES (?, ?, ?, ?)", id, g.Key, g.Organisations, g.Provisional)
			if err != nil {
				return err
			}
			gid, err := res.LastInsertId()
			if err != nil {
				return err
			}
			for _, f := range g.Figures {
				if _, err := tx.exec(`INSERT INTO benchmark_figures (group_id, figure, category, n, min, q1, median, q3, max)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, gid, f.Figure, f.Category, f.N, f.Min, f.Q1, f.Median, f.Q3, f.Max); err != nil {
					return err
				}
			}
		}
		return tx.log(0, 0, EntityBenchmark, b.Name, FieldImport, "", fmt.Sprintf("%d groups by %s", len(b.Groups), b.GroupBy), "")
	})
	return id, err
}

// RemoveBenchmark deletes a benchmark set by name.
func (s *Store) RemoveBenchmark(ctx context.Context, name string) error {
	return s.Update(ctx, "", func(tx *Tx) error {
		res, err := tx.exec("DELETE FROM benchmark_sets WHERE name = ? COLLATE NOCASE", strings.TrimSpace(name))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("benchmark set %q does not exist", name)
		}
		return tx.log(0, 0, EntityBenchmark, name, FieldRemove, name, "", "")
	})
}

// BenchmarkSets lists the imported sets by name, without their groups.
func (s *Store) BenchmarkSets(ctx context.Context) ([]BenchmarkSet, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, source, format_version, group_by, k, pack_id, pack_version, created_at, imported_at
		FROM benchmark_sets ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, s.describe(err)
	}
	defer rows.Close()
	out := []BenchmarkSet{}
	for rows.Next() {
		b, err := scanBenchmarkSet(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, s.describe(rows.Err())
}

func scanBenchmarkSet(sc interface{ Scan(...any) error }) (BenchmarkSet, error) {
	var b BenchmarkSet
	var created, imported string
	err := sc.Scan(&b.ID, &b.Name, &b.Source, &b.FormatVersion, &b.GroupBy, &b.K, &b.PackID, &b.PackVersion, &created, &imported)
	b.CreatedAt, b.ImportedAt = parseTime(created), parseTime(imported)
	return b, err
}

// BenchmarkSet loads one set by name (case-insensitive) with its groups and figures.
func (s *Store) BenchmarkSet(ctx context.Context, name string) (*BenchmarkSet, error) {
	var b BenchmarkSet
	err := s.read(ctx, func(q querier) error {
		var err error
		b, err = scanBenchmarkSet(q.QueryRowContext(ctx, `SELECT id, name, source, format_version, group_by, k, pack_id, pack_version, created_at, imported_at
			FROM benchmark_sets WHERE name = ? COLLATE NOCASE`, strings.TrimSpace(name)))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("benchmark set %q does not exist (cdc import benchmark FILE adds one)", name)
		}
		if err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, `SELECT g.id, g.key, g.organisations, g.provisional, f.figure, f.category, f.n, f.min, f.q1, f.median, f.q3, f.max
			FROM benchmark_groups g LEFT JOIN benchmark_figures f ON f.group_id = g.id
			WHERE g.set_id = ? ORDER BY g.id, f.rowid`, b.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		b.Groups = []BenchmarkGroup{}
		last := int64(-1)
		for rows.Next() {
			var gid int64
			var g BenchmarkGroup
			var fig, cat sql.NullString
			var n sql.NullInt64
			var mn, q1, md, q3, mx sql.NullFloat64
			if err := rows.Scan(&gid, &g.Key, &g.Organisations, &g.Provisional, &fig, &cat, &n, &mn, &q1, &md, &q3, &mx); err != nil {
				return err
			}
			if gid != last {
				g.Figures = []BenchmarkFigure{}
				b.Groups = append(b.Groups, g)
				last = gid
			}
			if fig.Valid {
				cur := &b.Groups[len(b.Groups)-1]
				cur.Figures = append(cur.Figures, BenchmarkFigure{Figure: fig.String, Category: cat.String, Distribution: Distribution{N: int(n.Int64),
					Min: mn.Float64, Q1: q1.Float64, Median: md.Float64, Q3: q3.Float64, Max: mx.Float64}})
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return &b, nil
}
