package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/spf13/cobra"
)

func newCatalogCmd(a *app) *cobra.Command {
	return group("catalog", newCatalogListCmd(a), newCatalogExportCmd(a), newCatalogImportCmd(a), newCatalogDiffCmd(a))
}

// catalogJSON is the --json shape of cdc catalog list, with names in the chosen language.
type catalogJSON struct {
	Pack       packJSON       `json:"pack"`
	Lang       catalog.Lang   `json:"lang"`
	Categories []categoryJSON `json:"categories"`
}

type packJSON struct {
	Ref      string `json:"ref"`
	ID       string `json:"id"`
	Version  string `json:"version"`
	Name     string `json:"name"`
	Services int    `json:"services"`
}

type categoryJSON struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	Services []serviceJSON `json:"services"`
}

type serviceJSON struct {
	ID          string        `json:"id"`
	Name        string        `json:"name"`
	Level       catalog.Level `json:"level"`
	LevelName   string        `json:"level_name"`
	Description string        `json:"description"`
	WorkingName bool          `json:"working_name"` // not read in the recommendation
}

// packFor resolves --pack ("" is the built-in pack) to an installed pack.
func packFor(ctx context.Context, s *catalog.Store, name string) (*catalog.Pack, error) {
	ref, err := s.FindPack(ctx, strings.TrimSpace(name))
	if err != nil {
		return nil, err
	}
	return s.Pack(ctx, ref)
}

func newCatalogListCmd(a *app) *cobra.Command {
	var packs bool
	var packName string
	cmd := &cobra.Command{
		Use:     "list",
		Example: "  cdc catalog list\n  cdc catalog list --lang ja\n  cdc catalog list --pack acme-x1060@2026.1 --json\n  cdc catalog list --packs",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if packs && packName != "" {
				return usagef("%s", a.printer().T("cli.catalog.packs_and_pack"))
			}
			lang, err := a.lang()
			if err != nil {
				return err
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			if packs {
				return a.listPacks(cmd.Context(), s, lang)
			}
			p, err := packFor(cmd.Context(), s, packName)
			if err != nil {
				return err
			}
			if a.wantsJSON() {
				return a.printJSON(catalogView(p, lang))
			}
			return a.show(nil, catalogText(p, lang))
		},
	}
	cmd.Flags().BoolVar(&packs, "packs", false, "")
	cmd.Flags().StringVar(&packName, "pack", "", "")
	return cmd
}

func catalogView(p *catalog.Pack, lang catalog.Lang) catalogJSON {
	v := catalogJSON{
		Pack: packJSON{Ref: p.Ref(), ID: p.ID, Version: p.Version, Name: p.Name.In(lang), Services: len(p.Services)},
		Lang: lang,
	}
	for _, c := range p.Categories {
		cj := categoryJSON{ID: c.ID, Name: c.Name.In(lang), Services: []serviceJSON{}}
		for _, sv := range p.Services {
			if sv.Category == c.ID {
				cj.Services = append(cj.Services, serviceJSON{ID: sv.ID, Name: sv.Name.In(lang), Level: sv.DefaultLevel,
					LevelName: p.LevelName(sv.DefaultLevel, lang), Description: sv.Description.In(lang), WorkingName: sv.WorkingName()})
			}
		}
		v.Categories = append(v.Categories, cj)
	}
	return v
}

