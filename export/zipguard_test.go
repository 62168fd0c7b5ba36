package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/xuri/excelize/v2"
)

// rezip copies a workbook, letting replace write any entry itself (return true) and add
// append entries at the end.
func rezip(t testing.TB, src []byte, replace func(zw *zip.Writer, f *zip.File) bool, add func(zw *zip.Writer)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if replace != nil && replace(zw, f) {
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	if add != nil {
		add(zw)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// editPart rewrites the text of one part.
func editPart(t testing.TB, src []byte, name string, edit func(string) string) []byte {
	t.Helper()
	found := false
	out := rezip(t, src, func(zw *zip.Writer, f *zip.File) bool {
		if f.Name != name {
			return false
		}
		found = true
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(edit(string(body))))
		return true
	}, nil)
	if !found {
		t.Fatalf("no part %s", name)
	}
	return out
}

// bomb is a deflated stream that inflates to many bytes of XML elements.
type bomb struct {
	compressed []byte
	crc        uint32
	size       uint64
}

func newBomb(t testing.TB, unit string, size int) bomb {
	t.Helper()
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	h := crc32.NewIEEE()
	w := io.MultiWriter(fw, h)
	head, tail := `<?xml version="1.0" encoding="UTF-8"?><x>`, `</x>`
	io.WriteString(w, head)
	chunk := strings.Repeat(unit, 64<<10/len(unit))
	n := len(head) + len(tail)
	for n+len(chunk) <= size {
		io.WriteString(w, chunk)
		n += len(chunk)
	}
	io.WriteString(w, tail)
	fw.Close()
	return bomb{compressed: buf.Bytes(), crc: h.Sum32(), size: uint64(n)}
}

// write adds the bomb as entry name, declaring its size as declared (0: the true size).
func (b bomb) write(t testing.TB, zw *zip.Writer, name string, declared uint64) {
	t.Helper()
	if declared == 0 {
		declared = b.size
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: b.crc,
		CompressedSize64: uint64(len(b.compressed)), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(b.compressed)
}

// dbHash hashes the database file and its write-ahead log, byte for byte.
func dbHash(t testing.TB, path string) string {
	t.Helper()
	h := sha256.New()
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		h.Write(b)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// measure runs fn and returns the peak heap growth it caused and the time it took.
func measure(fn func()) (peak uint64, took time.Duration) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base := m.HeapAlloc
	var max uint64
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		var s runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				runtime.ReadMemStats(&s)
				if s.HeapAlloc > max {
					max = s.HeapAlloc
				}
			}
		}
	}()
	start := time.Now()
	fn()
	took = time.Since(start)
	runtime.ReadMemStats(&m)
	close(done)
	<-stopped
	if m.HeapAlloc > max {
		max = m.HeapAlloc
	}
	if max < base {
		return 0, took
	}
	return max - base, took
}

// Generous bounds: the target is 2 s and 150 MB; time is only logged beyond a wide margin.
const (
	bombMemLimit  = 150 << 20
	bombTimeLimit = 15 * time.Second
)

