#!/usr/bin/env bash
# Benchmark for the results of a large round (issue "Benchmarks and reports"):
#  1. results, benchmarks and 95 % bootstrap intervals of a round with 1,000 organisations
#     of 30 respondents each over the built-in model (`trappe results --format json`,
#     a whole process: load, score, benchmark, bootstrap, print);
#  2. one organisation's report page served under load (wrk on loopback, bounded),
#     against the server's own /healthz as the ceiling.
# Generated data goes to a temporary folder, never into the repository.
# Usage: scripts/bench-results.sh [ORGS] [RESPONDENTS] [SECONDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ORGS=${1:-1000}
RESP=${2:-30}
SECS=${3:-10}
for tool in wrk curl bc; do
    command -v $tool >/dev/null || { apt-get update -qq && apt-get install -y -qq $tool >/dev/null; }
done
cargo build --release -q
BIN=$PWD/target/release/trappe
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
export TRAPPE_DB=$WORK/bench.db TRAPPE_LOG=warn

t0=$(date +%s.%N)
ROUND=$($BIN demo --orgs "$ORGS" --respondents "$RESP" --seed 7)
t1=$(date +%s.%N)
printf 'demo data: %d organisations x %d respondents loaded in %.1f s\n' "$ORGS" "$RESP" "$(echo "$t1 - $t0" | bc)"

runs=()
for i in 1 2 3; do
    s=$(date +%s.%N)
    $BIN results --round "$ROUND" --format json > "$WORK/results.json"
    e=$(date +%s.%N)
    runs+=("$(echo "$e - $s" | bc)")
done
printf 'results + benchmarks + intervals (whole process), 3 runs: %s s\n' "${runs[*]}"
/usr/bin/time -f 'peak RSS: %M KiB' $BIN results --round "$ROUND" --format json > /dev/null

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
ORG=$($BIN org list | awk 'NR == 1 {print $1}')
URL="http://127.0.0.1:$PORT/admin/rounds/$ROUND/orgs/$ORG/report"
status=$(curl -s -o "$WORK/report.html" -w '%{http_code}' -H "Cookie: trappe_session=$SESSION" "$URL")
[ "$status" = 200 ] || { echo "report page answered $status"; exit 1; }
# A large round's first report is the progress of its analysis: wait for the report.
tries=0
while grep -q 'id="import-progress"' "$WORK/report.html"; do
    (( ++tries < 120 )) || { echo "the round's analysis never finished"; exit 1; }
    sleep 0.5
    curl -s -o "$WORK/report.html" -H "Cookie: trappe_session=$SESSION" "$URL"
done
s=$(date +%s.%N); curl -s -o /dev/null -H "Cookie: trappe_session=$SESSION" "$URL"; e=$(date +%s.%N)
printf 'report page once the analysis is ready: %.0f ms\n' "$(echo "($e - $s) * 1000" | bc)"
echo "--- wrk: /healthz (ceiling)"
wrk -t2 -c32 -d"${SECS}s" --latency "http://127.0.0.1:$PORT/healthz" | grep -E 'Requests/sec|  50%|  99%'
for c in 1 4 32; do
    echo "--- wrk: organisation report page, $c connection(s)"
    wrk -t1 -c$c -d"${SECS}s" --latency -H "Cookie: trappe_session=$SESSION" "$URL" | grep -E 'Requests/sec|  50%|  99%|Non-2xx'
done
