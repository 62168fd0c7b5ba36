package tui

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/export"
	"github.com/cdc-toolkit/cdc/internal/termtext"
)

// Wording a refused file and applying an import plan, the same for the Report tab's import
// of a questionnaire or file and for its check-in of an organisation file.

// planProblems words why no plan could be made of the file at path: what was refused, then
// every problem; or that it could not be read, and why.
func (c *common) planProblems(path string, err error) []string {
	var ve *export.ValidationError
	if !errors.As(err, &ve) {
		return []string{c.T("tui.report.import.unreadable", termtext.Clean(path)), c.errText(err)}
	}
	out := []string{c.N("tui.report.import.refused", len(ve.Problems), ve.File, len(ve.Problems))}
	for _, p := range ve.Problems {
		out = append(out, c.problemText(p))
	}
	return out
}

// planKey is what a key does to a plan on screen: y or enter closes an empty plan (done)
// and applies one without conflicts; one with conflicts is applied only by s (keep this
// database's marked values) or o (take the file's), each behind a second question (ask),
// never by default. Any other key does nothing.
func (c *common) planKey(msg tea.KeyPressMsg, p *export.ImportPlan, done func(), apply func(export.ConflictPolicy) tea.Cmd,
	ask func(overwrite bool)) tea.Cmd {
	switch {
	case key.Matches(msg, c.Keys.Confirm, c.Keys.Enter):
		switch {
		case p.Empty():
			done()
		case p.Conflicts() > 0:
			// the foot asks to choose: apply the unmarked or overwrite the marked
		default:
			return apply(export.RefuseConflicts)
		}
	case p.Conflicts() > 0 && (msg.String() == "s" || msg.String() == "o"):
		ask(msg.String() == "o")
	}
	return nil
}

// askConflictPolicy asks a second time before a plan with conflicts is applied: skipping
// keeps this database's value for every marked field, overwriting replaces it with the
// file's. question words it from the number of conflicts and the changes the policy
// applies; yes applies the plan unless shown() is another plan by then.
func (c *common) askConflictPolicy(p *export.ImportPlan, overwrite bool, question func(policy export.ConflictPolicy, conflicts int, changes string) string,
	shown func() *export.ImportPlan, apply func(export.ConflictPolicy) tea.Cmd) {
	policy := export.SkipConflicts
	if overwrite {
		policy = export.OverwriteConflicts
	}
	q := question(policy, p.Conflicts(), c.N("tui.nchanges", p.Applying(policy)))
	c.openDialog(newConfirm(c, q, func() tea.Cmd {
		if shown() != p {
			return nil
		}
		return apply(policy)
	}))
}

// applyPlan writes a plan with a conflict policy as the save tag; done is the message of
// its success.
func (c *common) applyPlan(tag string, p *export.ImportPlan, policy export.ConflictPolicy, done tea.Msg) tea.Cmd {
	return c.SaveThen(tag, func(ctx context.Context, s *catalog.Store) (tea.Msg, error) {
		if err := p.ApplyWith(ctx, s, policy); err != nil {
			return nil, err
		}
		return done, nil
	})
}
