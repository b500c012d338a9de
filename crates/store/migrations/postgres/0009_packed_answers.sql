-- A response's answers move into one JSON object (as TEXT) on the response row
-- ({"<question id>": "3", "barrier:<id>": "4", ...}); see the SQLite twin.
ALTER TABLE responses ADD COLUMN answers TEXT NOT NULL DEFAULT '{}';
UPDATE responses SET answers = COALESCE(
    (SELECT json_object_agg(item, value)::text FROM answers WHERE answers.response_id = responses.id), '{}');
DROP TABLE answers;
