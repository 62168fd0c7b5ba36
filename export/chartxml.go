package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// chartCache is what a chart reference holds when the workbook is written: spreadsheet
// applications draw a chart from its cached values until they recalculate, and some never do.
type chartCache struct {
	numeric bool
	values  []string // text, or numbers formatted with strconv; "" is a gap
}

// seriesData is one chart series with the values its references hold.
type seriesData struct {
	nameRef, name string
	catRef        string
	cats          []string
	valRef        string
	vals          []*float64
}

// chartSeries registers the cached values of the series and returns excelize's series.
func (b *book) chartSeries(sd []seriesData, style func(i int, s *excelize.ChartSeries)) []excelize.ChartSeries {
	out := make([]excelize.ChartSeries, len(sd))
	for i, s := range sd {
		b.caches[s.nameRef] = chartCache{values: []string{s.name}}
		b.caches[s.catRef] = chartCache{values: s.cats}
		nums := make([]string, len(s.vals))
		for j, v := range s.vals {
			if v != nil {
				nums[j] = strconv.FormatFloat(*v, 'f', -1, 64)
			}
		}
		b.caches[s.valRef] = chartCache{numeric: true, values: nums}
		out[i] = excelize.ChartSeries{Name: s.nameRef, Categories: s.catRef, Values: s.valRef}
		if style != nil {
			style(i, &out[i])
		}
	}
	return out
}

// chartFont is the font of every chart text: dark, named, of a readable size.
func (b *book) chartFont(size float64, bold bool) excelize.Font {
	return excelize.Font{Family: b.font, Size: size, Bold: bold, Color: colText}
}

func (b *book) chartTitle(text string) excelize.ChartTitle {
	f := b.chartFont(12, true)
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: text, Font: &f}}}
}

func (b *book) chartLegend(pos string) excelize.ChartLegend {
	f := b.chartFont(10, false)
	return excelize.ChartLegend{Position: pos, Font: &f}
}

var (
	dimPattern    = regexp.MustCompile(`<dimension ref="[^"]*"\s*(/>|></dimension>)`)
	colsPattern   = regexp.MustCompile(`<cols>(.*?)</cols>`)
	colPattern    = regexp.MustCompile(`<col [^>]*?(/>|></col>)`)
	colMinPattern = regexp.MustCompile(` min="([0-9]+)"`)
	// A reference in a chart, with the empty cache excelize may leave after it.
	refPattern = regexp.MustCompile(`<((?:c:)?)f>([^<]*)</(?:c:)?f>(<(?:c:)?(?:num|str)Cache>.*?</(?:c:)?(?:num|str)Cache>|<(?:c:)?(?:num|str)Cache\s*/>)?</(?:c:)?(strRef|numRef)>`)
)

// The finishing of a saved workbook (export/workbook.go finishingZip): every sheet's dimension
// (readers in read-only mode, such as openpyxl's, read only that range), columns in ascending
// order (some readers drop the widths otherwise) and the cached values of charts.

// finishSheet sets the dimension to the used range and sorts the column definitions. It
// returns the sheet in two pieces, the edited head and the cells as they were, so a large
// sheet is not copied.
func finishSheet(body []byte) (head, cells []byte) {
	minC, minR, maxC, maxR := 0, 0, 0, 0
	for rest := body; ; {
		col, row, next, ok := nextCellRef(rest)
		if next < 0 {
			break
		}
		rest = rest[next:]
		if !ok {
			continue
		}
		c, err := excelize.ColumnNameToNumber(string(col))
		if err != nil {
			continue
		}
		r, _ := strconv.Atoi(string(row))
		if minC == 0 || c < minC {
			minC = c
		}
		if minR == 0 || r < minR {
			minR = r
		}
		maxC, maxR = max(maxC, c), max(maxR, r)
	}
	ref := "A1"
	if maxC > 0 {
		ref = cellName(minC, minR)
		if maxC != minC || maxR != minR {
			ref += ":" + cellName(maxC, maxR)
		}
	}
	dim := []byte(`<dimension ref="` + ref + `"></dimension>`)
	// The dimension and the columns come before the cells: edit only that head, so a large
	// sheet is neither searched by the patterns nor copied more than once.
	var tail []byte
	if k := bytes.Index(body, []byte("<sheetData")); k >= 0 {
		body, tail = body[:k:k], body[k:]
	}
	return finishHead(body, dim), tail
}

