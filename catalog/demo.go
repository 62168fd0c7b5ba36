package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// DemoOrgName is the organisation LoadDemo creates.
const DemoOrgName = "Demo Agency"

// demoSource tags every change the demo makes in the change log.
const demoSource = "demo"

// demoBuild is one service's Build settings and scores in the demo.
// Scores of -1 mean "not assessed" (FY2025) or "left carried over" (FY2026).
type demoBuild struct {
	id       string
	assign   Assignment
	provider string
	contract string
	target   int
	score25  int
	score26  int
	evidence string
}

const (
	provCDC    = "CDC team"
	provIT     = "IT Operations"
	provMSSP   = "Acme MSSP"
	provCERT   = "National CERT"
	provAudit  = "Internal Audit"
	provHR     = "Human Resources"
	provComms  = "Communications Office"
	provLegal  = "Legal Affairs"
	provVendor = "SecureLab Ltd"

	contractMSSP = "MSSP-2024-017 (24x7 SOC, SLA 30 min)"
	contractLab  = "SLA-PT-2025-03"
	contractCERT = "MoU NC-CERT 2023"
)

// demoServices covers every service of the built-in pack, in catalogue order.
var demoServices = []demoBuild{
	{"A-1", AssignCDC, provCDC, "", 4, 2, 3, "Risk register kept by the CDC; reviewed with the risk committee each quarter."},
	{"A-2", AssignCDC, provCDC, "", 4, 2, 2, "Annual risk assessment follows the national ICT risk guideline."},
	{"A-3", AssignCDC, provCDC, "", 3, 2, 3, "Security policy approved by the Director General in 2025."},
	{"A-4", AssignNone, "", "", 3, 0, -1, "Nobody has owned policy upkeep since the 2024 reorganisation; exceptions are not tracked."},
	{"A-5", AssignInternal, provIT, "", 3, 1, 2, "Continuity plan covers the payroll and e-services systems only."},
	{"A-6", AssignInternal, provIT, "", 2, 1, -1, "Impact analysis done once for the e-citizen portal."},
	{"A-7", AssignCDC, provCDC, "", 3, 2, 2, "Staffing plan for 6 analysts; 2 posts vacant."},
	{"A-8", AssignShared, provMSSP, contractMSSP, 3, 1, 2, "Reference architecture drafted with the MSSP."},
	{"A-9", AssignCDC, provCDC, "", 4, 2, 3, "Triage matrix in the SOC runbook, version 3."},
	{"A-10", AssignCDC, provCDC, "", 3, 2, -1, "Countermeasures chosen per risk; rationale recorded in the risk register."},
	{"A-11", AssignNone, "", "", 2, 0, -1, "No quality reviews of CDC work yet."},
	{"A-12", AssignInternal, provAudit, "", 3, 2, 2, "Internal Audit audits two security controls per year."},
	{"A-13", AssignNone, "", "", 1, -1, -1, ""},
	{"B-1", AssignExternal, provMSSP, contractMSSP, 4, 3, 3, "MSSP monitors 85% of servers; monthly coverage report reviewed."},
	{"B-2", AssignExternal, provMSSP, contractMSSP, 4, 3, 4, "Logs kept 12 months in the MSSP SIEM; retention verified in the March audit."},
	{"B-3", AssignShared, provMSSP, contractMSSP, 4, 2, 3, "MSSP raises alerts; CDC analysts confirm during office hours."},
	{"B-4", AssignCDC, provCDC, "", 3, 2, 2, "Enquiries from ministries handled through the CDC mailbox."},
	{"C-1", AssignExternal, provVendor, contractLab, 2, 1, 2, "Forensics bought per case from SecureLab."},
	{"C-2", AssignExternal, provVendor, contractLab, 2, 0, 1, "Malware samples sent to SecureLab since January."},
	{"C-3", AssignNone, "", "", 1, -1, -1, ""},
	{"C-4", AssignShared, provVendor, contractLab, 3, 1, 2, "Evidence collection checklist agreed with SecureLab."},
	{"D-1", AssignCDC, provCDC, "", 4, 3, 3, "Incident hotline and web form staffed during office hours."},
	{"D-2", AssignCDC, provCDC, "", 4, 2, 3, "Incident handling procedure approved; 41 incidents handled in FY2025."},
	{"D-3", AssignCDC, provCDC, "", 4, 2, 2, "Classification by the national incident taxonomy."},
	{"D-4", AssignShared, provMSSP, contractMSSP, 4, 2, 3, "MSSP isolates endpoints on request; CDC decides containment."},
	{"D-5", AssignInternal, provIT, "", 3, 2, 1, "Recovery depends on IT Operations backups; two restores failed in FY2026."},
	{"D-6", AssignShared, provCERT, contractCERT, 4, 2, 3, "Significant incidents notified to the National CERT within 24 hours."},
	{"D-7", AssignCDC, provCDC, "", 3, 1, 2, "Incident reports written for major incidents only."},
	{"E-1", AssignInternal, provIT, "", 2, 2, -1, "Network diagrams updated yearly by IT Operations."},
	{"E-2", AssignInternal, provIT, "", 4, 1, 2, "Asset inventory in the CMDB covers headquarters, not the county offices."},
	{"E-3", AssignCDC, provCDC, "", 4, 2, 3, "Vendor advisories and CERT bulletins tracked weekly."},
	{"E-4", AssignExternal, provMSSP, contractMSSP, 3, 2, 3, "Monthly authenticated scans of internet-facing systems."},
	{"E-5", AssignExternal, provVendor, contractLab, 2, 1, -1, "Manual assessment of the e-citizen portal before launch."},
	{"E-6", AssignExternal, provVendor, contractLab, 2, 1, 2, "Annual penetration test of the internet perimeter."},
	{"E-7", AssignNone, "", "", 1, -1, -1, ""},
	{"E-8", AssignNone, "", "", 1, 0, -1, "No readiness assessment has been run."},
	{"E-9", AssignShared, provCERT, contractCERT, 2, 1, 2, "Took part in the National CERT tabletop exercise."},
	{"F-1", AssignCDC, provCDC, "", 3, 1, 2, "Post-incident reviews held for two major incidents."},
	{"F-2", AssignCDC, provCDC, "", 2, 1, -1, "Indicators from own incidents shared in the team wiki."},
	{"F-3", AssignShared, provCERT, contractCERT, 4, 2, 3, "CERT feeds and MSSP intelligence reviewed daily."},
	{"F-4", AssignCDC, provCDC, "", 3, 1, 2, "Monthly threat brief to the ICT steering committee."},
	{"F-5", AssignCDC, provCDC, "", 2, 1, -1, "Intelligence used to tune MSSP detection rules ad hoc."},
	{"F-6", AssignNone, "", "", 1, -1, -1, ""},
	{"G-1", AssignShared, provMSSP, contractMSSP, 3, 2, 2, "Security platform design owned jointly with the MSSP."},
	{"G-2", AssignInternal, provIT, "", 4, 3, 3, "Firewalls and proxies run by IT Operations with change control."},
	{"G-3", AssignExternal, provMSSP, contractMSSP, 3, 2, -1, "MSSP tunes IPS signatures quarterly."},
	{"G-4", AssignInternal, provIT, "", 4, 2, 3, "Endpoint protection on 92% of desktops."},
	{"G-5", AssignExternal, provMSSP, contractMSSP, 3, 1, 2, "EDR pilot on 200 endpoints run by the MSSP."},
	{"G-6", AssignExternal, provVendor, contractLab, 2, 1, -1, "Analysis tools used through SecureLab only."},
	{"G-7", AssignExternal, provMSSP, contractMSSP, 4, 3, 3, "SIEM platform operated by the MSSP under the SOC contract."},
	{"G-8", AssignExternal, provMSSP, contractMSSP, 3, 2, 2, "Use-case development requested twice a year."},
	{"G-9", AssignNone, "", "", 1, -1, -1, ""},
	{"G-10", AssignNone, "", "", 0, -1, -1, ""},
	{"H-1", AssignInternal, provHR, "", 2, 1, -1, "HR and Legal investigate insider cases with CDC support."},
	{"H-2", AssignNone, "", "", 1, 0, 0, "No insider-threat monitoring in place."},
	{"I-1", AssignShared, provComms, "", 4, 2, 3, "Awareness campaign each quarter; phishing simulation since 2025."},
	{"I-2", AssignInternal, provHR, "", 4, 2, 2, "Security module in staff induction; analysts lack certification budget."},
	{"I-3", AssignCDC, provCDC, "", 2, 1, 2, "CDC advises projects on request."},
	{"I-4", AssignCDC, provCDC, "", 3, 2, -1, "Quarterly service reviews with security vendors."},
	{"I-5", AssignShared, provCERT, contractCERT, 3, 2, 3, "Member of the national CSIRT forum."},
	{"I-6", AssignNone, "", "", 2, 0, 1, "Joined the government sector ISAC mailing list in 2026."},
	{"I-7", AssignShared, provLegal, "", 2, 1, -1, "Cases referred to the police cybercrime unit through Legal Affairs."},
	{"I-8", AssignInternal, provComms, "", 1, 1, -1, "Public statements on incidents issued by the Communications Office."},
	{"I-9", AssignNone, "", "", 0, -1, -1, ""},
}

