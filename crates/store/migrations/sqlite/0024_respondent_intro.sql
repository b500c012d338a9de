-- The respondent's first page (issue 16, item 1): what "jeres organisation" means in the
-- round's questions (the unit the respondent answers for, or the whole body), in the
-- organiser's words. NULL: the catalogue's default sentence naming the organisation.
ALTER TABLE rounds ADD COLUMN org_scope TEXT;
