package catalog

import "reflect"

// JSONKind is a kind of JSON value, as a refused file's problems name what was found and
// what was expected: the pack check words it in English, an organisation file's import in
// the user's language (import.json.kind.<kind>).
type JSONKind string

const (
	JSONText   JSONKind = "text"
	JSONWhole  JSONKind = "whole"
	JSONNumber JSONKind = "number"
	JSONBool   JSONKind = "bool"
	JSONList   JSONKind = "list"
	JSONObject JSONKind = "object"
	JSONNull   JSONKind = "null"
)

// JSONKindOf is the kind of JSON value a Go type takes, through pointers; ok is false for a
// type with no JSON kind of its own (nil, an interface, a channel, a function).
func JSONKindOf(t reflect.Type) (JSONKind, bool) {
	if t == nil {
		return "", false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return JSONWhole, true
	case reflect.Float32, reflect.Float64:
		return JSONNumber, true
	case reflect.String:
		return JSONText, true
	case reflect.Bool:
		return JSONBool, true
	case reflect.Slice, reflect.Array:
		return JSONList, true
	case reflect.Map, reflect.Struct:
		return JSONObject, true
	case reflect.Pointer:
		return JSONKindOf(t.Elem())
	}
	return "", false
}

// JSONFound is the kind encoding/json names in an UnmarshalTypeError's Value ("string",
// "array", ...); ok is false for any other word, such as "number 5.5".
func JSONFound(v string) (JSONKind, bool) {
	k, ok := map[string]JSONKind{"string": JSONText, "number": JSONNumber, "bool": JSONBool,
		"array": JSONList, "object": JSONObject, "null": JSONNull}[v]
	return k, ok
}
