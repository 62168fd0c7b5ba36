package catalog

import (
	"reflect"
	"testing"
)

func TestJSONKindOf(t *testing.T) {
	var n int
	for _, c := range []struct {
		t    reflect.Type
		want JSONKind
		ok   bool
	}{
		{reflect.TypeFor[string](), JSONText, true},
		{reflect.TypeFor[Level](), JSONText, true},
		{reflect.TypeFor[int](), JSONWhole, true},
		{reflect.TypeFor[uint8](), JSONWhole, true},
		{reflect.TypeFor[float64](), JSONNumber, true},
		{reflect.TypeFor[bool](), JSONBool, true},
		{reflect.TypeFor[[]Service](), JSONList, true},
		{reflect.TypeFor[[2]int](), JSONList, true},
		{reflect.TypeFor[Text](), JSONObject, true},
		{reflect.TypeFor[Pack](), JSONObject, true},
		{reflect.TypeOf(&n), JSONWhole, true},
		{reflect.TypeFor[any](), "", false},
		{nil, "", false},
	} {
		got, ok := JSONKindOf(c.t)
		if got != c.want || ok != c.ok {
			t.Errorf("JSONKindOf(%v) = %q, %v; want %q, %v", c.t, got, ok, c.want, c.ok)
		}
	}
}

func TestJSONFound(t *testing.T) {
	for _, c := range []struct {
		v    string
		want JSONKind
		ok   bool
	}{
		{"string", JSONText, true},
		{"number", JSONNumber, true},
		{"bool", JSONBool, true},
		{"array", JSONList, true},
		{"object", JSONObject, true},
		{"null", JSONNull, true},
		{"number 5.5", "", false},
		{"", "", false},
	} {
		got, ok := JSONFound(c.v)
		if got != c.want || ok != c.ok {
			t.Errorf("JSONFound(%q) = %q, %v; want %q, %v", c.v, got, ok, c.want, c.ok)
		}
	}
}
