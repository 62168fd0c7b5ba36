package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/xuri/excelize/v2"
)

// Limits on everything read from a user's file.
const (
	// MaxImportSize caps a questionnaire or JSON file before it is opened.
	MaxImportSize = 20 << 20
	// maxUnzipSize and maxUnzipXMLSize cap what a workbook may expand to.
	maxUnzipSize    = 64 << 20
	maxUnzipXMLSize = 16 << 20
	// maxSheetRows bounds the rows read from a questionnaire sheet: one per service of the
	// largest pack, and room for the headings.
	maxSheetRows = catalog.MaxServices + 100
)

// PasswordEnv holds the workbook password when --password is not given.
const PasswordEnv = "CDC_EXPORT_PASSWORD"

// Progress reports done of total steps; nil is allowed.
type Progress func(done, total int)

func (p Progress) step(done, total int) {
	if p != nil {
		p(done, total)
	}
}

// saveWorkbook writes f to path atomically, encrypted when password is set. excelize saves
// through finishingZip, which completes what it leaves out (sheet dimensions, column order,
// chart caches), so every part is compressed once.
func saveWorkbook(b *book, path, password string) error {
	b.f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		return &finishingZip{zw: zip.NewWriter(w), caches: b.caches}
	})
	var buf bytes.Buffer
	if err := b.f.Write(&buf); err != nil {
		return err
	}
	data := buf.Bytes()
	if password != "" {
		var err error
		if data, err = excelize.Encrypt(data, &excelize.Options{Password: password}); err != nil {
			return err
		}
	}
	return WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// finishingZip is the zip writer excelize saves a workbook through. The parts excelize leaves
// unfinished, worksheets (dimension, sorted columns: finishSheet) and charts (cached values:
// fillChartCaches), are finished before they are deflated. Every part is held until it ends,
// then finished and deflated on other goroutines in pieces of deflateChunk (the pieces of a
// large sheet in parallel, while excelize writes the next part), and written in order.
// Finishing the saved package instead inflated and deflated every sheet again, a third of
// the time of a large report; deflating on one goroutine was a fifth.
type finishingZip struct {
	zw      *zip.Writer
	caches  map[string]chartCache
	name    string        // the part being held; "" when none
	body    *bytes.Buffer // its bytes
	queue   []*zipPart    // parts ended, oldest first, not yet written
	pending int           // uncompressed bytes of the queue
	sem     chan struct{} // one token per piece being deflated
}

// deflateChunk is the size of the pieces a part is deflated in. Each piece starts a new
// deflate stream's dictionary, so the file is a little larger than deflating in one piece.
const deflateChunk = 1 << 20

// maxPendingParts bounds the uncompressed bytes held in the queue: past it, the oldest part
// is written before excelize goes on.
const maxPendingParts = 16 << 20

// zipPart is a part being finished and deflated.
type zipPart struct {
	name   string
	done   chan struct{} // closed when chunks, crc, size and err are set
	chunks [][]byte      // deflate pieces; the last one ends the stream
	crc    uint32
	size   int
	err    error
}

// finishedPart reports whether a part is held to be finished, and how.
func finishedPart(name string) (sheet, chart bool) {
	sheet = strings.HasPrefix(name, "xl/worksheets/sheet") && strings.HasSuffix(name, ".xml")
	chart = strings.HasPrefix(name, "xl/charts/chart") && strings.HasSuffix(name, ".xml")
	return sheet, chart
}

func (z *finishingZip) Create(name string) (io.Writer, error) {
	if err := z.endPart(); err != nil {
		return nil, err
	}
	z.name, z.body = name, partBodies.Get().(*bytes.Buffer)
	return z.body, nil
}

// endPart starts finishing and deflating the part being held, and writes the parts done.
func (z *finishingZip) endPart() error {
	if z.name == "" {
		return nil
	}
	if z.sem == nil {
		z.sem = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	}
	p := &zipPart{name: z.name, done: make(chan struct{})}
	body := z.body
	z.name, z.body = "", nil
	z.queue = append(z.queue, p)
	z.pending += body.Len()
	if body.Len() < smallPart {
		p.deflate(body, z.caches, nil)
	} else {
		go p.deflate(body, z.caches, z.sem)
	}
	return z.writeDone(false)
}

