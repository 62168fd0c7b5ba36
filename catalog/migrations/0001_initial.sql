-- Schema 1: packs, organisations, cycles, Build settings, assessments,
-- improvement actions, reviews and the append-only change log.
CREATE TABLE packs (
    ref         INTEGER PRIMARY KEY,
    pack_id     TEXT NOT NULL,
    version     TEXT NOT NULL,
    body        TEXT NOT NULL,
    builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    imported_at TEXT NOT NULL,
    UNIQUE (pack_id, version)
) STRICT;

CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    sector     TEXT NOT NULL DEFAULT '',
    country    TEXT NOT NULL DEFAULT '',
    size       INTEGER NOT NULL DEFAULT 0 CHECK (size >= 0),
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE cycles (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    pack_ref   INTEGER NOT NULL REFERENCES packs(ref),
    started_at TEXT NOT NULL,
    closed_at  TEXT,
    UNIQUE (org_id, seq),
    UNIQUE (org_id, name)
) STRICT;

CREATE TABLE build_settings (
    cycle_id       INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    service_id     TEXT NOT NULL,
    in_scope       INTEGER NOT NULL DEFAULT 1 CHECK (in_scope IN (0, 1)),
    level_override TEXT CHECK (level_override IN ('mandatory', 'recommended', 'optional')),
    level_reason   TEXT NOT NULL DEFAULT '',
    assignment     TEXT NOT NULL DEFAULT 'none' CHECK (assignment IN ('cdc', 'internal', 'external', 'shared', 'none')),
    provider       TEXT NOT NULL DEFAULT '',
    contract       TEXT NOT NULL DEFAULT '',
    target         INTEGER CHECK (target BETWEEN 0 AND 5),
    PRIMARY KEY (cycle_id, service_id)
) STRICT;

CREATE TABLE assessments (
    cycle_id     INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    service_id   TEXT NOT NULL,
    score        INTEGER CHECK (score BETWEEN 0 AND 5),
    evidence     TEXT NOT NULL DEFAULT '',
    assessor     TEXT NOT NULL DEFAULT '',
    assessed_at  TEXT,
    carried_over INTEGER NOT NULL DEFAULT 0 CHECK (carried_over IN (0, 1)),
    PRIMARY KEY (cycle_id, service_id)
) STRICT;

CREATE TABLE actions (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    cycle_id   INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    service_id TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL CHECK (length(trim(title)) > 0),
    horizon    TEXT NOT NULL CHECK (horizon IN ('short', 'long')),
    owner      TEXT NOT NULL DEFAULT '',
    due        TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in-progress', 'done', 'dropped')),
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE reviews (
    id         INTEGER PRIMARY KEY,
    cycle_id   INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    held_on    TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT '',
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

-- No foreign keys: the log outlives what it describes.
CREATE TABLE change_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    org_id   INTEGER NOT NULL,
    cycle_id INTEGER NOT NULL DEFAULT 0,
    entity   TEXT NOT NULL,
    key      TEXT NOT NULL DEFAULT '',
    field    TEXT NOT NULL DEFAULT '',
    old      TEXT NOT NULL DEFAULT '',
    new      TEXT NOT NULL DEFAULT '',
    who      TEXT NOT NULL DEFAULT '',
    reason   TEXT NOT NULL DEFAULT '',
    source   TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX change_log_org ON change_log (org_id, cycle_id, id);
CREATE INDEX actions_org ON actions (org_id, cycle_id);
CREATE INDEX cycles_org ON cycles (org_id, seq);

CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
