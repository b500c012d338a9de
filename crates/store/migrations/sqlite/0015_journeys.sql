-- Citizen journeys and their feedback (issue 5): a journey is a service's moments in
-- order; citizens rate the moments, the whole journey, the effort (CES) and the NPS
-- question through a short public link. Feedback is anonymous: no address, no user
-- agent, no link or form-use identifier and no time finer than the day is stored with
-- a response.

CREATE TABLE journeys (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organisations (id),
    service        TEXT NOT NULL DEFAULT '',
    name           TEXT NOT NULL,
    -- 'bipolar7' (1 very bad to 7 very good) or 'unipolar-bad10' (0 to 10, high is bad)
    scale          TEXT NOT NULL DEFAULT 'bipolar7'
                   CHECK (scale IN ('bipolar7', 'unipolar-bad10')),
    -- Days a response is kept after the day it was given (default 2 years), then purged.
    retention_days INTEGER NOT NULL DEFAULT 730 CHECK (retention_days >= 1),
    created_at     INTEGER NOT NULL
);
CREATE INDEX journeys_org ON journeys (org_id);

-- The moments in order (position 1..n). A moment's id names its CSV column; it never
-- changes once made, its names and channel may.
CREATE TABLE journey_moments (
    journey_id INTEGER NOT NULL REFERENCES journeys (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    id         TEXT NOT NULL,
    name_da    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    channel    TEXT,                          -- a canonical channel name, or NULL
    PRIMARY KEY (journey_id, position),
    UNIQUE (journey_id, id)
);

-- Public feedback links ("letter", "front desk"): a short random token each. The token
-- is not secret (it is printed on letters and screens), so it is kept as it is.
CREATE TABLE journey_links (
    id         INTEGER PRIMARY KEY,
    journey_id INTEGER NOT NULL REFERENCES journeys (id) ON DELETE CASCADE,
    token      TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX journey_links_journey ON journey_links (journey_id);

-- One row per response. `day` is unix seconds at 00:00 UTC of the day it was given (or
-- imported): never finer. `ratings` is a JSON object, moment id -> rating, holding the
-- rated moments only.
CREATE TABLE journey_feedback (
    id         INTEGER PRIMARY KEY,
    journey_id INTEGER NOT NULL REFERENCES journeys (id) ON DELETE CASCADE,
    day        INTEGER NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('form', 'import')),
    ratings    TEXT NOT NULL,
    overall    INTEGER CHECK (overall BETWEEN 1 AND 7),
    ces        INTEGER CHECK (ces BETWEEN 1 AND 7),
    nps        INTEGER CHECK (nps BETWEEN 0 AND 10),
    comment    TEXT
);
CREATE INDEX journey_feedback_journey ON journey_feedback (journey_id, day);

-- Single-use form nonces: issued (hashed) when the form is shown, deleted when a
-- response is stored with it, and deleted after a day when never used. Never joined
-- to a response.
CREATE TABLE journey_nonces (
    hash       TEXT PRIMARY KEY,
    link_id    INTEGER NOT NULL REFERENCES journey_links (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE INDEX journey_nonces_created ON journey_nonces (created_at);
