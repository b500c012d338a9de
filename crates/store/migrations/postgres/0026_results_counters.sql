-- A counter per round that moves whenever what its analysis is made from may change:
-- its published responses (added, changed, approved, removed), its links (which bring
-- organisations into the round) and the round's own row. With the organisations' counter
-- (change_counters scope 0) it is the version a round's analysis is kept in memory at;
-- reading it is one lookup by key, where counting the responses took 4 ms at 30,000.
-- Values come from one sequence, so no two versions of any rounds are ever equal.
CREATE SEQUENCE results_versions;
CREATE TABLE results_counters (
    round_id BIGINT PRIMARY KEY,
    version  BIGINT NOT NULL
);

CREATE FUNCTION results_counters_bump(r BIGINT) RETURNS void AS $$
BEGIN
    INSERT INTO results_counters (round_id, version) VALUES (r, nextval('results_versions'))
    ON CONFLICT (round_id) DO UPDATE SET version = EXCLUDED.version;
END;
$$ LANGUAGE plpgsql;

-- Rows of a round: its counter moves (both rounds' when a row changes round). Only
-- published responses are read by results: saving a page of an unfinished one moves
-- nothing.
CREATE FUNCTION results_counters_round() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'responses' THEN
        IF NOT ((TG_OP <> 'INSERT' AND OLD.published = 1)
                OR (TG_OP <> 'DELETE' AND NEW.published = 1)) THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM results_counters_bump(OLD.round_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.round_id <> OLD.round_id) THEN
        PERFORM results_counters_bump(NEW.round_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION results_counters_rounds() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM results_counters WHERE round_id = OLD.id;
    ELSE
        PERFORM results_counters_bump(NEW.id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

INSERT INTO results_counters (round_id, version) SELECT id, nextval('results_versions') FROM rounds;
CREATE TRIGGER rounds_results AFTER INSERT OR UPDATE OR DELETE ON rounds
    FOR EACH ROW EXECUTE FUNCTION results_counters_rounds();
CREATE TRIGGER responses_results AFTER INSERT OR UPDATE OR DELETE ON responses
    FOR EACH ROW EXECUTE FUNCTION results_counters_round();
CREATE TRIGGER invitations_results_change AFTER INSERT OR DELETE OR UPDATE OF org_id, round_id
    ON invitations FOR EACH ROW EXECUTE FUNCTION results_counters_round();
