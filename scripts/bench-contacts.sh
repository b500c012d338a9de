#!/usr/bin/env bash
# Contact-log analysis: `trappe contacts analyze` against DuckDB (the issue's peer) on
# the same generated file, on the same machine, one after the other, RUNS times each.
# Prints the medians, their ratio and peak RSS, and checks the results are equal.
# Then `trappe contacts import` of the same file into a new SQLite database, IMPORT_RUNS
# times (default 1): wall time, peak RSS and database size, a re-import of the whole
# file into the same organisation (every contact replaced, the cube rebuilt from the
# compact log), and a check that the stored cube's totals equal the analysis.
#
#   bash scripts/bench-contacts.sh [ROWS]          (default 10000000)
#   SKIP_ANALYZE=1 bash scripts/bench-contacts.sh  (the import only)
#
# The data (about 1 GB for 10 M rows) is generated once into $CONTACTS_CACHE (default
# ~/.cache/trappe-bench), outside the repository. DuckDB and numpy live in a virtual
# environment of their own ($VENV, default /tmp/venv), never in the product.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${BENCH:-$ROOT/../shared/bench/contacts}
ROWS=${1:-10000000}
RUNS=${RUNS:-3}
VENV=${VENV:-/tmp/venv}
CACHE=${CONTACTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/trappe-bench}
mkdir -p "$CACHE"

if ! "$VENV/bin/python" -c 'import duckdb, numpy' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q duckdb numpy
fi
FILE="$CACHE/contacts-$ROWS.csv"
if [ ! -s "$FILE" ]; then
    echo "generating $FILE ..." >&2
    "$VENV/bin/python" "$BENCH/gen_contacts.py" "$ROWS" "$FILE.tmp"
    mv "$FILE.tmp" "$FILE"
fi

cargo build --release -q -p trappe --manifest-path "$ROOT/Cargo.toml"
TRAPPE="$ROOT/target/release/trappe"
cat "$FILE" > /dev/null # into the page cache

if [ -z "${SKIP_ANALYZE:-}" ]; then
for i in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$CACHE/time.duckdb.$i" \
        "$VENV/bin/python" "$BENCH/reference_duckdb.py" "$FILE" --threads 2 --out "$CACHE/duckdb.json" 2>/dev/null
    /usr/bin/time -f "%e %M" -o "$CACHE/time.trappe.$i" \
        "$TRAPPE" contacts analyze "$FILE" --format json > "$CACHE/trappe.json"
    echo "run $i: duckdb $(cut -d' ' -f1 "$CACHE/time.duckdb.$i") s, trappe $(cut -d' ' -f1 "$CACHE/time.trappe.$i") s" >&2
done

"$VENV/bin/python" - "$CACHE" "$RUNS" "$ROWS" <<'EOF'
import statistics, sys
cache, runs, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def load(tool):
    t = [tuple(float(x) for x in open(f"{cache}/time.{tool}.{i}").read().split()[-2:]) for i in range(1, runs + 1)]
    return [s for s, _ in t], [kb for _, kb in t]
d, dm = load("duckdb")
t, tm = load("trappe")
md, mt = statistics.median(d), statistics.median(t)
print(f"rows: {rows:,}  runs: {runs}")
print(f"duckdb : median {md:.2f} s [{min(d):.2f} to {max(d):.2f}], peak RSS {max(dm)/1048576:.2f} GiB")
print(f"trappe : median {mt:.2f} s [{min(t):.2f} to {max(t):.2f}], peak RSS {max(tm)/1048576:.2f} GiB")
print(f"ratio  : trappe is {md/mt:.1f}x faster (duckdb / trappe medians)")
EOF
"$VENV/bin/python" "$BENCH/compare.py" "$CACHE/duckdb.json" "$CACHE/trappe.json"
fi

# Import into SQLite: a fresh database each run, then a re-import of the same file.
IMPORT_RUNS=${IMPORT_RUNS:-1}
DB="$CACHE/import.db"
for i in $(seq "$IMPORT_RUNS"); do
    rm -f "$DB" "$DB-wal" "$DB-shm"
    "$TRAPPE" --db "$DB" org add --name "Bench Kommune" --kind kommune > /dev/null
    /usr/bin/time -f "%e %M" -o "$CACHE/time.import.$i" \
        "$TRAPPE" --db "$DB" contacts import --org "Bench Kommune" "$FILE" > /dev/null
    echo "import run $i: $(cut -d' ' -f1 "$CACHE/time.import.$i") s" >&2
done
stat -c %s "$DB" > "$CACHE/size.import"
/usr/bin/time -f "%e %M" -o "$CACHE/time.reimport" \
    "$TRAPPE" --db "$DB" contacts import --org "Bench Kommune" "$FILE" > /dev/null
"$TRAPPE" --db "$DB" org export --org "Bench Kommune" --out "$CACHE/export.json" > /dev/null
"$TRAPPE" contacts analyze "$FILE" --format json > "$CACHE/trappe.json"
"$VENV/bin/python" - "$CACHE" "$IMPORT_RUNS" "$DB" <<'EOF'
import json, os, statistics, sys
from collections import Counter
cache, runs, db = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def t(name):
    s, kb = open(f"{cache}/time.{name}").read().split()[-2:]
    return float(s), float(kb)
imp = [t(f"import.{i}") for i in range(1, runs + 1)]
re_s, re_kb = t("reimport")
size = int(open(f"{cache}/size.import").read())  # the database file (WAL checkpointed)
print(f"import : median {statistics.median(s for s, _ in imp):.2f} s "
      f"[{min(s for s, _ in imp):.2f} to {max(s for s, _ in imp):.2f}], "
      f"peak RSS {max(kb for _, kb in imp)/1048576:.2f} GiB, database {size/2**30:.2f} GiB")
print(f"re-import (every contact replaced): {re_s:.2f} s, peak RSS {re_kb/1048576:.2f} GiB")
# the stored cube's totals against the analysis (all organisations of the file summed)
cube = json.load(open(f"{cache}/export.json"))["contact_log"]["cube"]["cells"]
a = json.load(open(f"{cache}/trappe.json"))
got, want = Counter(), Counter()
for c in cube:
    got[("contacts", c["channel"])] += c["contacts"]
    got[("repeated", c["channel"])] += c["repeated"]
    got[("month", c["month"])] += c["contacts"]
for r in a["repeats"]:
    want[("contacts", r["channel"])] += r["contacts"]
    want[("repeated", r["channel"])] += r["repeated"]
for r in a["digital_share"]:
    want[("month", r["month"])] += r["contacts"]
print("cube totals equal the analysis" if got == want else f"CUBE DIFFERS: {got - want} {want - got}")
EOF