// demoLevel is a recommendation level the demo organisation overrides, with its reason.
type demoLevel struct {
	id     string
	level  Level
	reason string
}

var demoLevels = []demoLevel{
	{"C-2", Recommended, "Targeted phishing with custom malware against ministries in 2024 and 2025."},
	{"H-2", Optional, "Insider cases are rare and handled by HR; revisit after the FY2026 risk assessment."},
}

// demoOutOfScope is excluded from the demo's figures, with the reason.
var demoOutOfScope = map[string]string{
	"G-10": "No research budget; tools are bought, not built.",
	"I-9":  "Research collaboration is led by the national university network.",
}

// demoBuild2026 are the Build changes of the second cycle.
var demoBuild2026 = []struct {
	id       string
	assign   Assignment
	provider string
	contract string
	target   int
	reason   string
}{
	{"B-3", AssignShared, provMSSP, contractMSSP, 5, "24x7 alerting is a ministry requirement from FY2026."},
	{"C-2", AssignShared, provVendor, contractLab, 3, "One CDC analyst trained in malware triage."},
	{"I-6", AssignCDC, provCDC, "", 2, "CDC joined the government sector ISAC."},
}

type demoAction struct {
	cycle   int // 1 = FY2025, 2 = FY2026
	service string
	title   string
	horizon Horizon
	owner   string
	due     string
	status  ActionStatus
	notes   string
}

