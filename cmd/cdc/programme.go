package main

import (
	"context"
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/scoring"
	"github.com/spf13/cobra"
)

func init() { register(newProgrammeCmd) }

// programmeHeatNameWidth bounds the organisation names of the heat map so it fits 80 columns.
const programmeHeatNameWidth = 28

func newProgrammeCmd(a *app) *cobra.Command {
	var f programmeFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "programme [--sector S] [--country C] [--size-band B] [--json]",
		Short: "Compare every organisation: indices, completeness, change, heat map by category",
		Long: "List the organisations of the database side by side, each with its latest assessed cycle (the\n" +
			"newest cycle with an assessed in-scope service): the maturity, target and attainment indices\n" +
			"with their completeness and change since the cycle before, the current cycle, the last change\n" +
			"and the open actions; then the distribution of each index (n, min, quartiles, median, max) and a\n" +
			"heat map of the mean current score by category. An index below 80% completeness is marked\n" +
			"provisional. Size bands: 1-99, 100-999, 1000-9999, 10000+ staff.\n\n" +
			"cdc export programme writes the same as a workbook; cdc export benchmark writes an anonymised\n" +
			"contribution.",
		Example: `  cdc programme
  cdc programme --sector Energy --size-band 100-999
  cdc programme --country Kenya --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			filter, err := f.filter()
			if err != nil {
				return err
			}
			lang, err := a.lang()
			if err != nil {
				return err
			}
			all, err := a.programme(cmd.Context())
			if err != nil {
				return err
			}
			prog := all.Filter(filter)
			if asJSON {
				return a.printJSON(struct {
					Filter        programmeFlags               `json:"filter"`
					Programme     scoring.Programme            `json:"programme"`
					Distributions []scoring.FigureDistribution `json:"distributions"`
				}{f, prog, prog.Distributions()})
			}
			_, err = lipgloss.Fprintln(a.out, renderProgramme(prog, len(all.Rows), vocab.For(lang)))
			return err
		},
	}
	f.add(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "Print the programme as JSON, every figure at full precision")
	return cmd
}

// programmeFlags are the filters of a programme view.
type programmeFlags struct {
	Sector   string `json:"sector"`
	Country  string `json:"country"`
	SizeBand string `json:"size_band"`
}

func (f *programmeFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.Sector, "sector", "", "Only organisations of this sector (case-insensitive)")
	cmd.Flags().StringVar(&f.Country, "country", "", "Only organisations of this country (case-insensitive)")
	cmd.Flags().StringVar(&f.SizeBand, "size-band", "", "Only organisations of this size band: 1-99, 100-999, 1000-9999 or 10000+")
}

func (f programmeFlags) filter() (scoring.ProgrammeFilter, error) {
	for _, v := range []struct{ flag, value string }{{"--sector", f.Sector}, {"--country", f.Country}} {
		if err := termtext.Check(v.flag, v.value); err != nil {
			return scoring.ProgrammeFilter{}, err
		}
	}
	out := scoring.ProgrammeFilter{Sector: f.Sector, Country: f.Country}
	if f.SizeBand != "" {
		b, ok := scoring.ParseSizeBand(strings.TrimSpace(f.SizeBand))
		if !ok {
			return out, fmt.Errorf("--size-band %q is not one of %s", termtext.Clean(f.SizeBand), sizeBandList())
		}
		out.SizeBand = b
	}
	return out, nil
}

func sizeBandList() string {
	names := make([]string, len(scoring.SizeBands))
	for i, b := range scoring.SizeBands {
		names[i] = string(b)
	}
	return strings.Join(names, ", ")
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
	st := newEvalStyles()
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }
	section := func(title string) { add("", st.heading.Render(tableFit(title, evalWidth))) }
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

	t := newTextTable(
		tableCol{Header: p.T("programme.col.organisation"), Flex: true, Min: 12},
		tableCol{Header: p.T("programme.col.sector"), Flex: true, Min: 6},
		tableCol{Header: p.T("programme.col.country"), Flex: true, Min: 6},
		tableCol{Header: p.T("programme.col.size_band")},
		tableCol{Header: p.T("programme.col.cycle"), Flex: true, Min: 6},
		tableCol{Header: p.T("programme.col.maturity"), Right: true},
		tableCol{Header: p.T("programme.col.change"), Right: true},
		tableCol{Header: p.T("programme.col.target"), Right: true},
		tableCol{Header: p.T("programme.col.change"), Right: true},
		tableCol{Header: p.T("programme.col.attainment"), Right: true},
		tableCol{Header: p.T("programme.col.change"), Right: true},
		tableCol{Header: p.T("programme.col.completeness")},
		tableCol{Header: p.T("programme.col.current_cycle"), Flex: true, Min: 6},
		tableCol{Header: p.T("programme.col.open_actions"), Right: true},
		tableCol{Header: p.T("programme.col.last_change")},
	)
	t.header = st.header
	for _, r := range prog.Rows {
		cycle, complete := p.T("programme.cli.no_figures"), ""
		if r.Cycle != nil {
			cycle = termtext.Clean(r.Cycle.Name)
			complete = p.T("programme.cell.completeness", p.Count(r.Assessed), p.Count(r.InScope))
			if r.Provisional {
				complete += " " + st.warn.Render(p.Provisional())
			}
		}
		current := p.Unknown()
		if r.CurrentCycle != nil {
			current = termtext.Clean(r.CurrentCycle.Name)
		}
		last := p.Unknown()
		if r.LastChange != nil {
			last = p.Date(*r.LastChange)
		}
		band := string(r.SizeBand)
		if band == "" {
			band = p.Unknown()
		}
		t.add(tableText(termtext.Clean(r.Org.Name)), tableText(termtext.Clean(r.Sector)), tableText(termtext.Clean(r.Country)), band, cycle,
			p.Index(r.MaturityIndex), signedChange(st, p, r.MaturityChange),
			p.Index(r.TargetIndex), signedChange(st, p, r.TargetChange),
			p.Index(r.AttainmentIndex), signedChange(st, p, r.AttainmentChange),
			complete, current, p.Count(r.OpenActions), last)
	}
	add(t.render(0))

	section(p.T("programme.cli.distribution"))
	dt := newTextTable(tableCol{Header: p.T("programme.col.figure"), Flex: true, Min: 10}, tableCol{Header: p.T("programme.col.n"), Right: true},
		tableCol{Header: p.T("programme.col.min"), Right: true}, tableCol{Header: p.T("programme.col.q1"), Right: true},
		tableCol{Header: p.T("programme.col.median"), Right: true}, tableCol{Header: p.T("programme.col.q3"), Right: true},
		tableCol{Header: p.T("programme.col.max"), Right: true})
	dt.indent, dt.header = 2, st.header
	for _, d := range prog.Distributions() {
		if d.Category != "" {
			continue
		}
		if !d.Defined {
			dt.add(indexName(p, scoring.Index(d.Figure)), "0", p.Unknown(), p.Unknown(), p.Unknown(), p.Unknown(), p.Unknown())
			continue
		}
		dd := d.Dist
		dt.add(indexName(p, scoring.Index(d.Figure)), p.Count(dd.N), p.Decimal(dd.Min, 1), p.Decimal(dd.Q1, 1), p.Decimal(dd.Median, 1), p.Decimal(dd.Q3, 1), p.Decimal(dd.Max, 1))
	}
	add(dt.render(evalWidth))

	if len(prog.Categories) > 0 {
		section(p.T("programme.cli.heat_map"))
		cols := []tableCol{{Header: p.T("programme.col.organisation"), Flex: true, Min: 12}}
		for _, c := range prog.Categories {
			cols = append(cols, tableCol{Header: c.ID, Right: true})
		}
		ht := newTextTable(cols...)
		ht.indent, ht.header, ht.gap = 2, st.header, 1
		for _, r := range prog.Rows {
			if !r.HasFigures() {
				continue
			}
			cells := []string{tableFit(tableText(termtext.Clean(r.Org.Name)), programmeHeatNameWidth)}
			for _, c := range prog.Categories {
				var v *float64
				if cp := r.Category(c.ID); cp != nil {
					v = cp.MeanCurrent
				}
				cells = append(cells, heatCell(st, p, v))
			}
			ht.add(cells...)
		}
		add(ht.render(evalWidth))
		add(wrapText(p.T("programme.cli.heat_legend"), evalWidth, 2, st.dim))
	}
	return strings.Join(out, "\n")
}

// indexName is an index's name in the printer's language.
func indexName(p vocab.Printer, i scoring.Index) string {
	switch i {
	case scoring.MaturityIndex:
		return p.T("index.maturity")
	case scoring.TargetIndex:
		return p.T("index.target")
	case scoring.AttainmentIndex:
		return p.T("index.attainment")
	}
	return string(i)
}

// signedChange shows a change with its sign, coloured by direction; unknown when undefined.
func signedChange(st evalStyles, p vocab.Printer, v *float64) string {
	if v == nil {
		return st.dim.Render(p.Unknown())
	}
	s := p.Signed(*v, 1)
	switch r := vocab.Round(*v, 1); {
	case r > 0:
		return st.good.Render(s)
	case r < 0:
		return st.bad.Render(s)
	}
	return st.dim.Render(s)
}

// heatCell colours a mean current score (0-5) as the workbook's colour scale does: red, yellow, green.
func heatCell(st evalStyles, p vocab.Printer, v *float64) string {
	if v == nil {
		return st.dim.Render(p.Unknown())
	}
	s := p.Mean(v)
	switch {
	case *v >= 3.5:
		return st.good.Render(s)
	case *v >= 2:
		return st.warn.Render(s)
	}
	return st.bad.Render(s)
}

func newExportProgrammeCmd(a *app) *cobra.Command {
	var f programmeFlags
	var out, password string
	var force bool
	cmd := &cobra.Command{
		Use:   "programme -o FILE.xlsx [--sector S] [--country C] [--size-band B]",
		Short: "Write the programme workbook: distributions, heat map, ranking, trends, coverage",
		Long: "Write a workbook across the organisations of the database, each with its latest assessed cycle:\n" +
			"Summary (the distribution of every index and category figure: n, min, quartiles, median, max),\n" +
			"Heat map (mean current score by category, with colour scales), Ranking (by maturity index),\n" +
			"Trend (every cycle's indices), Coverage (mandatory coverage per organisation) and Method (the\n" +
			"formulas, from the code). Every sheet prints on A4 landscape, fitted to the page width.",
		Example: "  cdc export programme -o programme.xlsx\n  cdc export programme --sector Energy --lang ja -o energy-ja.xlsx",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(out, ".xlsx", force); err != nil {
				return err
			}
			filter, err := f.filter()
			if err != nil {
				return err
			}
			lang, err := a.lang()
			if err != nil {
				return err
			}
			p := vocab.For(lang)
			all, err := a.programme(cmd.Context())
			if err != nil {
				return err
			}
			prog := all.Filter(filter)
			pw, err := workbookPassword(a, password, true)
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
	cmd.Flags().StringVarP(&out, "output", "o", "", "Workbook file to write (.xlsx)")
	passwordFlag(cmd, &password, "Encrypt the workbook with a password")
	cmd.Flags().BoolVar(&force, "force", false, "Overwrite an existing file")
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
