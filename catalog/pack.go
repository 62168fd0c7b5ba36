package catalog

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	fastjson "github.com/goccy/go-json"

	"github.com/cdc-toolkit/cdc/internal/termtext"
)

// PackFormat is the version of the pack file format this build reads and writes.
const PackFormat = 1

// MaxPackSize bounds a pack file read from a user.
const MaxPackSize = 8 << 20

// MaxServices is the most services a pack may hold; the questionnaire importers read as many
// rows, so every pack that installs has a questionnaire that can be imported.
const MaxServices = 10000

//go:embed packs/*.json
var builtinPacks embed.FS

// BuiltinPackFile is the embedded X.1060 (06/2021) pack.
const BuiltinPackFile = "packs/x1060-2021.json"

// Pack is a framework pack: the catalogue of categories and services, the score scale,
// level weights and assignment kinds. The format is documented in catalog/packs/README.md.
type Pack struct {
	Format      int             `json:"format"`
	ID          string          `json:"id"`
	Version     string          `json:"version"`
	Name        Text            `json:"name"`
	Source      Text            `json:"source"`
	Levels      []LevelDef      `json:"levels"`
	Assignments []AssignmentDef `json:"assignments"`
	Scale       []ScaleStep     `json:"scale"`
	Categories  []Category      `json:"categories"`
	Services    []Service       `json:"services"`

	serviceIndex map[string]int
}

// LevelDef names a recommendation level and gives its weight.
type LevelDef struct {
	ID     Level   `json:"id"`
	Weight float64 `json:"weight"`
	Name   Text    `json:"name"`
}

// AssignmentDef names an assignment kind.
type AssignmentDef struct {
	ID          Assignment `json:"id"`
	Name        Text       `json:"name"`
	Description Text       `json:"description"`
}

// ScaleStep describes one score for in-house and for outsourced services.
type ScaleStep struct {
	Score      int  `json:"score"`
	InHouse    Text `json:"in_house"`
	Outsourced Text `json:"outsourced"`
}

// Category groups services.
type Category struct {
	ID   string `json:"id"`
	Name Text   `json:"name"`
	// NameProvenance says per language how the name was established (packdiff_lang.go).
	NameProvenance Provenances `json:"name_provenance,omitempty"`
}

// Service is one security service of the catalogue.
type Service struct {
	ID          string `json:"id"`
	Category    string `json:"category"`
	Name        Text   `json:"name"`
	Description Text   `json:"description"`
	// DefaultLevel is the pack's recommendation level; organisations may override it.
	DefaultLevel Level `json:"level"`
	// Provenance says how the name was established: checked, partial or working.
	Provenance string `json:"provenance,omitempty"`
	// NameProvenance says per language how the name was established (packdiff_lang.go).
	NameProvenance Provenances `json:"name_provenance,omitempty"`
}

// Ref names a pack version as "id@version".
func (p *Pack) Ref() string { return p.ID + "@" + p.Version }

// Weight returns the weight of a level, 0 when the pack does not define it.
func (p *Pack) Weight(l Level) float64 {
	for _, d := range p.Levels {
		if d.ID == l {
			return d.Weight
		}
	}
	return 0
}

// LevelName returns the display name of a level.
func (p *Pack) LevelName(l Level, lang Lang) string {
	for _, d := range p.Levels {
		if d.ID == l {
			return d.Name.In(lang)
		}
	}
	return string(l)
}

// AssignmentName returns the display name of an assignment kind.
func (p *Pack) AssignmentName(a Assignment, lang Lang) string {
	for _, d := range p.Assignments {
		if d.ID == a {
			return d.Name.In(lang)
		}
	}
	return string(a)
}

// Category returns a category by ID.
func (p *Pack) Category(id string) (Category, bool) {
	for _, c := range p.Categories {
		if c.ID == id {
			return c, true
		}
	}
	return Category{}, false
}

// Service returns a service by ID.
func (p *Pack) Service(id string) (Service, bool) {
	if p.serviceIndex == nil {
		p.index()
	}
	i, ok := p.serviceIndex[id]
	if !ok {
		return Service{}, false
	}
	return p.Services[i], true
}

func (p *Pack) index() {
	p.serviceIndex = make(map[string]int, len(p.Services))
	for i, s := range p.Services {
		p.serviceIndex[s.ID] = i
	}
}

