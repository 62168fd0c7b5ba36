package export_test

// The streamed reference: the same cells (values and styles), merged ranges, column widths,
// row heights and charts as our report, written with excelize's StreamWriter, the fastest way
// excelize writes a sheet. Its shape is read from one of our reports and kept as JSON, so a
// fresh process can write it alone (scripts/bench.sh times that against `cdc export report`).

import (
	"archive/zip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var (
	refReport = flag.String("ref.report", "", "read the shape of this report (with -ref.shape)")
	refShape  = flag.String("ref.shape", "", "the reference's shape as JSON: written from -ref.report, or read to write -ref.out")
	refOut    = flag.String("ref.out", "", "write the streamed reference of -ref.shape here")
)

type refCell struct {
	V   string `json:"v,omitempty"`
	Num bool   `json:"n,omitempty"`
	S   int    `json:"s,omitempty"` // index into refShape.Styles + 1; 0: none
}

type refRow struct {
	Height float64   `json:"h,omitempty"`
	Cells  []refCell `json:"c"`
}

type refSheet struct {
	Name   string               `json:"name"`
	Widths map[int]float64      `json:"widths"`
	Rows   []refRow             `json:"rows"`
	Merges [][2]string          `json:"merges"`
	Charts []excelize.ChartType `json:"charts"`
}

type refWorkbook struct {
	Styles []*excelize.Style `json:"styles"`
	Sheets []refSheet        `json:"sheets"`
}

func (w *refWorkbook) cells() (n int) {
	for _, s := range w.Sheets {
		for _, r := range s.Rows {
			for _, c := range r.Cells {
				if c.V != "" {
					n++
				}
			}
		}
	}
	return n
}

func (w *refWorkbook) charts() (n int) {
	for _, s := range w.Sheets {
		n += len(s.Charts)
	}
	return n
}

var chartTarget = regexp.MustCompile(`Target="([^"]*charts/chart[0-9]+\.xml)"`)
var drawingTarget = regexp.MustCompile(`Target="([^"]*drawings/drawing[0-9]+\.xml)"`)

// readRefShape reads everything the reference writes from one of our workbooks.
func readRefShape(p string) (*refWorkbook, error) {
	f, err := excelize.OpenFile(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := zip.OpenReader(p)
	if err != nil {
		return nil, err
	}
	defer z.Close()
	part := func(name string) string {
		for _, zf := range z.File {
			if zf.Name == name {
				rc, err := zf.Open()
				if err != nil {
					return ""
				}
				defer rc.Close()
				x, _ := io.ReadAll(rc)
				return string(x)
			}
		}
		return ""
	}
	w := &refWorkbook{}
	styleIdx := map[int]int{}
	for i, name := range f.GetSheetList() {
		sh := refSheet{Name: name, Widths: map[int]float64{}}
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		cols := 0
		for _, r := range rows {
			cols = max(cols, len(r))
		}
		for c := 1; c <= cols; c++ {
			cn, _ := excelize.ColumnNumberToName(c)
			if wd, err := f.GetColWidth(name, cn); err == nil {
				sh.Widths[c] = wd
			}
		}
		for r, row := range rows {
			rr := refRow{}
			if h, err := f.GetRowHeight(name, r+1); err == nil {
				rr.Height = h
			}
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				rc := refCell{V: v}
				if t, _ := f.GetCellType(name, cell); t == excelize.CellTypeNumber || t == excelize.CellTypeUnset && v != "" {
					if _, err := strconv.ParseFloat(v, 64); err == nil {
						rc.Num = true
					}
				}
				if id, err := f.GetCellStyle(name, cell); err == nil && id != 0 {
					k, ok := styleIdx[id]
					if !ok {
						st, err := f.GetStyle(id)
						if err != nil {
							return nil, err
						}
						w.Styles = append(w.Styles, st)
						k = len(w.Styles)
						styleIdx[id] = k
					}
					rc.S = k
				}
				rr.Cells = append(rr.Cells, rc)
			}
			sh.Rows = append(sh.Rows, rr)
		}
		merged, err := f.GetMergeCells(name)
		if err != nil {
			return nil, err
		}
		for _, m := range merged {
			sh.Merges = append(sh.Merges, [2]string{m.GetStartAxis(), m.GetEndAxis()})
		}
		// Charts: sheet -> drawing -> charts, through the relationship parts.
		rels := part(fmt.Sprintf("xl/worksheets/_rels/sheet%d.xml.rels", i+1))
		for _, m := range drawingTarget.FindAllStringSubmatch(rels, -1) {
			d := path.Base(m[1])
			for _, c := range chartTarget.FindAllStringSubmatch(part("xl/drawings/_rels/"+d+".rels"), -1) {
				x := part("xl/charts/" + path.Base(c[1]))
				switch {
				case strings.Contains(x, "<c:radarChart>"):
					sh.Charts = append(sh.Charts, excelize.Radar)
				case strings.Contains(x, "<c:lineChart>"):
					sh.Charts = append(sh.Charts, excelize.Line)
				default:
					sh.Charts = append(sh.Charts, excelize.Bar)
				}
			}
		}
		w.Sheets = append(w.Sheets, sh)
	}
	return w, nil
}