// catalogText is the catalogue grouped by category.
func catalogText(pk *catalog.Pack, lang catalog.Lang) string {
	p := vocab.For(lang)
	v := catalogView(pk, lang)
	out := []string{wrapText(p.T("cli.catalog.summary", cellText(v.Pack.Name), cellText(v.Pack.Ref),
		p.N("cli.count.categories", len(v.Categories)), p.N("cli.count.services", v.Pack.Services)), evalWidth, 0)}
	// One table for every service, so that columns line up across categories; each
	// category's heading goes above its first service. The table fits the width `cdc eval`
	// fits, a long name shortened.
	t := newTable("", "", "")
	t.indent, t.width = 2, evalWidth
	idW, levelW := 0, 0
	for _, c := range v.Categories {
		for _, sv := range c.Services {
			idW, levelW = max(idW, textwidth.Width(cellText(sv.ID))), max(levelW, textwidth.Width(cellText(sv.LevelName)))
		}
	}
	nameW := evalWidth - t.indent - idW - levelW - 4 // two columns of two spaces
	var heads []string
	for _, c := range v.Categories {
		for i, sv := range c.Services {
			// a long name is shortened, its working-name mark kept whole
			mark := textwidth.Width(markedName(serviceJSON{WorkingName: sv.WorkingName}, lang))
			sv.Name = textwidth.Truncate(cellText(sv.Name), nameW-mark)
			t.row(sv.ID, markedName(sv, lang), sv.LevelName)
			if i == 0 {
				heads = append(heads, styles.bold.Render(textwidth.Truncate(cellText(c.ID)+"  "+cellText(c.Name), evalWidth)))
			} else {
				heads = append(heads, "")
			}
		}
	}
	for i, l := range strings.Split(t.String(), "\n") {
		if i < len(heads) && heads[i] != "" {
			out = append(out, "", heads[i])
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n") + workingLegend(v, lang)
}

func (a *app) listPacks(ctx context.Context, s *catalog.Store, lang catalog.Lang) error {
	infos, err := s.Packs(ctx)
	if err != nil {
		return err
	}
	if a.wantsJSON() {
		return a.printJSON(infos)
	}
	p := vocab.For(lang)
	t := newTable(p.T("entity.pack"), p.T("field.name"), p.T("cli.col.services"), p.T("cli.col.origin"), p.T("cli.col.installed")).alignRight(2)
	for _, x := range infos {
		origin := p.T("cli.catalog.imported")
		if x.Builtin {
			origin = p.T("cli.catalog.builtin")
		}
		t.row(x.ID+"@"+x.Version, x.Name.In(lang), p.Count(x.Services), origin, p.Date(x.ImportedAt))
	}
	return a.println(t.String())
}

func newCatalogExportCmd(a *app) *cobra.Command {
	var packName, out string
	var force bool
	cmd := &cobra.Command{
		Use:     "export -o FILE.json",
		Example: "  cdc catalog export -o acme.json\n  cdc catalog export --pack acme-x1060@2026.1 -o -",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out != "-" {
				if err := a.checkOutput(out, ".json", force); err != nil {
					return usageError(err)
				}
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			p, err := packFor(cmd.Context(), s, packName)
			if err != nil {
				return err
			}
			data, err := p.Marshal()
			if err != nil {
				return err
			}
			if out == "-" {
				_, err := a.out.Write(data)
				return err
			}
			if err := export.WriteFileAtomic(out, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
				return err
			}
			pr := a.printer()
			return a.result(packWritten{Pack: p.Ref(), Services: len(p.Services), File: out},
				pr.T("cli.catalog.exported", p.Ref(), pr.N("cli.count.services", len(p.Services)), out))
		},
	}
	cmd.Flags().StringVar(&packName, "pack", "", "")
	cmd.Flags().StringVarP(&out, "output", "o", "", "")
	cmd.Flags().BoolVar(&force, "force", false, "")
	return cmd
}

func newCatalogImportCmd(a *app) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:               "import FILE.json|-",
		Example:           "  cdc catalog import acme.json --dry-run\n  cdc catalog import acme.json",
		Args:              exactArgs(1),
		ValidArgsFunction: completeFileExt("json"),
		RunE: func(cmd *cobra.Command, args []string) error {
			file := args[0]
			var r io.Reader = cmd.InOrStdin()
			if file == "-" {
				file = a.printer().T("cli.stdin")
			} else {
				f, err := os.Open(file)
				if err != nil {
					if errors.Is(err, os.ErrNotExist) {
						return errors.New(a.printer().T("cli.catalog.no_file", file))
					}
					return fmt.Errorf("%s: %w", a.printer().T("cli.catalog.file", file), err)
				}
				defer f.Close()
				if st, err := f.Stat(); err == nil && st.IsDir() {
					return errors.New(a.printer().T("cli.catalog.folder", file))
				}
				r = f
			}
			// The file is checked before the database is touched.
			p, err := catalog.ReadPack(r, file)
			if err != nil {
				return err
			}
			pr := a.printer()
			res := packInstalled{Pack: p.Ref(), File: file, Categories: len(p.Categories), Services: len(p.Services), DryRun: dryRun}
			counts := []any{pr.N("cli.count.categories", len(p.Categories)), pr.N("cli.count.services", len(p.Services))}
			if dryRun {
				return a.result(res, pr.T("cli.catalog.valid", append([]any{file, p.Ref()}, counts...)...))
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			s.Source = "import " + file
			_, added, err := s.InstallPack(cmd.Context(), p)
			if err != nil {
				return fmt.Errorf("%s: %w", pr.T("cli.catalog.file", file), err)
			}
			res.Installed = added
			if !added {
				return a.result(res, pr.T("cli.catalog.already", p.Ref(), file))
			}
			return a.result(res, pr.T("cli.catalog.installed", append([]any{p.Ref(), p.Name.In(pr.Lang())}, counts...)...)+"\n"+
				pr.T("cli.catalog.use_it", p.Ref()))
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "")
	return cmd
}

// What the catalogue commands print with --json.
type (
	packWritten struct {
		Pack     string `json:"pack"`
		Services int    `json:"services"`
		File     string `json:"file"`
	}
	packInstalled struct {
		Pack       string `json:"pack"`
		File       string `json:"file"`
		Categories int    `json:"categories"`
		Services   int    `json:"services"`
		DryRun     bool   `json:"dry_run"`
		Installed  bool   `json:"installed"`
	}
)
