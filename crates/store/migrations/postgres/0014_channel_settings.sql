-- An organisation's channel settings for its channel page (issue 4).

-- What one contact costs on a channel, in kroner, as the organisation reckons it. A
-- channel without a row has no price: no cost is shown for it, none is assumed.
CREATE TABLE channel_prices (
    org_id     BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    channel    TEXT NOT NULL,
    price      DOUBLE PRECISION NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, channel)
);

-- A target share (0 to 1) of all contacts, for one channel or for 'digital' in total,
-- to reach by a date (TEXT, YYYY-MM-DD). A digital channel's or digital's target is a
-- floor, phone's, front desk's and letter's a ceiling. One target per scope and date.
CREATE TABLE channel_targets (
    org_id     BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    channel    TEXT NOT NULL,
    share      DOUBLE PRECISION NOT NULL,
    due        TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, channel, due)
);
