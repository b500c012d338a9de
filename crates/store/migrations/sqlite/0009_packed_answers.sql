-- A response's answers move into one JSON object on the response row
-- ({"<question id>": "3", "barrier:<id>": "4", ...}). Results read one row per
-- respondent instead of one per answer: a 1,000-organisation round loads in a fraction
-- of the time. Saving a page rewrites the object inside the page's transaction.
ALTER TABLE responses ADD COLUMN answers TEXT NOT NULL DEFAULT '{}';
UPDATE responses SET answers = COALESCE(
    (SELECT json_group_object(item, value) FROM answers WHERE answers.response_id = responses.id), '{}');
DROP TABLE answers;
