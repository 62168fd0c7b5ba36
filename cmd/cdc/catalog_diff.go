package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/spf13/cobra"
)

// markedName is a service name with the working-name mark when the name was not read in the
// recommendation.
func markedName(sv serviceJSON, lang catalog.Lang) string {
	name := sv.Name
	if sv.WorkingName {
		name += " " + vocab.For(lang).T("catalog.mark.working")
	}
	return name
}

// workingLegend explains the working-name mark below a list that shows it, or is empty.
func workingLegend(v catalogJSON, lang catalog.Lang) string {
	for _, c := range v.Categories {
		for _, sv := range c.Services {
			if sv.WorkingName {
				p := vocab.For(lang)
				return "\n\n" + p.T("catalog.mark.working") + " " + p.T("catalog.mark.legend")
			}
		}
	}
	return ""
}

// newCatalogDiffCmd's help is in the vocabulary (cli.help.catalog.diff.short and .long).
func newCatalogDiffCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "diff OLD NEW",
		Example: "  cdc catalog diff x1060@2021.06 corrected.json\n  cdc catalog diff old.json new.json --json",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, err := a.lang()
			if err != nil {
				return err
			}
			p := vocab.For(lang)
			var packs [2]*catalog.Pack
			var store *catalog.Store
			for i, arg := range args {
				if packs[i], err = readPackArg(p, arg); err != nil {
					return err
				}
				if packs[i] != nil {
					continue
				}
				if store == nil {
					if store, err = a.open(cmd.Context()); err != nil {
						return err
					}
				}
				if packs[i], err = packFor(cmd.Context(), store, arg); err != nil {
					return fmt.Errorf("%s: %w", p.T("cli.catalog.diff.neither", arg), err)
				}
			}
			d := catalog.DiffPacks(packs[0], packs[1])
			return a.result(d, packDiffText(d, lang))
		},
	}
	return cmd
}

// readPackArg reads arg as a pack file when it names one, or returns nil for a pack name.
func readPackArg(p vocab.Printer, arg string) (*catalog.Pack, error) {
	const what = "cli.file.pack"
	st, err := os.Stat(arg)
	if errors.Is(err, os.ErrNotExist) {
		if !strings.HasSuffix(strings.ToLower(arg), ".json") {
			return nil, nil
		}
		return nil, errors.New(p.T("cli.file.not_found", p.T(what), arg))
	}
	if err != nil {
		return nil, fileError(p, what, arg, err)
	}
	if st.IsDir() {
		return nil, errors.New(p.T("cli.file.folder_not_file", p.T(what), arg))
	}
	f, err := os.Open(arg)
	if err != nil {
		return nil, fileError(p, what, arg, err)
	}
	defer f.Close()
	return catalog.ReadPack(f, arg)
}

// packDiffText is the diff for the terminal; every text from the packs goes through cellText.
func packDiffText(d catalog.PackDiff, lang catalog.Lang) string {
	p := vocab.For(lang)
	var b strings.Builder
	b.WriteString(p.T("catalog.diff.header", cellText(d.From), cellText(d.To)) + "\n")
	if d.Empty() {
		b.WriteString(p.T("catalog.diff.same") + "\n")
		return b.String()
	}
	service := func(s catalog.Service) (string, catalog.Text) { return s.ID, s.Name }
	category := func(c catalog.Category) (string, catalog.Text) { return c.ID, c.Name }
	idList(&b, p, "catalog.diff.services_added", d.ServicesAdded, service)
	idList(&b, p, "catalog.diff.services_removed", d.ServicesRemoved, service)
	idList(&b, p, "catalog.diff.categories_added", d.CategoriesAdded, category)
	idList(&b, p, "catalog.diff.categories_removed", d.CategoriesRemoved, category)
	if len(d.Changes) > 0 {
		b.WriteString("\n" + p.N("catalog.diff.changes", len(d.Changes)) + "\n")
		value := func(v string) string {
			if v == "" {
				return p.T("catalog.diff.empty")
			}
			return `"` + cellText(v) + `"`
		}
		for _, c := range d.Changes {
			where := p.T("catalog.diff.kind." + c.Kind)
			if c.ID != "" {
				where += " " + cellText(c.ID)
			}
			field := p.T("catalog.diff.field." + c.Field)
			if c.Lang != "" {
				field += " (" + string(c.Lang) + ")"
			}
			if c.Field == "description" || c.Field == "source" {
				fmt.Fprintf(&b, "  %s  %s\n      - %s\n      + %s\n", where, field, value(c.Old), value(c.New))
				continue
			}
			fmt.Fprintf(&b, "  %s  %s: %s -> %s\n", where, field, value(c.Old), value(c.New))
		}
	}
	if d.Reordered {
		b.WriteString("\n" + p.T("catalog.diff.reordered") + "\n")
	}
	return b.String()
}

// packMoveText tells, after a new cycle starts on another pack than the previous cycle's,
// which services appear (unassessed) and disappear (kept in the earlier cycles); it is empty
// when the pack stays the same.
func (a *app) packMoveText(ctx context.Context, s *catalog.Store, c catalog.Cycle) (string, error) {
	cycles, err := s.Cycles(ctx, c.OrgID)
	if err != nil {
		return "", err
	}
	var prev *catalog.Cycle
	for i := range cycles {
		if cycles[i].Seq < c.Seq && (prev == nil || cycles[i].Seq > prev.Seq) {
			prev = &cycles[i]
		}
	}
	if prev == nil || prev.PackRef == c.PackRef {
		return "", nil
	}
	from, err := s.Pack(ctx, prev.PackRef)
	if err != nil {
		return "", err
	}
	to, err := s.Pack(ctx, c.PackRef)
	if err != nil {
		return "", err
	}
	p := a.printer()
	lang := p.Lang()
	d := catalog.DiffPacks(from, to)
	var b strings.Builder
	b.WriteString("\n" + p.T("catalog.move.header", cellText(d.From), cellText(d.To)) + "\n")
	if len(d.ServicesAdded)+len(d.ServicesRemoved) == 0 {
		b.WriteString(p.N("catalog.move.same", len(to.Services)) + "\n")
	}
	list := func(key string, ss []catalog.Service) {
		if len(ss) == 0 {
			return
		}
		b.WriteString(p.N(key, len(ss)) + "\n")
		for _, sv := range ss {
			fmt.Fprintf(&b, "  %s  %s\n", cellText(sv.ID), cellText(sv.Name.In(lang)))
		}
	}
	list("catalog.move.appear", d.ServicesAdded)
	list("catalog.move.disappear", d.ServicesRemoved)
	return b.String(), nil
}

// idList writes a heading that counts items, then each item's ID and name; nothing when
// there are none.
func idList[T any](b *strings.Builder, p vocab.Printer, key string, items []T, idName func(T) (string, catalog.Text)) {
	if len(items) == 0 {
		return
	}
	b.WriteString("\n" + p.N(key, len(items)) + "\n")
	for _, x := range items {
		id, name := idName(x)
		fmt.Fprintf(b, "  %s  %s\n", cellText(id), cellText(name.In(p.Lang())))
	}
}
