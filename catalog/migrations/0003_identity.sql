-- Schema 3: stable identities and provenance.
-- Every organisation, cycle, action and review gets a UUID (random, version 4) that files
-- carry, so a file applies to what it names whatever it is called; change-log entries brought
-- in by an import name the file they came from ('' for changes made here).
ALTER TABLE organisations ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
ALTER TABLE cycles ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
ALTER TABLE actions ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
ALTER TABLE reviews ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
ALTER TABLE change_log ADD COLUMN imported_from TEXT NOT NULL DEFAULT '';

-- Each randomblob() call is evaluated per row, so every row gets its own UUID.
UPDATE organisations SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
    substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE cycles SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
    substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE actions SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
    substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE reviews SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
    substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));

CREATE UNIQUE INDEX organisations_uuid ON organisations (uuid);
CREATE UNIQUE INDEX cycles_uuid ON cycles (uuid);
CREATE UNIQUE INDEX actions_uuid ON actions (uuid);
CREATE UNIQUE INDEX reviews_uuid ON reviews (uuid);

-- A service's history: its entries by key, newest first.
CREATE INDEX change_log_key ON change_log (org_id, key, id);
