package export

import (
	"encoding/xml"
	"errors"
	"io/fs"
	"regexp"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// Import problems and refusals are worded from the vocabulary: Code is the key (a stable
// name scripts can match), Message its English text for logs and JSON, and In words it in
// the user's language. None names a flag or a key: the CLI and the TUI add their own hint
// (Hint).

var english = vocab.For(catalog.EN)

// Codes the CLI and the TUI give their own hint (a flag, a key).
const (
	CodeEncrypted     = "import.xlsx.encrypted"     // no password given
	CodeOrgHere       = "import.json.org_here"      // an organisation file already here: check it in
	CodeOrgNotHere    = "import.merge.org_not_here" // a check-in of an organisation not here: import it
	CodeNameHere      = "import.json.name_here"     // another organisation here reads the same: rename it first
	CodeOrgOther      = "import.merge.org_other"    // a check-in of an organisation not here, named like one here
	CodeCycleNameHere = "import.merge.cycle_name"   // a new cycle of the file named like another here: rename that one
)

// problem is a located problem worded by key.
func problem(where, code string, args ...any) Problem {
	p := Problem{Where: where, Code: code, args: args}
	p.Message = p.words(english)
	return p
}

// problemN is a problem whose wording follows the count n (keys code#one, code#other).
func problemN(where, code string, n int, args ...any) Problem {
	p := Problem{Where: where, Code: code, args: args, n: n, plural: true}
	p.Message = p.words(english)
	return p
}

// term is an argument that is itself a vocabulary key, such as a field's name.
type term string

// phrase is an argument worded by its own key: a part of a longer message.
type phrase struct {
	code string
	args []any
}

func wordArgs(pr vocab.Printer, args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case term:
			out[i] = pr.T(string(a))
		case phrase:
			out[i] = pr.T(a.code, wordArgs(pr, a.args)...)
		default:
			out[i] = a
		}
	}
	return out
}

func (p Problem) words(pr vocab.Printer) string {
	if p.plural {
		return pr.N(p.Code, p.n, wordArgs(pr, p.args)...)
	}
	return pr.T(p.Code, wordArgs(pr, p.args)...)
}

// In words the problem in the printer's language; a problem without a code reads as written.
func (p Problem) In(pr vocab.Printer) string {
	msg := p.Message
	if p.Code != "" {
		msg = p.words(pr)
	}
	if p.Where == "" {
		return msg
	}
	return pr.T("import.at", p.Where, msg)
}

// refusal is a file refused as a whole (not a workbook, too big, a named pipe): the same
// key and arguments as a Problem, and the cause for errors.Is.
type refusal struct {
	code string
	args []any
	err  error
}

func (e *refusal) Error() string    { return english.T(e.code, wordArgs(english, e.args)...) }
func (e *refusal) Unwrap() error    { return e.err }
func (e *refusal) problem() Problem { return problem("", e.code, e.args...) }

func refuse(code string, args ...any) error { return &refusal{code: code, args: args} }

// refuseCause is refuse keeping cause for errors.Is (a missing file stays fs.ErrNotExist).
func refuseCause(cause error, code string, args ...any) error {
	return &refusal{code: code, args: args, err: cause}
}

// illegalChar is how encoding/xml names a character XML does not allow.
var illegalChar = regexp.MustCompile(`illegal character code (U\+[0-9A-F]+)`)

// cause is the reason under a refusal, worded where it is one we know (a missing file, a
// control character in a part's XML), so no system or parser English reaches the user;
// anything else reads as written.
func cause(err error) any {
	var se *xml.SyntaxError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return phrase{code: "import.cause.not_exist"}
	case errors.Is(err, fs.ErrPermission):
		return phrase{code: "import.cause.permission"}
	case errors.As(err, &se):
		if m := illegalChar.FindStringSubmatch(se.Msg); m != nil {
			return phrase{code: "import.cause.xml_control", args: []any{se.Line, m[1]}}
		}
		return phrase{code: "import.cause.xml_syntax", args: []any{se.Line}}
	}
	return err
}

// asProblem turns a refusal into its Problem; any other error reads as written.
func asProblem(err error) Problem {
	var r *refusal
	if errors.As(err, &r) {
		return r.problem()
	}
	return Problem{Message: err.Error()}
}

// ownError finds the error this package words inside err: a *WriteError, *ValidationError,
// *ConflictError, *StaleError or *refusal, in that order; nil when err holds none.
func ownError(err error) error {
	var (
		we *WriteError
		ve *ValidationError
		ce *ConflictError
		se *StaleError
		r  *refusal
	)
	switch {
	case errors.As(err, &we):
		return we
	case errors.As(err, &ve):
		return ve
	case errors.As(err, &ce):
		return ce
	case errors.As(err, &se):
		return se
	case errors.As(err, &r):
		return r
	}
	return nil
}

// ErrorCode is the vocabulary key of an import error or an output file not written, for
// --json output: the problem's own when the file has one, "import.refused" when it has
// several; "" for other errors.
func ErrorCode(err error) string {
	switch e := ownError(err).(type) {
	case *WriteError:
		return e.Code()
	case *ValidationError:
		if len(e.Problems) == 1 && e.Problems[0].Code != "" {
			return e.Problems[0].Code
		}
		return "import.refused"
	case *ConflictError:
		return e.code()
	case *StaleError:
		return e.code()
	case *refusal:
		return e.code
	}
	return ""
}

// ErrorText words an import error (a refused file, conflicts, a stale plan) or an output file
// not written in the printer's language; hint gives the caller's words for a problem code (a
// flag for the CLI, a key for the TUI), or "" for none. ok is false for other errors.
func ErrorText(pr vocab.Printer, err error, hint func(code string) string) (text string, ok bool) {
	line := func(p Problem) string {
		s := p.In(pr)
		if hint != nil {
			if h := hint(p.Code); h != "" {
				s = pr.T("import.with_hint", s, h)
			}
		}
		return s
	}
	switch e := ownError(err).(type) {
	case *WriteError:
		// What the caller wrapped around it ("output file ") stays, worded by the caller.
		prefix, _ := strings.CutSuffix(err.Error(), e.Error())
		return prefix + e.words(pr), true
	case *ValidationError:
		if len(e.Problems) == 1 {
			return pr.T("import.refused_one", e.File, line(e.Problems[0])), true
		}
		lines := make([]string, len(e.Problems))
		for i, p := range e.Problems {
			lines[i] = line(p)
		}
		return pr.N("import.refused", len(e.Problems), e.File, len(e.Problems)) + "\n  " + strings.Join(lines, "\n  "), true
	case *ConflictError:
		return pr.N(e.code(), e.Conflicts, e.File, e.Conflicts), true
	case *StaleError:
		switch e.code() {
		case "import.stale":
			return pr.T(e.code(), e.File), true
		case "import.stale_service":
			return pr.T(e.code(), e.File, e.Service), true
		}
		field := e.Field
		if k := "field." + strings.ReplaceAll(field, " ", "_"); pr.Has(k) {
			field = pr.T(k)
		}
		return pr.T(e.code(), e.File, field, e.Service), true
	case *refusal:
		return line(e.problem()), true
	}
	return "", false
}
