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
	})
}