// partBodies are the buffers parts are held in, reused: a large sheet's is megabytes.
var partBodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// smallPart is the size under which a part is deflated on the goroutine that wrote it: handing
// the many small parts of a small workbook to other goroutines cost more CPU than it saved.
const smallPart = 256 << 10

// deflate finishes the part and deflates it, its pieces in parallel unless sem is nil.
func (p *zipPart) deflate(buf *bytes.Buffer, caches map[string]chartCache, sem chan struct{}) {
	defer close(p.done)
	defer func() {
		buf.Reset()
		partBodies.Put(buf)
	}()
	segments := [][]byte{buf.Bytes()}
	if sheet, chart := finishedPart(p.name); sheet {
		head, cells := finishSheet(buf.Bytes())
		segments = [][]byte{head, cells}
	} else if chart {
		segments = [][]byte{fillChartCaches(buf.Bytes(), caches)}
	}
	var pieces [][]byte
	for _, seg := range segments {
		p.size += len(seg)
		p.crc = crc32.Update(p.crc, crc32.IEEETable, seg)
		for len(seg) > deflateChunk {
			pieces = append(pieces, seg[:deflateChunk])
			seg = seg[deflateChunk:]
		}
		if len(seg) > 0 || len(pieces) == 0 {
			pieces = append(pieces, seg)
		}
	}
	n := len(pieces)
	p.chunks = make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, piece := range pieces {
		if sem == nil {
			p.chunks[i], errs[i] = deflatePiece(piece, i == n-1)
			continue
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			p.chunks[i], errs[i] = deflatePiece(piece, i == n-1)
		})
	}
	wg.Wait()
	p.err = errors.Join(errs...)
}

// flateWriters are reused: each holds about a megabyte of tables.
var flateWriters sync.Pool

// deflatePiece deflates b as a piece of a stream: the last piece ends the stream, the others
// end on a byte boundary (a sync flush) so the pieces join into one stream.
func deflatePiece(b []byte, last bool) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(b)/8 + 64)
	fw, _ := flateWriters.Get().(*flate.Writer)
	if fw == nil {
		var err error
		// Level 5 is archive/zip's own.
		if fw, err = flate.NewWriter(&out, 5); err != nil {
			return nil, err
		}
	} else {
		fw.Reset(&out)
	}
	defer flateWriters.Put(fw)
	if _, err := fw.Write(b); err != nil {
		return nil, err
	}
	var err error
	if last {
		err = fw.Close()
	} else {
		err = fw.Flush()
	}
	return out.Bytes(), err
}

// writeDone writes the parts at the head of the queue that are done, waiting for them when
// all is set or the queue holds too much.
func (z *finishingZip) writeDone(all bool) error {
	for len(z.queue) > 0 {
		p := z.queue[0]
		select {
		case <-p.done:
		default:
			if !all && z.pending <= maxPendingParts {
				return nil
			}
			<-p.done
		}
		z.queue = z.queue[1:]
		z.pending -= p.size
		if p.err != nil {
			return p.err
		}
		compressed := 0
		for _, c := range p.chunks {
			compressed += len(c)
		}
		w, err := z.zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: p.crc,
			CompressedSize64: uint64(compressed), UncompressedSize64: uint64(p.size)})
		if err != nil {
			return err
		}
		for _, c := range p.chunks {
			if _, err := w.Write(c); err != nil {
				return err
			}
		}
	}
	return nil
}

