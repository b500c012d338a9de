-- Who did what: append-only (the triggers refuse updates and deletes).
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    actor   TEXT,                 -- a username, 'cli', or NULL for the system
    action  TEXT NOT NULL,        -- e.g. login, login_failed, export, results_viewed
    subject TEXT,                 -- what it concerned, e.g. 'round 3'
    detail  TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Failed logins per account and per (hashed) address, for throttling. Shared through the
-- database so that several app instances throttle together.
CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL
);
