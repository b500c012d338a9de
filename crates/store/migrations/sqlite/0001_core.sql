-- Trappe core: models, organisations, rounds, invitations, responses, accounts.
-- Timestamps are unix seconds (INTEGER), portable to PostgreSQL as BIGINT.

CREATE TABLE models (
    id          TEXT NOT NULL,
    version     TEXT NOT NULL,
    source      TEXT NOT NULL,          -- the TOML text, so a round always reads its pinned version
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('kommune', 'region', 'stat', 'andet')),
    cvr        TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE organisation_tags (
    org_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    tag    TEXT NOT NULL,
    PRIMARY KEY (org_id, tag)
);

CREATE TABLE rounds (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    model_id      TEXT NOT NULL,
    model_version TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    min_responses INTEGER NOT NULL DEFAULT 3 CHECK (min_responses >= 1),
    min_orgs      INTEGER NOT NULL DEFAULT 5 CHECK (min_orgs >= 1),
    created_at    INTEGER NOT NULL,
    FOREIGN KEY (model_id, model_version) REFERENCES models (id, version)
);

-- Anonymous responses: no link to a person, an address or (once submitted) a token.
CREATE TABLE responses (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    org_id       INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    status       TEXT NOT NULL DEFAULT 'partial' CHECK (status IN ('partial', 'complete')),
    role         TEXT,
    own_barrier  TEXT,
    source       TEXT NOT NULL DEFAULT 'web' CHECK (source IN ('web', 'import', 'demo'))
);
CREATE INDEX responses_round_org ON responses (round_id, org_id, status);

-- item is a question id, or 'barrier:<id>' for a barrier rating.
CREATE TABLE answers (
    response_id INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    item        TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (response_id, item)
);

-- A single-use link, or an open link (cap > 0) that hands each visitor a single-use link
-- of its own. Only the SHA-256 of a token is stored. response_id links a link to its
-- response only while the response is in progress; submitting clears it.
CREATE TABLE invitations (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    org_id      INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('single', 'open')),
    cap         INTEGER,
    spawned     INTEGER NOT NULL DEFAULT 0,
    status      TEXT NOT NULL DEFAULT 'unused' CHECK (status IN ('unused', 'started', 'used')),
    response_id INTEGER REFERENCES responses (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX invitations_round_org ON invitations (round_id, org_id);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    password_hash        TEXT NOT NULL,
    role                 TEXT NOT NULL DEFAULT 'organiser' CHECK (role IN ('organiser')),
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL
);

-- Only the SHA-256 of a session token is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