func (z *finishingZip) AddFS(fsys fs.FS) error {
	if err := z.endPart(); err != nil {
		return err
	}
	if err := z.writeDone(true); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

func (z *finishingZip) Close() error {
	if err := z.endPart(); err != nil {
		return err
	}
	if err := z.writeDone(true); err != nil {
		return err
	}
	return z.zw.Close()
}

// cellName returns the A1 name of a 1-based column and row.
func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// colName returns the letter of a 1-based column.
func colName(col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return c
}

// w3c formats a time for document properties.
func w3c(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// fontFamily is the one font of a workbook in a language: one family for headings, body and
// charts, with the glyphs of the language.
func fontFamily(lang catalog.Lang) string {
	if lang == catalog.JA {
		return "Meiryo"
	}
	return "Arial"
}

// Colours of the workbooks: dark text on white, one accent.
const (
	colText   = "1A1A1A"
	colAccent = "1F3864"
	colMuted  = "595959"
	colWarn   = "9C0006"
	colGrid   = "BFBFBF"
)

// book is a workbook being written: its file, its language, its styles, the quote-prefixed
// twins of those styles and the cached values of its charts.
type book struct {
	f    *excelize.File
	pr   vocab.Printer
	lang catalog.Lang
	font string
	st   *styles
	// escape writes text that starts like a formula with a leading apostrophe (SafeText)
	// instead of the quotePrefix style; the questionnaire keeps it until its importer reads
	// quote-prefixed text back.
	escape bool
	// deferQuote marks text that starts like a formula with the style -(style+1) instead of
	// making the quote-prefixed twin, which changes the workbook's styles: a table prepared on
	// another goroutine leaves that to writeTable.
	deferQuote bool
	quoted     map[int]int
	caches     map[string]chartCache
}

func newBook(lang catalog.Lang) (*book, error) {
	if lang == "" {
		lang = catalog.EN
	}
	b := &book{f: excelize.NewFile(), pr: vocab.For(lang), lang: lang, font: fontFamily(lang),
		quoted: map[int]int{}, caches: map[string]chartCache{}}
	if err := b.f.SetDefaultFont(b.font); err != nil {
		return nil, err
	}
	st, err := newStyles(b.f, b.font, b.pr.PercentNumFmt())
	if err != nil {
		return nil, err
	}
	b.st = st
	return b, nil
}

// startsLikeFormula reports whether a spreadsheet could read text as a formula.
func startsLikeFormula(s string) bool {
	return s != "" && strings.ContainsRune(formulaTriggers, rune(s[0]))
}

// quote returns the twin of a cell style with quotePrefix set, which keeps text such as
// "-5% false positives" as text without showing an apostrophe. excelize does not expose the
// attribute on Style, so the twin is a copy of the style's xf record.
func (b *book) quote(style int) int {
	if q, ok := b.quoted[style]; ok {
		return q
	}
	xfs := b.f.Styles.CellXfs
	if style < 0 || style >= len(xfs.Xf) {
		style = 0
	}
	xf := xfs.Xf[style]
	yes := true
	xf.QuotePrefix = &yes
	xfs.Xf = append(xfs.Xf, xf)
	xfs.Count = len(xfs.Xf)
	b.f.Styles.CellXfs = xfs
	q := len(xfs.Xf) - 1
	b.quoted[style] = q
	return q
}

// value prepares a value and its style for a cell: nil pointers are empty cells, text that
// starts like a formula gets the quote-prefixed style (or the apostrophe escape).
func (b *book) value(v any, style int) (any, int) {
	switch x := v.(type) {
	case *float64:
		if x == nil {
			return nil, style
		}
		return *x, style
	case *int:
		if x == nil {
			return nil, style
		}
		return *x, style
	case string:
		if b.escape {
			return SafeText(x), style
		}
		if startsLikeFormula(x) {
			if b.deferQuote {
				return x, -style - 1
			}
			return x, b.quote(style)
		}
	}
	return v, style
}

// set writes one cell of a sheet in normal mode.
func (b *book) set(sheet string, col, row int, v any, style int) {
	v, style = b.value(v, style)
	c := cellName(col, row)
	if v != nil {
		b.f.SetCellValue(sheet, c, v)
	}
	if style != 0 {
		b.f.SetCellStyle(sheet, c, c, style)
	}
}

// cell is one cell of a streamed row.
func (b *book) cell(v any, style int) excelize.Cell {
	v, style = b.value(v, style)
	return excelize.Cell{StyleID: style, Value: v}
}

// lines is how many lines text wraps to in a column of the given width (in character widths).
// A column holds about 1.15 average Latin characters per unit of width at the body size, and
// East Asian characters take two cells: the estimate leaves a little room for both.
func lines(s string, width float64) int {
	factor := 1.15
	sw := textwidth.Width(s)
	if sw > utf8.RuneCountInString(s) { // wide characters
		factor = 0.95
	}
	w := max(int(width*factor)-1, 4)
	if sw <= w && !strings.Contains(s, "\n") {
		return 1 // fits: most cells, and wrapping each would dominate a large report
	}
	return textwidth.Lines(s, w)
}

// rowHeight is the height in points of a row of n text lines at the given font size.
func rowHeight(n int, size float64) float64 { return min(float64(n)*size*1.3+4, 409) }

// rowH is rowHeight in the book's font: Japanese fonts have taller lines.
func (b *book) rowH(n int, size float64) float64 {
	if b.lang == catalog.JA {
		return min(float64(n)*size*1.5+4, 409)
	}
	return rowHeight(n, size)
}

// fit sets a normal-mode row's height for the wrapped texts of its cells, given the column
// widths (1-based columns); a row of one line keeps the default height.
func (b *book) fit(sh string, row int, widths []float64, texts map[int]string) {
	n := 1
	for col, t := range texts {
		if col-1 < len(widths) {
			n = max(n, lines(t, widths[col-1]))
		}
	}
	if n > 1 {
		b.f.SetRowHeight(sh, row, b.rowH(n, sizeBody))
	}
}

// styles holds the cell styles of one workbook; each is created once.
type styles struct {
	title, heading, headline, label, plain, plainWrap, muted, header, text, wrap, warn int
	int_, dec1, signed, pct, date, datetime, bigNum                                    int
	locked, lockedWrap, input, inputWrap, inputScore, inputDate                        int
}

// Font sizes: body text, headings and titles.
const (
	sizeBody    = 10
	sizeHeading = 12
	sizeTitle   = 16
)

// pct is the number format of percentages in the workbook's language (vocab.PercentNumFmt).
func newStyles(f *excelize.File, family, pct string) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: colGrid, Style: 1}, {Type: "right", Color: colGrid, Style: 1},
		{Type: "top", Color: colGrid, Style: 1}, {Type: "bottom", Color: colGrid, Style: 1},
	}
	font := func(size float64, bold bool, color string) *excelize.Font {
		return &excelize.Font{Family: family, Size: size, Bold: bold, Color: color}
	}
	body := font(sizeBody, false, colText)
	unlocked := &excelize.Protection{Locked: false}
	locked := &excelize.Protection{Locked: true}
	inputFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}
	lockedFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	centre := &excelize.Alignment{Vertical: "top", Horizontal: "center"}
	one, signed, date, datetime := "0.0", "+0.0;-0.0;0.0", "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
	s := &styles{}
	defs := []struct {
		dst *int
		s   *excelize.Style
	}{
		{&s.title, &excelize.Style{Font: font(sizeTitle, true, colAccent), Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&s.heading, &excelize.Style{Font: font(sizeHeading, true, colAccent), Alignment: &excelize.Alignment{Vertical: "bottom"}}},
		{&s.headline, &excelize.Style{Font: font(sizeHeading, true, colText), Alignment: wrapTop}},
		{&s.label, &excelize.Style{Font: font(sizeBody, true, colText), Alignment: wrapTop}},
		{&s.plain, &excelize.Style{Font: body, Alignment: top}},
		{&s.plainWrap, &excelize.Style{Font: body, Alignment: wrapTop}},
		{&s.muted, &excelize.Style{Font: &excelize.Font{Family: family, Size: 9, Italic: true, Color: colMuted}, Alignment: wrapTop}},
		{&s.header, &excelize.Style{Font: font(sizeBody, true, "FFFFFF"), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colAccent}},
			Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Protection: locked}},
		{&s.text, &excelize.Style{Font: body, Border: border, Alignment: top}},
		{&s.wrap, &excelize.Style{Font: body, Border: border, Alignment: wrapTop}},
		{&s.warn, &excelize.Style{Font: font(sizeBody, true, colWarn), Border: border, Alignment: wrapTop}},
		{&s.int_, &excelize.Style{Font: body, Border: border, Alignment: centre}},
		{&s.dec1, &excelize.Style{Font: body, Border: border, Alignment: centre, CustomNumFmt: &one}},
		{&s.signed, &excelize.Style{Font: body, Border: border, Alignment: centre, CustomNumFmt: &signed}},
		{&s.pct, &excelize.Style{Font: body, Border: border, Alignment: centre, CustomNumFmt: &pct}},
		{&s.date, &excelize.Style{Font: body, Border: border, Alignment: centre, CustomNumFmt: &date}},
		{&s.datetime, &excelize.Style{Font: body, Border: border, Alignment: top, CustomNumFmt: &datetime}},
		{&s.bigNum, &excelize.Style{Font: font(sizeHeading, true, colAccent), Border: border, Alignment: centre, CustomNumFmt: &one}},
		{&s.locked, &excelize.Style{Font: body, Border: border, Alignment: top, Fill: lockedFill, Protection: locked}},
		{&s.lockedWrap, &excelize.Style{Font: body, Border: border, Alignment: wrapTop, Fill: lockedFill, Protection: locked}},
		{&s.input, &excelize.Style{Font: body, Border: border, Alignment: top, Fill: inputFill, Protection: unlocked, NumFmt: 49}},
		{&s.inputWrap, &excelize.Style{Font: body, Border: border, Alignment: wrapTop, Fill: inputFill, Protection: unlocked, NumFmt: 49}},
		{&s.inputScore, &excelize.Style{Font: body, Border: border, Alignment: centre, Fill: inputFill, Protection: unlocked}},
		{&s.inputDate, &excelize.Style{Font: body, Border: border, Alignment: top, Fill: inputFill, Protection: unlocked, NumFmt: 49}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	return s, nil
}