// finishHead sets the dimension and sorts the column definitions in the head of a sheet.
func finishHead(body, dim []byte) []byte {
	if dimPattern.Match(body) {
		body = dimPattern.ReplaceAll(body, dim)
	} else if i := bytes.Index(body, []byte("<sheetViews")); i >= 0 {
		body = append(body[:i:i], append(dim, body[i:]...)...)
	}
	return colsPattern.ReplaceAllFunc(body, func(cols []byte) []byte {
		inner := colsPattern.FindSubmatch(cols)[1]
		list := colPattern.FindAll(inner, -1)
		minOf := func(c []byte) int {
			m := colMinPattern.FindSubmatch(c)
			if m == nil {
				return 0
			}
			n, _ := strconv.Atoi(string(m[1]))
			return n
		}
		sort.SliceStable(list, func(i, j int) bool { return minOf(list[i]) < minOf(list[j]) })
		return append(append([]byte("<cols>"), bytes.Join(list, nil)...), []byte("</cols>")...)
	})
}

// nextCellRef finds the next `<c r="COL ROW"` in body as the regular expression
// `<c r="([A-Z]+)([0-9]+)"` would, without it (it took most of the time of a large sheet).
// next is where to search on (-1: no more); ok is false when what follows is not a reference.
func nextCellRef(body []byte) (col, row []byte, next int, ok bool) {
	i := bytes.Index(body, cellRefOpen)
	if i < 0 {
		return nil, nil, -1, false
	}
	j := i + len(cellRefOpen)
	k := j
	for k < len(body) && body[k] >= 'A' && body[k] <= 'Z' {
		k++
	}
	l := k
	for l < len(body) && body[l] >= '0' && body[l] <= '9' {
		l++
	}
	if k == j || l == k || l >= len(body) || body[l] != '"' {
		return nil, nil, j, false
	}
	return body[j:k], body[k:l], l, true
}

var cellRefOpen = []byte(`<c r="`)

// fillChartCaches writes the cached values of every chart reference that the workbook
// registered, replacing whatever empty cache excelize left.
func fillChartCaches(body []byte, caches map[string]chartCache) []byte {
	return refPattern.ReplaceAllFunc(body, func(m []byte) []byte {
		sub := refPattern.FindSubmatch(m)
		ns, ref, kind := string(sub[1]), html.UnescapeString(string(sub[2])), string(sub[4])
		c, ok := caches[ref]
		if !ok {
			return m
		}
		var b strings.Builder
		fmt.Fprintf(&b, "<%sf>%s</%sf>", ns, sub[2], ns)
		if kind == "numRef" {
			fmt.Fprintf(&b, "<%snumCache><%sformatCode>General</%sformatCode><%sptCount val=\"%d\"/>", ns, ns, ns, ns, len(c.values))
		} else {
			fmt.Fprintf(&b, "<%sstrCache><%sptCount val=\"%d\"/>", ns, ns, len(c.values))
		}
		for i, v := range c.values {
			if v == "" && kind == "numRef" {
				continue // a gap: unknown is never drawn as 0
			}
			var esc bytes.Buffer
			_ = xml.EscapeText(&esc, []byte(v))
			fmt.Fprintf(&b, "<%spt idx=\"%d\"><%sv>%s</%sv></%spt>", ns, i, ns, esc.String(), ns, ns)
		}
		if kind == "numRef" {
			fmt.Fprintf(&b, "</%snumCache></%snumRef>", ns, ns)
		} else {
			fmt.Fprintf(&b, "</%sstrCache></%sstrRef>", ns, ns)
		}
		return []byte(b.String())
	})
}
