package main

import (
	"strconv"
	"strings"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/spf13/cobra"
)

func newActionCmd(a *app) *cobra.Command {
	return group("action", newActionAddCmd(a), newActionListCmd(a), newActionSetCmd(a))
}

// actionFlags are the editable fields of an action, shared by add and set.
type actionFlags struct {
	title, service, horizon, owner, due, notes, status string
}

func (f *actionFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	textFlags(fl, "title service horizon owner due notes status", &f.title, &f.service, &f.horizon, &f.owner, &f.due, &f.notes, &f.status)
}

// patch turns the flags the user gave into an action patch, checking each value.
func (f *actionFlags) patch(a *app, cmd *cobra.Command) (catalog.ActionPatch, error) {
	var p catalog.ActionPatch
	fl := cmd.Flags()
	if fl.Changed("title") {
		if strings.TrimSpace(f.title) == "" {
			return p, usagef("%s", a.printer().T("cli.action.empty_title"))
		}
		p.Title = &f.title
	}
	if fl.Changed("service") {
		v := strings.ToUpper(strings.TrimSpace(f.service))
		p.ServiceID = &v
	}
	var err error
	if p.Horizon, err = parsedFlag(fl.Changed("horizon"), f.horizon, catalog.ParseHorizon); err != nil {
		return p, err
	}
	given(fl, "owner", &p.Owner, &f.owner)
	if fl.Changed("due") {
		v := strings.TrimSpace(f.due)
		if err := catalog.ValidDate("--due", v, true); err != nil {
			return p, usageError(err)
		}
		p.Due = &v
	}
	given(fl, "notes", &p.Notes, &f.notes)
	p.Status, err = parsedFlag(fl.Changed("status"), f.status, catalog.ParseActionStatus)
	return p, err
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func newActionAddCmd(a *app) *cobra.Command {
	var org, cycle string
	var f actionFlags
	cmd := &cobra.Command{
		Use: "add --org ORG --title TITLE [flags]",
		Example: `  cdc action add --org "Demo Agency" --title "Test restores every quarter" --service D-5 --owner "IT Operations" --due 2026-03-31
  cdc action add --org "Demo Agency" --title "Recruit two analysts" --horizon long`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := f.patch(a, cmd)
			if err != nil {
				return err
			}
			s, o, c, err := a.orgAndCycle(cmd.Context(), org, cycle)
			if err != nil {
				return err
			}
			act, err := s.AddAction(cmd.Context(), catalog.Action{
				CycleID: c.ID, Title: deref(p.Title), ServiceID: deref(p.ServiceID), Horizon: deref(p.Horizon),
				Owner: deref(p.Owner), Due: deref(p.Due), Notes: deref(p.Notes), Status: deref(p.Status),
			})
			if err != nil {
				return a.inOrg(o, err)
			}
			pr := a.printer()
			return a.result(actionChanged{Organisation: orgOf(o), Cycle: cycleOf(c), Action: act},
				pr.T("cli.action.added", act.ID, o.Name, c.Name, act.Title, pr.T("action.horizon."+string(act.Horizon)), pr.T("action.status."+string(act.Status))))
		},
	}
	orgFlag(cmd, &org)
	cycleFlag(cmd, &cycle)
	f.register(cmd)
	_ = cmd.MarkFlagRequired("title")
	return cmd
}

func newActionListCmd(a *app) *cobra.Command {
	var org, cycle, horizon, status, svc string
	cmd := &cobra.Command{
		Use:  "list --org ORG",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var filter catalog.ActionFilter
			if horizon != "" {
				h, err := catalog.ParseHorizon(horizon)
				if err != nil {
					return usageError(err)
				}
				filter.Horizon = h
			}
			if status != "" {
				st, err := catalog.ParseActionStatus(status)
				if err != nil {
					return usageError(err)
				}
				filter.Status = st
			}
			filter.Service = strings.ToUpper(strings.TrimSpace(svc))
			l, err := a.listing(cmd.Context(), org, cycle)
			if err != nil {
				return err
			}
			filter.CycleID = l.cycleID()
			acts, err := l.s.Actions(cmd.Context(), l.org.ID, filter)
			if err != nil {
				return err
			}
			return printList(a, acts, func(p vocab.Printer) string { return p.T("cli.action.none", l.org.Name) }, func(p vocab.Printer) (*outTable, error) {
				names := l.names()
				t := newTable(p.T("cli.col.seq"), p.T("entity.cycle"), p.T("field.service"), p.T("field.title"), p.T("field.horizon"),
					p.T("field.status"), p.T("field.owner"), p.T("field.due")).alignRight(0)
				for _, x := range acts {
					sv := x.ServiceID
					if sv == "" {
						sv = p.T("cli.action.whole_cdc")
					}
					t.row(strconv.FormatInt(x.ID, 10), names[x.CycleID], sv, clip(x.Title, 50), p.T("action.horizon."+string(x.Horizon)),
						p.T("action.status."+string(x.Status)), clip(x.Owner, 24), x.Due)
				}
				return t, nil
			})
		},
	}
	orgFlag(cmd, &org)
	f := cmd.Flags()
	textFlags(f, "cycle horizon status service", &cycle, &horizon, &status, &svc)
	return cmd
}

