-- Schema 10: the figures of closed cycles, kept packed so that the trend of `cdc eval`, the
-- report, the programme and the start screen read one row a cycle instead of every service.
--
-- cycle_figures_live packs a cycle's figures (the format catalog/programme.go reads): one
-- record a service, its fields joined by the unit separator (char 31), records joined by the
-- record separator (char 30); builds: service, in scope, level override, assignment, target;
-- scores: service, score, carried over (assessed services only).
CREATE VIEW cycle_figures_live AS
SELECT c.id AS cycle_id,
    coalesce((SELECT group_concat(b.service_id || char(31) || b.in_scope || char(31) || coalesce(b.level_override, '')
        || char(31) || b.assignment || char(31) || coalesce(b.target, ''), char(30))
        FROM build_settings b WHERE b.cycle_id = c.id), '') AS builds,
    coalesce((SELECT group_concat(a.service_id || char(31) || a.score || char(31) || a.carried_over, char(30))
        FROM assessments a WHERE a.cycle_id = c.id AND a.score IS NOT NULL), '') AS scores
FROM cycles c;

-- cycle_figures holds what the view gave for a cycle when it was kept (for closed cycles, on
-- every write that touches their organisation). Any change to a cycle's rows drops its row,
-- so what is kept is always what the view gives now.
CREATE TABLE cycle_figures (
    cycle_id INTEGER PRIMARY KEY REFERENCES cycles(id) ON DELETE CASCADE,
    builds   TEXT NOT NULL,
    scores   TEXT NOT NULL
) STRICT;

CREATE TRIGGER cycle_figures_build_insert AFTER INSERT ON build_settings BEGIN
    DELETE FROM cycle_figures WHERE cycle_id = NEW.cycle_id;
END;
CREATE TRIGGER cycle_figures_build_update AFTER UPDATE ON build_settings BEGIN
    DELETE FROM cycle_figures WHERE cycle_id IN (OLD.cycle_id, NEW.cycle_id);
END;
CREATE TRIGGER cycle_figures_build_delete AFTER DELETE ON build_settings BEGIN
    DELETE FROM cycle_figures WHERE cycle_id = OLD.cycle_id;
END;
CREATE TRIGGER cycle_figures_score_insert AFTER INSERT ON assessments BEGIN
    DELETE FROM cycle_figures WHERE cycle_id = NEW.cycle_id;
END;
CREATE TRIGGER cycle_figures_score_update AFTER UPDATE ON assessments BEGIN
    DELETE FROM cycle_figures WHERE cycle_id IN (OLD.cycle_id, NEW.cycle_id);
END;
CREATE TRIGGER cycle_figures_score_delete AFTER DELETE ON assessments BEGIN
    DELETE FROM cycle_figures WHERE cycle_id = OLD.cycle_id;
END;

INSERT INTO cycle_figures (cycle_id, builds, scores)
SELECT v.cycle_id, v.builds, v.scores FROM cycle_figures_live v JOIN cycles c ON c.id = v.cycle_id WHERE c.status = 'closed';
