package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// The Reviews sub-view of the Manage tab: the reviews held in the cycle on screen.

func (t *manageTab) openReviewForm() {
	T := t.c.T
	cycleID := t.data.Cycle.Cycle.ID
	var f *form
	f = newForm(t.c, T("tui.manage.review.new", termtext.Clean(t.data.Cycle.Cycle.Name)), func(f *form) tea.Cmd {
		r := catalog.Review{CycleID: cycleID, HeldOn: f.Value("date"), Kind: f.Value("kind"), Notes: f.Value("notes")}
		return t.c.Save("manage.review", func(ctx context.Context, s *catalog.Store) error {
			_, err := s.AddReview(ctx, r)
			return err
		})
	},
		field{Key: "date", Label: T("tui.manage.col.date"), Value: t.c.P.Date(t.c.Now()), Check: func(s string) string {
			if catalog.ValidDate("date", s, false) != nil {
				return T("tui.manage.date.bad", T("tui.manage.col.date"), s)
			}
			return ""
		}},
		field{Key: "kind", Label: T("tui.manage.col.kind"), Placeholder: T("tui.manage.kind.ph")},
		field{Key: "notes", Label: T("tui.manage.col.notes"), Placeholder: T("tui.manage.notes.ph"), Check: func(string) string {
			if f.Value("kind") == "" && f.Value("notes") == "" {
				return T("tui.manage.review.empty")
			}
			return ""
		}},
	)
	t.c.openDialog(f.waitFor("manage.review"))
}

func (t *manageTab) reviewsView(w, h int) string {
	T := t.c.T
	bar := t.viewBar(w, "")
	if !t.loaded {
		return t.loadingView(w, h, bar)
	}
	kindW := min(max((w-16)/3, 14), 34)
	notesW := w - 2 - 10 - kindW - 2
	hdr := textwidth.Pad(T("tui.manage.col.date"), 10) + " " + textwidth.Pad(T("tui.manage.col.kind"), kindW) + " " + T("tui.manage.col.notes")
	detail := ""
	if i := t.lists[viewReviews].cursor; i >= 0 && i < len(t.cycRevs) {
		detail = oneLine(t.cycRevs[i].Notes)
	}
	row := func(i int, sel bool) string {
		r := t.cycRevs[i]
		return textwidth.Pad(oneLine(r.HeldOn), 10) + " " + textwidth.Pad(orDash(oneLine(r.Kind)), kindW) + " " + textwidth.Pad(oneLine(r.Notes), notesW)
	}
	return bar + "\n" + t.table(viewReviews, w, h, hdr, row, T("tui.manage.reviews.none", termtext.Clean(t.data.Cycle.Cycle.Name)), detail)
}
