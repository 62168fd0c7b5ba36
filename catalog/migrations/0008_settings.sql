-- Schema 8: per-user preferences of the interface (such as moving to the next service after
-- a score). They are not data about an organisation: not logged, not exported.
CREATE TABLE settings (
    user  TEXT NOT NULL,
    name  TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (user, name)
) STRICT;
