package catalog

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
)

// PackDiff is what changes from one pack to another: services and categories added or
// removed (matched by ID), and every field and translation that differs.
type PackDiff struct {
	From              string       `json:"from"` // "id@version"
	To                string       `json:"to"`
	ServicesAdded     []Service    `json:"services_added"`
	ServicesRemoved   []Service    `json:"services_removed"`
	CategoriesAdded   []Category   `json:"categories_added"`
	CategoriesRemoved []Category   `json:"categories_removed"`
	Changes           []PackChange `json:"changes"`
	// Reordered: the services both packs hold are listed in a different order.
	Reordered bool `json:"reordered"`
}

// PackChange is one changed field of one element. Kind is the element's kind (pack, level,
// assignment, score, category, service) and ID its ID ("" for the pack); Field is the JSON
// field (name, source, weight, description, in_house, outsourced, category, level,
// provenance, name_provenance); Lang is the language of a text ("" otherwise).
type PackChange struct {
	Kind  string `json:"kind"`
	ID    string `json:"id,omitempty"`
	Field string `json:"field"`
	Lang  Lang   `json:"lang,omitempty"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Empty reports whether the two packs hold the same catalogue.
func (d PackDiff) Empty() bool {
	return len(d.ServicesAdded)+len(d.ServicesRemoved)+len(d.CategoriesAdded)+len(d.CategoriesRemoved)+len(d.Changes) == 0 && !d.Reordered
}

// DiffPacks compares two packs, old first. Services and categories are matched by ID.
func DiffPacks(old, new *Pack) PackDiff {
	d := PackDiff{From: old.Ref(), To: new.Ref(), ServicesAdded: []Service{}, ServicesRemoved: []Service{},
		CategoriesAdded: []Category{}, CategoriesRemoved: []Category{}, Changes: []PackChange{}}
	add := func(where [2]string, field string, lang Lang, o, n string) {
		if o != n {
			d.Changes = append(d.Changes, PackChange{Kind: where[0], ID: where[1], Field: field, Lang: lang, Old: o, New: n})
		}
	}
	texts := func(where [2]string, field string, o, n Text) {
		for _, l := range Langs {
			add(where, field, l, o[l], n[l])
		}
	}
	provs := func(where [2]string, o, n Provenances, oEN, nEN string) {
		add(where, "provenance", "", oEN, nEN)
		for _, l := range Langs {
			add(where, "name_provenance", l, o[l], n[l])
		}
	}
	pack := [2]string{"pack", ""}
	texts(pack, "name", old.Name, new.Name)
	texts(pack, "source", old.Source, new.Source)
	for _, l := range Levels {
		o, n := levelDef(old, l), levelDef(new, l)
		where := [2]string{"level", string(l)}
		add(where, "weight", "", strconv.FormatFloat(o.Weight, 'g', -1, 64), strconv.FormatFloat(n.Weight, 'g', -1, 64))
		texts(where, "name", o.Name, n.Name)
	}
	for _, a := range Assignments {
		o, n := assignmentDef(old, a), assignmentDef(new, a)
		where := [2]string{"assignment", string(a)}
		texts(where, "name", o.Name, n.Name)
		texts(where, "description", o.Description, n.Description)
	}
	for v := MinScore; v <= MaxScore; v++ {
		o, n := scaleStep(old, v), scaleStep(new, v)
		where := [2]string{"score", strconv.Itoa(v)}
		texts(where, "in_house", o.InHouse, n.InHouse)
		texts(where, "outsourced", o.Outsourced, n.Outsourced)
	}
	// Local indexes: a pack being edited may have a stale service index.
	oldServices, newServices := servicesByID(old), servicesByID(new)
	for _, c := range old.Categories {
		n, ok := new.Category(c.ID)
		if !ok {
			d.CategoriesRemoved = append(d.CategoriesRemoved, c)
			continue
		}
		where := [2]string{"category", c.ID}
		texts(where, "name", c.Name, n.Name)
		provs(where, c.NameProvenance, n.NameProvenance, "", "")
	}
	for _, c := range new.Categories {
		if _, ok := old.Category(c.ID); !ok {
			d.CategoriesAdded = append(d.CategoriesAdded, c)
		}
	}
	var oldOrder, newOrder []string
	for _, s := range old.Services {
		n, ok := newServices[s.ID]
		if !ok {
			d.ServicesRemoved = append(d.ServicesRemoved, s)
			continue
		}
		oldOrder = append(oldOrder, s.ID)
		where := [2]string{"service", s.ID}
		add(where, "category", "", s.Category, n.Category)
		add(where, "level", "", string(s.DefaultLevel), string(n.DefaultLevel))
		texts(where, "name", s.Name, n.Name)
		texts(where, "description", s.Description, n.Description)
		provs(where, s.NameProvenance, n.NameProvenance, s.Provenance, n.Provenance)
	}
	for _, s := range new.Services {
		if _, ok := oldServices[s.ID]; !ok {
			d.ServicesAdded = append(d.ServicesAdded, s)
		} else {
			newOrder = append(newOrder, s.ID)
		}
	}
	d.Reordered = !slices.Equal(oldOrder, newOrder)
	return d
}

func servicesByID(p *Pack) map[string]Service {
	m := make(map[string]Service, len(p.Services))
	for _, s := range p.Services {
		m[s.ID] = s
	}
	return m
}

func levelDef(p *Pack, l Level) LevelDef {
	for _, d := range p.Levels {
		if d.ID == l {
			return d
		}
	}
	return LevelDef{}
}

func assignmentDef(p *Pack, a Assignment) AssignmentDef {
	for _, d := range p.Assignments {
		if d.ID == a {
			return d
		}
	}
	return AssignmentDef{}
}

func scaleStep(p *Pack, v int) ScaleStep {
	for _, s := range p.Scale {
		if s.Score == v {
			return s
		}
	}
	return ScaleStep{}
}

// Extends reports whether p is old with translations added and nothing else changed: every
// field and text of old is the same in p, which may only add languages and name provenance
// that old lacks. Every figure of a cycle evaluated on old is the same on p.
func (p *Pack) Extends(old *Pack) bool {
	a, err := p.Marshal()
	if err != nil {
		return false
	}
	b, err := old.Marshal()
	if err != nil {
		return false
	}
	var na, ob any
	if json.Unmarshal(a, &na) != nil || json.Unmarshal(b, &ob) != nil {
		return false
	}
	return extendsJSON(na, ob)
}

func extendsJSON(n, o any) bool {
	switch ov := o.(type) {
	case map[string]any:
		nv, ok := n.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range ov {
			w, ok := nv[k]
			if !ok || !extendsJSON(w, v) {
				return false
			}
		}
		for k := range nv {
			if _, ok := ov[k]; !ok && !slices.Contains(Langs, Lang(k)) && k != "name_provenance" {
				return false
			}
		}
		return true
	case []any:
		nv, ok := n.([]any)
		if !ok || len(nv) != len(ov) {
			return false
		}
		for i := range ov {
			if !extendsJSON(nv[i], ov[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(n, o)
}

// served is the pack a stored pack is used as: a database written by an earlier build holds
// the built-in pack without the translations this build adds under the same version; that
// pack is served as this build's, which changes no figure (see Extends).
func served(stored *Pack) *Pack {
	if stored.Ref() != builtinRef() {
		return stored
	}
	if b := BuiltinPack(); b.Extends(stored) {
		return b
	}
	return stored
}

// SamePack reports whether two packs are the same pack version with the same content, where
// the built-in pack of an earlier build and this build's are the same (see Extends).
func SamePack(a, b *Pack) bool {
	ma, err := served(a).Marshal()
	if err != nil {
		return false
	}
	mb, err := served(b).Marshal()
	return err == nil && string(ma) == string(mb)
}

// sameStoredPack reports whether the stored body of a pack version holds the same pack as p.
func sameStoredPack(body string, p *Pack) bool {
	stored, err := ParsePack([]byte(body))
	return err == nil && SamePack(stored, p)
}

// String renders the change on one line, for tests and logs.
func (c PackChange) String() string {
	field := c.Field
	if c.Lang != "" {
		field += "." + string(c.Lang)
	}
	where := c.Kind
	if c.ID != "" {
		where += " " + c.ID
	}
	return fmt.Sprintf("%s %s: %q -> %q", where, field, c.Old, c.New)
}