var demoActions = []demoAction{
	{1, "B-1", "Extend MSSP monitoring to the county offices", ShortTerm, "SOC lead", "2025-06-30", ActionDone, "Coverage rose from 60% to 85% of servers."},
	{1, "A-3", "Get the security policy approved", ShortTerm, "CISO", "2025-03-31", ActionDone, ""},
	{2, "D-5", "Test restores of critical systems every quarter", ShortTerm, "IT Operations manager", "2026-03-31", ActionInProgress, "Two restores failed in the first test; backup agent upgraded."},
	{2, "E-2", "Complete the asset inventory for county offices", ShortTerm, "IT Operations manager", "2026-06-30", ActionInProgress, "14 of 47 county offices done."},
	{2, "B-3", "Add 24x7 alert handling to the MSSP contract", ShortTerm, "CISO", "2026-04-30", ActionPlanned, "Needs budget approval from the Finance Committee."},
	{2, "I-2", "Fund certification for two CDC analysts", LongTerm, "CISO", "2027-06-30", ActionPlanned, ""},
	{2, "", "Recruit for the two vacant analyst posts", LongTerm, "Human Resources", "2026-12-31", ActionInProgress, "Posts advertised in October 2025."},
	{2, "H-2", "Deploy user behaviour analytics", LongTerm, "SOC lead", "2027-06-30", ActionDropped, "Deferred: level set to optional for FY2026."},
}

type demoReview struct {
	cycle int
	on    string
	kind  string
	notes string
}

var demoReviews = []demoReview{
	{1, "2025-06-24", "annual strategic review", "FY2025 closed: monitoring coverage met; incident recovery and asset inventory remain the main gaps."},
	{2, "2025-10-14", "quarterly operational review", "MSSP met its 30-minute SLA in 97% of alerts; restore tests started."},
	{2, "2026-01-20", "quarterly operational review", "Restore failures escalated to IT Operations; ISAC membership approved."},
}

