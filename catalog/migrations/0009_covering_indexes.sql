-- Schema 9: covering indexes for the read of earlier cycles (the trend of `cdc eval`, the report,
-- the programme and the start screen): only the figures evaluation uses, in key order, so that
-- the read never visits the table rows with their text.
CREATE INDEX build_settings_figures ON build_settings (cycle_id, service_id, in_scope, level_override, assignment, target);
CREATE INDEX assessments_figures ON assessments (cycle_id, service_id, score, carried_over);
