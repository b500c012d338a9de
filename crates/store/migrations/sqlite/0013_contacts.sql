-- Contact logs (issue 4): one row per contact of a citizen with an organisation, the
-- imports that stored them, and each organisation's cube (the sums the channel page reads).
-- Times are unix seconds (UTC). No personal identifier is stored: citizen and case keys
-- are keyed hashes (HMAC-SHA256 under the installation's secret, first 16 bytes), an
-- empty key stays an empty BLOB, and columns not mapped to a canonical column are never
-- stored.

-- A re-imported contact_id replaces the stored contact (ON CONFLICT DO UPDATE), so the
-- key is the table's order (WITHOUT ROWID: one B-tree, no second index to write; on
-- PostgreSQL an ordinary table with this primary key).
CREATE TABLE contacts (
    org_id       INTEGER NOT NULL REFERENCES organisations (id),
    contact_id   INTEGER NOT NULL,
    ts           INTEGER NOT NULL,            -- the contact's time, unix seconds (UTC)
    channel      TEXT NOT NULL,               -- canonical channel name (phone, web, ...)
    service      TEXT NOT NULL DEFAULT '',    -- empty when the log gave none
    citizen_key  BLOB NOT NULL,               -- keyed hash (16 bytes) or empty
    case_key     BLOB NOT NULL,               -- keyed hash (16 bytes) or empty
    duration_s   INTEGER,                     -- whole seconds (a decimal is rounded)
    resolved     INTEGER,                     -- 0 or 1
    satisfaction INTEGER,                     -- 1 to 5
    effort       INTEGER,                     -- 1 to 7
    import_id    INTEGER NOT NULL,            -- the contact_imports row that stored it last
    PRIMARY KEY (org_id, contact_id)
) WITHOUT ROWID;

-- Every import of a file: progress while it runs, an audit trail afterwards. status is
-- 'running', 'done' (rows stored), 'rejected' (bad rows and no --skip-bad: nothing
-- stored) or 'failed' (the file was refused or the import broke off: nothing stored).
-- A row left 'running' by a killed process stored nothing (one transaction per file).
CREATE TABLE contact_imports (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organisations (id),
    file_name   TEXT NOT NULL,
    rows        INTEGER NOT NULL DEFAULT 0,   -- rows stored
    rejected    INTEGER NOT NULL DEFAULT 0,   -- rows refused (skipped with --skip-bad)
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    status      TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'done', 'rejected', 'failed')),
    message     TEXT,                         -- why it was rejected or failed
    actor       TEXT
);
CREATE INDEX contact_imports_org ON contact_imports (org_id, id);

-- The organisation's contacts summed per (month, channel, service): trappe_core's Cube as
-- JSON, recomputed after each import and purge from the organisation's compact log below
-- (so a new file never needs every stored row read back). services: the log's service
-- names, a JSON array its entries index.
CREATE TABLE contact_cubes (
    org_id      INTEGER PRIMARY KEY REFERENCES organisations (id),
    cube        TEXT NOT NULL,
    services    TEXT NOT NULL,
    contacts    INTEGER NOT NULL,
    computed_at INTEGER NOT NULL
);

-- The organisation's stored contacts in compact form, what the cube needs of each
-- (trappe_core's LogEntry: id, time, a hash of the hashed keys, service, channel,
-- satisfaction, effort; 32 bytes), in chunks of up to a million. Written in the same
-- transaction as the contacts it mirrors.
CREATE TABLE contact_log_chunks (
    org_id  INTEGER NOT NULL REFERENCES organisations (id),
    chunk   INTEGER NOT NULL,
    entries BLOB NOT NULL,
    PRIMARY KEY (org_id, chunk)
);

-- How long an organisation's contacts are kept, counted from each contact's time
-- (default two years); `trappe purge` deletes older ones.
ALTER TABLE organisations ADD COLUMN contact_retention_days INTEGER NOT NULL DEFAULT 730
    CHECK (contact_retention_days >= 0);
