-- Schema 7: the SHA-256 of each pack body as validated when it was installed, so a process
-- loading the pack skips parsing it for validation again while the body is unchanged.
ALTER TABLE packs ADD COLUMN body_sha256 TEXT NOT NULL DEFAULT '';
