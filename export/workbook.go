package export

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// Limits on everything read from a user's file.
const (
	// MaxImportSize caps a questionnaire or JSON file before it is opened.
	MaxImportSize = 20 << 20
	// maxUnzipSize and maxUnzipXMLSize cap what a workbook may expand to.
	maxUnzipSize    = 64 << 20
	maxUnzipXMLSize = 16 << 20
	// maxSheetRows bounds the rows read from a questionnaire sheet.
	maxSheetRows = 5000
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

// saveWorkbook writes f to path atomically, encrypted when password is set.
func saveWorkbook(f *excelize.File, path, password string) error {
	return WriteFileAtomic(path, func(w io.Writer) error {
		if password != "" {
			return f.Write(w, excelize.Options{Password: password})
		}
		return f.Write(w)
	})
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

type styleDef struct {
	dst *int
	s   *excelize.Style
}

// styles holds the cell styles of one workbook; each is created once.
type styles struct {
	title, header, text, wrap, locked, lockedWrap, input, inputWrap, inputScore, int_, dec1, pct, date int
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1},
	}
	unlocked := &excelize.Protection{Locked: false}
	locked := &excelize.Protection{Locked: true}
	inputFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF9E5"}}
	lockedFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	one := "0.0"
	s := &styles{}
	var defs []styleDef
	defs = append(defs,
		styleDef{&s.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "1F3864"}}},
		styleDef{&s.header, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F3864"}},
			Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Protection: locked}},
		styleDef{&s.text, &excelize.Style{Border: border, Alignment: top}},
		styleDef{&s.wrap, &excelize.Style{Border: border, Alignment: wrapTop}},
		styleDef{&s.locked, &excelize.Style{Border: border, Alignment: top, Fill: lockedFill, Protection: locked}},
		styleDef{&s.lockedWrap, &excelize.Style{Border: border, Alignment: wrapTop, Fill: lockedFill, Protection: locked}},
		styleDef{&s.input, &excelize.Style{Border: border, Alignment: top, Fill: inputFill, Protection: unlocked, NumFmt: 49}},
		styleDef{&s.inputWrap, &excelize.Style{Border: border, Alignment: wrapTop, Fill: inputFill, Protection: unlocked, NumFmt: 49}},
		styleDef{&s.inputScore, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}, Fill: inputFill, Protection: unlocked}},
		styleDef{&s.int_, &excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}},
		styleDef{&s.dec1, &excelize.Style{Border: border, Alignment: top, CustomNumFmt: &one}},
		styleDef{&s.pct, &excelize.Style{Border: border, Alignment: top, NumFmt: 9}},
		styleDef{&s.date, &excelize.Style{Border: border, Alignment: top, NumFmt: 22}},
	)
	for _, d := range defs {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	return s, nil
}