// LoadDemo creates the demo organisation, or refreshes it in place, in one transaction:
// a government agency with a closed FY2025 cycle and an open FY2026 cycle that carries
// scores over and re-assesses part of them. The data is fixed, so every run gives the same
// catalogue. An existing demo keeps its ID and UUID (so grants and exported questionnaires
// still name it) and its cycles FY2025 and FY2026 keep their UUIDs; everything else of it is
// replaced. Callers ask first when DemoChanges reports changes not made by the demo.
func (s *Store) LoadDemo(ctx context.Context) (Organisation, error) {
	var org Organisation
	err := s.Update(ctx, demoSource, func(tx *Tx) error {
		o, c1, keep, err := tx.demoOrg()
		if err != nil {
			return err
		}
		org = o
		if err := tx.demoFirstCycle(c1.ID); err != nil {
			return err
		}
		if err := tx.demoDates(c1.ID, "2024-07-01", "2025-05-20"); err != nil {
			return err
		}
		if err := tx.demoManagement(c1.ID, 1); err != nil {
			return err
		}
		if err := tx.CloseCycle(c1.ID); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE cycles SET closed_at = ? WHERE id = ?", demoTime("2025-06-30"), c1.ID); err != nil {
			return err
		}
		c2, err := tx.StartCycle(o.ID, NewCycle{Name: "FY2026", CarryOver: true})
		if err != nil {
			return err
		}
		if err := tx.keepCycleUUID(c2, keep); err != nil {
			return err
		}
		if err := tx.demoSecondCycle(c2.ID); err != nil {
			return err
		}
		if err := tx.demoDates(c2.ID, "2025-07-01", "2026-01-15"); err != nil {
			return err
		}
		return tx.demoManagement(c2.ID, 2)
	})
	if err != nil {
		return Organisation{}, fmt.Errorf("demo organisation: %w", err)
	}
	return org, nil
}

var demoOrg = NewOrg{
	Name: DemoOrgName, Sector: "Government", Country: "Kenya", Size: 1200, FirstCycle: "FY2025",
	Notes: "Demonstration data: a national government agency whose CDC works with an MSSP and the National CERT.",
}

// demoOrg adds the demo organisation with its first cycle, or empties the existing one and
// starts its first cycle again; keep maps the old cycles' names to their UUIDs.
func (t *Tx) demoOrg() (Organisation, Cycle, map[string]string, error) {
	var id int64
	err := t.queryRow("SELECT id FROM organisations WHERE name = ? COLLATE NOCASE", DemoOrgName).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		o, c, err := t.AddOrg(demoOrg)
		return o, c, nil, err
	}
	if err != nil {
		return Organisation{}, Cycle{}, nil, err
	}
	old, err := queryCycles(t.ctx, t.tx, "WHERE c.org_id = ?", id)
	if err != nil {
		return Organisation{}, Cycle{}, nil, err
	}
	keep := map[string]string{}
	for _, c := range old {
		keep[c.Name] = c.UUID
	}
	// cascades to Build settings, assessments, actions and reviews; the log stays
	if _, err := t.exec("DELETE FROM cycles WHERE org_id = ?", id); err != nil {
		return Organisation{}, Cycle{}, nil, err
	}
	n := demoOrg
	name := DemoOrgName
	if err := t.UpdateOrg(id, OrgPatch{Name: &name, Sector: &n.Sector, Country: &n.Country, Notes: &n.Notes, Size: &n.Size}); err != nil {
		return Organisation{}, Cycle{}, nil, err
	}
	c, err := t.StartCycle(id, NewCycle{Name: n.FirstCycle})
	if err != nil {
		return Organisation{}, Cycle{}, nil, err
	}
	if err := t.keepCycleUUID(c, keep); err != nil {
		return Organisation{}, Cycle{}, nil, err
	}
	o, err := t.Org(id)
	return o, c, keep, err
}

// keepCycleUUID gives a refreshed demo cycle the UUID its namesake had, so files exported
// from it still apply.
func (t *Tx) keepCycleUUID(c Cycle, keep map[string]string) error {
	u, ok := keep[c.Name]
	if !ok {
		return nil
	}
	_, err := t.exec("UPDATE cycles SET uuid = ? WHERE id = ?", u, c.ID)
	return err
}

