-- A counter per round (scope = the round's id) that moves whenever its participation
-- figures may change, and one for the organisations (scope 0: names, kinds, tags), so
-- that a round's counts can be kept in memory and recomputed only when they changed.
-- Kept by triggers, not by the code, so that every writer (the web, the CLI, a restore,
-- a cascade from an erase) moves it, inside the writer's own transaction.
CREATE TABLE change_counters (
    scope   BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO change_counters (scope, version) VALUES (0, 0);

CREATE FUNCTION change_counters_bump(s BIGINT) RETURNS void AS $$
BEGIN
    INSERT INTO change_counters (scope, version) VALUES (s, 1)
    ON CONFLICT (scope) DO UPDATE SET version = change_counters.version + 1;
END;
$$ LANGUAGE plpgsql;

-- Rows of a round: its counter moves (both rounds' when a row changes round).
CREATE FUNCTION change_counters_round() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM change_counters_bump(OLD.round_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.round_id <> OLD.round_id) THEN
        PERFORM change_counters_bump(NEW.round_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Organisations and their tags: the shared counter moves.
CREATE FUNCTION change_counters_orgs() RETURNS trigger AS $$
BEGIN
    PERFORM change_counters_bump(0);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER invitations_count_insert AFTER INSERT OR DELETE ON invitations
    FOR EACH ROW EXECUTE FUNCTION change_counters_round();
CREATE TRIGGER invitations_count_update
    AFTER UPDATE OF status, revoked, opened_from, kind, org_id, round_id ON invitations
    FOR EACH ROW EXECUTE FUNCTION change_counters_round();
CREATE TRIGGER respondents_count_insert AFTER INSERT OR DELETE ON respondents
    FOR EACH ROW EXECUTE FUNCTION change_counters_round();
CREATE TRIGGER respondents_count_update
    AFTER UPDATE OF mails_sent, link_id, org_id, round_id ON respondents
    FOR EACH ROW EXECUTE FUNCTION change_counters_round();
CREATE TRIGGER completions_count AFTER INSERT OR UPDATE OR DELETE ON completions_per_day
    FOR EACH ROW EXECUTE FUNCTION change_counters_round();
CREATE TRIGGER organisations_count AFTER INSERT OR DELETE OR UPDATE OF name, kind ON organisations
    FOR EACH ROW EXECUTE FUNCTION change_counters_orgs();
CREATE TRIGGER organisation_tags_count AFTER INSERT OR UPDATE OR DELETE ON organisation_tags
    FOR EACH ROW EXECUTE FUNCTION change_counters_orgs();
