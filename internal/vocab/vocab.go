// Package vocab is the one vocabulary of CDC Toolkit: every user-facing word of the terminal
// interface, the CLI, the workbooks and the Method text, in every language, and the one
// formatter of figures, dates and times.
//
// Words live in one message file per language, locales/<lang>.json: a flat JSON object of
// key -> text, keys sorted, one per line. A translator adds a language by adding one file.
// Texts are fmt formats (%s, %d, %[2]s); {langs} stands for the language codes (LangCodes). A key with plural forms has one entry per form,
// "key#one" and "key#other" (CLDR categories); N picks the form for a count.
//
// Keys are prefixed by where they are used: "tui." ... is not required, but every area keeps
// its own prefix (build., eval., manage., report., questionnaire., cli., programme., ...), and
// the domain words shared by all of them have theirs (status., horizon., field., change., figure.).
package vocab

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/cdc-toolkit/cdc/catalog"
)

//go:embed locales/*.json
var files embed.FS

// Each message file is read the first time its language is asked for: a command speaks one
// language (and English for what a translation lacks), so it parses one or two files of
// the four (a fifth of a cold `cdc eval` went into parsing them all).
var (
	locales = map[catalog.Lang]func() (map[string]string, error){}
	// localesMu guards locales: languages without a file are added on first use
	localesMu sync.Mutex
)

// language returns the messages of lang, nil when it has no message file.
func language(lang catalog.Lang) map[string]string {
	localesMu.Lock()
	f, ok := locales[lang]
	if !ok {
		f = sync.OnceValues(func() (map[string]string, error) { return readLocale(lang) })
		locales[lang] = f
	}
	localesMu.Unlock()
	m, err := f()
	if err != nil {
		panic(err) // the files are embedded: a broken one is caught by the tests
	}
	return m
}

func readLocale(lang catalog.Lang) (map[string]string, error) {
	name := string(lang) + ".json"
	if lang == "" || strings.Contains(name, "/") || !fs.ValidPath("locales/"+name) {
		return nil, nil
	}
	data, err := files.ReadFile("locales/" + name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m, err := parseLocale(data)
	if err != nil {
		return nil, fmt.Errorf("vocab: locales/%s: %w", name, err)
	}
	return m, nil
}

// fileLangs lists the languages with a message file, from the embedded file names.
func fileLangs() []catalog.Lang {
	entries, err := fs.ReadDir(files, "locales")
	if err != nil {
		panic(err)
	}
	var out []catalog.Lang
	for _, e := range entries {
		if name := e.Name(); path.Ext(name) == ".json" {
			out = append(out, catalog.Lang(strings.TrimSuffix(name, ".json")))
		}
	}
	return out
}

// parseLocale reads one message file. Its keys are unique: the files are embedded and a test
// refuses a file whose keys are not strictly sorted, so a duplicate never gets this far (a
// decoder would keep the last), and one Unmarshal is half the time of reading token by token.
func parseLocale(data []byte) (map[string]string, error) {
	m := make(map[string]string, 2048)
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// messages reads every message file (for tests and tools).
func messages() map[catalog.Lang]map[string]string {
	out := map[catalog.Lang]map[string]string{}
	for _, l := range fileLangs() {
		out[l] = language(l)
	}
	return out
}

// Languages lists the languages that have a message file, English first.
func Languages() []catalog.Lang {
	have := map[catalog.Lang]bool{}
	for _, l := range fileLangs() {
		have[l] = true
	}
	var out []catalog.Lang
	for _, l := range catalog.Langs {
		if have[l] {
			out = append(out, l)
		}
	}
	return out
}

// Keys lists every key of a language's message file, sorted (for tests and tools).
func Keys(lang catalog.Lang) []string {
	m := language(lang)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Printer speaks one language: words through T and N, figures through its formatters.
type Printer struct {
	lang catalog.Lang
	msgs map[string]string
	en   map[string]string
}

// For returns the printer of lang; a language without a message file speaks English.
func For(lang catalog.Lang) Printer {
	return Printer{lang: lang, msgs: language(lang), en: language(catalog.EN)}
}

// Lang is the printer's language.
func (p Printer) Lang() catalog.Lang { return p.lang }

// Has reports whether key is defined in English (every key is).
func (p Printer) Has(key string) bool {
	_, ok := p.en[key]
	return ok
}

func (p Printer) lookup(key string) (string, bool) {
	s, ok := p.msgs[key]
	if !ok {
		s, ok = p.en[key]
	}
	if ok && strings.Contains(s, langsPlaceholder) {
		s = strings.ReplaceAll(s, langsPlaceholder, p.LangCodes())
	}
	return s, ok
}

// langsPlaceholder in a message stands for the language codes, so that no message lists
// the languages by hand and every list follows the message files present.
const langsPlaceholder = "{langs}"

// LangCodes lists the codes of the languages that have a message file, English first,
// separated the way the printer's language separates a list ("en, ja, fr, es").
func (p Printer) LangCodes() string {
	langs := Languages()
	codes := make([]string, len(langs))
	for i, l := range langs {
		codes[i] = string(l)
	}
	sep := ", "
	if v, ok := p.msgs["cli.list.sep"]; ok {
		sep = v
	}
	return strings.Join(codes, sep)
}

// T returns the text of key, formatted with args when given. A missing key shows the key
// itself, which the tests catch.
func (p Printer) T(key string, args ...any) string {
	s, ok := p.lookup(key)
	if !ok {
		s = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// N returns the plural form of key for the count n ("key#one", "key#other"), formatted with
// args, or with n alone when no args are given.
func (p Printer) N(key string, n int, args ...any) string {
	if len(args) == 0 {
		args = []any{n}
	}
	form := pluralForm(p.lang, n)
	if s, ok := p.lookup(key + "#" + form); ok {
		return fmt.Sprintf(s, args...)
	}
	if s, ok := p.lookup(key + "#other"); ok {
		return fmt.Sprintf(s, args...)
	}
	return p.T(key, args...)
}

// pluralForm is the CLDR plural category of an integer count.
func pluralForm(lang catalog.Lang, n int) string {
	switch lang {
	case catalog.JA:
		return "other"
	case catalog.FR:
		if n == 0 || n == 1 {
			return "one"
		}
		return "other"
	default: // en, es
		if n == 1 {
			return "one"
		}
		return "other"
	}
}
