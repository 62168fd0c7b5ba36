package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// Organisation file format; see FORMAT.md.
const (
	JSONFormat  = "cdc-organisation"
	JSONVersion = 1
)

// orgFile is the organisation file: a header and the organisation dump, inline.
type orgFile struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"format_version"`
	ExportedAt    time.Time `json:"exported_at"`
	catalog.OrgDump
}

// WriteJSON writes a whole organisation to path as an organisation file. The change log is
// written entry by entry as the store reads it, so memory stays that of the rest of the
// organisation whatever the log's length. The file reads exactly as one json.Encoder with a
// two-space indent would write the whole orgFile.
func WriteJSON(ctx context.Context, store *catalog.Store, orgID int64, path string) error {
	return store.StreamOrg(ctx, orgID, func(d *catalog.OrgDump, changes catalog.ChangeRows) error {
		return WriteFileAtomic(path, func(w io.Writer) error {
			bw := bufio.NewWriterSize(w, 64<<10)
			if err := writeOrgFile(bw, d, time.Now().UTC().Truncate(time.Second), changes); err != nil {
				return err
			}
			return bw.Flush()
		})
	})
}

// writeOrgFile writes the organisation file of d, its change log read from changes. The large
// parts (a pack's services, a cycle's rows, the change log) are written an element at a time.
func writeOrgFile(w io.Writer, d *catalog.OrgDump, exportedAt time.Time, changes catalog.ChangeRows) error {
	o := &jsonObjectWriter{json: &jsonWriter{w: w}}
	o.field("format", JSONFormat)
	o.field("format_version", JSONVersion)
	o.field("exported_at", exportedAt)
	o.field("organisation", d.Organisation)
	o.array("packs", func(item func(any)) error {
		for _, p := range d.Packs {
			if p == nil {
				item(p)
				continue
			}
			item(structMembers(p))
		}
		return nil
	})
	o.array("cycles", func(item func(any)) error {
		for i := range d.Cycles {
			item(structMembers(&d.Cycles[i]))
		}
		return nil
	})
	elementsOf(o, "actions", d.Actions)
	o.array("changes", func(item func(any)) error {
		return changes(func(c catalog.Change) error {
			item(changeJSON(c))
			return o.json.err
		})
	})
	o.close()
	o.json.write("\n")
	return o.json.err
}

// jsonWriter writes JSON values to w, indented by two spaces as json.Encoder.SetIndent("", "  ")
// indents a whole document, HTML left unescaped; err is the first error, after which it writes nothing.
type jsonWriter struct {
	w        io.Writer
	err      error
	buf      bytes.Buffer
	raw      []byte
	encoders map[string]*json.Encoder // by prefix, so their buffers are reused
}

func (j *jsonWriter) write(s string) {
	if j.err == nil {
		_, j.err = io.WriteString(j.w, s)
	}
}

// value writes v, its lines after the first prefixed with prefix.
func (j *jsonWriter) value(v any, prefix string) {
	if j.err != nil {
		return
	}
	switch v := v.(type) {
	case changeJSON:
		j.raw = v.appendIndented(j.raw[:0], prefix)
		_, j.err = j.w.Write(j.raw)
		return
	case jsonMembers:
		o := &jsonObjectWriter{json: j, prefix: prefix}
		v(o)
		o.close()
		return
	}
	j.buf.Reset()
	if j.encoders == nil {
		j.encoders = map[string]*json.Encoder{}
	}
	enc := j.encoders[prefix]
	if enc == nil {
		enc = json.NewEncoder(&j.buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent(prefix, "  ")
		j.encoders[prefix] = enc
	}
	if j.err = enc.Encode(v); j.err != nil {
		return
	}
	_, j.err = j.w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
}

// jsonMembers is an object written a member at a time by its function.
type jsonMembers func(o *jsonObjectWriter)

// jsonObjectWriter writes the members of one object whose first line is at prefix.
type jsonObjectWriter struct {
	json    *jsonWriter
	prefix  string
	members int
}

// key starts a member.
func (o *jsonObjectWriter) key(name string) {
	if o.members == 0 {
		o.json.write("{\n")
	} else {
		o.json.write(",\n")
	}
	o.members++
	o.json.write(o.prefix + "  " + strconv.Quote(name) + ": ")
}

func (o *jsonObjectWriter) field(name string, v any) {
	o.key(name)
	o.json.value(v, o.prefix+"  ")
}

// array writes a member whose value is the array of the items each hands to item.
func (o *jsonObjectWriter) array(name string, each func(item func(any)) error) {
	o.key(name)
	in := o.prefix + "    "
	n := 0
	err := each(func(v any) {
		if n == 0 {
			o.json.write("[\n" + in)
		} else {
			o.json.write(",\n" + in)
		}
		n++
		o.json.value(v, in)
	})
	if err != nil && o.json.err == nil {
		o.json.err = err
	}
	if n == 0 {
		o.json.write("[]")
	} else {
		o.json.write("\n" + o.prefix + "  ]")
	}
}

// close ends the object.
func (o *jsonObjectWriter) close() {
	if o.members == 0 {
		o.json.write("{}")
		return
	}
	o.json.write("\n" + o.prefix + "}")
}

// elementsOf writes a member whose value is the slice s, an element at a time; a nil slice is null.
func elementsOf[T any](o *jsonObjectWriter, name string, s []T) {
	if s == nil {
		o.field(name, nil)
		return
	}
	o.array(name, func(item func(any)) error {
		for i := range s {
			item(&s[i])
		}
		return nil
	})
}

// structMembers writes the struct *v a member at a time, as encoding/json names and omits its
// fields, each slice of structs an element at a time (a pack's services, a cycle's rows).
func structMembers(v any) jsonMembers {
	rv := reflect.ValueOf(v).Elem()
	return func(o *jsonObjectWriter) {
		for i := 0; i < rv.NumField(); i++ {
			f := rv.Type().Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fv := rv.Field(i)
			if opts == "omitempty" && emptyJSON(fv) {
				continue
			}
			if fv.Kind() != reflect.Slice || fv.Type().Elem().Kind() != reflect.Struct || fv.IsNil() {
				o.field(name, fv.Interface())
				continue
			}
			o.array(name, func(item func(any)) error {
				for j := 0; j < fv.Len(); j++ {
					item(fv.Index(j).Addr().Interface())
				}
				return nil
			})
		}
	}
}

// emptyJSON reports whether encoding/json's omitempty leaves v out.
func emptyJSON(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return v.IsZero()
}

// changeJSON is a change-log entry written as json.Encoder writes a catalog.Change, without
// reflection or the indenting pass, which were most of the time of a long log.
type changeJSON catalog.Change

// appendIndented appends c as an array element at the given depth.
func (c changeJSON) appendIndented(b []byte, prefix string) []byte {
	in := prefix + "  "
	num := func(b []byte, key string, v int64) []byte {
		b = append(b, in...)
		b = append(b, key...)
		return strconv.AppendInt(b, v, 10)
	}
	str := func(b []byte, key, v string) []byte {
		b = append(b, in...)
		b = append(b, key...)
		return appendJSONString(b, v)
	}
	b = append(b, "{\n"...)
	b = num(b, `"id": `, c.ID)
	b = append(b, ",\n"...)
	b = append(b, in...)
	b = append(b, `"at": `...)
	at, _ := c.At.MarshalJSON() // the store's times are always in range
	b = append(b, at...)
	b = append(b, ",\n"...)
	b = num(b, `"org_id": `, c.OrgID)
	b = append(b, ",\n"...)
	b = num(b, `"cycle_id": `, c.CycleID)
	for _, kv := range [...]struct{ key, v string }{
		{`"entity": `, string(c.Entity)}, {`"key": `, c.Key}, {`"field": `, string(c.Field)}, {`"old": `, c.Old},
		{`"new": `, c.New}, {`"who": `, c.Who}, {`"reason": `, c.Reason}, {`"source": `, c.Source},
	} {
		b = append(b, ",\n"...)
		b = str(b, kv.key, kv.v)
	}
	if c.ImportedFrom != "" {
		b = append(b, ",\n"...)
		b = str(b, `"imported_from": `, c.ImportedFrom)
	}
	b = append(b, '\n')
	b = append(b, prefix...)
	return append(b, '}')
}

// appendJSONString appends v quoted as encoding/json quotes it with HTML left unescaped: plain
// printable ASCII (nearly every value of a change log) directly, anything else through json.
func appendJSONString(b []byte, v string) []byte {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.Encode(v) // a string always encodes
			return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
		}
	}
	b = append(b, '"')
	b = append(b, v...)
	return append(b, '"')
}

// fileKind is a kind of JSON file cdc writes: the format and version this cdc writes, and
// the name that picks its messages ("import.json.format.<name>").
type fileKind struct {
	format  string
	version int
	name    string // "organisation", "benchmark"
}

// decodeFile reads a cdc JSON file named name into v: the raw document first (UTF-8, unique
// keys, numbers in range, text without controls, refused before decoding hides them), then
// its header, so that an old or foreign file gets a clear message, then v itself, without
// unknown fields or anything after it.
func decodeFile(name string, data []byte, k fileKind, v any) error {
	fail := func(where, code string, args ...any) error {
		return &ValidationError{File: name, Problems: []Problem{problem(where, code, args...)}}
	}
	failWith := func(p Problem) error { return &ValidationError{File: name, Problems: []Problem{p}} }
	if probs := checkJSON(data); len(probs) > 0 {
		return &ValidationError{File: name, Problems: probs}
	}
	var head struct {
		Format        string `json:"format"`
		FormatVersion int    `json:"format_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return failWith(jsonProblem(data, err))
	}
	if head.Format != k.format {
		return fail("format", "import.json.format."+k.name, clip(head.Format, 40), k.format)
	}
	if head.FormatVersion > k.version {
		return fail("format_version", "import.json.version_newer", head.FormatVersion, k.version)
	}
	if head.FormatVersion < 1 {
		return fail("format_version", "import.json.version_invalid", head.FormatVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return failWith(jsonProblem(data, err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail("", "import.json.trailing."+k.name)
	}
	return nil
}

// planJSON validates an organisation file against the database.
func planJSON(ctx context.Context, store *catalog.Store, path string, data []byte, o ImportOptions) (*ImportPlan, error) {
	var file orgFile
	if err := decodeFile(path, data, fileKind{JSONFormat, JSONVersion, "organisation"}, &file); err != nil {
		return nil, err
	}
	d := &file.OrgDump
	problems := checkDates(d, file.ExportedAt, time.Now())
	// The catalog checks some of the same places (a time in the future): each place once,
	// in the words of the vocabulary.
	dated := map[string]bool{}
	for _, p := range problems {
		dated[p.Where] = true
	}
	for _, p := range dumpProblems(d.Validate()) {
		if !dated[p.Where] {
			problems = append(problems, p)
		}
	}
	// A pack version installed here with other content would make the import fail later.
	for i, p := range d.Packs {
		if p == nil {
			continue
		}
		ref, err := store.FindPack(ctx, p.Ref())
		if errors.Is(err, catalog.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		installed, err := store.Pack(ctx, ref)
		if err != nil {
			return nil, err
		}
		if !catalog.SamePack(installed, p) {
			problems = append(problems, problem(fmt.Sprintf("packs[%d]", i), "import.json.pack_differs", p.Ref()))
		}
	}
	if o.Merge {
		if len(problems) > 0 {
			return nil, &ValidationError{File: path, Problems: problems}
		}
		return planMerge(ctx, store, path, d)
	}
	same, err := store.OrgByUUID(ctx, d.Organisation.UUID)
	if err == nil {
		problems = append(problems, problem("organisation.uuid", CodeOrgHere, d.Organisation.Name, same.UUID, same.Name))
	} else if p, err := nameProblem(ctx, store, d.Organisation); err != nil {
		return nil, err
	} else if p != nil {
		problems = append(problems, *p)
	}
	if len(problems) > 0 {
		return nil, &ValidationError{File: path, Problems: problems}
	}
	plan := &ImportPlan{File: path, Kind: KindJSON, Organisation: d.Organisation, OrganisationUUID: orgIdentity(d.Organisation), Services: []ServiceChanges{}, dump: d}
	build, scores, reviews := 0, 0, 0
	for _, c := range d.Cycles {
		build += len(c.Build)
		reviews += len(c.Reviews)
		for _, a := range c.Assessments {
			if a.Score != nil {
				scores++
			}
		}
	}
	plan.records = 1 + len(d.Cycles) + build + len(d.Actions) + len(d.Changes) + reviews
	for _, c := range d.Cycles {
		plan.records += len(c.Assessments)
	}
	plan.Summary = plan.SummaryIn(english)
	return plan, nil
}

// SummaryIn words what a new organisation's file brings, in pr's language, with plurals:
// the lines the CLI and the TUI preview print (Summary is the English, for --json).
func (p *ImportPlan) SummaryIn(pr vocab.Printer) []string {
	if p.Kind == KindMerge {
		return append(MergeSummary(pr, p.Merge), MergeWarnings(pr, p.Merge)...)
	}
	n := p.FileCounts()
	return []string{
		pr.T("cli.import.adds_org", p.Organisation.Name, p.OrganisationUUID),
		pr.T("cli.import.list4", pr.N("cli.import.ncycles", n.Cycles), pr.N("cli.import.nbuild", n.Build), pr.N("cli.import.nscores", n.Scores), pr.N("cli.import.nreviews", n.Reviews)),
		pr.T("cli.import.list2", pr.N("cli.import.nactions", n.Actions), pr.N("cli.import.nentries", n.Changes)),
		pr.N("cli.import.packs", len(n.Packs), strings.Join(n.Packs, ", ")),
	}
}

// nameProblem applies the rule the import applies to a new organisation's name
// (catalog.CheckOrgName: names that read the same are one name), so that a plan, a dry run
// and the TUI preview refuse what the import would.
func nameProblem(ctx context.Context, store *catalog.Store, o catalog.Organisation) (*Problem, error) {
	var taken *catalog.NameTakenError
	switch err := store.CheckOrgName(ctx, o.Name); {
	case errors.As(err, &taken):
		p := problem("organisation.name", CodeNameHere, o.Name, orgIdentity(o), taken.Existing, taken.ExistingUUID)
		return &p, nil
	case err != nil:
		return nil, err
	}
	return nil, nil
}

// jsonProblem locates a decoding error by line and column.
func jsonProblem(data []byte, err error) Problem {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		// The offset counts the byte that broke the syntax; at the end of the input it
		// counts them all.
		at := se.Offset - 1
		if at < 0 || at >= int64(len(data)) || se.Error() == "unexpected end of JSON input" {
			return problem("", "import.json.truncated")
		}
		line, col := position(data, at)
		r, _ := utf8.DecodeRune(data[at:])
		return problem("", "import.json.syntax", line, col, r)
	case errors.As(err, &te):
		line, col := position(data, te.Offset)
		// The path as the file spells it, without the Go type that holds it.
		field := strings.TrimPrefix(te.Field, "OrgDump.")
		var where any = field
		if field == "" {
			where = term("import.json.top_level")
		}
		found := jsonFound(te.Value)
		want := jsonKind(te.Type)
		last := field[strings.LastIndex(field, ".")+1:]
		if want == "import.json.kind.whole" && (last == "score" || last == "target") {
			return problem("", "import.json.score_whole", line, col, where, found)
		}
		return problem("", "import.json.want", line, col, where, term(want), found)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return problem("", "import.json.truncated")
	}
	return problem("", "import.json.invalid", err)
}

// jsonKind names what a Go type takes, as a vocabulary key; an object where it has no kind.
func jsonKind(t reflect.Type) string {
	k, ok := catalog.JSONKindOf(t)
	if !ok {
		k = catalog.JSONObject
	}
	return "import.json.kind." + string(k)
}

// jsonFound words what encoding/json found ("number 5.0", "string", "bool", "array", ...).
func jsonFound(v string) any {
	if n, ok := strings.CutPrefix(v, "number "); ok {
		return phrase{code: "import.json.found.number", args: []any{clip(n, 40)}}
	}
	if k, ok := catalog.JSONFound(v); ok {
		return term("import.json.kind." + string(k))
	}
	return clip(v, 40)
}

func position(data []byte, offset int64) (line, col int) { return catalog.LineCol(data, offset) }

// dumpProblems turns the catalog's "path: message" problems into Problems.
func dumpProblems(probs []string) []Problem {
	out := make([]Problem, 0, len(probs))
	for _, p := range probs {
		where, msg, _ := strings.Cut(p, ": ")
		out = append(out, Problem{Where: where, Message: msg})
	}
	return out
}
