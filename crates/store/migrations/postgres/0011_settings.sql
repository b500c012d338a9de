-- Installation-wide settings. 'secret' keys the hashes of values that must not be
-- reversible (client addresses for throttling now; citizen and case keys later).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
