package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// Document is the document control of an organisation's reports: what its cover block and
// every page header show besides the figures. Empty fields are simply not shown.
type Document struct {
	// Classification is the marking of every page (TLP:AMBER+STRICT, or the organisation's own).
	Classification string `json:"classification"`
	Distribution   string `json:"distribution"`
	Reviewer       string `json:"reviewer"`
	Version        string `json:"version"`
	// Respondents are the people who answered the assessment, besides its assessors.
	Respondents string `json:"respondents"`
}

// DocumentPatch changes document fields; nil fields stay as they are.
type DocumentPatch struct {
	Classification, Distribution, Reviewer, Version, Respondents *string
}

// Document returns the document control of an organisation (all empty when never set).
func (s *Store) Document(ctx context.Context, orgID int64) (Document, error) {
	var d Document
	err := s.db.QueryRowContext(ctx, `SELECT classification, distribution, reviewer, version, respondents
		FROM documents WHERE org_id = ?`, orgID).Scan(&d.Classification, &d.Distribution, &d.Reviewer, &d.Version, &d.Respondents)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := s.Org(ctx, orgID); err != nil {
			return d, err
		}
		return d, nil
	}
	return d, s.describe(err)
}

// UpdateDocument changes an organisation's document control, logging each changed field.
func (s *Store) UpdateDocument(ctx context.Context, orgID int64, p DocumentPatch) error {
	return s.Update(ctx, "", func(tx *Tx) error { return tx.UpdateDocument(orgID, p) })
}

// UpdateDocument changes an organisation's document control inside the transaction.
func (t *Tx) UpdateDocument(orgID int64, p DocumentPatch) error {
	name, err := t.orgName(orgID)
	if err != nil {
		return err
	}
	var d Document
	err = t.queryRow(`SELECT classification, distribution, reviewer, version, respondents FROM documents WHERE org_id = ?`, orgID).
		Scan(&d.Classification, &d.Distribution, &d.Reviewer, &d.Version, &d.Respondents)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := t.exec("INSERT INTO documents (org_id) VALUES (?) ON CONFLICT (org_id) DO NOTHING", orgID); err != nil {
		return err
	}
	for _, f := range []struct {
		field string
		old   string
		v     *string
		max   int
	}{
		{"classification", d.Classification, p.Classification, MaxNameLen},
		{"distribution", d.Distribution, p.Distribution, MaxTextLen},
		{"reviewer", d.Reviewer, p.Reviewer, MaxNameLen},
		{"version", d.Version, p.Version, MaxNameLen},
		{"respondents", d.Respondents, p.Respondents, MaxTextLen},
	} {
		if err := cleanPatch(f.field, &f.v, f.max, f.max == MaxTextLen); err != nil {
			return err
		}
		if f.v == nil || *f.v == f.old {
			continue
		}
		// The column name comes from the list above, never from input.
		if _, err := t.exec("UPDATE documents SET "+f.field+" = ? WHERE org_id = ?", *f.v, orgID); err != nil {
			return err
		}
		if err := t.log(orgID, 0, EntityOrganisation, name, Field(f.field), f.old, *f.v, ""); err != nil {
			return err
		}
	}
	return nil
}

// AddRespondent lists one more respondent of the organisation's assessment on its document
// control (the report's cover), unless the same entry is listed already; the change is
// logged like any other document change.
func (t *Tx) AddRespondent(orgID int64, who string) error {
	who = strings.TrimSpace(who)
	if who == "" {
		return nil
	}
	var cur string
	err := t.queryRow(`SELECT respondents FROM documents WHERE org_id = ?`, orgID).Scan(&cur)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if RespondentListed(cur, who) {
		return nil
	}
	next := who
	if strings.TrimSpace(cur) != "" {
		next = strings.TrimSpace(cur) + "; " + who
	}
	return t.UpdateDocument(orgID, DocumentPatch{Respondents: &next})
}

// RespondentListed reports whether who stands in a respondents list ("A; B (2026-11-20)"),
// ignoring case and surrounding spaces.
func RespondentListed(list, who string) bool {
	for _, r := range strings.Split(list, ";") {
		if strings.EqualFold(strings.TrimSpace(r), strings.TrimSpace(who)) {
			return true
		}
	}
	return false
}
