package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// A workbook from outside is read by excelize only after scanZip has opened the zip itself,
// read every part through a size limit and an element count, and refused what excelize
// would otherwise trust: a declared size that lies, two parts of one name, a DTD or
// entity, a row wider than a questionnaire, a formula in any spelling.

// Limits of one part of a workbook.
type partLimit struct {
	bytes    int64 // uncompressed size, declared and actual
	elements int   // XML elements, which is what parsing costs in memory
}

const (
	maxZipEntries = 256
	// maxColumns bounds the columns of any sheet: a questionnaire uses 12.
	maxColumns = 64
)

// The worksheet and shared-string limits grow with the rows a questionnaire may have
// (maxSheetRows: one per service of the largest pack), so the questionnaire of the largest
// pack imports and anything much larger is refused. Per row, a worksheet holds its numCols
// cells (about 500 bytes and 25 elements as written here) and two score validations (about
// 1.2 KiB and 6 elements; a spreadsheet application may merge them); the shared strings hold
// the row's texts. The budgets leave room for the attributes a spreadsheet application adds.
// The 10,000-service questionnaire's sheet: 17 MiB, 310,000 elements.
const (
	sheetBytesPerRow     = 2 << 10
	sheetElementsPerRow  = 48
	stringBytesPerRow    = 2 << 10
	stringElementsPerRow = 24
	// partOverhead is what a sheet or the shared strings hold besides the rows.
	partOverheadBytes    = 1 << 20
	partOverheadElements = 20_000
)

// limitFor returns the limits of a part by its (lower-case) name.
func limitFor(name string) partLimit {
	switch {
	case strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml"):
		return partLimit{maxSheetRows*sheetBytesPerRow + partOverheadBytes, maxSheetRows*sheetElementsPerRow + partOverheadElements}
	case name == "xl/sharedstrings.xml":
		return partLimit{maxSheetRows*stringBytesPerRow + partOverheadBytes, maxSheetRows*stringElementsPerRow + partOverheadElements}
	case name == "xl/styles.xml":
		return partLimit{2 << 20, 60_000}
	case strings.HasPrefix(name, "xl/theme/"):
		return partLimit{1 << 20, 20_000}
	case strings.HasSuffix(name, ".rels"):
		return partLimit{256 << 10, 2_000}
	}
	// workbook, calc chain, metadata, content types, document properties, comments, drawings
	return partLimit{1 << 20, 20_000}
}

// scannedWorkbook is what scanZip learnt about a workbook.
type scannedWorkbook struct {
	sheets []scannedSheet // in workbook order
}

// scannedSheet is one worksheet: where its formulas are and the type of each typed cell.
type scannedSheet struct {
	name     string
	part     string
	formulas []string          // A1 references of cells holding a formula
	types    map[string]string // A1 reference -> the cell's t attribute, when it has one
	styles   map[string]int    // A1 reference -> the cell's style index, when it has one
}

func (w *scannedWorkbook) sheet(name string) *scannedSheet {
	for i := range w.sheets {
		if w.sheets[i].name == name {
			return &w.sheets[i]
		}
	}
	return nil
}

