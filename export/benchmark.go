package export

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/scoring"
)

// Benchmark contribution format; see FORMAT.md.
const (
	BenchmarkFormat = "cdc-benchmark"
	// MaxBenchmarkSize caps a benchmark file before it is parsed.
	MaxBenchmarkSize = 4 << 20
)

// benchmarkFile is the contribution file: aggregates only.
type benchmarkFile struct {
	Format        string                   `json:"format"`
	FormatVersion int                      `json:"format_version"`
	Name          string                   `json:"name"`
	CreatedAt     time.Time                `json:"created_at"`
	GroupBy       string                   `json:"group_by"`
	K             int                      `json:"k"`
	Pack          benchmarkPack            `json:"pack"`
	Groups        []catalog.BenchmarkGroup `json:"groups"`
}

type benchmarkPack struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}

// nonNilGroups copies groups with an empty, never null, list of groups and of figures: the
// file always holds both arrays.
func nonNilGroups(groups []catalog.BenchmarkGroup) []catalog.BenchmarkGroup {
	out := make([]catalog.BenchmarkGroup, 0, len(groups))
	for _, g := range groups {
		if g.Figures == nil {
			g.Figures = []catalog.BenchmarkFigure{}
		}
		out = append(out, g)
	}
	return out
}

// MarshalBenchmark returns the exact bytes of the contribution file of set: what
// WriteBenchmark writes and what the export shows before it asks.
func MarshalBenchmark(set *catalog.BenchmarkSet) ([]byte, error) {
	f := benchmarkFile{
		Format: BenchmarkFormat, FormatVersion: scoring.BenchmarkFormatVersion, Name: set.Name,
		CreatedAt: set.CreatedAt.UTC(), GroupBy: set.GroupBy, K: set.K,
		Pack: benchmarkPack{ID: set.PackID, Version: set.PackVersion}, Groups: nonNilGroups(set.Groups),
	}
	return catalog.MarshalFile(f)
}

// WriteBenchmark writes data (from MarshalBenchmark) to path atomically, mode 0600.
func WriteBenchmark(path string, data []byte) error {
	return WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// ReadBenchmark reads and checks a benchmark file completely: size, UTF-8, strict JSON with
// no duplicate keys, the format and version, every field, and the k rule (no group or figure
// below k). Problems are reported together as a *ValidationError naming each JSON path.
func ReadBenchmark(path string) (*catalog.BenchmarkSet, error) {
	data, err := readBenchmarkFile(path)
	if err != nil {
		return nil, err
	}
	return ParseBenchmark(path, data)
}

func readBenchmarkFile(path string) ([]byte, error) {
	data, err := readFileLimited(path)
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBenchmarkSize {
		return nil, fmt.Errorf("%s is %.1f MiB; benchmark files larger than %d MiB are refused", path, float64(len(data))/(1<<20), MaxBenchmarkSize>>20)
	}
	return data, nil
}

// ParseBenchmark checks benchmark file bytes; name is the file named in messages.
func ParseBenchmark(name string, data []byte) (*catalog.BenchmarkSet, error) {
	fail := func(where, format string, args ...any) error {
		return &ValidationError{File: name, Problems: []Problem{{Where: where, Message: fmt.Sprintf(format, args...)}}}
	}
	if len(data) > MaxBenchmarkSize {
		return nil, fail("", "the file is larger than %d MiB", MaxBenchmarkSize>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fail("", "the file is empty")
	}
	var f benchmarkFile
	if err := decodeFile(name, data, fileKind{BenchmarkFormat, scoring.BenchmarkFormatVersion, "benchmark"}, &f); err != nil {
		return nil, err
	}
	if f.Groups == nil {
		return nil, fail("groups", "is missing")
	}
	if len(f.Groups) == 0 {
		return nil, fail("groups", "holds no group; there is nothing to compare with")
	}
	set := &catalog.BenchmarkSet{
		Name: strings.TrimSpace(f.Name), FormatVersion: f.FormatVersion, GroupBy: f.GroupBy, K: f.K,
		PackID: f.Pack.ID, PackVersion: f.Pack.Version, CreatedAt: f.CreatedAt.UTC(), Groups: nonNilGroups(f.Groups),
	}
	var problems []Problem
	add := func(where, format string, args ...any) {
		problems = append(problems, Problem{Where: where, Message: fmt.Sprintf(format, args...)})
	}
	for _, p := range set.Validate() {
		where, msg, _ := strings.Cut(p, ": ")
		add(where, "%s", msg)
	}
	// The k rule: nothing below k is ever kept, whatever the file says its k is.
	if set.K < scoring.K {
		add("k", "%d is below this toolkit's smallest group (%d); the file is refused", set.K, scoring.K)
	}
	for i, g := range set.Groups {
		path := fmt.Sprintf("groups[%d]", i)
		// A group of a size-band set is one of the bands; a sector or country may be any name.
		if set.GroupBy == string(scoring.BySizeBand) {
			if _, ok := scoring.ParseSizeBand(g.Key); !ok {
				add(path+".key", "%q is not a size band (%s)", clip(g.Key, 40), strings.Join(sizeBandNames(), ", "))
			}
		}
		if g.Organisations < scoring.K {
			add(path+".organisations", "%d organisations is below the smallest group (%d)", g.Organisations, scoring.K)
		}
		for j, x := range g.Figures {
			fp := fmt.Sprintf("%s.figures[%d]", path, j)
			if x.N < scoring.K && x.N >= 1 {
				add(fp+".n", "%d is below the smallest group (%d)", x.N, scoring.K)
			}
			lo, hi, ok := figureRange(x.Figure, x.Category)
			if !ok {
				add(fp+".figure", "%q is not a known figure (with category %q)", clip(x.Figure, 40), clip(x.Category, 40))
				continue
			}
			if x.Min < lo || x.Max > hi {
				add(fp, "values must lie between %g and %g", lo, hi)
			}
		}
	}
	if len(problems) > 0 {
		return nil, &ValidationError{File: name, Problems: problems}
	}
	return set, nil
}

// figureRange gives the range of a known figure: indices need no category, category figures need one.
func figureRange(figure, category string) (lo, hi float64, ok bool) {
	switch figure {
	case string(scoring.MaturityIndex), string(scoring.TargetIndex), string(scoring.AttainmentIndex):
		return 0, 100, category == ""
	case scoring.FigureMeanCurrent:
		return 0, catalog.MaxScore, category != ""
	case scoring.FigureAttainment:
		return 0, 1, category != ""
	}
	return 0, 0, false
}

// sizeBandNames are the size bands as a file writes them.
func sizeBandNames() []string {
	out := make([]string, len(scoring.SizeBands))
	for i, b := range scoring.SizeBands {
		out[i] = string(b)
	}
	return out
}