// writeStreamedReference writes w with one StreamWriter per sheet, then the charts.
func writeStreamedReference(w *refWorkbook, out string) error {
	f := excelize.NewFile()
	defer f.Close()
	ids := make([]int, len(w.Styles)+1)
	for i, st := range w.Styles {
		id, err := f.NewStyle(st)
		if err != nil {
			return err
		}
		ids[i+1] = id
	}
	for i, s := range w.Sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(s.Name)
		if err != nil {
			return err
		}
		cols := make([]int, 0, len(s.Widths))
		for c := range s.Widths {
			cols = append(cols, c)
		}
		sort.Ints(cols)
		for _, c := range cols {
			if err := sw.SetColWidth(c, c, s.Widths[c]); err != nil {
				return err
			}
		}
		for r, row := range s.Rows {
			vals := make([]any, len(row.Cells))
			for c, v := range row.Cells {
				cell := excelize.Cell{StyleID: ids[v.S]}
				if v.Num {
					cell.Value, _ = strconv.ParseFloat(v.V, 64)
				} else if v.V != "" {
					cell.Value = v.V
				}
				vals[c] = cell
			}
			if err := sw.SetRow("A"+strconv.Itoa(r+1), vals, excelize.RowOpts{Height: row.Height}); err != nil {
				return err
			}
		}
		for _, m := range s.Merges {
			if err := sw.MergeCell(m[0], m[1]); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	for _, s := range w.Sheets {
		for i, t := range s.Charts {
			q := "'" + strings.ReplaceAll(s.Name, "'", "''") + "'"
			if err := f.AddChart(s.Name, "H"+strconv.Itoa(1+i*20), &excelize.Chart{
				Type:   t,
				Series: []excelize.ChartSeries{{Name: q + "!$B$1", Categories: q + "!$A$2:$A$11", Values: q + "!$B$2:$B$11"}},
				Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Chart"}}},
			}); err != nil {
				return err
			}
		}
	}
	return f.SaveAs(out)
}

// TestStreamedReference is the reference as a program of its own: with -ref.report and
// -ref.shape it saves a report's shape; with -ref.shape and -ref.out it writes the reference.
// Without the flags it checks the round trip on a small report.
func TestStreamedReference(t *testing.T) {
	switch {
	case *refReport != "" && *refShape != "":
		w, err := readRefShape(*refReport)
		if err != nil {
			t.Fatal(err)
		}
		x, err := json.Marshal(w)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*refShape, x, 0o600); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d cells, %d styles, %d charts", *refShape, w.cells(), len(w.Styles), w.charts())
		return
	case *refShape != "" && *refOut != "":
		x, err := os.ReadFile(*refShape)
		if err != nil {
			t.Fatal(err)
		}
		var w refWorkbook
		if err := json.Unmarshal(x, &w); err != nil {
			t.Fatal(err)
		}
		if err := writeStreamedReference(&w, *refOut); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Skip("runs only with -ref.* flags; BenchmarkReportExport uses it in process")
}
