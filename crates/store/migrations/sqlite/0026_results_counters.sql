-- A counter per round that moves whenever what its analysis is made from may change:
-- its published responses (added, changed, approved, removed), its links (which bring
-- organisations into the round) and the round's own row. With the organisations' counter
-- (change_counters scope 0) it is the version a round's analysis is kept in memory at;
-- reading it is one lookup by key, where counting the responses took 4 ms at 30,000.
-- Values come from one sequence (the row of round 0), so a round made after another was
-- deleted (SQLite may give it the same id) never meets the deleted round's version.
CREATE TABLE results_counters (
    round_id INTEGER PRIMARY KEY,
    version  INTEGER NOT NULL
);
INSERT INTO results_counters (round_id, version) VALUES (0, 1);
INSERT INTO results_counters (round_id, version) SELECT id, 1 FROM rounds;

CREATE TRIGGER rounds_results_insert AFTER INSERT ON rounds BEGIN
    UPDATE results_counters SET version = version + 1 WHERE round_id = 0;
    INSERT INTO results_counters (round_id, version)
        SELECT NEW.id, version FROM results_counters WHERE round_id = 0;
END;
CREATE TRIGGER rounds_results_update AFTER UPDATE ON rounds BEGIN
    UPDATE results_counters SET version = version + 1 WHERE round_id = 0;
    UPDATE results_counters SET version = (SELECT version FROM results_counters WHERE round_id = 0)
        WHERE round_id = NEW.id;
END;
CREATE TRIGGER rounds_results_delete AFTER DELETE ON rounds BEGIN
    DELETE FROM results_counters WHERE round_id = OLD.id;
END;

-- Only published responses are read by results: saving a page of an unfinished one
-- moves nothing.
CREATE TRIGGER responses_results_insert AFTER INSERT ON responses WHEN NEW.published = 1 BEGIN
    UPDATE results_counters SET version = version + 1 WHERE round_id = 0;
    UPDATE results_counters SET version = (SELECT version FROM results_counters WHERE round_id = 0)
        WHERE round_id = NEW.round_id;
END;
CREATE TRIGGER responses_results_update AFTER UPDATE ON responses
WHEN OLD.published = 1 OR NEW.published = 1 BEGIN
    UPDATE results_counters SET version = version + 1 WHERE round_id = 0;
    UPDATE results_counters SET version = (SELECT version FROM results_counters WHERE round_id = 0)
        WHERE round_id IN (OLD.round_id, NEW.round_id);
END;
CREATE TRIGGER responses_results_delete AFTER DELETE ON responses WHEN OLD.published = 1 BEGIN
    UPDATE results_counters SET version = version + 1 WHERE round_id = 0;
    UPDATE results_counters SET version = (SELECT version FROM results_counters WHERE round_id = 0)
        WHERE round_id = OLD.round_id;
END;

CREATE TRIGGER invitations_results_insert AFTER INSERT ON invitations BEGIN
    UPDATE results_counters SET version = version + 1 WHERE round_id = 0;
    UPDATE results_counters SET version = (SELECT version FROM results_counters WHERE round_id = 0)
        WHERE round_id = NEW.round_id;
END;
CREATE TRIGGER invitations_results_update AFTER UPDATE OF org_id, round_id ON invitations BEGIN
    UPDATE results_counters SET version = version + 1 WHERE round_id = 0;
    UPDATE results_counters SET version = (SELECT version FROM results_counters WHERE round_id = 0)
        WHERE round_id IN (OLD.round_id, NEW.round_id);
END;
CREATE TRIGGER invitations_results_delete AFTER DELETE ON invitations BEGIN
    UPDATE results_counters SET version = version + 1 WHERE round_id = 0;
    UPDATE results_counters SET version = (SELECT version FROM results_counters WHERE round_id = 0)
        WHERE round_id = OLD.round_id;
END;
