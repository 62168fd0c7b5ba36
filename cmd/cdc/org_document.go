package main

import (
	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/spf13/cobra"
)

// newOrgDocumentCmd shows or changes the document control of an organisation's reports.
func newOrgDocumentCmd(a *app) *cobra.Command {
	var v catalog.Document
	cmd := &cobra.Command{
		Use:     "document ORG",
		Example: `  cdc org document "Demo Agency" --classification "TLP:AMBER+STRICT" --reviewer "CISO office" --version 1.0`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, o, err := a.org(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			var p catalog.DocumentPatch
			f := cmd.Flags()
			for _, x := range []struct {
				flag string
				v    *string
				dst  **string
			}{
				{"classification", &v.Classification, &p.Classification}, {"distribution", &v.Distribution, &p.Distribution},
				{"reviewer", &v.Reviewer, &p.Reviewer}, {"version", &v.Version, &p.Version}, {"respondents", &v.Respondents, &p.Respondents},
			} {
				if f.Changed(x.flag) {
					*x.dst = x.v
				}
			}
			if p != (catalog.DocumentPatch{}) {
				if err := s.UpdateDocument(cmd.Context(), o.ID, p); err != nil {
					return err
				}
				w := a.printer()
				return a.result(map[string]any{"organisation": orgOf(o), "changed": changedFlags(cmd)}, w.T("cli.org.document.updated", o.Name))
			}
			d, err := s.Document(cmd.Context(), o.ID)
			if err != nil {
				return err
			}
			w := a.printer()
			t := newTable("", "")
			for _, kv := range [][2]string{{"classification", d.Classification}, {"distribution", d.Distribution},
				{"reviewer", d.Reviewer}, {"version", d.Version}, {"respondents", d.Respondents}} {
				var value any = kv[1]
				if kv[1] == "" {
					value = styled(w.T("report.cover.not_set"), styles.dim)
				}
				t.row(w.T("field."+kv[0]), value)
			}
			return a.show(d, t.String())
		},
	}
	f := cmd.Flags()
	textFlags(f, "classification distribution reviewer version respondents", &v.Classification, &v.Distribution, &v.Reviewer, &v.Version, &v.Respondents)
	return cmd
}
