package catalog

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// packJSON returns the built-in pack as JSON after edit changes it.
func packJSON(t *testing.T, edit func(p *Pack)) []byte {
	t.Helper()
	p := BuiltinPack()
	if edit != nil {
		edit(p)
	}
	data, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// packJSONMap edits the built-in pack as generic JSON, for fields the struct cannot hold.
func packJSONMap(t *testing.T, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(packJSON(t, nil), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParsePackRejectsBadPacks(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want []string // every string must appear in the error
	}{
		{"bad JSON", []byte("{\n  \"format\": 1,\n  \"id\": ,\n}"), []string{"line 3, column 9", "invalid JSON"}},
		{"empty file", nil, []string{"file is empty"}},
		{"wrong type", []byte("{\n\"format\": \"1\"}"), []string{"line 2, column 13: format: text where a whole number is expected"}},
		{"wrong type in a list", []byte(`{"format": 1, "services": [{"id": "A-1"}, {"id": 5}]}`), []string{"services[1].id: a number where text is expected"}},
		{"wrong type nested", []byte(`{"categories": [{"id": "A", "name": "Risk"}]}`), []string{`categories[0].name: text where an object {"en": ..., "ja": ...} is expected`}},
		{"list expected", []byte(`{"levels": {"id": "mandatory"}}`), []string{"levels: an object where a list is expected"}},
		{"trailing data", append(packJSON(t, nil), []byte("{}")...), []string{"unexpected data after the pack object"}},
		{"unknown field", packJSONMap(t, func(m map[string]any) {
			m["services"].([]any)[3].(map[string]any)["nmae"] = "x"
			m["colour"] = "blue"
		}), []string{"services[3].nmae: unknown field", "colour: unknown field"}},
		{"duplicate service ID", packJSON(t, func(p *Pack) { p.Services[1].ID = "A-1" }), []string{`services[1].id: "A-1" is defined twice`}},
		{"service ID equal to a category", packJSON(t, func(p *Pack) { p.Services[1].ID = "B" }), []string{`services[1].id: "B" is also a category ID`}},
		{"lower-case service ID", packJSON(t, func(p *Pack) { p.Services[0].ID = "a-1" }), []string{`services[0].id: "a-1" must be upper case`}},
		{"unknown category", packJSON(t, func(p *Pack) { p.Services[2].Category = "Z" }), []string{`services[2].category: "Z" is not a category of this pack`}},
		{"duplicate category", packJSON(t, func(p *Pack) { p.Categories[4].ID = "A" }), []string{`categories[4].id: "A" is defined twice`}},
		{"missing ja name", packJSON(t, func(p *Pack) { p.Services[5].Name[JA] = "" }), []string{"services[5].name.ja: is empty"}},
		{"missing en category name", packJSON(t, func(p *Pack) { p.Categories[0].Name[EN] = " " }), []string{"categories[0].name.en: is empty"}},
		{"scale missing a score", packJSON(t, func(p *Pack) { p.Scale = p.Scale[:5] }), []string{"scale: score 5 has no descriptor"}},
		{"duplicate score", packJSON(t, func(p *Pack) { p.Scale[3].Score = 2 }), []string{"scale[3].score: 2 is described twice", "scale: score 3 has no descriptor"}},
		{"score outside the scale", packJSON(t, func(p *Pack) { p.Scale[5].Score = 6 }), []string{"scale[5].score: 6 is outside 0-5"}},
		{"missing outsourced descriptor", packJSON(t, func(p *Pack) { p.Scale[1].Outsourced[EN] = "" }), []string{"scale[1].outsourced.en: is empty"}},
		{"weight 0", packJSON(t, func(p *Pack) { p.Levels[1].Weight = 0 }), []string{"levels[1].weight: 0 must be positive"}},
		{"negative weight", packJSON(t, func(p *Pack) { p.Levels[2].Weight = -1 }), []string{"levels[2].weight: -1 must be positive"}},
		{"missing level", packJSON(t, func(p *Pack) { p.Levels = p.Levels[:2] }), []string{`levels: level "optional" is missing`, `.level: "optional" is not a level of this pack`}},
		{"unknown level", packJSON(t, func(p *Pack) { p.Services[7].DefaultLevel = "essential" }), []string{`services[7].level: "essential" is not a level of this pack`}},
		{"unknown assignment kind", packJSON(t, func(p *Pack) { p.Assignments[0].ID = "vendor" }), []string{`assignments[0].id: "vendor" is not one of`, `assignments: assignment kind "cdc" is missing`}},
		{"wrong format version", packJSON(t, func(p *Pack) { p.Format = 2 }), []string{"format: is 2; this version reads format 1"}},
		{"bad pack ID", packJSON(t, func(p *Pack) { p.ID = "My Pack" }), []string{`id: "My Pack" must be`}},
		{"version with @", packJSON(t, func(p *Pack) { p.Version = "1@2" }), []string{`version: "1@2" must be`}},
		{"name too long", packJSON(t, func(p *Pack) { p.Services[2].Name[JA] = strings.Repeat("監", 201) }), []string{"services[2].name.ja: is 201 characters long; the limit is 200"}},
		{"control character in a name", packJSON(t, func(p *Pack) { p.Categories[1].Name[EN] = "Ops\x1b[31m" }), []string{"categories[1].name.en: contains the control character U+001B"}},
		{"description too long", packJSON(t, func(p *Pack) { p.Services[4].Description[EN] = strings.Repeat("x", 2001) }), []string{"services[4].description.en: is 2001 characters long"}},
		{"no services", packJSON(t, func(p *Pack) { p.Services = nil }), []string{"services: no services"}},
		{"unknown provenance", packJSON(t, func(p *Pack) { p.Services[0].Provenance = "guess" }), []string{`services[0].provenance: "guess"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ReadPack(strings.NewReader(string(tt.data)), "mine.json")
			if err == nil {
				t.Fatalf("accepted: %s", p.Ref())
			}
			var pe *PackError
			if !errors.As(err, &pe) {
				t.Fatalf("error is %T, want *PackError: %v", err, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "pack file mine.json: ") {
				t.Errorf("error does not name the file: %s", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
		})
	}
}

func TestParsePackReportsEveryProblem(t *testing.T) {
	data := packJSON(t, func(p *Pack) {
		p.Format = 3
		p.Services[0].Category = "Q"
		p.Services[1].Name[JA] = ""
		p.Levels[0].Weight = 0
	})
	_, err := ParsePack(data)
	var pe *PackError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v", err)
	}
	if len(pe.Problems) != 4 {
		t.Fatalf("want 4 problems, got %d:\n%s", len(pe.Problems), err)
	}
	if !strings.Contains(err.Error(), "4 problems") {
		t.Errorf("summary missing: %s", err)
	}
}

func TestReadPackTooLarge(t *testing.T) {
	big := strings.NewReader(strings.Repeat(" ", MaxPackSize+1))
	_, err := ReadPack(big, "huge.json")
	if err == nil || !strings.Contains(err.Error(), "pack file huge.json: file is larger than 8 MiB") {
		t.Fatalf("got %v", err)
	}
}

func TestBuiltinPack(t *testing.T) {
	p := BuiltinPack()
	if len(p.Categories) != 9 || len(p.Services) != 64 {
		t.Fatalf("%d categories, %d services; want 9 and 64", len(p.Categories), len(p.Services))
	}
	if p.Ref() != "x1060@2021.06" {
		t.Errorf("ref %s", p.Ref())
	}
	perCat := map[string]int{}
	for _, s := range p.Services {
		perCat[s.Category]++
		if s.Name[JA] == "" || s.Name[EN] == "" || s.Description[EN] == "" || s.Description[JA] == "" {
			t.Errorf("%s lacks a name or description", s.ID)
		}
	}
	for _, c := range p.Categories {
		if perCat[c.ID] == 0 {
			t.Errorf("category %s has no services", c.ID)
		}
	}
	wantWeights := map[Level]float64{Mandatory: 3, Recommended: 2, Optional: 1}
	for l, w := range wantWeights {
		if got := p.Weight(l); got != w {
			t.Errorf("weight %s = %v, want %v", l, got, w)
		}
	}
	if got := p.Descriptor(0, AssignExternal)[EN]; got != "No provider, or provider not managed" {
		t.Errorf("outsourced descriptor 0 = %q", got)
	}
	if got := p.Descriptor(0, AssignCDC)[EN]; got != "Not performed" {
		t.Errorf("in-house descriptor 0 = %q", got)
	}
	// A fresh copy each time: editing one must not change the next.
	p.Services[0].Name[EN] = "changed"
	if BuiltinPack().Services[0].Name[EN] == "changed" {
		t.Error("BuiltinPack shares state between calls")
	}
	// The embedded file is what Marshal writes, so export and re-import are identical.
	raw, _ := builtinPacks.ReadFile(BuiltinPackFile)
	again, err := ParsePack(raw)
	if err != nil {
		t.Fatal(err)
	}
	round, _ := again.Marshal()
	back, err := ParsePack(round)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, back) {
		t.Error("builtin pack does not survive Marshal and ParsePack")
	}
}

func TestResolve(t *testing.T) {
	p := BuiltinPack()
	var catB []string
	for _, s := range p.Services {
		if s.Category == "B" {
			catB = append(catB, s.ID)
		}
	}
	tests := []struct {
		args    []string
		want    []string
		count   int
		wantErr string
	}{
		{args: []string{"B-1"}, want: []string{"B-1"}},
		{args: []string{" b-2 "}, want: []string{"B-2"}},
		{args: []string{"B"}, want: catB},
		{args: []string{"B-2", "B-1", "B-2"}, want: []string{"B-2", "B-1"}},
		{args: []string{"B-1", "B"}, want: append([]string{"B-1"}, catB[1:]...)},
		{args: []string{"all"}, count: 64},
		{args: []string{"ALL", "A-1"}, count: 64},
		{args: nil, count: 0},
		{args: []string{"A-1", "Z-9"}, wantErr: `service "Z-9" is not in pack x1060@2021.06`},
		{args: []string{""}, wantErr: `service ""`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, ","), func(t *testing.T) {
			got, err := p.Resolve(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if tt.want == nil && len(got) != tt.count {
				t.Errorf("got %d services, want %d", len(got), tt.count)
			}
		})
	}
}

func TestParseEnums(t *testing.T) {
	tests := []struct {
		in    string
		parse func(string) (string, error)
		want  string
	}{
		{"M", func(s string) (string, error) { v, err := ParseLevel(s); return string(v), err }, "mandatory"},
		{" Optional ", func(s string) (string, error) { v, err := ParseLevel(s); return string(v), err }, "optional"},
		{"x", func(s string) (string, error) { v, err := ParseLevel(s); return string(v), err }, ""},
		{"EXTERNAL", func(s string) (string, error) { v, err := ParseAssignment(s); return string(v), err }, "external"},
		{"vendor", func(s string) (string, error) { v, err := ParseAssignment(s); return string(v), err }, ""},
		{"ja_JP.UTF-8", func(s string) (string, error) { v, err := ParseLang(s); return string(v), err }, "ja"},
		{"fr-FR", func(s string) (string, error) { v, err := ParseLang(s); return string(v), err }, "fr"},
		{"de", func(s string) (string, error) { v, err := ParseLang(s); return string(v), err }, ""},
		{"in_progress", func(s string) (string, error) { v, err := ParseActionStatus(s); return string(v), err }, "in-progress"},
		{"mid", func(s string) (string, error) { v, err := ParseHorizon(s); return string(v), err }, "long"},
		{"Short-Term", func(s string) (string, error) { v, err := ParseHorizon(s); return string(v), err }, "short"},
		{"soon", func(s string) (string, error) { v, err := ParseHorizon(s); return string(v), err }, ""},
		{"DROP", func(s string) (string, error) { v, err := ParseOpenActions(s); return string(v), err }, "drop"},
		{"later", func(s string) (string, error) { v, err := ParseOpenActions(s); return string(v), err }, ""},
	}
	for _, tt := range tests {
		got, err := tt.parse(tt.in)
		if tt.want == "" {
			if err == nil || !strings.Contains(err.Error(), tt.in) {
				t.Errorf("%q: err %v should name the value", tt.in, err)
			}
			if tt.in != "de" && !errors.As(err, new(*ChoiceError)) { // a language has its own error
				t.Errorf("%q: err %v is not a ChoiceError, which the interface words in its language", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q: got %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func BenchmarkParsePack(b *testing.B) {
	data, _ := builtinPacks.ReadFile(BuiltinPackFile)
	for b.Loop() {
		if _, err := ParsePack(data); err != nil {
			b.Fatal(err)
		}
	}
}

// A service awaits assessment only in scope and without a score.
func TestAwaitsAssessment(t *testing.T) {
	three := 3
	for _, tt := range []struct {
		name string
		s    ServiceState
		want bool
	}{
		{"in scope, no score", ServiceState{InScope: true}, true},
		{"in scope, scored", ServiceState{InScope: true, Current: &three}, false},
		{"out of scope, no score", ServiceState{}, false},
		{"out of scope, scored", ServiceState{Current: &three}, false},
	} {
		if got := tt.s.AwaitsAssessment(); got != tt.want {
			t.Errorf("%s: AwaitsAssessment() = %v, want %v", tt.name, got, tt.want)
		}
	}
}
