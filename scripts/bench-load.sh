#!/usr/bin/env bash
# Load benchmark (issue 7): wrk against `trappe serve` (release build) on loopback only,
# SECONDS per scenario, with a demo round of ORGS organisations x RESPONDENTS loaded:
#   /healthz                     the server's own ceiling (no database)
#   questionnaire page views     GET /s/TOKEN/p/N over 2,000 started links
#   answer submissions           POST of a questionnaire page's answers (a page save,
#                                one write transaction) over 5,000 links, each request
#                                on the next link
#   final submits                POST /s/TOKEN/submit, every request on a link of its
#                                own (a second round with 40,000 fresh links of
#                                another organisation)
#   organisation report          an organiser's report page of one organisation
# on SQLite, and on PostgreSQL too when TRAPPE_BENCH_PG is set (a private server from
# scripts/pg.sh, installed from Debian's packages when missing). Generated data stays in
# a temporary folder. Prints one table per backend.
# Usage: scripts/bench-load.sh [SECONDS] [ORGS] [RESPONDENTS]
#   env CONNS (default 16): connections for the questionnaire scenarios and /healthz;
#   REPORT_CONNS (default 4): for the report page.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECS=${1:-10}
ORGS=${2:-1000}
RESP=${3:-30}
CONNS=${CONNS:-16}
REPORT_CONNS=${REPORT_CONNS:-4}
for tool in wrk curl python3 bc; do
    if ! command -v $tool >/dev/null; then
        SUDO=()
        [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null && SUDO=(sudo)
        "${SUDO[@]}" apt-get update -qq
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $tool >/dev/null
    fi
done
cargo build --release -q -p trappe
BIN=$PWD/target/release/trappe
WORK=$(mktemp -d)
SERVER=
source scripts/pg.sh
cleanup() {
    [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null || true
    pg_stop
    rm -rf "$WORK"
}
trap cleanup EXIT
export TRAPPE_LOG=warn

# The Lua scripts: each wrk thread takes every THREADS-th link from its own offset.
cat > "$WORK/links.lua" <<'LUA'
local counter = 0
function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
end
function init(args)
    paths = {}
    for line in io.lines(os.getenv("LINKS")) do paths[#paths + 1] = line end
    i = id
    stride = tonumber(os.getenv("THREADS"))
    mode = os.getenv("MODE")
    body = os.getenv("BODY")
    pages = tonumber(os.getenv("PAGES"))
end
function request()
    local p = paths[(i % #paths) + 1]
    local n = i
    i = i + stride
    if mode == "page" then
        return wrk.format("GET", p .. "/p/" .. ((n % pages) + 1))
    elseif mode == "save" then
        return wrk.format("POST", p .. "/p/1",
            {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
    else
        return wrk.format("POST", p .. "/submit")
    end
end
LUA

# wrk's figures as "req/s p50 p99 non2xx3xx errors"
run_wrk() {
    local out
    out=$(wrk --latency "$@")
    echo "$out" >> "$WORK/wrk.log"
    awk '
        /Requests\/sec/ {rps = $2}
        $1 == "50%" {p50 = $2}
        $1 == "99%" {p99 = $2}
        /Non-2xx or 3xx/ {bad = $NF}
        /Socket errors/ {err = $0; sub(/.*Socket errors: /, "", err); gsub(/ /, "", err)}
        END {printf "%s %s %s %s %s\n", rps, p50, p99, (bad == "" ? 0 : bad), (err == "" ? "none" : err)}
    ' <<<"$out"
}

bench() {
    local label=$1 db=$2
    export TRAPPE_DB=$db
    local t0 t1 round org other sub port base session
    t0=$(date +%s.%N)
    round=$($BIN demo --orgs "$ORGS" --respondents "$RESP" --seed 7)
    t1=$(date +%s.%N)
    org=$($BIN org list | awk 'NR == 1 {print $1}')
    # The final submits go to another organisation (in a second round on the same model,
    # which the first organisation's report would otherwise show as its trend).
    other=$($BIN org list | awk 'NR == 2 {print $1}')
    sub=$($BIN round create --name "Indsendelser" --model servicemodenhed)
    $BIN round open "$sub" >/dev/null
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    base="http://127.0.0.1:$port"
    $BIN invite --round "$round" --org "$org" --count 2000 --base-url "$base" | sed "s#^$base##" > "$WORK/pages.txt"
    $BIN invite --round "$round" --org "$org" --count 5000 --base-url "$base" | sed "s#^$base##" > "$WORK/saves.txt"
    : > "$WORK/submits.txt"
    for _ in 1 2 3 4; do # at most 10,000 links per call
        $BIN invite --round "$sub" --org "$other" --count 10000 --base-url "$base" | sed "s#^$base##" >> "$WORK/submits.txt"
    done
    local body
    body=$($BIN model show --format json | python3 -c '
import json, sys
m = json.load(sys.stdin)
print("&".join(["q.%s=3" % q["id"] for q in m["dimensions"][0]["questions"]] + ["nav=next"]))')
    local pages
    pages=$($BIN model show --format json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["dimensions"]))')

    $BIN serve --bind "127.0.0.1:$port" > "$WORK/serve.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
    # An organiser's session for the report (the first start made `admin`).
    local otp jar csrf newpw
    otp=$(grep 'one-time password:' "$WORK/serve.log" | awk '{print $NF}')
    jar=$WORK/jar
    curl -s -c "$jar" -b "$jar" -o /dev/null -d "username=admin&password=$otp" "$base/login"
    csrf=$(curl -s -c "$jar" -b "$jar" "$base/account/password" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"//')
    newpw="benchmark password long enough"
    curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "current=$otp" \
        --data-urlencode "new=$newpw" --data-urlencode "repeat=$newpw" "$base/account/password"
    session=$(awk '$6 == "trappe_session" {print $7}' "$jar")
    local report="$base/admin/rounds/$round/orgs/$org/report"
    [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: trappe_session=$session" "$report") == 200 ]] \
        || { echo "the report page did not answer 200"; exit 1; }
    # A large round's first report is the progress of its analysis: wait for the report.
    local tries=0
    while curl -s -H "Cookie: trappe_session=$session" "$report" | grep -q 'id="import-progress"'; do
        (( ++tries < 120 )) || { echo "the round's analysis never finished"; exit 1; }
        sleep 0.5
    done
    # Start every link of the page-view and save scenarios (their first visit is a write).
    sed "s#^#$base#" "$WORK/pages.txt" "$WORK/saves.txt" | xargs -n 200 curl -s > /dev/null

    local results=()
    results+=("/healthz (ceiling)|$(run_wrk -t2 -c"$CONNS" -d"${SECS}s" "$base/healthz")")
    results+=("questionnaire page views|$(LINKS=$WORK/pages.txt THREADS=2 MODE=page PAGES=$pages \
        run_wrk -t2 -c"$CONNS" -d"${SECS}s" -s "$WORK/links.lua" "$base")")
    results+=("answer submissions (page saves)|$(LINKS=$WORK/saves.txt THREADS=2 MODE=save BODY=$body \
        run_wrk -t2 -c"$CONNS" -d"${SECS}s" -s "$WORK/links.lua" "$base")")
    # The report before the final submits: its trend would read their round too.
    results+=("organisation report ($REPORT_CONNS conns)|$(run_wrk -t1 -c"$REPORT_CONNS" -d"${SECS}s" \
        -H "Cookie: trappe_session=$session" "$report")")
    results+=("final submits (a link each)|$(LINKS=$WORK/submits.txt THREADS=2 MODE=submit \
        run_wrk -t2 -c"$CONNS" -d"${SECS}s" -s "$WORK/links.lua" "$base")")
    kill "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    SERVER=

    local ceiling
    ceiling=$(echo "${results[0]}" | cut -d'|' -f2 | awk '{print $1}')
    printf '\n%s: %d organisations x %d respondents loaded in %.1f s; %s s per scenario, %s connections\n' \
        "$label" "$ORGS" "$RESP" "$(echo "$t1 - $t0" | bc)" "$SECS" "$CONNS"
    printf '| %-36s | %10s | %9s | %9s | %8s | %s |\n' "scenario" "req/s" "p50" "p99" "of /healthz" "non-2xx/3xx, socket errors"
    local line name figures rps p50 p99 bad err
    for line in "${results[@]}"; do
        name=${line%%|*}
        figures=${line#*|}
        read -r rps p50 p99 bad err <<<"$figures"
        printf '| %-36s | %10s | %9s | %9s | %7.2f %% | %s, %s |\n' "$name" "$rps" "$p50" "$p99" \
            "$(echo "100 * $rps / $ceiling" | bc -l)" "$bad" "$err"
    done
    # What the submissions left in the database.
    echo "complete responses in the submit round: $($BIN results --round "$sub" --format json \
        | python3 -c 'import json, sys; print(sum(o["responses"] for o in json.load(sys.stdin)["organisations"]))')"
}

bench "SQLite" "$WORK/bench.db"

if [[ -n ${TRAPPE_BENCH_PG:-} ]]; then
    pg_install
    pg_start
    psql --no-psqlrc --quiet -d "$PG_URL" -c "CREATE DATABASE trappe_bench" >/dev/null
    bench "PostgreSQL" "${PG_URL%/postgres}/trappe_bench"
fi
