package catalog

import (
	"errors"
	"reflect"
	"testing"
)

// FuzzParsePack checks that no input makes ParsePack panic and that every pack it
// accepts survives Marshal and a second ParsePack unchanged. Seeds are in
// testdata/fuzz/FuzzParsePack (the built-in pack, truncated JSON, wrong types).
func FuzzParsePack(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePack(data)
		if err != nil {
			var pe *PackError
			if !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("error %T without problems: %v", err, err)
			}
			return
		}
		out, err := p.Marshal()
		if err != nil {
			t.Fatalf("accepted pack does not marshal: %v", err)
		}
		q, err := ParsePack(out)
		if err != nil {
			t.Fatalf("marshalled pack is refused: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("pack changed through Marshal and ParsePack:\n%s", out)
		}
		// A stored pack is decoded without validation by another decoder: it must read
		// exactly what ParsePack read, from the body as given and as marshalled.
		for _, body := range [][]byte{data, out} {
			fast, err := decodeValidPack(body)
			if err != nil || !reflect.DeepEqual(fast, p) {
				t.Fatalf("decodeValidPack differs from ParsePack (%v):\n%s", err, body)
			}
		}
	})
}
