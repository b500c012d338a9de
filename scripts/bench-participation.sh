#!/usr/bin/env bash
# Benchmark for the participation page (issue 14): a round of 1,000 organisations with
# 30 invitees each (30,000 listed addresses and links: a third completed, a sixth
# started, 30 days of completions), seeded straight into SQLite in one transaction, then
# the organiser's /admin/rounds/R/participation served by a release build on loopback at
# one connection (wrk: p50 and p99 over every request of the run), against /healthz as
# the ceiling. Generated data goes to a temporary folder, never into the repository.
# Usage: scripts/bench-participation.sh [ORGS] [INVITEES] [SECONDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ORGS=${1:-1000}
PER=${2:-30}
SECS=${3:-10}
for tool in wrk curl sqlite3; do
    command -v $tool >/dev/null || { apt-get update -qq && apt-get install -y -qq $tool >/dev/null; }
done
[ -n "${NO_BUILD:-}" ] || cargo build --release -q
BIN=$PWD/target/release/trappe
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
export TRAPPE_DB=$WORK/bench.db TRAPPE_LOG=warn

ROUND=$($BIN round create --name "Netværk" --model servicemodenhed)
$BIN round open "$ROUND"
t0=$(date +%s.%N)
sqlite3 "$TRAPPE_DB" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ORGS)
INSERT INTO organisations (name, kind, created_at) SELECT printf('Kommune %04d', i), 'kommune', 0 FROM n;
INSERT INTO organisation_tags (org_id, tag) SELECT id, 'Region ' || (id % 5) FROM organisations;
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < $PER)
INSERT INTO invitations (round_id, org_id, token_hash, kind, created_at, status)
SELECT $ROUND, o.id, printf('bench-%d-%d', o.id, k.j), 'single', 0,
       CASE WHEN k.j <= $PER / 3 THEN 'used' WHEN k.j <= $PER / 2 THEN 'started' ELSE 'unused' END
FROM organisations o, k;
INSERT INTO respondents (round_id, org_id, email, email_key, listed_by, link_id, mails_sent)
SELECT round_id, org_id, token_hash || '@example.dk', token_hash || '@example.dk', 'organiser', id, 1
FROM invitations WHERE round_id = $ROUND;
WITH RECURSIVE d(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM d WHERE x < 29)
INSERT INTO completions_per_day (round_id, org_id, day, count)
SELECT $ROUND, o.id, date('2027-01-01', '+' || d.x || ' days'), 1 FROM organisations o, d WHERE (o.id + d.x) % 3 = 0;
COMMIT;
SQL
t1=$(date +%s.%N)
printf 'seeded %d organisations x %d invitees in %.2f s\n' "$ORGS" "$PER" "$(echo "$t1 - $t0" | bc)"
$BIN rates --round "$ROUND" --format json | tail -6

PORT=$((20000 + RANDOM % 20000))
$BIN serve --bind 127.0.0.1:$PORT > "$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
OTP=$(grep 'one-time password:' "$WORK/serve.log" | awk '{print $NF}')
JAR=$WORK/jar
curl -s -c "$JAR" -b "$JAR" -o /dev/null -d "username=admin&password=$OTP" "http://127.0.0.1:$PORT/login"
CSRF=$(curl -s -c "$JAR" -b "$JAR" "http://127.0.0.1:$PORT/account/password" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"//')
NEWPW="benchmark password long enough"
curl -s -c "$JAR" -b "$JAR" -o /dev/null --data-urlencode "csrf=$CSRF" --data-urlencode "current=$OTP" --data-urlencode "new=$NEWPW" --data-urlencode "repeat=$NEWPW" "http://127.0.0.1:$PORT/account/password"
SESSION=$(awk '$6 == "trappe_session" {print $7}' "$JAR")
for q in "" "?sort=rate&dir=desc&tag=Region+2"; do
    URL="http://127.0.0.1:$PORT/admin/rounds/$ROUND/participation$q"
    status=$(curl -s -o "$WORK/page.html" -w '%{http_code}' -H "Cookie: trappe_session=$SESSION" "$URL")
    [ "$status" = 200 ] || { echo "participation page answered $status"; exit 1; }
    rows=$(grep -o 'data-org=' "$WORK/page.html" | wc -l)
    echo "--- wrk: participation page$q ($rows rows, $(wc -c < "$WORK/page.html") bytes), 1 connection"
    wrk -t1 -c1 -d"${SECS}s" --latency -H "Cookie: trappe_session=$SESSION" "$URL" | grep -E 'requests in|Requests/sec|  50%|  99%|Non-2xx'
done
echo "--- wrk: /healthz (ceiling), 1 connection"
wrk -t1 -c1 -d"${SECS}s" --latency "http://127.0.0.1:$PORT/healthz" | grep -E 'Requests/sec|  50%|  99%'
