-- Single sign-on through OpenID Connect, and recovery codes for the second factor.

-- An account's e-mail address as an identity provider vouched for it (NULL for
-- accounts made by invitation, whose username may be an address).
ALTER TABLE users ADD COLUMN email TEXT;

-- Who an account is at an identity provider: the ID token's `iss` and `sub`, which
-- never change for a person (an e-mail address may).
CREATE TABLE sso_identities (
    issuer        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_login_at INTEGER NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX sso_identities_user ON sso_identities (user_id);

-- A sign-in sent to the identity provider and not yet back: the browser holds a cookie
-- whose SHA-256 is the key; state, nonce and the PKCE verifier wait here (ten minutes,
-- spent by the first answer), so any instance behind a load balancer can finish it.
CREATE TABLE sso_logins (
    token_hash TEXT PRIMARY KEY,
    state      TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    verifier   TEXT NOT NULL,
    next       TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

-- One-time codes that stand in for the second factor when the phone is lost. Only the
-- SHA-256 of a code (80 random bits) is stored; a code is spent by setting used_at.
CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);
