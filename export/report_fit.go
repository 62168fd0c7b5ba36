package export

import (
	"strings"
	"unicode/utf8"

	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// wordWidth is the column width at which the longest word of s fits on one line in bold:
// a column narrower than a header's longest word cuts it, whatever the language.
// Wide (CJK) characters break anywhere, so a long run of them counts one by one; a short
// one (a header such as 重み付きギャップ) stays whole, or its last character wraps alone.
func wordWidth(s string) float64 {
	longest := 0
	for _, w := range strings.Fields(s) {
		if n := utf8.RuneCountInString(w); textwidth.Width(w) > n {
			if n > shortWide {
				longest = max(longest, 2)
			} else {
				longest = max(longest, textwidth.Width(w))
			}
			continue
		}
		longest = max(longest, textwidth.Width(w))
	}
	return textFit(longest)
}

// shortWide is the longest run of wide characters that wordWidth keeps on one line.
const shortWide = 8

// lineWidth is the column width at which all of s fits on one line in bold.
func lineWidth(s string) float64 { return textFit(textwidth.Width(s)) }

// textFit is the column width that holds n characters of 10 pt bold text.
func textFit(n int) float64 { return float64(n)*1.1 + 1 }

// fitWords widens each column to the longest word of its header.
func fitWords(widths []float64, headers []string) []float64 {
	out := append([]float64(nil), widths...)
	for i, h := range headers {
		if i < len(out) {
			out[i] = max(out[i], wordWidth(h))
		}
	}
	return out
}

// helpLimit is the longest input message a spreadsheet application keeps.
const helpLimit = 255

// scaleHelp is a cell's input message: the lead sentence, then one line per score of the
// scale. When the whole is longer than an application keeps, the longest descriptors are
// shortened (each ends in an ellipsis) so that every score and the lead still show.
func scaleHelp(lead string, scale []string) string {
	join := func(ls []string) string { return strings.Join(append([]string{lead}, ls...), "\n") }
	if utf8.RuneCountInString(join(scale)) <= helpLimit {
		return join(scale)
	}
	avail := helpLimit - utf8.RuneCountInString(lead) - len(scale) // the line breaks
	// The widest cap at which the lines fit: lines shorter than it stay whole.
	capAt := 0
	for c := 1; ; c++ {
		total := 0
		for _, l := range scale {
			total += min(utf8.RuneCountInString(l), c)
		}
		if total > avail {
			break
		}
		capAt = c
		if c > helpLimit {
			break
		}
	}
	out := make([]string, len(scale))
	for i, l := range scale {
		out[i] = clip(l, max(capAt, 2))
	}
	return clip(join(out), helpLimit)
}
