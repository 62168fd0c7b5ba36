package tui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// The Reviews sub-view of the Manage tab: the reviews held in the cycle on screen.

func (t *manageTab) reviewKey(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys
	if key.Matches(msg, k.Add) {
		if t.data.Closed() {
			return statusCmd(t.c.T("tui.cycle.readonly"))
		}
		t.openReviewForm(nil)
		return nil
	}
	i := t.lists[viewReviews].cursor
	if i < 0 || i >= len(t.cycRevs) {
		return nil
	}
	r := t.cycRevs[i]
	switch {
	case key.Matches(msg, k.Enter):
		t.c.openDialog(newTextBox(t.c, r.HeldOn+"  "+oneLine(r.Kind), t.c.P.OrUnknown(r.Notes)))
	case key.Matches(msg, k.Edit, k.Delete) && t.data.Closed():
		return statusCmd(t.c.T("tui.cycle.readonly"))
	case key.Matches(msg, k.Edit):
		t.openReviewForm(&r)
	case key.Matches(msg, k.Delete):
		id := r.ID
		t.c.openDialog(newConfirm(t.c, t.c.T("tui.manage.review.delete.q", r.HeldOn, t.c.P.OrUnknown(oneLine(r.Kind))), func() tea.Cmd {
			return t.c.Save("manage.review", func(ctx context.Context, s *catalog.Store) error { return s.DeleteReview(ctx, id) })
		}))
	}
	return nil
}

// openReviewForm adds a review (r nil) or edits one; the form stays until the save answers.
func (t *manageTab) openReviewForm(r *catalog.Review) {
	T := t.c.T
	cycleID := t.data.Cycle.Cycle.ID
	v := catalog.Review{HeldOn: t.c.P.Date(t.c.Now())}
	title := T("tui.manage.review.new", termtext.Clean(t.data.Cycle.Cycle.Name))
	if r != nil {
		v, title = *r, T("tui.manage.review.edit", r.HeldOn)
	}
	var f *form
	f = newForm(t.c, title, func(f *form) tea.Cmd {
		held, kind, notes := f.Value("date"), f.Value("kind"), f.Value("notes")
		if r != nil {
			// what the form started from: a change made elsewhere meanwhile shows theirs and mine
			wHeld, wKind, wNotes := f.Was("date"), f.Was("kind"), f.Was("notes")
			was := &catalog.ReviewPatch{HeldOn: &wHeld, Kind: &wKind, Notes: &wNotes}
			id := r.ID
			return t.c.Save("manage.review", func(ctx context.Context, s *catalog.Store) error {
				_, err := s.UpdateReview(ctx, id, catalog.ReviewPatch{HeldOn: &held, Kind: &kind, Notes: &notes, Was: was})
				return err
			})
		}
		return t.c.Save("manage.review", func(ctx context.Context, s *catalog.Store) error {
			_, err := s.AddReview(ctx, catalog.Review{CycleID: cycleID, HeldOn: held, Kind: kind, Notes: notes})
			return err
		})
	},
		field{Key: "date", Label: T("tui.manage.col.date"), Value: v.HeldOn, Check: func(s string) string {
			if catalog.ValidDate("date", s, false) != nil {
				return T("tui.manage.date.bad", T("tui.manage.col.date"), s)
			}
			return ""
		}},
		field{Key: "kind", Label: T("tui.manage.col.kind"), Value: v.Kind, Placeholder: T("tui.manage.kind.ph")},
		field{Key: "notes", Label: T("tui.manage.col.notes"), Value: v.Notes, Placeholder: T("tui.manage.notes.ph"), Check: func(string) string {
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
	bar := t.viewBar(w, t.c.styles.Muted.Render(t.c.T("tui.manage.reviews.hint")))
	if !t.loaded {
		return t.loadingView(w, h, bar)
	}
	// the kind column fits the longest kind shown, up to half the width; the notes take the rest
	kindW := textwidth.Width(T("tui.manage.col.kind"))
	for _, r := range t.cycRevs {
		kindW = max(kindW, textwidth.Width(oneLine(r.Kind)))
	}
	kindW = min(max(kindW, 10), max((w-14)/2, 14), 40)
	notesW := w - 2 - 10 - kindW - 2
	hdr := textwidth.Pad(T("tui.manage.col.date"), 10) + " " + textwidth.Pad(T("tui.manage.col.kind"), kindW) + " " + T("tui.manage.col.notes")
	detail := ""
	if i := t.lists[viewReviews].cursor; i >= 0 && i < len(t.cycRevs) {
		detail = oneLine(t.cycRevs[i].Notes)
	}
	row := func(i int, sel bool) string {
		r := t.cycRevs[i]
		return textwidth.Pad(oneLine(r.HeldOn), 10) + " " + textwidth.Pad(t.c.P.OrUnknown(oneLine(r.Kind)), kindW) + " " + textwidth.Pad(oneLine(r.Notes), notesW)
	}
	empty := T("tui.manage.reviews.none", termtext.Clean(t.data.Cycle.Cycle.Name))
	if t.filters[viewReviews].Value() != "" {
		empty = T("tui.manage.filter.none")
	}
	return bar + "\n" + t.table(viewReviews, w, h, hdr, row, empty, detail)
}