// scanZip checks every part of an (unencrypted) workbook; ctx bounds the time it takes.
func scanZip(ctx context.Context, data []byte) (*scannedWorkbook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, refuse("import.zip.unreadable", err)
	}
	if len(zr.File) > maxZipEntries {
		return nil, refuse("import.zip.too_many_parts", len(zr.File), maxZipEntries)
	}
	seen := map[string]bool{}
	var total int64
	for _, f := range zr.File {
		name := partName(f.Name)
		if seen[name] {
			return nil, refuse("import.zip.duplicate_part", clip(f.Name, 80))
		}
		seen[name] = true
		lim := limitFor(name)
		if f.UncompressedSize64 > uint64(lim.bytes) {
			return nil, refuse("import.zip.part_too_big", clip(f.Name, 80), mib(int64(f.UncompressedSize64)), mib(lim.bytes))
		}
		total += int64(f.UncompressedSize64)
		if total > maxUnzipSize {
			return nil, refuse("import.zip.too_big", mib(maxUnzipSize))
		}
	}
	rels := map[string]map[string]string{} // rels part -> id -> target
	var book []bookSheet
	parsed := map[string]*scannedSheet{}
	var actual int64
	for _, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return nil, timeUp(err)
		}
		if f.FileInfo().IsDir() {
			continue
		}
		name := partName(f.Name)
		lim := limitFor(name)
		rc, err := f.Open()
		if err != nil {
			return nil, refuse("import.zip.part_unreadable", clip(f.Name, 80), cause(err))
		}
		cr := &countingReader{r: io.LimitReader(rc, lim.bytes+1)}
		switch {
		case isXMLPart(name):
			s := &xmlScan{ctx: ctx, part: f.Name, limit: lim}
			switch {
			case name == "xl/workbook.xml":
				err = s.run(cr, func(d *xmlScan, se xml.StartElement) error {
					if se.Name.Local == "sheet" {
						book = append(book, bookSheet{name: attr(se, "", "name"), rid: attr(se, "*", "id")})
					}
					return nil
				})
			case strings.HasSuffix(name, ".rels"):
				m := map[string]string{}
				rels[name] = m
				err = s.run(cr, func(d *xmlScan, se xml.StartElement) error {
					if se.Name.Local == "Relationship" {
						m[attr(se, "", "Id")] = attr(se, "", "Target")
					}
					return nil
				})
			case strings.HasPrefix(name, "xl/worksheets/") && !strings.Contains(name[len("xl/worksheets/"):], "/"):
				sh := &scannedSheet{part: name, types: map[string]string{}, styles: map[string]int{}}
				parsed[name] = sh
				err = s.sheet(cr, sh)
			default:
				err = s.run(cr, nil)
			}
		default:
			_, err = io.Copy(io.Discard, cr)
		}
		rc.Close()
		actual += cr.n
		switch {
		case cr.n > lim.bytes:
			return nil, refuse("import.zip.part_over", clip(f.Name, 80), mib(lim.bytes))
		case actual > maxUnzipSize:
			return nil, refuse("import.zip.too_big", mib(maxUnzipSize))
		case errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum):
			return nil, refuse("import.zip.part_mismatch", clip(f.Name, 80))
		case err != nil:
			var zp *refusal
			if errors.As(err, &zp) {
				return nil, err
			}
			if ctx.Err() != nil {
				return nil, timeUp(ctx.Err())
			}
			return nil, refuse("import.zip.part_unreadable", clip(f.Name, 80), cause(err))
		}
	}
	// Name the worksheets as the workbook does; two sheets of one name are refused.
	out := &scannedWorkbook{}
	names := map[string]bool{}
	wbRels := rels["xl/_rels/workbook.xml.rels"]
	for _, b := range book {
		key := strings.ToLower(b.name)
		if names[key] {
			return nil, refuse("import.zip.duplicate_sheet", clip(b.name, 40))
		}
		names[key] = true
		target := wbRels[b.rid]
		var part string
		if strings.HasPrefix(target, "/") {
			part = partName(target)
		} else {
			part = partName(path.Join("xl", target))
		}
		sh := parsed[part]
		if sh == nil {
			continue // a chart sheet, or a missing part excelize reports itself
		}
		if sh.name != "" {
			return nil, refuse("import.zip.shared_part", clip(sh.name, 40), clip(b.name, 40))
		}
		sh.name = b.name
		out.sheets = append(out.sheets, *sh)
	}
	return out, nil
}

type bookSheet struct{ name, rid string }

// partName is how excelize names a part: forward slashes; compared without case.
func partName(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(name, "\\", "/"), "/"))
}

func isXMLPart(name string) bool {
	return strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") || strings.HasSuffix(name, ".vml")
}

func mib(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d MiB", n>>20)
}

