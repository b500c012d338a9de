-- Privacy: how long a round's data is kept, when it closed and when its data was purged,
-- and leases for scheduled jobs (so only one of several app instances runs a job).

-- Days after the round closes that its responses, answers and links are kept (default 3 years).
ALTER TABLE rounds ADD COLUMN retention_days BIGINT NOT NULL DEFAULT 1095 CHECK (retention_days >= 0);
-- Set when the round closes, cleared when it reopens.
ALTER TABLE rounds ADD COLUMN closed_at BIGINT;
-- Set when the retention ran out and the round's data was deleted; the round's name stays.
ALTER TABLE rounds ADD COLUMN purged_at BIGINT;
ALTER TABLE rounds ADD COLUMN purge_note TEXT;

-- Rounds closed before this upgrade start their retention now: nothing is deleted by surprise.
UPDATE rounds SET closed_at = CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) WHERE status = 'closed';

-- A job runs only on the instance that moves locked_until forward (UPDATE ... WHERE
-- locked_until < now): the others find the lease taken until the next period.
CREATE TABLE jobs (
    name            TEXT PRIMARY KEY,
    locked_until    BIGINT NOT NULL DEFAULT 0,
    last_started_at BIGINT
);

-- The audit page filters by action, newest first.
CREATE INDEX audit_log_action ON audit_log (action, id);
