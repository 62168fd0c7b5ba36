package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestFinishingZipParts checks that parts deflated in pieces, in parallel and held in a
// queue read back whole and in order, whatever their size against deflateChunk and
// maxPendingParts.
func TestFinishingZipParts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// noise is text that deflates a little, so a wrong join of pieces shows.
	noise := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcdefghij<>\"= 0123456789"[rng.IntN(25)]
		}
		return b
	}
	sheet := func(rows int) []byte {
		var b strings.Builder
		b.WriteString(`<worksheet><dimension ref="A1"/><sheetViews></sheetViews><sheetData>`)
		for r := 1; r <= rows; r++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="B%d" t="inlineStr"><is><t>%d %s</t></is></c></row>`, r, r, r*7919, noise(20))
		}
		b.WriteString(`</sheetData></worksheet>`)
		return []byte(b.String())
	}
	cases := []struct {
		name  string
		parts map[string][]byte
		order []string
	}{
		{"empty part", map[string][]byte{"a.bin": {}}, []string{"a.bin"}},
		{"small parts", map[string][]byte{"a.bin": noise(100), "b.bin": noise(5)}, []string{"a.bin", "b.bin"}},
		{"one piece exactly", map[string][]byte{"a.bin": noise(deflateChunk)}, []string{"a.bin"}},
		{"one byte over a piece", map[string][]byte{"a.bin": noise(deflateChunk + 1)}, []string{"a.bin"}},
		{"pieces of a sheet", map[string][]byte{"xl/worksheets/sheet1.xml": sheet(40000), "x.bin": noise(10)}, []string{"x.bin", "xl/worksheets/sheet1.xml"}},
		{"queue past its bound", func() map[string][]byte {
			m := map[string][]byte{}
			for i := range 8 {
				m[fmt.Sprintf("p%d.bin", i)] = noise(3<<20 + i)
			}
			return m
		}(), []string{"p0.bin", "p1.bin", "p2.bin", "p3.bin", "p4.bin", "p5.bin", "p6.bin", "p7.bin"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			z := &finishingZip{zw: zip.NewWriter(&out)}
			for _, name := range c.order {
				w, err := z.Create(name)
				if err != nil {
					t.Fatal(err)
				}
				body := c.parts[name]
				for len(body) > 0 { // in writes of uneven size, as excelize's copy does
					n := min(len(body), 1+rng.IntN(300000))
					if _, err := w.Write(body[:n]); err != nil {
						t.Fatal(err)
					}
					body = body[n:]
				}
			}
			if err := z.Close(); err != nil {
				t.Fatal(err)
			}
			r, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
			if err != nil {
				t.Fatal(err)
			}
			if len(r.File) != len(c.order) {
				t.Fatalf("%d parts, want %d", len(r.File), len(c.order))
			}
			for i, f := range r.File {
				if f.Name != c.order[i] {
					t.Errorf("part %d is %s, want %s", i, f.Name, c.order[i])
				}
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(rc) // checks the CRC and the size too
				rc.Close()
				if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				want := c.parts[f.Name]
				if sh, _ := finishedPart(f.Name); sh {
					head, cells := finishSheet(want)
					want = append(head, cells...)
					if !bytes.Contains(got, []byte(`<dimension ref="B1:B40000">`)) {
						t.Errorf("%s: no dimension of the used range", f.Name)
					}
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s: %d bytes read back, want %d as written", f.Name, len(got), len(want))
				}
			}
		})
	}
}
