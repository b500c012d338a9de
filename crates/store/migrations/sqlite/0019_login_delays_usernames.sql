-- Usernames compared as people read them: the UTS #39 skeleton of the lower-cased name
-- (trappe_core::username::username_key), filled in by the store when it opens, since SQL
-- cannot compute it. Not unique: accounts that already clash keep working (each signs
-- in by its exact name); the store refuses any new clash inside its write transaction.
ALTER TABLE users ADD COLUMN username_key TEXT;
CREATE INDEX users_by_username_key ON users (username_key);

-- Failed logins per (account, client address) pair, as a keyed hash: each failure past
-- the free ones doubles the wait before the next attempt of that pair (in milliseconds,
-- so a wait of one second is one second).
CREATE TABLE login_delays (
    key      TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_ms  INTEGER NOT NULL
);
