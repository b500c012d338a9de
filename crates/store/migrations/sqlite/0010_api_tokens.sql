-- Bearer tokens for the JSON API: made by an organiser, scoped to the whole installation
-- or to one organisation, read-only, revocable. Only the SHA-256 of a token is stored.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    org_id       INTEGER REFERENCES organisations (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
