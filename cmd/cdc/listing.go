package main

import (
	"context"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/spf13/cobra"
)

// listing is what a listing of an organisation's records reads first: the store, the
// organisation, its cycles, and the cycle --cycle names (nil when none is given: all cycles).
type listing struct {
	s      *catalog.Store
	org    catalog.Organisation
	cycles []catalog.Cycle
	cycle  *catalog.Cycle
}

// listing resolves the --org and --cycle flags of a listing.
func (a *app) listing(ctx context.Context, orgRef, cycleRef string) (listing, error) {
	s, o, err := a.org(ctx, orgRef)
	if err != nil {
		return listing{}, err
	}
	cs, err := s.Cycles(ctx, o.ID)
	if err != nil {
		return listing{}, err
	}
	c, err := a.listedCycle(ctx, s, o, cycleRef)
	if err != nil {
		return listing{}, err
	}
	return listing{s: s, org: o, cycles: cs, cycle: c}, nil
}

// names names the organisation's cycles by ID.
func (l listing) names() map[int64]string {
	names := make(map[int64]string, len(l.cycles))
	for _, c := range l.cycles {
		names[c.ID] = c.Name
	}
	return names
}

// cycleID is the ID of the cycle --cycle names, 0 for all cycles.
func (l listing) cycleID() int64 {
	if l.cycle == nil {
		return 0
	}
	return l.cycle.ID
}

// listed are the cycles listed: the one --cycle names, or all of them.
func (l listing) listed() []catalog.Cycle {
	if l.cycle != nil {
		return []catalog.Cycle{*l.cycle}
	}
	return l.cycles
}

// storeList is a `list` command without flags: it reads the items with load (a Store method) and prints them
// as printList does, none when there are none, else the table draw makes.
func storeList[T any](a *app, load func(*catalog.Store, context.Context) ([]T, error), none func(vocab.Printer) string,
	draw func(*cobra.Command, *catalog.Store, []T, vocab.Printer) (*outTable, error)) *cobra.Command {
	return &cobra.Command{
		Use:  "list",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			items, err := load(s, cmd.Context())
			if err != nil {
				return err
			}
			return printList(a, items, none, func(p vocab.Printer) (*outTable, error) { return draw(cmd, s, items, p) })
		},
	}
}
