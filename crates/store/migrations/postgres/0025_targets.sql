-- Targets (issue 18): an organisation's questionnaire answered as it wants to be, one per
-- round and organisation. A target is not a response: it is kept apart so it can never
-- count in a benchmark, an average or a response count.
CREATE TABLE targets (
    round_id BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    org_id   BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    -- {"question id": "answer code"}
    answers  TEXT NOT NULL,
    set_at   BIGINT NOT NULL,
    PRIMARY KEY (round_id, org_id)
);
