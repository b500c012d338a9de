-- The twin of migrations/sqlite/0018_respondent_anonymity.sql.
-- Respondent anonymity (issue 13): when organisations see results, a threshold for
-- per-question tallies, who made a link, revoked links, and on each response only two
-- flags (never a link, an address or a time).

-- 'closed': organisations see results once the round closes; 'batches': also while it
-- is open, but only in steps of at least min_responses independent responses.
ALTER TABLE rounds ADD COLUMN results_shown TEXT NOT NULL DEFAULT 'closed'
    CHECK (results_shown IN ('closed', 'batches'));
-- Independent responses an organisation needs before per-question tallies show.
ALTER TABLE rounds ADD COLUMN min_tally BIGINT NOT NULL DEFAULT 10 CHECK (min_tally >= 1);

-- Who made a link: the organiser, or the organisation's own staff (a contact). Links
-- made before this upgrade cannot be told apart and count as the organiser's.
ALTER TABLE invitations ADD COLUMN made_by TEXT NOT NULL DEFAULT 'organiser'
    CHECK (made_by IN ('organiser', 'staff'));
-- An organiser vouched for a staff-made link: its responses count toward the minimum.
ALTER TABLE invitations ADD COLUMN approved BIGINT NOT NULL DEFAULT 0;
-- An organiser revoked the link: it opens nothing any more.
ALTER TABLE invitations ADD COLUMN revoked BIGINT NOT NULL DEFAULT 0;

-- 1: came through a staff-made link no organiser approved; counts apart from the minimum.
ALTER TABLE responses ADD COLUMN staff_unapproved BIGINT NOT NULL DEFAULT 0;
-- 1: part of the state results are read from (published in batches, or when the round
-- closes). Responses already complete stay visible as before.
ALTER TABLE responses ADD COLUMN published BIGINT NOT NULL DEFAULT 0;
UPDATE responses SET published = 1 WHERE status = 'complete';
-- Covers results_version (counted on every results page) and the publishing counts.
CREATE INDEX responses_round_published ON responses (round_id, status, published, staff_unapproved, id);
