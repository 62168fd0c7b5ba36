package main

import (
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

func TestVersion(t *testing.T) {
	e := newCLI(t)
	ver, _ := buildVersion()
	out := e.ok("version")
	for _, w := range []string{"cdc " + ver, "schema " + strconv.Itoa(catalog.SchemaVersion()), runtime.Version(), catalog.BuiltinPack().Ref()} {
		if !strings.Contains(out, w) {
			t.Errorf("version output lacks %q:\n%s", w, out)
		}
	}
	var v versionInfo
	e.jsonOut(&v, "version", "--json")
	if v.Version != ver || v.Schema != catalog.SchemaVersion() || v.Go != runtime.Version() {
		t.Errorf("version JSON: %+v", v)
	}
}
