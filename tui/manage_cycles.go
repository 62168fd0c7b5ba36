package tui

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/textwidth"
)

// The Cycles sub-view of the Manage tab: start the next cycle, close one, show another.

func (t *manageTab) cycleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys
	orgID := t.data.Org.ID
	switch {
	case key.Matches(msg, k.Add):
		last := t.data.Cycles[len(t.data.Cycles)-1]
		t.c.openDialog(newForm(t.c, t.c.T("tui.manage.cycle.new.title", termtext.Clean(t.data.Org.Name)), func(f *form) tea.Cmd {
			name := f.Value("name")
			start := func(carry bool) func() tea.Cmd {
				return func() tea.Cmd {
					n := catalog.NewCycle{Name: name, CarryOver: carry}
					return t.c.SaveThen("manage.cycle", func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
						c, err := s.StartCycle(ctx, orgID, n)
						return manageCycleMsg{CycleID: c.ID}, err
					})
				}
			}
			t.c.openDialog(&ask{c: t.c, question: t.c.T("tui.manage.cycle.carry.q", termtext.Clean(name), termtext.Clean(last.Name)),
				hint: t.c.T("tui.manage.cycle.carry.hint"), yes: start(true), no: start(false)})
			return nil
		},
			field{Key: "name", Label: t.c.T("tui.manage.col.name"), Value: nextCycleName(last.Name, last.Seq+1), Check: func(v string) string {
				if v == "" {
					return t.c.T("tui.manage.cycle.name.empty")
				}
				for _, c := range t.data.Cycles {
					if strings.EqualFold(c.Name, v) {
						return t.c.T("tui.manage.cycle.name.dup", v)
					}
				}
				return ""
			}}))
	case key.Matches(msg, t.keys.Close):
		// the cycle under the cursor, not the one on screen
		i := t.lists[viewCycles].cursor
		if i < 0 || i >= len(t.data.Cycles) {
			return nil
		}
		cyc := t.data.Cycles[i]
		if cyc.Status == catalog.CycleClosed {
			return statusCmd(t.c.T("tui.manage.cycle.already", termtext.Clean(cyc.Name)))
		}
		if !t.loaded {
			return statusCmd(t.c.T("tui.status.loading"))
		}
		id, show := cyc.ID, t.data.Cycle.Cycle.ID // the cycle on screen stays on screen
		closeWith := func(choice catalog.OpenActions) tea.Cmd {
			return t.c.SaveThen("manage.cycle", func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
				return manageCycleMsg{CycleID: show}, s.CloseCycleWith(ctx, id, choice)
			})
		}
		open := 0
		for _, a := range t.actions {
			if a.CycleID == id && a.Horizon == catalog.ShortTerm && a.Open() {
				open++
			}
		}
		if open == 0 {
			t.c.openDialog(newConfirm(t.c, t.c.T("tui.manage.cycle.close.q", termtext.Clean(cyc.Name)), func() tea.Cmd { return closeWith("") }))
			return nil
		}
		// Left open they would belong to no cycle: the choice is part of closing.
		t.c.openDialog(newPicker(t.c, t.c.N("tui.manage.cycle.close.open", open, open, termtext.Clean(cyc.Name)), closeOptions(t.c), "", func(o option) tea.Cmd {
			return closeWith(catalog.OpenActions(o.Value))
		}))
	case key.Matches(msg, k.Enter):
		i := t.lists[viewCycles].cursor
		if i >= 0 && i < len(t.data.Cycles) && t.data.Cycles[i].ID != t.data.Cycle.Cycle.ID {
			id := t.data.Cycles[i].ID
			return func() tea.Msg { return reloadMsg{CycleID: id} }
		}
	}
	return nil
}

// closeOptions are what closing a cycle may do with its open short-term actions.
func closeOptions(c *common) []option {
	return []option{
		{Key: "c", Label: c.T("tui.manage.cycle.close.carry"), Value: string(catalog.CarryActions)},
		{Key: "d", Label: c.T("tui.manage.cycle.close.done"), Value: string(catalog.FinishActions)},
		{Key: "x", Label: c.T("tui.manage.cycle.close.drop"), Value: string(catalog.DropActions)},
	}
}

// nextCycleName suggests the next cycle's name: "FY2026" -> "FY2027", "Cycle 2" -> "Cycle 3".
func nextCycleName(last string, seq int) string {
	m := trailingNumber.FindStringSubmatchIndex(last)
	if m == nil {
		return "Cycle " + strconv.Itoa(seq)
	}
	n, err := strconv.Atoi(last[m[2]:m[3]])
	if err != nil {
		return "Cycle " + strconv.Itoa(seq)
	}
	return last[:m[2]] + strconv.Itoa(n+1) + last[m[3]:]
}

var trailingNumber = regexp.MustCompile(`(\d+)\D*$`)

func (t *manageTab) cyclesView(w, h int) string {
	s := t.c.styles
	T := t.c.T
	bar := t.viewBar(w, "")
	nameW := min(max(w-2-3-2-10-10-10-24-6, 12), 30)
	hdr := textwidth.Pad("#", 3) + "   " + textwidth.Pad(T("tui.manage.col.name"), nameW) + " " + textwidth.Pad(T("tui.manage.col.status"), 10) + " " +
		textwidth.Pad(T("tui.manage.col.started"), 10) + " " + textwidth.Pad(T("tui.manage.col.closed"), 10) + " " + T("tui.manage.col.pack")
	onScreen := t.data.Cycle.Cycle.ID
	row := func(i int, sel bool) string {
		c := t.data.Cycles[i]
		st := textwidth.Pad(T("cycle.status.open"), 10)
		switch {
		case c.Status == catalog.CycleClosed:
			st = textwidth.Pad(T("cycle.status.closed"), 10)
			if !sel {
				st = s.Muted.Render(st)
			}
		case !sel:
			st = s.Good.Render(st)
		}
		closed := t.c.P.Unknown()
		if c.ClosedAt != nil {
			closed = t.c.P.Date(*c.ClosedAt)
		}
		mark := "  "
		if c.ID == onScreen {
			mark = "◆ "
			if !sel {
				mark = s.Key.Render(mark)
			}
		}
		return textwidth.Pad(strconv.Itoa(c.Seq), 3) + " " + mark + textwidth.Pad(termtext.Clean(c.Name), nameW) + " " + st + " " + textwidth.Pad(t.c.P.Date(c.StartedAt), 10) + " " +
			textwidth.Pad(closed, 10) + " " + c.PackID + "@" + c.PackVersion
	}
	return bar + "\n" + t.table(viewCycles, w, h, hdr, row, "", T("tui.manage.cycles.summary"))
}
