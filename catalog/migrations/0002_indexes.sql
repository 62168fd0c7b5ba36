-- Schema 2: indexes for the two reads the interface makes most, an organisation's
-- change log newest first and a cycle's reviews.
CREATE INDEX change_log_org_newest ON change_log (org_id, id);
CREATE INDEX reviews_cycle ON reviews (cycle_id, held_on);
