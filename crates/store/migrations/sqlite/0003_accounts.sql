-- Accounts: three roles, organisations per account, invitations, TOTP, pending logins.
--
-- SQLite cannot alter a CHECK constraint, so `users` is rebuilt the way the SQLite
-- documentation prescribes (create new, copy, drop old, rename new). Migrations run in a
-- transaction with foreign keys on, where the DROP would cascade to the sessions: they are
-- kept aside in a temporary table and put back, so nobody is signed out by the upgrade.

CREATE TEMP TABLE sessions_keep AS SELECT * FROM sessions;

CREATE TABLE users_new (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    password_hash        TEXT NOT NULL,
    role                 TEXT NOT NULL DEFAULT 'organiser' CHECK (role IN ('organiser', 'contact', 'viewer')),
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL,
    totp_secret          TEXT,              -- base32; set once a code has confirmed it
    totp_pending         TEXT,              -- a secret shown but not yet confirmed
    totp_last_step       INTEGER            -- the last time step accepted (no replay)
);
INSERT INTO users_new (id, username, password_hash, role, must_change_password, created_at)
    SELECT id, username, password_hash, role, must_change_password, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

INSERT INTO sessions SELECT * FROM sessions_keep;
DROP TABLE sessions_keep;

-- The organisations a contact or viewer belongs to (organisers see everything).
CREATE TABLE user_organisations (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id  INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, org_id)
);
CREATE INDEX user_organisations_org ON user_organisations (org_id);

-- A one-time link that lets its holder create an account. Only the token's SHA-256 is
-- stored; the link expires and is spent by its first use.
CREATE TABLE account_invitations (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('organiser', 'contact', 'viewer')),
    org_id     INTEGER REFERENCES organisations (id) ON DELETE CASCADE,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    CHECK ((role = 'organiser') = (org_id IS NULL))
);

-- The first step of a login with a second factor: the password was right, the code is
-- still to come. Not a session: it opens nothing but the code form.
CREATE TABLE pending_logins (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    next       TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL
);