func newActionSetCmd(a *app) *cobra.Command {
	var f actionFlags
	cmd := &cobra.Command{
		Use:               "set ID [flags]",
		Example:           `  cdc action set 3 --status done --notes "All restores passed in March"`,
		Args:              exactArgs(1),
		ValidArgsFunction: firstArg(completeActions),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(args[0]), "#"), 10, 64)
			if err != nil {
				return usagef("%s", a.printer().T("cli.action.bad_id", args[0]))
			}
			p, err := f.patch(a, cmd)
			if err != nil {
				return err
			}
			if p == (catalog.ActionPatch{}) {
				return usagef("%s", a.printer().T("cli.error.nothing_to_change", "--title, --service, --horizon, --owner, --due, --notes, --status"))
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			act, err := s.UpdateAction(cmd.Context(), id, p)
			if err != nil {
				return err
			}
			pr := a.printer()
			return a.result(actionUpdated{Action: act, Changed: changedFlags(cmd)},
				pr.T("cli.action.updated", act.ID, act.Title, pr.T("action.horizon."+string(act.Horizon)), pr.T("action.status."+string(act.Status))))
		},
	}
	f.register(cmd)
	return cmd
}

func newReviewCmd(a *app) *cobra.Command {
	return group("review", newReviewAddCmd(a), newReviewListCmd(a))
}

func newReviewAddCmd(a *app) *cobra.Command {
	var org, cycle, date, kind, notes string
	cmd := &cobra.Command{
		Use:     "add --org ORG --date DATE --notes TEXT",
		Example: `  cdc review add --org "Demo Agency" --date 2026-04-15 --kind "quarterly operational review" --notes "MSSP SLA met"`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			date = strings.TrimSpace(date)
			if err := catalog.ValidDate("--date", date, false); err != nil {
				return usageError(err)
			}
			s, o, c, err := a.orgAndCycle(cmd.Context(), org, cycle)
			if err != nil {
				return err
			}
			r, err := s.AddReview(cmd.Context(), catalog.Review{CycleID: c.ID, HeldOn: date, Kind: kind, Notes: notes})
			if err != nil {
				return a.inOrg(o, err)
			}
			return a.result(reviewAdded{Organisation: orgOf(o), Cycle: cycleOf(c), Review: r},
				a.printer().T("cli.review.added", r.ID, o.Name, c.Name, r.HeldOn))
		},
	}
	orgFlag(cmd, &org)
	cycleFlag(cmd, &cycle)
	f := cmd.Flags()
	textFlags(f, "date kind notes", &date, &kind, &notes)
	_ = cmd.MarkFlagRequired("date")
	_ = cmd.MarkFlagRequired("notes")
	return cmd
}

// reviewRow is a review with its cycle's name, for listings.
type reviewRow struct {
	catalog.Review
	Cycle string `json:"cycle"`
}

func newReviewListCmd(a *app) *cobra.Command {
	var org, cycle string
	cmd := &cobra.Command{
		Use:  "list --org ORG",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := a.listing(cmd.Context(), org, cycle)
			if err != nil {
				return err
			}
			rows := []reviewRow{}
			for _, c := range l.listed() {
				rs, err := l.s.Reviews(cmd.Context(), c.ID)
				if err != nil {
					return err
				}
				for _, r := range rs {
					rows = append(rows, reviewRow{Review: r, Cycle: c.Name})
				}
			}
			return printList(a, rows, func(p vocab.Printer) string { return p.T("cli.review.none", l.org.Name) }, func(p vocab.Printer) (*outTable, error) {
				t := newTable(p.T("cli.col.seq"), p.T("entity.cycle"), p.T("cli.col.date"), p.T("cli.col.kind"), p.T("field.notes")).alignRight(0)
				for _, r := range rows {
					t.row(strconv.FormatInt(r.ID, 10), r.Cycle, r.HeldOn, clip(r.Kind, 32), clip(r.Notes, 70))
				}
				return t, nil
			})
		},
	}
	orgFlag(cmd, &org)
	cmd.Flags().StringVar(&cycle, "cycle", "", "")
	return cmd
}

// What the action and review commands print with --json.
type (
	actionChanged struct {
		Organisation orgRef         `json:"organisation"`
		Cycle        cycleRef       `json:"cycle"`
		Action       catalog.Action `json:"action"`
	}
	actionUpdated struct {
		Action  catalog.Action `json:"action"`
		Changed []string       `json:"changed"`
	}
	reviewAdded struct {
		Organisation orgRef         `json:"organisation"`
		Cycle        cycleRef       `json:"cycle"`
		Review       catalog.Review `json:"review"`
	}
)