// Descriptor returns the scale descriptor of a score for an assignment kind.
func (p *Pack) Descriptor(score int, a Assignment) Text {
	for _, s := range p.Scale {
		if s.Score == score {
			if a.Outsourced() {
				return s.Outsourced
			}
			return s.InHouse
		}
	}
	return Text{}
}

// Resolve expands service and category IDs into service IDs in catalogue order.
// An argument may be a service ID ("B-1"), a category ID ("B") or "all".
func (p *Pack) Resolve(args []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, raw := range args {
		arg := strings.ToUpper(strings.TrimSpace(raw))
		if arg == "ALL" {
			for _, s := range p.Services {
				add(s.ID)
			}
			continue
		}
		if s, ok := p.Service(arg); ok {
			add(s.ID)
			continue
		}
		if _, ok := p.Category(arg); ok {
			for _, s := range p.Services {
				if s.Category == arg {
					add(s.ID)
				}
			}
			continue
		}
		return nil, fmt.Errorf("service %q is not in pack %s (use a service ID such as B-1, a category such as B, or all)", raw, p.Ref())
	}
	return out, nil
}

var builtinRefOnce = sync.OnceValue(func() string {
	// The file's head names the pack: read its tokens until id and version are found, the
	// rest is not scanned (Open needs the reference of every process).
	dec := json.NewDecoder(strings.NewReader(builtinBody()))
	var id, version string
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		panic("catalog: embedded pack is not an object")
	}
	for dec.More() && (id == "" || version == "") {
		k, err := dec.Token()
		if err != nil {
			panic("catalog: embedded pack: " + err.Error())
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			panic("catalog: embedded pack: " + err.Error())
		}
		switch k {
		case "id":
			err = json.Unmarshal(v, &id)
		case "version":
			err = json.Unmarshal(v, &version)
		}
		if err != nil {
			panic("catalog: embedded pack: " + err.Error())
		}
	}
	return id + "@" + version
})

// builtinRef is the "id@version" of the embedded pack, read once from its head.
func builtinRef() string { return builtinRefOnce() }

// builtinBodyOnce is the embedded pack as it is stored. The file is kept valid and in the form
// Marshal writes (TestBuiltinPackFileIsCanonical), so no process parses, validates or
// marshals it to install or compare it.
var builtinBodyOnce = sync.OnceValue(func() string {
	data, err := builtinPacks.ReadFile(BuiltinPackFile)
	if err != nil {
		panic("catalog: embedded pack missing: " + err.Error())
	}
	return string(data)
})

func builtinBody() string { return builtinBodyOnce() }

// BuiltinPack returns a fresh copy of the embedded X.1060 pack, validated once per process.
func BuiltinPack() *Pack {
	p, err := decodeValidPack([]byte(builtinBody()))
	if err != nil {
		panic("catalog: embedded pack: " + err.Error())
	}
	return p
}

// decodeValidPack decodes a pack body known to be valid (the embedded one, or a stored one
// whose hash matches the body validated when it was installed), skipping validation. Every
// process that evaluates decodes its pack, so this uses goccy/go-json, a third of the time of
// encoding/json on a large pack; FuzzParsePack holds it to what ParsePack reads. Should it
// ever fail or panic, the body is parsed and validated in full instead.
func decodeValidPack(data []byte) (p *Pack, err error) {
	defer func() {
		if recover() != nil {
			p, err = ParsePack(data)
		}
	}()
	var q Pack
	if fastjson.Unmarshal(data, &q) != nil {
		return ParsePack(data)
	}
	q.index()
	return &q, nil
}

// PackError lists every problem found in a pack file.
type PackError struct {
	File     string
	Problems []string
}

func (e *PackError) Error() string {
	// The message starts with a word, not the path: the CLI capitalises its first word.
	name := "pack"
	if e.File != "" {
		name = "pack file " + e.File
	}
	if len(e.Problems) == 1 {
		return name + ": " + e.Problems[0]
	}
	return fmt.Sprintf("%s: %d problems:\n  %s", name, len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// ReadPack reads and validates a pack from r, naming file in errors.
func ReadPack(r io.Reader, file string) (*Pack, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxPackSize+1))
	if err != nil {
		return nil, fmt.Errorf("pack file %s: %w", file, err)
	}
	if len(data) > MaxPackSize {
		return nil, &PackError{File: file, Problems: []string{fmt.Sprintf("file is larger than %d MiB", MaxPackSize>>20)}}
	}
	p, err := ParsePack(data)
	var pe *PackError
	if errors.As(err, &pe) {
		pe.File = file
	}
	return p, err
}

