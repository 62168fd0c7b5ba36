package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
)

// An organisation file is walked token by token before it is decoded, because decoding
// into structs would hide what a hostile or damaged file does: a key given twice (the last
// silently wins), invalid UTF-8 or a lone surrogate (silently replaced), a number out of
// range, a control character in a name.

const (
	maxJSONDepth    = 32
	maxJSONProblems = 50
	// maxJSONNumber bounds every number: IDs, sizes, scores and pack weights are far smaller.
	maxJSONNumber = 1e12
)

// multilineKeys are the fields where newlines and tabs are text.
var multilineKeys = map[string]bool{"notes": true, "level_reason": true, "evidence": true, "old": true, "new": true, "reason": true, "description": true}

// checkJSON returns every problem of the raw document, located by line and column or by path.
func checkJSON(data []byte) []Problem {
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		line, col := position(data, int64(off))
		return []Problem{problem("", "import.json.not_utf8", line, col, data[off])}
	}
	w := &jsonWalk{dec: json.NewDecoder(bytes.NewReader(data)), data: data}
	w.dec.UseNumber()
	if err := w.value(""); err != nil && !errors.Is(err, errTooMany) {
		// Syntax errors are reported by the decoding that follows, with line and column.
		return w.problems
	}
	return w.problems
}

type jsonWalk struct {
	dec      *json.Decoder
	data     []byte
	depth    int
	problems []Problem
}

var errTooMany = errors.New("too many problems")

func (w *jsonWalk) add(where, code string, args ...any) error {
	w.problems = append(w.problems, problem(where, code, args...))
	if len(w.problems) >= maxJSONProblems {
		return errTooMany
	}
	return nil
}

// value reads one value at path.
func (w *jsonWalk) value(path string) error {
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	return w.token(path, tok)
}

func (w *jsonWalk) token(path string, tok json.Token) error {
	where := path
	if where == "" {
		where = "(top level)"
	}
	switch t := tok.(type) {
	case json.Delim:
		w.depth++
		defer func() { w.depth-- }()
		if w.depth > maxJSONDepth {
			return w.add(where, "import.json.deep", maxJSONDepth)
		}
		if t == '{' {
			return w.object(path)
		}
		return w.array(path)
	case string:
		return w.text(path, t)
	case json.Number:
		s := t.String()
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.Abs(f) > maxJSONNumber {
			return w.add(where, "import.json.range", clip(s, 40))
		}
	}
	return nil
}

func (w *jsonWalk) object(path string) error {
	seen := map[string]bool{}
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		child := key
		if path != "" {
			child = path + "." + key
		}
		if seen[key] {
			if err := w.add(child, "import.json.duplicate_key"); err != nil {
				return err
			}
		}
		seen[key] = true
		if err := w.text(child+" (the key)", key); err != nil {
			return err
		}
		if err := w.value(child); err != nil {
			return err
		}
	}
	_, err := w.dec.Token() // }
	return err
}

func (w *jsonWalk) array(path string) error {
	for i := 0; w.dec.More(); i++ {
		if err := w.value(fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
	_, err := w.dec.Token() // ]
	return err
}

// text refuses control characters (newline and tab only in multi-line fields) and the
// replacement character, which is what a lone surrogate escape decodes to.
func (w *jsonWalk) text(path, s string) error {
	if strings.ContainsRune(s, utf8.RuneError) {
		return w.add(path, "import.json.replacement")
	}
	key := path
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		key = key[i+1:]
	}
	check := termtext.Check
	if multilineKeys[key] || strings.HasPrefix(path, "packs") {
		check = termtext.CheckMultiline
	}
	var te *termtext.Error
	if err := check(path, s); errors.As(err, &te) {
		return w.add(path, "import.text.control", te.Pos, te.Rune)
	}
	return nil
}

// Plausible times: nothing before 2000, nothing in the future (a little clock skew allowed).
var (
	earliest  = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	clockSkew = 10 * time.Minute
)

// checkDates refuses implausible times and dates, and cycles out of order.
func checkDates(d *catalog.OrgDump, exportedAt time.Time, now time.Time) []Problem {
	var probs []Problem
	latest := now.Add(clockSkew)
	at := func(path string, t time.Time, optional bool) {
		switch {
		case t.IsZero() && optional:
		case t.Before(earliest):
			probs = append(probs, problem(path, "import.json.before_2000", t.UTC().Format(time.RFC3339)))
		case t.After(latest):
			probs = append(probs, problem(path, "import.json.future", t.UTC().Format(time.RFC3339)))
		}
	}
	at("exported_at", exportedAt, false)
	at("organisation.created_at", d.Organisation.CreatedAt, true)
	var prevStart time.Time
	prevSeq := 0
	for i, c := range d.Cycles {
		path := fmt.Sprintf("cycles[%d]", i)
		at(path+".started_at", c.StartedAt, false)
		if c.ClosedAt != nil {
			at(path+".closed_at", *c.ClosedAt, false)
			if c.ClosedAt.Before(c.StartedAt) {
				probs = append(probs, problem(path+".closed_at", "import.json.closed_before_start"))
			}
		}
		if c.Seq <= prevSeq {
			probs = append(probs, problem(path+".seq", "import.json.seq_order", c.Seq, prevSeq))
		} else if !prevStart.IsZero() && c.StartedAt.Before(prevStart) {
			probs = append(probs, problem(path+".started_at", "import.json.started_before_previous"))
		}
		prevSeq, prevStart = c.Seq, c.StartedAt
		for j, a := range c.Assessments {
			if a.AssessedAt != nil {
				at(fmt.Sprintf("%s.assessments[%d].assessed_at", path, j), *a.AssessedAt, false)
			}
		}
		for j, r := range c.Reviews {
			at(fmt.Sprintf("%s.reviews[%d].created_at", path, j), r.CreatedAt, true)
		}
	}
	for i, a := range d.Actions {
		path := fmt.Sprintf("actions[%d]", i)
		at(path+".created_at", a.CreatedAt, true)
		at(path+".updated_at", a.UpdatedAt, true)
		if !a.CreatedAt.IsZero() && !a.UpdatedAt.IsZero() && a.UpdatedAt.Before(a.CreatedAt) {
			probs = append(probs, problem(path+".updated_at", "import.json.updated_before_created"))
		}
	}
	for i, c := range d.Changes {
		at(fmt.Sprintf("changes[%d].at", i), c.At, false)
	}
	if len(probs) > maxJSONProblems {
		probs = probs[:maxJSONProblems]
	}
	return probs
}
