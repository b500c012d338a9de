-- A round's results version (Store::results_version) counts its complete responses and
-- takes their highest id on every report and cohort page: with this index both read a
-- range of one index (the highest id at once) instead of every response of the round.
CREATE INDEX responses_round_status ON responses (round_id, status, id);
