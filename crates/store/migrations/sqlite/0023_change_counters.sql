-- A counter per round (scope = the round's id) that moves whenever its participation
-- figures may change, and one for the organisations (scope 0: names, kinds, tags), so
-- that a round's counts can be kept in memory and recomputed only when they changed.
-- Kept by triggers, not by the code, so that every writer (the web, the CLI, a restore,
-- a cascade from an erase) moves it, inside the writer's own transaction.
CREATE TABLE change_counters (
    scope   INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);

-- Each round's counter is made with the round (a conflict clause inside a trigger would
-- give way to the outer statement's, so the rows are there before anything moves them).
INSERT INTO change_counters (scope, version) SELECT id, 0 FROM rounds;
CREATE TRIGGER rounds_count_insert AFTER INSERT ON rounds BEGIN
    INSERT INTO change_counters (scope, version) VALUES (NEW.id, 0);
END;
CREATE TRIGGER rounds_count_delete AFTER DELETE ON rounds BEGIN
    DELETE FROM change_counters WHERE scope = OLD.id;
END;

CREATE TRIGGER invitations_count_insert AFTER INSERT ON invitations BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope = NEW.round_id;
END;
CREATE TRIGGER invitations_count_update
AFTER UPDATE OF status, revoked, opened_from, kind, org_id, round_id ON invitations BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope IN (OLD.round_id, NEW.round_id);
END;
CREATE TRIGGER invitations_count_delete AFTER DELETE ON invitations BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope = OLD.round_id;
END;

CREATE TRIGGER respondents_count_insert AFTER INSERT ON respondents BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope = NEW.round_id;
END;
CREATE TRIGGER respondents_count_update
AFTER UPDATE OF mails_sent, link_id, org_id, round_id ON respondents BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope IN (OLD.round_id, NEW.round_id);
END;
CREATE TRIGGER respondents_count_delete AFTER DELETE ON respondents BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope = OLD.round_id;
END;

CREATE TRIGGER completions_count_insert AFTER INSERT ON completions_per_day BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope = NEW.round_id;
END;
CREATE TRIGGER completions_count_update AFTER UPDATE ON completions_per_day BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope IN (OLD.round_id, NEW.round_id);
END;
CREATE TRIGGER completions_count_delete AFTER DELETE ON completions_per_day BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope = OLD.round_id;
END;

INSERT INTO change_counters (scope, version) VALUES (0, 0);
CREATE TRIGGER organisations_count_insert AFTER INSERT ON organisations BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope = 0;
END;
CREATE TRIGGER organisations_count_update AFTER UPDATE OF name, kind ON organisations BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope = 0;
END;
CREATE TRIGGER organisations_count_delete AFTER DELETE ON organisations BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope = 0;
END;
CREATE TRIGGER organisation_tags_count_insert AFTER INSERT ON organisation_tags BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope = 0;
END;
CREATE TRIGGER organisation_tags_count_update AFTER UPDATE ON organisation_tags BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope = 0;
END;
CREATE TRIGGER organisation_tags_count_delete AFTER DELETE ON organisation_tags BEGIN
    UPDATE change_counters SET version = version + 1 WHERE scope = 0;
END;