func timeUp(err error) error {
	return refuseCause(err, "import.zip.time", importTimeBudget)
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// xmlScan streams one XML part, counting elements and refusing DTDs and entities.
type xmlScan struct {
	ctx      context.Context
	part     string
	limit    partLimit
	elements int
}

// run calls start for every start element; nil start only checks the part.
func (s *xmlScan) run(r io.Reader, start func(*xmlScan, xml.StartElement) error) error {
	return s.walk(r, start, nil)
}

func (s *xmlScan) walk(r io.Reader, start func(*xmlScan, xml.StartElement) error, other func(xml.Token) error) error {
	d := xml.NewDecoder(r)
	d.Strict = true
	d.Entity = nil
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if strings.Contains(err.Error(), "entity") {
				return refuse("import.zip.entity", clip(s.part, 80))
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s.elements++
			if s.elements > s.limit.elements {
				return refuse("import.zip.elements", clip(s.part, 80), s.limit.elements)
			}
			if s.elements%4096 == 0 && s.ctx.Err() != nil {
				return timeUp(s.ctx.Err())
			}
			if start != nil {
				if err := start(s, t); err != nil {
					return err
				}
			}
		case xml.Directive:
			return refuse("import.zip.dtd", clip(s.part, 80), clip(strings.Fields(string(t) + " ")[0], 20))
		}
		if other != nil {
			if err := other(tok); err != nil {
				return err
			}
		}
	}
}

// sheet scans a worksheet: rows and columns within bounds, formulas and cell types found.
func (s *xmlScan) sheet(r io.Reader, sh *scannedSheet) error {
	row, col, cellsInRow := 0, 0, 0
	inCell := false
	ref := ""
	start := func(_ *xmlScan, se xml.StartElement) error {
		switch se.Name.Local {
		case "row":
			if rs := attr(se, "", "r"); rs != "" {
				n, err := strconv.Atoi(rs)
				if err != nil || n < 1 {
					return refuse("import.zip.bad_row", clip(s.part, 80), clip(rs, 20))
				}
				row = n
			} else {
				row++
			}
			if row > maxSheetRows {
				return refuse("import.zip.row_far", clip(s.part, 80), row, maxSheetRows)
			}
			col, cellsInRow = 0, 0
		case "c":
			if row == 0 {
				row = 1
			}
			cellsInRow++
			if rs := attr(se, "", "r"); rs != "" {
				c, rr, ok := splitRef(rs)
				if !ok {
					return refuse("import.zip.bad_cell", clip(s.part, 80), clip(rs, 20))
				}
				if c > maxColumns {
					return refuse("import.zip.column_past", clip(s.part, 80), rr, clip(rs, 20), numCols, colName(maxColumns))
				}
				col, row = c, rr
			} else {
				col++
			}
			if col > maxColumns || cellsInRow > maxColumns {
				return refuse("import.zip.row_wide", clip(s.part, 80), row, maxColumns)
			}
			if row > maxSheetRows {
				return refuse("import.zip.row_past", clip(s.part, 80), row, maxSheetRows)
			}
			ref = cellName(col, row)
			inCell = true
			if t := attr(se, "", "t"); t != "" && t != "n" {
				sh.types[ref] = t
			}
			if st := attr(se, "", "s"); st != "" {
				if n, err := strconv.Atoi(st); err == nil && n > 0 {
					sh.styles[ref] = n
				}
			}
		case "f":
			if inCell {
				sh.formulas = append(sh.formulas, ref)
			}
		}
		return nil
	}
	other := func(tok xml.Token) error {
		if e, ok := tok.(xml.EndElement); ok && e.Name.Local == "c" {
			inCell = false
		}
		return nil
	}
	return s.walk(r, start, other)
}

// splitRef parses an A1 reference into its column and row.
func splitRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 4 && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 || i == len(ref) || i > 3 {
		return 0, 0, false
	}
	digits := ref[i:]
	if len(digits) > 7 {
		return 0, 0, false
	}
	row, err := strconv.Atoi(digits)
	if err != nil || row < 1 || digits[0] == '+' || digits[0] == '-' {
		return 0, 0, false
	}
	return col, row, true
}

// attr returns an attribute by prefix ("" none, "*" any) and local name.
func attr(se xml.StartElement, prefix, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && (prefix == "*" || a.Name.Space == prefix) {
			return a.Value
		}
	}
	return ""
}
