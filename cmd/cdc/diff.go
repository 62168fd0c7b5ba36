package main

import (
	"context"
	"errors"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/difftext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/spf13/cobra"
)

func newDiffCmd(a *app) *cobra.Command {
	var org, cycle, vsOrg, vsCycle string
	cmd := &cobra.Command{
		Use: "diff --org ORG",
		Example: `  cdc diff --org "Demo Agency"
  cdc diff --org "Demo Agency" --cycle FY2026 --vs-cycle FY2024
  cdc diff --org "Ministry of Health" --vs-org "Ministry of Energy" --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, err := a.lang()
			if err != nil {
				return err
			}
			this, base, err := a.diffCycles(cmd.Context(), org, cycle, vsOrg, vsCycle)
			if err != nil {
				return err
			}
			d := scoring.CompareCycles(base, this)
			if a.wantsJSON() {
				return a.printJSON(d)
			}
			return a.println(renderDiff(d, base, this, vocab.For(lang)))
		},
	}
	orgFlag(cmd, &org)
	cycleFlag(cmd, &cycle)
	cmd.Flags().StringVar(&vsOrg, "vs-org", "", "")
	cmd.Flags().StringVar(&vsCycle, "vs-cycle", "", "")
	return cmd
}

// diffCycles resolves the compared cycle and the cycle it is compared with.
func (a *app) diffCycles(ctx context.Context, orgRef, cycleRef, vsOrgRef, vsCycleRef string) (this, base *catalog.CycleData, err error) {
	s, o, c, err := a.orgAndCycle(ctx, orgRef, cycleRef)
	if err != nil {
		return nil, nil, err
	}
	vo := o
	if strings.TrimSpace(vsOrgRef) != "" {
		if vo, err = s.FindOrg(ctx, vsOrgRef); err != nil {
			return nil, nil, err
		}
	}
	var vc catalog.Cycle
	switch {
	case strings.TrimSpace(vsCycleRef) != "" || vo.ID != o.ID:
		if vc, err = s.FindCycle(ctx, vo.ID, vsCycleRef); err != nil {
			return nil, nil, a.inOrg(vo, err)
		}
	default:
		cs, err := s.Cycles(ctx, o.ID)
		if err != nil {
			return nil, nil, err
		}
		found := false
		for _, x := range cs {
			if x.Seq < c.Seq && (!found || x.Seq > vc.Seq) {
				vc, found = x, true
			}
		}
		if !found {
			return nil, nil, errors.New(a.printer().T("cli.diff.no_previous", o.Name, c.Name))
		}
	}
	if vc.ID == c.ID {
		return nil, nil, usageError(errors.New(a.printer().T("cli.diff.same")))
	}
	if this, err = s.CycleData(ctx, c.ID); err != nil {
		return nil, nil, err
	}
	if base, err = s.CycleData(ctx, vc.ID); err != nil {
		return nil, nil, err
	}
	return this, base, nil
}

// renderDiff is the text form of a diff: indices, categories, then the services that differ.
func renderDiff(d scoring.Diff, base, this *catalog.CycleData, p vocab.Printer) string {
	st := styles
	lang := p.Lang()
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }
	section := func(title string) { add("", st.heading.Render(textwidth.Truncate(title, evalWidth))) }
	side := func(s scoring.DiffSide) string { return cellText(s.Organisation.Name) + " / " + cellText(s.Cycle.Name) }
	newT := func(headers ...string) *outTable {
		t := newTable(headers...)
		t.indent, t.width = 2, evalWidth
		return t
	}
	add(st.title.Render(textwidth.Truncate(p.T("programme.diff.title"), evalWidth)))
	add(wrapText(p.T("programme.diff.this", side(d.B), p.Completeness(d.B.Assessed, d.B.InScope)), evalWidth, 0))
	add(wrapText(p.T("programme.diff.base", side(d.A), p.Completeness(d.A.Assessed, d.A.InScope)), evalWidth, 0))

	section(p.T("programme.diff.indices"))
	it := newT(p.T("programme.col.figure"), p.T("programme.diff.col_base"), p.T("programme.diff.col_this"), p.T("programme.col.change")).alignRight(1, 2, 3)
	for _, ix := range d.Indices {
		it.row(indexName(p, ix.Index), p.Index(ix.A), p.Index(ix.B), signedChange(p, ix.Change))
	}
	add(it.String())

	section(p.T("programme.diff.categories"))
	ct := newT("", p.T("programme.diff.col_category"), p.T("programme.diff.col_current"), "", p.T("programme.col.change"),
		p.T("programme.diff.col_target"), "", p.T("programme.col.change")).alignRight(2, 3, 4, 5, 6, 7)
	for _, c := range d.Categories {
		ct.row(c.ID, c.Name.In(lang), p.Mean(c.A.Current()), p.Mean(c.B.Current()), signedChange(p, c.MeanCurrentChange),
			p.Mean(c.A.Target()), p.Mean(c.B.Target()), signedChange(p, c.MeanTargetChange))
	}
	add(ct.String())
	add(wrapText(p.T("programme.diff.category_note"), evalWidth, 2, st.dim))

	section(p.N("programme.diff.services", len(d.Services), p.Count(len(d.Services))))
	if len(d.Services) == 0 {
		add("  " + p.T("programme.diff.no_services"))
	}
	for _, s := range d.Services {
		add("  " + textwidth.Truncate(difftext.Heading(p, s, cellText(s.Name.In(lang)), evalWidth-2, st.good.Render, st.bad.Render), evalWidth-2))
		if note, ok := difftext.OneSide(p, s); ok {
			add("      " + st.dim.Render(note))
			continue
		}
		ft := newTable("", "", "", "")
		ft.indent, ft.width = 6, evalWidth
		for _, f := range s.Changed {
			ft.row(difftext.FieldName(p, f), cellText(difftext.Value(p, base.Pack, f, *s.A)), "→", cellText(difftext.Value(p, this.Pack, f, *s.B)))
		}
		add(ft.String())
	}
	add("", wrapText(p.N("programme.diff.same", d.Same, p.Count(d.Same)), evalWidth, 0, st.dim))
	return strings.Join(out, "\n")
}