// Every part the importer reads, inflated (honestly declared, lying about its size, or
// dense with elements just under the limits), is refused or read in bounded memory, and
// the database stays byte for byte as it was.
func TestImportInflationBombs(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	valid, err := os.ReadFile(exportQuestionnaire(t, fx, catalog.EN, ""))
	if err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(valid), int64(len(valid)))
	parts := []string{"xl/calcChain.xml", "xl/metadata.xml"} // read when present
	for _, f := range zr.File {
		parts = append(parts, f.Name)
	}
	big := newBomb(t, `<a b="c"/>`, 60<<20)
	sum := dbHash(t, fx.dbPath)
	in := filepath.Join(t.TempDir(), "bomb.xlsx")
	run := func(t *testing.T, data []byte, wantRefused bool) {
		if err := os.WriteFile(in, data, 0o600); err != nil {
			t.Fatal(err)
		}
		var perr error
		peak, took := measure(func() { _, perr = PlanImport(ctx, fx.s, in) })
		if peak > bombMemLimit {
			t.Errorf("peak heap %d MB, limit %d MB", peak>>20, bombMemLimit>>20)
		}
		if took > bombTimeLimit {
			t.Errorf("took %v", took)
		}
		if wantRefused && perr == nil {
			t.Error("a bomb was accepted")
		}
		t.Logf("%d KB file: %v in %v, peak %d MB", len(data)>>10, perr, took.Round(time.Millisecond), peak>>20)
	}
	for _, name := range parts {
		present := false
		for _, f := range zr.File {
			present = present || f.Name == name
		}
		for _, declared := range []struct {
			how  string
			size uint64
		}{{"declared", 0}, {"lying", 1000}} {
			t.Run(name+"/"+declared.how, func(t *testing.T) {
				data := rezip(t, valid, func(zw *zip.Writer, f *zip.File) bool {
					if f.Name != name {
						return false
					}
					big.write(t, zw, name, declared.size)
					return true
				}, func(zw *zip.Writer) {
					if !present {
						big.write(t, zw, name, declared.size)
					}
				})
				run(t, data, true)
			})
		}
		// Just under the part's size and element limits: the worst that may be parsed.
		t.Run(name+"/dense", func(t *testing.T) {
			lim := limitFor(partName(name))
			unit := denseUnit(partName(name))
			perUnit := strings.Count(unit, "<") - strings.Count(unit, "</")
			n := min((lim.elements-16)/perUnit, int(lim.bytes)/len(unit)-16)
			if strings.HasPrefix(partName(name), "xl/worksheets/sheet") {
				n = min(n, maxSheetRows-1)
			}
			var body strings.Builder
			body.WriteString(`<?xml version="1.0" encoding="UTF-8"?>`)
			body.WriteString(denseHead(partName(name)))
			for i := 0; i < n; i++ {
				body.WriteString(unit)
			}
			body.WriteString(denseTail(partName(name)))
			data := rezip(t, valid, func(zw *zip.Writer, f *zip.File) bool {
				if f.Name != name {
					return false
				}
				w, _ := zw.Create(name)
				io.WriteString(w, body.String())
				return true
			}, func(zw *zip.Writer) {
				if !present {
					w, _ := zw.Create(name)
					io.WriteString(w, body.String())
				}
			})
			body.Reset()
			run(t, data, false)
		})
	}
	if dbHash(t, fx.dbPath) != sum {
		t.Fatal("a refused file changed the database")
	}
}

// denseUnit is a small element of the kind a part holds, so excelize parses it in earnest.
func denseUnit(name string) string {
	switch {
	case name == "xl/styles.xml":
		return `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`
	case name == "xl/sharedstrings.xml":
		return `<si><t>x</t></si>`
	case name == "xl/workbook.xml":
		return `<definedName name="n">A1</definedName>`
	case name == "xl/calcchain.xml":
		return `<c r="A1" i="1"/>`
	case strings.HasSuffix(name, ".rels"):
		return `<Relationship Id="rIdX" Type="x" Target="x"/>`
	case strings.HasPrefix(name, "xl/worksheets/sheet"):
		return `<row>` + strings.Repeat(`<c><v>1</v></c>`, maxColumns) + `</row>`
	}
	return `<a b="c"/>`
}

