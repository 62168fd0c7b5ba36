-- Users of a shared server (cdc serve): who may connect with which SSH keys, in which
-- role, and which organisations an assessor may change.
CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    role       TEXT NOT NULL CHECK (role IN ('viewer', 'assessor', 'admin')),
    created_at TEXT NOT NULL
) STRICT;

-- A key belongs to one user; its SHA256 fingerprint is how a connection is recognised.
CREATE TABLE user_keys (
    fingerprint TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    public_key  TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    added_at    TEXT NOT NULL
) STRICT;

CREATE TABLE user_orgs (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id  INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, org_id)
) STRICT;

CREATE INDEX user_keys_user ON user_keys (user_id);
CREATE INDEX user_orgs_org ON user_orgs (org_id);
