package main

import (
	"context"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// Shell completion offers every flag value: organisations, cycles, services of the
// organisation's own pack, action IDs, packs and every enumeration, each with its description
// in the interface language. It only ever reads an existing database, never creates one.

type completer func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective)

// completionStore opens the database of the command line for reading, nil when there is none.
func completionStore(cmd *cobra.Command) *catalog.Store {
	flag := ""
	if f := cmd.Flag("db"); f != nil {
		flag = f.Value.String()
	}
	path, err := (&app{dbFlag: flag}).dbPath()
	if err != nil {
		return nil
	}
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		return nil
	}
	s, err := catalog.OpenReadOnly(cmd.Context(), path)
	if err != nil {
		return nil
	}
	return s
}

// completionPrinter speaks the language of the command line being completed.
func completionPrinter(cmd *cobra.Command) vocab.Printer {
	if f := cmd.Flag("lang"); f != nil && f.Value.String() != "" {
		if l, err := catalog.ParseLang(f.Value.String()); err == nil {
			return vocab.For(l)
		}
	}
	a := &app{}
	return a.printer()
}

// candidates keeps the values that start with what was typed (case-insensitive), each with
// its description after a tab; descriptions are sanitised and kept on one line.
func candidates(toComplete string, pairs ...[2]string) []string {
	var out []string
	for _, p := range pairs {
		if !strings.HasPrefix(strings.ToLower(p[0]), strings.ToLower(toComplete)) {
			continue
		}
		v := termtext.Clean(p[0])
		if d := cellText(p[1]); d != "" {
			v += "\t" + d
		}
		out = append(out, v)
	}
	return out
}

// fixed completes a fixed list of values.
func fixed(values func(p vocab.Printer) [][2]string) completer {
	return func(cmd *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return candidates(toComplete, values(completionPrinter(cmd))...), cobra.ShellCompDirectiveNoFileComp
	}
}

// withStore completes from the database.
func withStore(list func(ctx context.Context, cmd *cobra.Command, s *catalog.Store, p vocab.Printer) [][2]string) completer {
	return func(cmd *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		s := completionStore(cmd)
		if s == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer s.Close()
		return candidates(toComplete, list(cmd.Context(), cmd, s, completionPrinter(cmd))...), cobra.ShellCompDirectiveNoFileComp
	}
}

// described pairs each value with its description, for completion.
func described[T ~string](values []T, describe func(T) string) [][2]string {
	out := make([][2]string, 0, len(values))
	for _, v := range values {
		out = append(out, [2]string{string(v), describe(v)})
	}
	return out
}

// listed pairs each item read from the database with its description; nothing when the
// read failed, since a completion has nowhere to report it.
func listed[T any](items []T, err error, pair func(T) [2]string) [][2]string {
	if err != nil {
		return nil
	}
	out := make([][2]string, 0, len(items))
	for _, x := range items {
		out = append(out, pair(x))
	}
	return out
}

var completeLangs = fixed(func(p vocab.Printer) [][2]string {
	return described(vocab.Languages(), func(l catalog.Lang) string { return p.T("lang." + string(l)) })
})

var completeLevels = fixed(func(p vocab.Printer) [][2]string {
	return described(catalog.Levels, func(l catalog.Level) string { return catalog.BuiltinPack().LevelName(l, p.Lang()) })
})

var completeAssignments = fixed(func(p vocab.Printer) [][2]string {
	return described(catalog.Assignments, func(a catalog.Assignment) string { return catalog.BuiltinPack().AssignmentName(a, p.Lang()) })
})

var completeStatuses = fixed(func(p vocab.Printer) [][2]string {
	return described(catalog.ActionStatuses, func(s catalog.ActionStatus) string { return p.T("action.status." + string(s)) })
})

var completeHorizons = fixed(func(p vocab.Printer) [][2]string {
	return described(catalog.Horizons, func(h catalog.Horizon) string { return p.T("action.horizon." + string(h)) })
})

var completeScopes = fixed(func(p vocab.Printer) [][2]string {
	return [][2]string{{"in", p.T("scope.in")}, {"out", p.T("scope.out")}}
})

var completeScores = fixed(func(p vocab.Printer) [][2]string {
	out := [][2]string{}
	for i := 0; i <= 5; i++ {
		out = append(out, [2]string{strconv.Itoa(i), ""})
	}
	return append(out, [2]string{"none", p.T("figure.not_assessed")})
})

// completeOrgs offers organisation names with their sector and country.
var completeOrgs = withStore(func(ctx context.Context, _ *cobra.Command, s *catalog.Store, _ vocab.Printer) [][2]string {
	orgs, err := s.Orgs(ctx)
	return listed(orgs, err, func(o catalog.OrgSummary) [2]string {
		return [2]string{o.Name, strings.Trim(o.Sector+", "+o.Country, ", ")}
	})
})

