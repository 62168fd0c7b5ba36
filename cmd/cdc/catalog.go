package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/spf13/cobra"
)

func init() { register(newCatalogCmd) }

func newCatalogCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "List the service catalogue, export a framework pack or import your own",
		Long: "The service catalogue comes from a framework pack: the built-in ITU-T X.1060 (06/2021) pack with\n" +
			"9 categories and 64 services, or a pack you imported. To use your own catalogue, export a pack,\n" +
			"edit it (give it a new id or version), and import it. The format is described in\n" +
			"catalog/packs/README.md.",
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newCatalogListCmd(a), newCatalogExportCmd(a), newCatalogImportCmd(a))
	return cmd
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
	var asJSON, packs bool
	var packName string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Print the catalogue grouped by category, or the installed packs",
		Long: "Print every service of a pack grouped by category: its ID, name and default recommendation\n" +
			"level. Names follow --lang. With --packs, list the installed pack versions instead.",
		Example: "  cdc catalog list\n  cdc catalog list --lang ja\n  cdc catalog list --pack acme-x1060@2026.1 --json\n  cdc catalog list --packs",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if packs && packName != "" {
				return errors.New("--packs lists every pack; leave out --pack")
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
				return a.listPacks(cmd.Context(), s, lang, asJSON)
			}
			p, err := packFor(cmd.Context(), s, packName)
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(catalogView(p, lang))
			}
			return writeCatalog(a.out, p, lang)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "Print JSON")
	cmd.Flags().BoolVar(&packs, "packs", false, "List the installed pack versions")
	cmd.Flags().StringVar(&packName, "pack", "", "Pack to list as ID@VERSION, or ID for its newest version (default: the built-in pack)")
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
					LevelName: p.LevelName(sv.DefaultLevel, lang), Description: sv.Description.In(lang)})
			}
		}
		v.Categories = append(v.Categories, cj)
	}
	return v
}

// plain blanks control characters, so text from an imported pack cannot drive the terminal.
func plain(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// pad fills s to width display cells; CJK characters take two.
func pad(s string, width int) string {
	if n := lipgloss.Width(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

func writeCatalog(w io.Writer, p *catalog.Pack, lang catalog.Lang) error {
	v := catalogView(p, lang)
	idW, nameW := 0, 0
	for _, c := range v.Categories {
		for _, sv := range c.Services {
			idW = max(idW, lipgloss.Width(plain(sv.ID)))
			nameW = max(nameW, lipgloss.Width(plain(sv.Name)))
		}
	}
	var b strings.Builder
	summary := "%s (%s): %d categories, %d services\n"
	if lang == catalog.JA {
		summary = "%s (%s): %dカテゴリ、%dサービス\n"
	}
	fmt.Fprintf(&b, summary, plain(v.Pack.Name), plain(v.Pack.Ref), len(v.Categories), v.Pack.Services)
	for _, c := range v.Categories {
		fmt.Fprintf(&b, "\n%s  %s\n", plain(c.ID), plain(c.Name))
		for _, sv := range c.Services {
			fmt.Fprintf(&b, "  %s  %s  %s\n", pad(plain(sv.ID), idW), pad(plain(sv.Name), nameW), plain(sv.LevelName))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (a *app) listPacks(ctx context.Context, s *catalog.Store, lang catalog.Lang, asJSON bool) error {
	infos, err := s.Packs(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		return a.printJSON(infos)
	}
	t := newListTable("PACK", "NAME", "SERVICES", "ORIGIN", "INSTALLED")
	for _, p := range infos {
		origin := "imported"
		if p.Builtin {
			origin = "built-in"
		}
		t.row(p.ID+"@"+p.Version, p.Name.In(lang), strconv.Itoa(p.Services), origin, p.ImportedAt.Format("2006-01-02"))
	}
	return t.write(a.out)
}

func newCatalogExportCmd(a *app) *cobra.Command {
	var packName, out string
	var force bool
	cmd := &cobra.Command{
		Use:   "export -o FILE.json",
		Short: "Write a framework pack as JSON, to edit and import as your own",
		Long: "Write an installed pack (default: the built-in X.1060 pack) in the pack file format. Edit it,\n" +
			"change its id or version, and install it with cdc catalog import. Use -o - for standard output.\n" +
			"The file is written with mode 0600 through a temporary file.",
		Example: "  cdc catalog export -o acme.json\n  cdc catalog export --pack acme-x1060@2026.1 -o -",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out != "-" {
				if err := checkOutput(out, ".json", force); err != nil {
					return err
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
			fmt.Fprintf(a.errOut, "Wrote pack %s (%d services) to %s.\n", p.Ref(), len(p.Services), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&packName, "pack", "", "Pack to export as ID@VERSION, or ID for its newest version (default: the built-in pack)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "JSON file to write, or - for standard output")
	cmd.Flags().BoolVar(&force, "force", false, "Overwrite an existing file")
	return cmd
}

func newCatalogImportCmd(a *app) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import FILE.json|-",
		Short: "Check a framework pack and install it as a new pack version",
		Long: "Check a pack file completely and install it. Every problem is listed with its JSON path and\n" +
			"nothing is installed unless the whole file is valid. An installed id@version never changes:\n" +
			"importing the identical pack again changes nothing, and a changed pack needs a new version.\n" +
			"Use - to read the pack from standard input.",
		Example: "  cdc catalog import acme.json --dry-run\n  cdc catalog import acme.json",
		Args:    cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return []string{"json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			file := args[0]
			var r io.Reader = cmd.InOrStdin()
			if file == "-" {
				file = "(standard input)"
			} else {
				f, err := os.Open(file)
				if err != nil {
					if errors.Is(err, os.ErrNotExist) {
						return fmt.Errorf("pack file %s does not exist", file)
					}
					return fmt.Errorf("pack file %s: %w", file, err)
				}
				defer f.Close()
				if st, err := f.Stat(); err == nil && st.IsDir() {
					return fmt.Errorf("pack file %s is a folder", file)
				}
				r = f
			}
			// The file is checked before the database is touched.
			p, err := catalog.ReadPack(r, file)
			if err != nil {
				return err
			}
			if dryRun {
				fmt.Fprintf(a.out, "Pack file %s is valid: %s, %d categories, %d services. Nothing was installed (--dry-run).\n",
					file, p.Ref(), len(p.Categories), len(p.Services))
				return nil
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			s.Source = "import " + file
			_, added, err := s.InstallPack(cmd.Context(), p)
			if err != nil {
				return fmt.Errorf("pack file %s: %w", file, err)
			}
			if !added {
				fmt.Fprintf(a.out, "Pack %s is already installed, identical to %s; nothing changed.\n", p.Ref(), file)
				return nil
			}
			fmt.Fprintf(a.out, "Installed pack %s (%s): %d categories, %d services.\n", p.Ref(), plain(p.Name[catalog.EN]), len(p.Categories), len(p.Services))
			fmt.Fprintf(a.out, "Use it with: cdc org add NAME --pack %s   or   cdc cycle new --org NAME --pack %s\n", p.Ref(), p.Ref())
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "Only check the file")
	return cmd
}
