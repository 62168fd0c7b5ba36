-- Schema 5: document control of an organisation's reports: the classification marking that
-- stands in every page header, the distribution list, the reviewer, the document version and
-- the respondents who answered the questionnaires.
CREATE TABLE documents (
    org_id         INTEGER PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    classification TEXT NOT NULL DEFAULT '',
    distribution   TEXT NOT NULL DEFAULT '',
    reviewer       TEXT NOT NULL DEFAULT '',
    version        TEXT NOT NULL DEFAULT '',
    respondents    TEXT NOT NULL DEFAULT ''
);