// completionOrg is the organisation named by --org (or the first argument of org commands).
func completionOrg(ctx context.Context, cmd *cobra.Command, s *catalog.Store) (catalog.Organisation, bool) {
	ref := ""
	if f := cmd.Flag("org"); f != nil {
		ref = f.Value.String()
	}
	if ref == "" {
		return catalog.Organisation{}, false
	}
	o, err := s.FindOrg(ctx, ref)
	return o, err == nil
}

// completeCycles offers the cycles of the organisation given with --org.
var completeCycles = withStore(func(ctx context.Context, cmd *cobra.Command, s *catalog.Store, p vocab.Printer) [][2]string {
	o, ok := completionOrg(ctx, cmd, s)
	if !ok {
		return nil
	}
	cs, err := s.Cycles(ctx, o.ID)
	return listed(cs, err, func(c catalog.Cycle) [2]string {
		return [2]string{c.Name, p.T("cli.cycle.status."+string(c.Status)) + ", " + c.PackID + "@" + c.PackVersion}
	})
})

// completeServices offers "all", the categories and the services of the pack of the cycle
// given with --org and --cycle (the built-in pack when there is no organisation yet).
var completeServices = withStore(func(ctx context.Context, cmd *cobra.Command, s *catalog.Store, p vocab.Printer) [][2]string {
	pk := catalog.BuiltinPack()
	if o, ok := completionOrg(ctx, cmd, s); ok {
		ref := ""
		if f := cmd.Flag("cycle"); f != nil {
			ref = f.Value.String()
		}
		if c, err := s.FindCycle(ctx, o.ID, ref); err == nil {
			if cp, err := s.Pack(ctx, c.PackRef); err == nil {
				pk = cp
			}
		}
	}
	out := [][2]string{{"all", p.T("cli.complete.all_services")}}
	for _, c := range pk.Categories {
		out = append(out, [2]string{c.ID, c.Name.In(p.Lang())})
	}
	for _, sv := range pk.Services {
		out = append(out, [2]string{sv.ID, sv.Name.In(p.Lang())})
	}
	return out
})

// completeActions offers action IDs with their titles, of --org when given, else of every organisation.
var completeActions = withStore(func(ctx context.Context, cmd *cobra.Command, s *catalog.Store, _ vocab.Printer) [][2]string {
	var orgs []int64
	if o, ok := completionOrg(ctx, cmd, s); ok {
		orgs = []int64{o.ID}
	} else if all, err := s.Orgs(ctx); err == nil {
		for _, o := range all {
			orgs = append(orgs, o.ID)
		}
	}
	var out [][2]string
	for _, id := range orgs {
		acts, err := s.Actions(ctx, id, catalog.ActionFilter{})
		out = append(out, listed(acts, err, func(x catalog.Action) [2]string {
			return [2]string{strconv.FormatInt(x.ID, 10), x.Title}
		})...)
	}
	return out
})

// completePacks offers the installed packs as ID@VERSION.
var completePacks = withStore(func(ctx context.Context, _ *cobra.Command, s *catalog.Store, p vocab.Printer) [][2]string {
	infos, err := s.Packs(ctx)
	return listed(infos, err, func(x catalog.PackInfo) [2]string {
		return [2]string{x.ID + "@" + x.Version, x.Name.In(p.Lang())}
	})
})

// orgFlag adds the required --org flag, completed with the organisations' names.
func orgFlag(cmd *cobra.Command, v *string) {
	cmd.Flags().StringVar(v, "org", "", "")
	_ = cmd.MarkFlagRequired("org")
	_ = cmd.RegisterFlagCompletionFunc("org", completeOrgs)
}

// cycleFlag adds the --cycle flag, completed with the organisation's cycles.
func cycleFlag(cmd *cobra.Command, v *string) {
	cmd.Flags().StringVar(v, "cycle", "", "")
	_ = cmd.RegisterFlagCompletionFunc("cycle", completeCycles)
}

// flagCompletions are the completers of flags by name, registered on every command that has
// the flag and no completer of its own (so commands added later are covered too).
var flagCompletions = map[string]completer{
	"org": completeOrgs, "cycle": completeCycles, "service": completeServices, "pack": completePacks,
	"lang": completeLangs, "level": completeLevels, "assign": completeAssignments, "assignment": completeAssignments,
	"status": completeStatuses, "horizon": completeHorizons, "scope": completeScopes,
	"target": completeScores, "score": completeScores,
}

// registerCompletions gives every flag of the tree that takes a known kind of value its completer.
func registerCompletions(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for name, f := range flagCompletions {
			if c.LocalNonPersistentFlags().Lookup(name) == nil && c.PersistentFlags().Lookup(name) == nil {
				continue
			}
			if _, ok := c.GetFlagCompletionFunc(name); ok {
				continue
			}
			_ = c.RegisterFlagCompletionFunc(name, f)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// completeFirstOrg completes the organisation argument of the org commands.
var completeFirstOrg = firstArg(completeOrgs)

// firstArg completes a command's first argument with c, and nothing after it.
func firstArg(c completer) completer {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return c(cmd, args, toComplete)
	}
}
