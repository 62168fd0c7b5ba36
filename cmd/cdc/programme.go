package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/spf13/cobra"
)

// programmeHeatNameWidth bounds the organisation names of the heat map so it fits 80 columns.
const programmeHeatNameWidth = 28

func newProgrammeCmd(a *app) *cobra.Command {
	var f programmeFlags
	cmd := &cobra.Command{
		Use: "programme",
		Example: `  cdc programme
  cdc programme --sector Energy --size-band 100-999
  cdc programme --country Kenya --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, all, prog, err := f.selected(cmd.Context(), a)
			if err != nil {
				return err
			}
			if a.wantsJSON() {
				return a.printJSON(struct {
					Filter        programmeFlags               `json:"filter"`
					Programme     scoring.Programme            `json:"programme"`
					Distributions []scoring.FigureDistribution `json:"distributions"`
				}{f, prog, prog.Distributions()})
			}
			return a.println(renderProgramme(prog, len(all.Rows), vocab.For(lang)))
		},
	}
	f.add(cmd)
	return cmd
}

// programmeFlags are the filters of a programme view.
type programmeFlags struct {
	Sector   string `json:"sector"`
	Country  string `json:"country"`
	SizeBand string `json:"size_band"`
}

func (f *programmeFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.Sector, "sector", "", "")
	cmd.Flags().StringVar(&f.Country, "country", "", "")
	cmd.Flags().StringVar(&f.SizeBand, "size-band", "", "")
	shareUsage(cmd, "cli.flag.filter", "sector", "country", "size-band")
}

// selected is the language asked for, the programme of the whole database and the part of it
// the filters keep.
func (f programmeFlags) selected(ctx context.Context, a *app) (catalog.Lang, scoring.Programme, scoring.Programme, error) {
	filter, err := f.filter()
	if err != nil {
		return "", scoring.Programme{}, scoring.Programme{}, err
	}
	lang, err := a.lang()
	if err != nil {
		return "", scoring.Programme{}, scoring.Programme{}, err
	}
	all, err := a.programme(ctx)
	if err != nil {
		return "", scoring.Programme{}, scoring.Programme{}, err
	}
	return lang, all, all.Filter(filter), nil
}

// filter checks the flags; control characters were refused before the command ran.
func (f programmeFlags) filter() (scoring.ProgrammeFilter, error) {
	out := scoring.ProgrammeFilter{Sector: f.Sector, Country: f.Country}
	if f.SizeBand != "" {
		b, err := catalog.ParseChoice("--size-band", f.SizeBand, scoring.SizeBands)
		if err != nil {
			return out, usageError(err)
		}
		out.SizeBand = b
	}
	return out, nil
}

// programme reads and evaluates every organisation of the database.
func (a *app) programme(ctx context.Context) (scoring.Programme, error) {
	s, err := a.open(ctx)
	if err != nil {
		return scoring.Programme{}, err
	}
	orgs, err := s.Programme(ctx)
	if err != nil {
		return scoring.Programme{}, err
	}
	return scoring.BuildProgramme(orgs), nil
}

// renderProgramme is the text programme view: the organisations, the distributions and the heat map.
func renderProgramme(prog scoring.Programme, total int, p vocab.Printer) string {
	st := styles
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }
	section := func(title string) { add("", st.heading.Render(textwidth.Truncate(title, evalWidth))) }
	add(st.title.Render(p.T("programme.title")))
	if total == 0 {
		add(p.T("programme.cli.empty"))
		return strings.Join(out, "\n")
	}
	withFigures, provisional := 0, 0
	for _, r := range prog.Rows {
		if r.HasFigures() {
			withFigures++
		}
		if r.Provisional {
			provisional++
		}
	}
	add(p.N("programme.cli.counts", len(prog.Rows), p.Count(len(prog.Rows)), p.Count(total), p.Count(withFigures), p.Count(provisional)))
	if len(prog.Rows) == 0 {
		add(p.T("programme.cli.none_match"))
		return strings.Join(out, "\n")
	}

	t := newTable(p.T("programme.col.organisation"), p.T("programme.col.sector"), p.T("programme.col.country"), p.T("programme.col.size_band"),
		p.T("programme.col.cycle"), p.T("programme.col.maturity"), p.T("programme.col.change"), p.T("programme.col.target"), p.T("programme.col.change"),
		p.T("programme.col.attainment"), p.T("programme.col.change"), p.T("programme.col.completeness"), p.T("programme.col.current_cycle"),
		p.T("programme.col.open_actions"), p.T("programme.col.last_change")).alignRight(5, 6, 7, 8, 9, 10, 13)
	for _, r := range prog.Rows {
		cycle, complete := p.T("programme.cli.no_figures"), cell{}
		if r.Cycle != nil {
			cycle = r.Cycle.Name
			text := p.T("programme.cell.completeness", p.Count(r.Assessed), p.Count(r.InScope))
			complete = cell{text: text}
			if r.Provisional {
				complete = styled(text+" "+p.Provisional(), st.warn)
			}
		}
		current := p.Unknown()
		if r.CurrentCycle != nil {
			current = r.CurrentCycle.Name
		}
		last := p.Unknown()
		if r.LastChange != nil {
			last = p.Date(*r.LastChange)
		}
		band := string(r.SizeBand)
		if band == "" {
			band = p.Unknown()
		}
		t.row(r.Org.Name, r.Sector, r.Country, band, cycle,
			p.Index(r.MaturityIndex), signedChange(p, r.MaturityChange),
			p.Index(r.TargetIndex), signedChange(p, r.TargetChange),
			p.Index(r.AttainmentIndex), signedChange(p, r.AttainmentChange),
			complete, current, p.Count(r.OpenActions), last)
	}
	add(t.String())

	section(p.T("programme.cli.distribution"))
	dt := newTable(p.T("programme.col.figure"), p.T("programme.col.n"), p.T("programme.col.min"), p.T("programme.col.q1"),
		p.T("programme.col.median"), p.T("programme.col.q3"), p.T("programme.col.max")).alignRight(1, 2, 3, 4, 5, 6)
	dt.indent, dt.width = 2, evalWidth
	for _, d := range prog.Distributions() {
		if d.Category != "" {
			continue
		}
		if !d.Defined {
			dt.row(indexName(p, scoring.Index(d.Figure)), p.Count(0), p.Unknown(), p.Unknown(), p.Unknown(), p.Unknown(), p.Unknown())
			continue
		}
		dd := d.Dist
		dt.row(indexName(p, scoring.Index(d.Figure)), p.Count(dd.N), p.Decimal(dd.Min, 1), p.Decimal(dd.Q1, 1), p.Decimal(dd.Median, 1), p.Decimal(dd.Q3, 1), p.Decimal(dd.Max, 1))
	}
	add(dt.String())

	if len(prog.Categories) > 0 {
		section(p.T("programme.cli.heat_map"))
		heads := []string{p.T("programme.col.organisation")}
		var right []int
		for i, c := range prog.Categories {
			heads = append(heads, c.ID)
			right = append(right, i+1)
		}
		ht := newTable(heads...).alignRight(right...)
		ht.indent, ht.width = 2, evalWidth
		for _, r := range prog.Rows {
			if !r.HasFigures() {
				continue
			}
			cells := []any{heatName(r, programmeHeatNameWidth)}
			for _, c := range prog.Categories {
				var v *float64
				if cp := r.Category(c.ID); cp != nil {
					v = cp.MeanCurrent
				}
				cells = append(cells, heatCell(p, v))
			}
			ht.row(cells...)
		}
		add(ht.String())
		add(wrapText(p.T("programme.cli.heat_legend"), evalWidth, 2, st.dim))
		if slices.ContainsFunc(prog.Rows, func(r scoring.ProgrammeRow) bool { return r.HasFigures() && r.Provisional }) {
			add(wrapText(p.T("programme.heat.provisional", p.PercentOf(scoring.ProvisionalBelow*100)), evalWidth, 2, st.dim))
		}
	}
	return strings.Join(out, "\n")
}

// indexName is an index's name in the printer's language.
func indexName(p vocab.Printer, i scoring.Index) string { return p.T(i.Word()) }

// signedChange shows a change with its sign, coloured by direction; unknown when undefined.
func signedChange(p vocab.Printer, v *float64) cell {
	if v == nil {
		return styled(p.Unknown(), styles.dim)
	}
	s := p.Signed(*v, 1)
	switch r := vocab.Round(*v, 1); {
	case r > 0:
		return styled(s, styles.good)
	case r < 0:
		return styled(s, styles.bad)
	}
	return styled(s, styles.dim)
}

// heatName is an organisation's name in the heat map, clipped to width, with the provisional
// mark of the legend ("*") when its figures are provisional.
func heatName(r scoring.ProgrammeRow, width int) string {
	if r.Provisional {
		return clip(r.Org.Name, width-2) + " *"
	}
	return clip(r.Org.Name, width)
}

// heatCell colours a mean current score (0-5) as the workbook's colour scale does: red, yellow, green.
func heatCell(p vocab.Printer, v *float64) cell {
	if v == nil {
		return styled(p.Unknown(), styles.dim)
	}
	s := p.Mean(v)
	switch {
	case *v >= 3.5:
		return styled(s, styles.good)
	case *v >= 2:
		return styled(s, styles.warn)
	}
	return styled(s, styles.bad)
}

func newExportProgrammeCmd(a *app) *cobra.Command {
	var f programmeFlags
	var out string
	var pwSrc passwordSources
	var force bool
	cmd := &cobra.Command{
		Use:     "programme -o FILE.xlsx",
		Example: "  cdc export programme -o programme.xlsx\n  cdc export programme --sector Energy --lang ja -o energy-ja.xlsx",
		Args:    a.passwordArgs(0, &pwSrc),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.checkOutput(out, ".xlsx", force); err != nil {
				return err
			}
			lang, _, prog, err := f.selected(cmd.Context(), a)
			if err != nil {
				return err
			}
			p := vocab.For(lang)
			pw, err := pwSrc.resolve(a, true)
			if err != nil {
				return err
			}
			opts := export.ProgrammeOptions{Lang: lang, Password: pw, Scope: f.describe(p)}
			if prog.Pack.ID != "" {
				s, _ := a.open(cmd.Context())
				if ref, err := s.FindPack(cmd.Context(), prog.Pack.ID+"@"+prog.Pack.Version); err == nil {
					if opts.Pack, err = s.Pack(cmd.Context(), ref); err != nil {
						return err
					}
				}
			}
			if err := export.WriteProgramme(prog, opts, out); err != nil {
				return err
			}
			fmt.Fprintln(a.out, p.N("programme.cli.wrote", len(prog.Rows), p.Count(len(prog.Rows)), out))
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().StringVarP(&out, "output", "o", "", "")
	shareUsage(cmd, "cli.flag.workbook", "output")
	workbookPasswordFlags(cmd, &pwSrc)
	cmd.Flags().BoolVar(&force, "force", false, "")
	return cmd
}

// describe says which organisations the filter keeps, for the workbook; empty for all.
func (f programmeFlags) describe(p vocab.Printer) string {
	var parts []string
	if v := strings.TrimSpace(f.Sector); v != "" {
		parts = append(parts, p.T("programme.group_by.sector")+" "+v)
	}
	if v := strings.TrimSpace(f.Country); v != "" {
		parts = append(parts, p.T("programme.group_by.country")+" "+v)
	}
	if v := strings.TrimSpace(f.SizeBand); v != "" {
		parts = append(parts, p.T("programme.group_by.size_band")+" "+v)
	}
	return strings.Join(parts, ", ")
}
