-- Schema 6: imported external benchmark sets (national or regional aggregates), kept apart
-- from organisation data: they name no organisation and nothing links them to one.
-- IF NOT EXISTS: the step is safe to run again on a database whose numbering shifted.
CREATE TABLE IF NOT EXISTS benchmark_sets (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    source         TEXT NOT NULL DEFAULT '',
    format_version INTEGER NOT NULL,
    group_by       TEXT NOT NULL CHECK (group_by IN ('sector', 'country', 'size-band')),
    k              INTEGER NOT NULL CHECK (k >= 1),
    pack_id        TEXT NOT NULL,
    pack_version   TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    imported_at    TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS benchmark_groups (
    id            INTEGER PRIMARY KEY,
    set_id        INTEGER NOT NULL REFERENCES benchmark_sets(id) ON DELETE CASCADE,
    key           TEXT NOT NULL,
    organisations INTEGER NOT NULL CHECK (organisations >= 1),
    provisional   INTEGER NOT NULL DEFAULT 0 CHECK (provisional >= 0),
    UNIQUE (set_id, key)
) STRICT;

CREATE TABLE IF NOT EXISTS benchmark_figures (
    group_id INTEGER NOT NULL REFERENCES benchmark_groups(id) ON DELETE CASCADE,
    figure   TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    n        INTEGER NOT NULL CHECK (n >= 1),
    min      REAL NOT NULL,
    q1       REAL NOT NULL,
    median   REAL NOT NULL,
    q3       REAL NOT NULL,
    max      REAL NOT NULL,
    CHECK (min <= q1 AND q1 <= median AND median <= q3 AND q3 <= max),
    PRIMARY KEY (group_id, figure, category)
) STRICT;