func denseHead(name string) string {
	switch {
	case name == "xl/styles.xml":
		return `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>`
	case name == "xl/sharedstrings.xml":
		return `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	case name == "xl/workbook.xml":
		return `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Questionnaire" sheetId="1" r:id="rId2"/></sheets><definedNames>`
	case name == "xl/calcchain.xml":
		return `<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	case strings.HasSuffix(name, ".rels"):
		return `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	case strings.HasPrefix(name, "xl/worksheets/sheet"):
		return `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	}
	return `<x>`
}

func denseTail(name string) string {
	switch {
	case name == "xl/styles.xml":
		return `</cellXfs></styleSheet>`
	case name == "xl/sharedstrings.xml":
		return `</sst>`
	case name == "xl/workbook.xml":
		return `</definedNames></workbook>`
	case name == "xl/calcchain.xml":
		return `</calcChain>`
	case strings.HasSuffix(name, ".rels"):
		return `</Relationships>`
	case strings.HasPrefix(name, "xl/worksheets/sheet"):
		return `</sheetData></worksheet>`
	}
	return `</x>`
}

// setCell replaces the XML of one cell of the Questionnaire sheet.
func setCell(t testing.TB, src []byte, ref, xmlCell string) []byte {
	t.Helper()
	re := regexp.MustCompile(`<c r="` + ref + `"[^>]*?(?:/>|>.*?</c>)`)
	return editPart(t, src, "xl/worksheets/sheet2.xml", func(s string) string {
		if !re.MatchString(s) {
			t.Fatalf("cell %s not found", ref)
		}
		return re.ReplaceAllLiteralString(s, xmlCell)
	})
}

// Each class of hostile or mistaken workbook is refused with a message that names it,
// and leaves the database byte for byte as it was.
func TestImportRefusesHostileWorkbooks(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	valid, err := os.ReadFile(exportQuestionnaire(t, fx, catalog.EN, ""))
	if err != nil {
		t.Fatal(err)
	}
	dup := func(name string) []byte {
		return rezip(t, valid, nil, func(zw *zip.Writer) {
			w, _ := zw.Create(name)
			io.WriteString(w, `<?xml version="1.0"?><worksheet/>`)
		})
	}
	sheet := func(edit func(string) string) []byte { return editPart(t, valid, "xl/worksheets/sheet2.xml", edit) }
	row5 := regexp.MustCompile(`<row r="5"[^>]*>`)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"duplicate part", dup("xl/worksheets/sheet2.xml"), "holds two parts named xl/worksheets/sheet2.xml"},
		{"duplicate part by case", dup("XL/Worksheets/Sheet2.xml"), "holds two parts named"},
		{"duplicate part by backslash", dup(`xl\worksheets\sheet2.xml`), "holds two parts named"},
		{"duplicate sheet name", editPart(t, valid, "xl/workbook.xml", func(s string) string {
			return strings.Replace(s, "</sheets>", `<sheet name="questionnaire" sheetId="9" r:id="rId3"/></sheets>`, 1)
		}), `two sheets named "questionnaire"`},
		{"DTD", sheet(func(s string) string {
			return strings.Replace(s, "?>", `?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>`, 1)
		}), "document type declaration"},
		{"entity", sheet(func(s string) string { return strings.Replace(s, "<sheetData>", "<sheetData>&a;", 1) }), "entity"},
		{"wide row", sheet(func(s string) string {
			return row5.ReplaceAllStringFunc(s, func(r string) string { return r + `<c r="XFD5"><v>1</v></c>` })
		}), "row 5 has a cell in column XFD5"},
		{"wide row without references", sheet(func(s string) string {
			return row5.ReplaceAllStringFunc(s, func(r string) string { return r + strings.Repeat(`<c><v>1</v></c>`, 70) })
		}), "row 5 is wider than 64 columns"},
		{"far row", sheet(func(s string) string {
			return strings.Replace(s, "</sheetData>", `<row r="900000"><c r="A900000"><v>1</v></c></row></sheetData>`, 1)
		}), "has a row 900000"},
		{"formula after a newline", setCell(t, valid, "J5", "<c r=\"J5\"><f\n>1+1</f\n><v>2</v></c>"), "Questionnaire!J5: contains a formula"},
		{"formula with a prefix", setCell(t, valid, "J5", `<c r="J5"><x:f xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">1+1</x:f><v>2</v></c>`), "Questionnaire!J5: contains a formula"},
		{"shared formula", setCell(t, valid, "J6", `<c r="J6"><f t="shared" si="0"/><v>2</v></c>`), "Questionnaire!J6: contains a formula"},
		{"array formula", setCell(t, valid, "K7", `<c r="K7"><f t="array" ref="K7">SUM(J2:J3)</f><v>2</v></c>`), "Questionnaire!K7: contains a formula"},
		{"boolean score", setCell(t, valid, "J5", `<c r="J5" t="b"><v>1</v></c>`), "Questionnaire!J5: current score is a boolean (TRUE)"},
		{"date score", setCell(t, valid, "J5", `<c r="J5" t="d"><v>2026-01-03</v></c>`), "Questionnaire!J5: current score is a date"},
		{"error score", setCell(t, valid, "I5", `<c r="I5" t="e"><v>#N/A</v></c>`), "Questionnaire!I5: target is an error value (#N/A)"},
		{"inline text score", setCell(t, valid, "I5", `<c r="I5" t="inlineStr"><is><t>3</t></is></c>`), `Questionnaire!I5: target is text ("3")`},
		{"TRUE as a number", setCell(t, valid, "J5", `<c r="J5"><v>TRUE</v></c>`), `Questionnaire!J5: current score "TRUE" is not a number written in digits`},
		{"hex float", setCell(t, valid, "J5", `<c r="J5"><v>0x1.8p1</v></c>`), `current score "0x1.8p1" is not a number written in digits`},
		{"underscore", setCell(t, valid, "J5", `<c r="J5"><v>0_3</v></c>`), `current score "0_3" is not a number written in digits`},
		{"exponent", setCell(t, valid, "J5", `<c r="J5"><v>5e0</v></c>`), `current score "5e0" is not a number written in digits`},
		{"control character in evidence", setCell(t, valid, "K5", `<c r="K5" t="inlineStr"><is><t>see _x001B_[2J report</t></is></c>`), "Questionnaire!K5: evidence: character 5 is a control character (U+001B)"},
		{"bidi override in provider", setCell(t, valid, "H5", "<c r=\"H5\" t=\"inlineStr\"><is><t>Acme \u202e MSSP</t></is></c>"), "Questionnaire!H5: provider: character 6 is a control character (U+202E)"},
		{"newline in provider", setCell(t, valid, "H5", "<c r=\"H5\" t=\"inlineStr\"><is><t>Acme\nMSSP</t></is></c>"), "Questionnaire!H5: provider: character 5 is a control character (U+000A)"},
	}
	sum := dbHash(t, fx.dbPath)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := filepath.Join(t.TempDir(), "q.xlsx")
			if err := os.WriteFile(in, tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			plan, err := PlanImport(ctx, fx.s, in)
			if err == nil {
				t.Fatalf("accepted: %+v", plan.Services)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\nlacks %q", err, tc.want)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Errorf("error %T is not a *ValidationError", err)
			}
		})
	}
	if dbHash(t, fx.dbPath) != sum {
		t.Fatal("a refused file changed the database")
	}
	// Numbers as spreadsheets write them are accepted: 3 and 3.0, and evidence over lines.
	ok := setCell(t, setCell(t, valid, "J5", `<c r="J5"><v>3.0</v></c>`), "J6", `<c r="J6" t="n"><v>3</v></c>`)
	ok = setCell(t, ok, "K5", "<c r=\"K5\" t=\"inlineStr\"><is><t>line one\nline\ttwo</t></is></c>")
	in := filepath.Join(t.TempDir(), "ok.xlsx")
	os.WriteFile(in, ok, 0o600)
	plan, err := PlanImport(ctx, fx.s, in)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Changes() != 3 {
		t.Errorf("%d changes, want 3: %+v", plan.Changes(), plan.Services)
	}
}