// page describes how a sheet prints: what its header and footer say and which rows repeat.
type page struct {
	left, right string // header texts: organisation and cycle, classification
	footer      string // footer text on the left; "page N of M" stands on the right
	titleRows   [2]int // first and last row repeated on every page
	onePage     bool   // fit the whole sheet on one page
}

// hfText escapes text for a header or footer, where & starts a code.
func hfText(s string) string {
	s = strings.ReplaceAll(s, "&", "&&")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return s
}

// printSetup makes a sheet print-ready: A4 landscape fitted to the page width (and height
// when onePage), its title rows repeated, a header with the organisation, cycle and
// classification and a footer with "page N of M", all in the workbook's font.
func (b *book) printSetup(sh string, p page) error {
	yes := true
	props := &excelize.SheetPropsOptions{FitToPage: &yes}
	if b.lang == catalog.JA {
		// Japanese fonts need taller rows than the default 15 pt.
		h := b.rowH(1, sizeBody)
		props.DefaultRowHeight, props.CustomHeight = &h, &yes
	}
	if err := b.f.SetSheetProps(sh, props); err != nil {
		return err
	}
	orient, size, one, height := "landscape", 9, 1, 0
	if p.onePage {
		height = 1
	}
	if err := b.f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &height}); err != nil {
		return err
	}
	m := 0.5
	top, hdr := 0.75, 0.3
	if err := b.f.SetPageMargins(sh, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &top, Bottom: &top, Header: &hdr, Footer: &hdr}); err != nil {
		return err
	}
	// Each section names its font first: Excel, LibreOffice and openpyxl all read that form.
	// A space ends the size code, which digits at the start of the text would otherwise extend.
	fnt := "&\"" + b.font + ",Regular\"&9 "
	header := "&L" + fnt + hfText(p.left)
	if p.right != "" {
		header += "&R&\"" + b.font + ",Bold\"&9 " + hfText(p.right)
	}
	footer := "&L" + fnt + hfText(p.footer) + "&R" + fnt + b.pr.T("report.page")
	if err := b.f.SetHeaderFooter(sh, &excelize.HeaderFooterOptions{OddHeader: header, OddFooter: footer}); err != nil {
		return err
	}
	if p.titleRows[0] > 0 {
		return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
			RefersTo: fmt.Sprintf("%s!$%d:$%d", quoted(sh), p.titleRows[0], p.titleRows[1]), Scope: sh})
	}
	return nil
}

// quoted returns a sheet name for use in a reference.
func quoted(sheet string) string { return "'" + strings.ReplaceAll(sheet, "'", "''") + "'" }

// absRange returns 'Sheet'!$A$1:$B$2.
func absRange(sheet string, c1, r1, c2, r2 int) string {
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoted(sheet), colName(c1), r1, colName(c2), r2)
}