// ParsePack decodes and validates a pack. Errors are *PackError listing every
// problem with its JSON path.
func ParsePack(data []byte) (*Pack, error) {
	var p Pack
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&p); err != nil {
		return nil, &PackError{Problems: []string{jsonProblem(data, err)}}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &PackError{Problems: []string{"unexpected data after the pack object"}}
	}
	// Unknown fields are reported with their paths alongside the other problems,
	// so a user fixes everything in one pass.
	var raw any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, &PackError{Problems: []string{jsonProblem(data, err)}}
	}
	problems := unknownFields(raw, reflect.TypeFor[Pack](), "")
	problems = append(problems, p.Validate()...)
	if len(problems) > 0 {
		return nil, &PackError{Problems: problems}
	}
	p.index()
	return &p, nil
}

// unknownFields lists the object keys of v that typ has no JSON field for.
func unknownFields(v any, typ reflect.Type, path string) []string {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	var out []string
	switch typ.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		fields := map[string]reflect.Type{}
		for i := range typ.NumField() {
			f := typ.Field(i)
			if f.Anonymous || !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fields[name] = f.Type
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			ft, ok := fields[k]
			if !ok {
				// encoding/json matches keys case-insensitively; so does this check.
				for name, t := range fields {
					if strings.EqualFold(name, k) {
						ft, ok = t, true
						break
					}
				}
			}
			if !ok {
				out = append(out, sub+": unknown field (not part of pack format "+strconv.Itoa(PackFormat)+")")
				continue
			}
			out = append(out, unknownFields(obj[k], ft, sub)...)
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return nil
		}
		for i, e := range arr {
			out = append(out, unknownFields(e, typ.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}

func jsonProblem(data []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := position(data, se.Offset)
		return fmt.Sprintf("line %d, column %d: invalid JSON: %v", line, col, se)
	case errors.As(err, &te):
		line, col := position(data, te.Offset)
		path := pathAt(data, te.Offset)
		if path == "" {
			path = te.Field
		}
		return fmt.Sprintf("line %d, column %d: %s: %s where %s is expected", line, col, path, jsonKindName(te.Value), typeName(te.Type))
	case errors.Is(err, io.EOF):
		return "file is empty"
	}
	return "invalid pack: " + err.Error()
}

// jsonKindWords are the pack check's English names of the JSON kinds.
var jsonKindWords = map[JSONKind]string{JSONText: "text", JSONWhole: "a whole number", JSONNumber: "a number",
	JSONBool: "true/false", JSONList: "a list", JSONObject: "an object", JSONNull: "null"}

// jsonKindName names a JSON value kind as a user reads it.
func jsonKindName(v string) string {
	if k, ok := JSONFound(v); ok {
		return jsonKindWords[k]
	}
	return v
}

// typeName names the Go type a pack field holds in JSON words.
func typeName(t reflect.Type) string {
	if t == reflect.TypeFor[Text]() {
		return `an object {"en": ..., "ja": ...}`
	}
	if k, ok := JSONKindOf(t); ok {
		return jsonKindWords[k]
	}
	return t.String()
}

// pathAt returns the JSON path ("services[3].id") of the value that ends at offset,
// so that type errors name the exact element.
func pathAt(data []byte, offset int64) string {
	type frame struct {
		array   bool
		index   int
		key     string
		wantKey bool
	}
	var st []frame
	path := func() string {
		var b strings.Builder
		for i, f := range st {
			if f.array {
				fmt.Fprintf(&b, "[%d]", f.index)
			} else {
				if i > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			}
		}
		return b.String()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		d, isDelim := tok.(json.Delim)
		if isDelim && (d == '}' || d == ']') {
			st = st[:len(st)-1]
			if len(st) > 0 && !st[len(st)-1].array {
				st[len(st)-1].wantKey = true
			}
			continue
		}
		if n := len(st); n > 0 {
			top := &st[n-1]
			if !top.array && top.wantKey {
				top.key, _ = tok.(string)
				top.wantKey = false
				continue
			}
			if top.array {
				top.index++
			}
		}
		// tok starts a value.
		if dec.InputOffset() >= offset {
			return path()
		}
		switch {
		case isDelim && d == '{':
			st = append(st, frame{wantKey: true})
		case isDelim && d == '[':
			st = append(st, frame{array: true, index: -1})
		case len(st) > 0 && !st[len(st)-1].array:
			st[len(st)-1].wantKey = true
		}
	}
}

// position turns a decoder offset ("error after reading offset bytes") into the
// line and column of the last byte read, which is the offending one.
func position(data []byte, offset int64) (line, col int) { return LineCol(data, offset-1) }

// LineCol is the line and column, both from 1, of the byte that follows the first n of data.
func LineCol(data []byte, n int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < n && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

var (
	packIDPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,39}$`)
	entityIDPattern  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$`)
	maxNameLength    = 200
	maxDescLength    = 2000
	validProvenances = map[string]bool{"": true, "checked": true, "partial": true, "working": true, "custom": true}
)

// Validate returns every problem of the pack, each prefixed with its JSON path.
func (p *Pack) Validate() []string {
	var probs []string
	add := func(path, format string, args ...any) {
		probs = append(probs, path+": "+fmt.Sprintf(format, args...))
	}
	if p.Format != PackFormat {
		add("format", "is %d; this version reads format %d", p.Format, PackFormat)
	}
	if len(p.Services) > MaxServices {
		add("services", "has %d services; a pack holds at most %d", len(p.Services), MaxServices)
	}
	if !packIDPattern.MatchString(p.ID) {
		add("id", "%q must be 1-40 lower-case letters, digits, '.', '_' or '-'", p.ID)
	}
	if strings.TrimSpace(p.Version) == "" || len(p.Version) > 40 || strings.ContainsAny(p.Version, "@ \t\n") {
		add("version", "%q must be 1-40 characters without spaces or '@'", p.Version)
	}
	// limit checks length in characters (not bytes, so Japanese gets the same room)
	// and control characters, which would drive a terminal or break a report cell.
	limit := func(path, v string, max int, newlines bool) {
		if n := utf8.RuneCountInString(v); n > max {
			add(path, "is %d characters long; the limit is %d", n, max)
		}
		for _, r := range v {
			if termtext.Control(r) && !(newlines && (r == '\n' || r == '\t')) {
				add(path, "contains the control character %U", r)
				break
			}
		}
	}
	// Every language present is checked on its own; English is required, the others fall
	// back to it when missing, and an unknown language code is refused.
	checkLangs := func(path string, t Text) {
		for l := range t {
			if !slices.Contains(Langs, l) {
				add(path+"."+string(l), "is not a supported language (use %s)", langList())
			}
		}
	}
	checkText := func(path string, t Text, max int) {
		checkLangs(path, t)
		if strings.TrimSpace(t[EN]) == "" {
			add(path+".en", "is empty")
		}
		for _, l := range Langs {
			if v, ok := t[l]; ok {
				if l != EN && strings.TrimSpace(v) == "" {
					add(path+"."+string(l), "is empty; leave the language out to fall back to English")
				}
				limit(path+"."+string(l), v, max, false)
			}
		}
	}
	checkLongText := func(path string, t Text, max int) {
		checkLangs(path, t)
		for _, l := range Langs {
			if v, ok := t[l]; ok {
				limit(path+"."+string(l), v, max, true)
			}
		}
	}
	checkText("name", p.Name, maxNameLength)
	checkLongText("source", p.Source, maxDescLength)

	levels := map[Level]bool{}
	for i, l := range p.Levels {
		path := fmt.Sprintf("levels[%d]", i)
		if _, err := ParseLevel(string(l.ID)); err != nil || string(l.ID) != strings.ToLower(string(l.ID)) || len(l.ID) == 1 {
			add(path+".id", "%q is not one of mandatory, recommended, optional", l.ID)
		}
		defineOnce(add, levels, path+".id", "%q is defined twice", l.ID)
		if !(l.Weight > 0) || l.Weight > 1000 {
			add(path+".weight", "%v must be positive (and at most 1000)", l.Weight)
		}
		checkText(path+".name", l.Name, maxNameLength)
	}
	requireAll(add, levels, "levels", "level %q is missing", Levels)

	kinds := map[Assignment]bool{}
	for i, a := range p.Assignments {
		path := fmt.Sprintf("assignments[%d]", i)
		if _, err := ParseAssignment(string(a.ID)); err != nil || string(a.ID) != strings.ToLower(string(a.ID)) {
			add(path+".id", "%q is not one of cdc, internal, external, shared, none", a.ID)
		}
		defineOnce(add, kinds, path+".id", "%q is defined twice", a.ID)
		checkText(path+".name", a.Name, maxNameLength)
		checkLongText(path+".description", a.Description, maxDescLength)
	}
	requireAll(add, kinds, "assignments", "assignment kind %q is missing", Assignments)

	scores := map[int]bool{}
	for i, s := range p.Scale {
		path := fmt.Sprintf("scale[%d]", i)
		if !ValidScore(s.Score) {
			add(path+".score", "%d is outside 0-5", s.Score)
		}
		defineOnce(add, scores, path+".score", "%d is described twice", s.Score)
		checkText(path+".in_house", s.InHouse, maxNameLength)
		checkText(path+".outsourced", s.Outsourced, maxNameLength)
	}
	requireAll(add, scores, "scale", "score %d has no descriptor", allScores())

	cats := map[string]bool{}
	if len(p.Categories) == 0 {
		add("categories", "no categories")
	}
	for i, c := range p.Categories {
		path := fmt.Sprintf("categories[%d]", i)
		checkEntityID(add, cats, path+".id", c.ID, false)
		checkText(path+".name", c.Name, maxNameLength)
		probs = append(probs, checkNameProvenance(path, c.NameProvenance, "")...)
	}

	ids := map[string]bool{}
	if len(p.Services) == 0 {
		add("services", "no services")
	}
	for i, s := range p.Services {
		path := fmt.Sprintf("services[%d]", i)
		checkEntityID(add, ids, path+".id", s.ID, true)
		if cats[s.ID] {
			add(path+".id", "%q is also a category ID", s.ID)
		}
		if !cats[s.Category] {
			add(path+".category", "%q is not a category of this pack", s.Category)
		}
		checkText(path+".name", s.Name, maxNameLength)
		checkLongText(path+".description", s.Description, maxDescLength)
		if !levels[s.DefaultLevel] {
			add(path+".level", "%q is not a level of this pack", s.DefaultLevel)
		}
		if !validProvenances[s.Provenance] {
			add(path+".provenance", "%q is not one of checked, partial, working, custom", s.Provenance)
		}
		probs = append(probs, checkNameProvenance(path, s.NameProvenance, s.Provenance)...)
	}
	return probs
}

// problemFunc records one problem of a pack at a JSON path.
type problemFunc func(path, format string, args ...any)

// defineOnce records the ID of a list entry, reporting it at path when the list defined it already.
func defineOnce[K comparable](add problemFunc, seen map[K]bool, path, twice string, id K) {
	if seen[id] {
		add(path, twice, id)
	}
	seen[id] = true
}

// checkEntityID checks the ID of a category or (upper, in upper case) a service and records
// it among the list's IDs.
func checkEntityID(add problemFunc, seen map[string]bool, path, id string, upper bool) {
	if !entityIDPattern.MatchString(id) {
		add(path, "%q must be 1-20 letters, digits, '.', '_' or '-'", id)
	} else if upper && id != strings.ToUpper(id) {
		add(path, "%q must be upper case", id)
	}
	defineOnce(add, seen, path, "%q is defined twice", id)
}

// requireAll reports each of want the list left out.
func requireAll[K comparable](add problemFunc, seen map[K]bool, list, missing string, want []K) {
	for _, id := range want {
		if !seen[id] {
			add(list, missing, id)
		}
	}
}

// allScores lists the scores of the scale, lowest first.
func allScores() []int {
	out := make([]int, 0, MaxScore-MinScore+1)
	for v := MinScore; v <= MaxScore; v++ {
		out = append(out, v)
	}
	return out
}

// Marshal encodes the pack in its file format.
func (p *Pack) Marshal() ([]byte, error) {
	return MarshalFile(p)
}

// MarshalFile encodes v as every file cdc writes holds JSON: indented by two spaces, HTML
// left unescaped, ending in a newline.
func MarshalFile(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func langList() string {
	names := make([]string, len(Langs))
	for i, l := range Langs {
		names[i] = string(l)
	}
	return strings.Join(names, ", ")
}