func TestImportRefusesSpecialFiles(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	for name, path := range map[string]string{"folder": t.TempDir(), "device": os.DevNull} {
		if _, err := os.Stat(path); err != nil {
			continue
		}
		_, err := PlanImport(ctx, fx.s, path)
		if err == nil || !(strings.Contains(err.Error(), "not a regular file") || strings.Contains(err.Error(), "is a folder")) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestSplitRef(t *testing.T) {
	for ref, want := range map[string][3]int{"A1": {1, 1, 1}, "L99": {12, 99, 1}, "XFD1048576": {16384, 1048576, 1},
		"1A": {0, 0, 0}, "A": {0, 0, 0}, "A+1": {0, 0, 0}, "AAAA1": {0, 0, 0}, "A0": {0, 0, 0}, "a1": {0, 0, 0}} {
		c, r, ok := splitRef(ref)
		got := [3]int{c, r, 0}
		if ok {
			got[2] = 1
		}
		if !ok {
			got = [3]int{0, 0, 0}
		}
		if got != want {
			t.Errorf("%s: %v, want %v", ref, got, want)
		}
	}
}

// An encrypted workbook is checked like any other once decrypted, and the time budget
// stops a reading that is already out of time.
func TestImportEncryptedBombAndDeadline(t *testing.T) {
	fx := newFixture(t)
	valid, err := os.ReadFile(exportQuestionnaire(t, fx, catalog.EN, ""))
	if err != nil {
		t.Fatal(err)
	}
	big := newBomb(t, `<a b="c"/>`, 60<<20)
	bombed := rezip(t, valid, func(zw *zip.Writer, f *zip.File) bool {
		if f.Name != "xl/styles.xml" {
			return false
		}
		big.write(t, zw, f.Name, 9065)
		return true
	}, nil)
	enc, err := excelize.Encrypt(bombed, &excelize.Options{Password: "a long enough secret"})
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "enc.xlsx")
	os.WriteFile(in, enc, 0o600)
	_, err = PlanImport(context.Background(), fx.s, in, ImportOptions{Password: "a long enough secret"})
	if err == nil || !strings.Contains(err.Error(), "part xl/styles.xml is not what the file says it is") {
		t.Errorf("encrypted bomb: %v", err)
	}

	plain := filepath.Join(t.TempDir(), "q.xlsx")
	os.WriteFile(plain, valid, 0o600)
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err = PlanImport(ctx, fx.s, plain)
	if err == nil || !strings.Contains(err.Error(), "took longer than") {
		t.Errorf("out of time: %v", err)
	}
}
