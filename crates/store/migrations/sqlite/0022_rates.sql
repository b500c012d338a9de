-- Response rates and open links that count people (issue 14, items 6 and 8).

-- The open link a visitor's own single-use link was handed out by (NULL: made by hand or
-- mailed from a list). It tells hand-made links from an open link's visitors (only the
-- former count as invited) and lets a returning visitor's cookie be checked against
-- the open link it came through. No foreign key: a round's links go together.
ALTER TABLE invitations ADD COLUMN opened_from INTEGER;
-- The participation page reads a round's links with the list entries that mailed them.
CREATE INDEX respondents_link ON respondents (link_id);