// DemoChanges counts the change-log entries of the demo organisation that the demo did not
// make since it was last loaded: what refreshing it would throw away. exists is false when
// there is no demo organisation.
func (s *Store) DemoChanges(ctx context.Context) (exists bool, changes int, err error) {
	err = s.read(ctx, func(q querier) error {
		var id int64
		err := q.QueryRowContext(ctx, "SELECT id FROM organisations WHERE name = ? COLLATE NOCASE", DemoOrgName).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		exists = true
		return q.QueryRowContext(ctx, `SELECT count(*) FROM change_log WHERE org_id = ? AND source <> ? AND id >
			COALESCE((SELECT max(id) FROM change_log WHERE org_id = ? AND source = ?), 0)`, id, demoSource, id, demoSource).Scan(&changes)
	})
	return exists, changes, err
}

func (t *Tx) demoFirstCycle(cycleID int64) error {
	for _, d := range demoServices {
		assign, provider, contract, target := d.assign, d.provider, d.contract, d.target
		if _, err := t.SetBuild(cycleID, []string{d.id}, BuildPatch{Assignment: &assign, Provider: &provider, Contract: &contract, Target: &target}); err != nil {
			return err
		}
		if d.score25 < 0 {
			continue
		}
		score, evidence := d.score25, d.evidence
		if _, err := t.SetAssessment(cycleID, d.id, AssessmentPatch{Score: &score, Evidence: &evidence}); err != nil {
			return err
		}
	}
	for _, l := range demoLevels {
		level := l.level
		if _, err := t.SetBuild(cycleID, []string{l.id}, BuildPatch{Level: &level, Reason: l.reason}); err != nil {
			return err
		}
	}
	for _, d := range demoServices {
		if reason, ok := demoOutOfScope[d.id]; ok {
			out := false
			if _, err := t.SetBuild(cycleID, []string{d.id}, BuildPatch{InScope: &out, Reason: reason}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *Tx) demoSecondCycle(cycleID int64) error {
	for _, b := range demoBuild2026 {
		assign, provider, contract, target := b.assign, b.provider, b.contract, b.target
		p := BuildPatch{Assignment: &assign, Provider: &provider, Contract: &contract, Target: &target, Reason: b.reason}
		if _, err := t.SetBuild(cycleID, []string{b.id}, p); err != nil {
			return err
		}
	}
	for _, d := range demoServices {
		if d.score26 < 0 {
			continue
		}
		score := d.score26
		p := AssessmentPatch{Score: &score}
		if d.score26 != d.score25 {
			dir := "up"
			if d.score26 < d.score25 {
				dir = "down"
			}
			evidence := d.evidence + fmt.Sprintf(" FY2026 review: %s from %d to %d.", dir, d.score25, d.score26)
			p.Evidence = &evidence
		}
		if _, err := t.SetAssessment(cycleID, d.id, p); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) demoManagement(cycleID int64, cycle int) error {
	for _, a := range demoActions {
		if a.cycle != cycle {
			continue
		}
		if _, err := t.AddAction(Action{CycleID: cycleID, ServiceID: a.service, Title: a.title, Horizon: a.horizon,
			Owner: a.owner, Due: a.due, Status: a.status, Notes: a.notes}); err != nil {
			return err
		}
	}
	for _, r := range demoReviews {
		if r.cycle != cycle {
			continue
		}
		if _, err := t.AddReview(Review{CycleID: cycleID, HeldOn: r.on, Kind: r.kind, Notes: r.notes}); err != nil {
			return err
		}
	}
	return nil
}

// demoTime is noon UTC of a demo date, in the stored time format.
func demoTime(date string) string { return date + "T12:00:00.000000000Z" }

// demoDates puts a demo cycle's start and its fresh assessments on the fiscal-year calendar,
// so listings read like a real history; carried-over scores keep their first date.
func (t *Tx) demoDates(cycleID int64, started, assessed string) error {
	if _, err := t.exec("UPDATE cycles SET started_at = ? WHERE id = ?", demoTime(started), cycleID); err != nil {
		return err
	}
	_, err := t.exec("UPDATE assessments SET assessed_at = ? WHERE cycle_id = ? AND carried_over = 0 AND assessed_at IS NOT NULL",
		demoTime(assessed), cycleID)
	return err
}
