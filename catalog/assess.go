package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// AssessmentPatch changes a current score or its evidence.
type AssessmentPatch struct {
	Score      *int // sets the score and marks the service re-assessed
	ClearScore bool // back to not assessed
	Evidence   *string
	// EvidenceWas, when set, is the evidence the editor started from: if the stored
	// evidence differs, someone else changed it meanwhile and nothing is written.
	EvidenceWas *string
	// CarriedOver, with Score, puts the score back as carried over from the previous cycle and
	// not re-assessed: what undoing a re-assessment of a carried-over score restores.
	CarriedOver bool
}

// SetAssessment records a current score and/or evidence for one service of an open cycle.
// It returns how many fields changed.
func (s *Store) SetAssessment(ctx context.Context, cycleID int64, serviceID string, p AssessmentPatch) (int, error) {
	return update(ctx, s, "", func(tx *Tx) (int, error) { return tx.SetAssessment(cycleID, serviceID, p) })
}

// SetAssessment records a score inside the transaction.
func (t *Tx) SetAssessment(cycleID int64, serviceID string, p AssessmentPatch) (int, error) {
	c, pack, err := t.openCyclePack(cycleID)
	if err != nil {
		return 0, err
	}
	serviceID = strings.ToUpper(strings.TrimSpace(serviceID))
	if _, ok := pack.Service(serviceID); !ok {
		return 0, &NotFoundError{Kind: KindService, Ref: serviceID, In: pack.Ref()}
	}
	if p.Score != nil && p.ClearScore {
		return 0, fmt.Errorf("service %s: an assessment cannot both set and clear the score", serviceID)
	}
	if p.Score != nil && !ValidScore(*p.Score) {
		return 0, fmt.Errorf("score %d is outside 0-5", *p.Score)
	}
	if err := cleanPatch("evidence", &p.Evidence, MaxEvidenceLen, true); err != nil {
		return 0, err
	}
	if p.EvidenceWas != nil {
		was := norm.NFC.String(*p.EvidenceWas) // compared with the stored, normalised text
		p.EvidenceWas = &was
	}
	var score sql.NullInt64
	var evidence, assessor string
	var at sql.NullString
	var carried int
	err = t.queryRow("SELECT score, evidence, assessor, assessed_at, carried_over FROM assessments WHERE cycle_id = ? AND service_id = ?",
		cycleID, serviceID).Scan(&score, &evidence, &assessor, &at, &carried)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	var old *int
	if score.Valid {
		v := int(score.Int64)
		old = &v
	}
	changed := 0
	newScore := old
	switch {
	case p.ClearScore:
		if old != nil {
			newScore = nil
			changed++
			if err := t.log(c.OrgID, cycleID, EntityAssessment, serviceID, FieldCurrent, scoreWord(old), scoreWord(nil), ""); err != nil {
				return 0, err
			}
			assessor, at = "", sql.NullString{}
		}
		carried = 0
	case p.Score != nil:
		if old == nil || *old != *p.Score || carried == 1 || p.CarriedOver {
			// The reason says a carried-over score was re-assessed, changed or not, so that
			// undoing it can put the score back as carried over.
			reason := ""
			if carried == 1 && old != nil {
				reason = ReasonReassessed
			}
			changed++
			if err := t.log(c.OrgID, cycleID, EntityAssessment, serviceID, FieldCurrent, scoreWord(old), scoreWord(p.Score), reason); err != nil {
				return 0, err
			}
			assessor = t.actor
			at = sql.NullString{String: formatTime(t.at), Valid: true}
		}
		v := *p.Score
		newScore = &v
		carried = 0
		if p.CarriedOver {
			carried = 1
		}
	}
	if p.EvidenceWas != nil && *p.EvidenceWas != evidence {
		return 0, &ConflictError{Ref: serviceID, Theirs: map[string]string{"evidence": evidence}}
	}
	if p.Evidence != nil && *p.Evidence != evidence {
		changed++
		if err := t.log(c.OrgID, cycleID, EntityAssessment, serviceID, FieldEvidence, evidence, *p.Evidence, ""); err != nil {
			return 0, err
		}
		evidence = *p.Evidence
	}
	if changed == 0 {
		return 0, nil
	}
	var sc any
	if newScore != nil {
		sc = *newScore
	}
	_, err = t.exec(`INSERT INTO assessments (cycle_id, service_id, score, evidence, assessor, assessed_at, carried_over)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (cycle_id, service_id) DO UPDATE SET score = excluded.score, evidence = excluded.evidence,
		assessor = excluded.assessor, assessed_at = excluded.assessed_at, carried_over = excluded.carried_over`,
		cycleID, serviceID, sc, evidence, assessor, at, carried)
	return changed, err
}

// scoreWord renders a score for the change log: the number, or "none".
func scoreWord(v *int) string {
	if v == nil {
		return "none"
	}
	return strconv.Itoa(*v)
}
