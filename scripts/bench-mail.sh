#!/usr/bin/env bash
# Mail: N invitations (default 10,000) queued and sent by `trappe user invite-contacts`
# (release build, SQLite) to a local aiosmtpd (scripts/smtp_sink.py, --raw-only), over
# one reused SMTP connection. Reports mails per second as the server received them
# (first to last message), the whole command's wall time and peak RSS, and the number
# of connections; and the same for a tenth of N, so a flat memory shows as equal peaks.
#
#   bash scripts/bench-mail.sh [N]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-10000}
PYENV=$ROOT/target/pyenv
if ! "$PYENV/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
    python3 -m venv "$PYENV"
    "$PYENV/bin/pip" install -q "aiosmtpd==1.4.6"
fi
cargo build --release -q -p trappe --manifest-path "$ROOT/Cargo.toml"
TRAPPE=$ROOT/target/release/trappe
WORK=$(mktemp -d)
SINK_PID=
cleanup() {
    [[ -n $SINK_PID ]] && kill "$SINK_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

run() {
    local n=$1
    local db=$WORK/bench-$n.db out=$WORK/mails-$n
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$out"
    "$PYENV/bin/python" "$ROOT/scripts/smtp_sink.py" --port "$port" --out "$out" --raw-only > "$WORK/sink-$n.log" &
    SINK_PID=$!
    until grep -q ready "$WORK/sink-$n.log" 2>/dev/null; do sleep 0.1; done
    "$TRAPPE" --db "$db" migrate > /dev/null
    sqlite3 "$db" "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $n)
        INSERT INTO organisations (name, kind, created_at, contact_email)
        SELECT printf('Organisation %06d', i), 'kommune', 0, printf('kontakt%06d@bench.example.dk', i) FROM s;"
    TRAPPE_LOG=warn /usr/bin/time -f '%e %M' -o "$WORK/time-$n" \
        "$TRAPPE" --db "$db" user invite-contacts --smtp "smtp://127.0.0.1:$port" \
        --mail-from "Trappe <trappe@bench.example.dk>" > "$WORK/out-$n"
    kill "$SINK_PID"; wait "$SINK_PID" 2>/dev/null || true; SINK_PID=
    local got first last
    got=$(find "$out" -name '*.eml' | wc -l)
    first=$(stat -c %.Y "$out/0000001.eml")
    last=$(stat -c %.Y "$(printf '%s/%07d.eml' "$out" "$got")")
    read -r wall rss < "$WORK/time-$n"
    python3 - "$n" "$got" "$first" "$last" "$wall" "$rss" "$(cat "$out/sessions")" "$(tail -1 "$WORK/out-$n")" <<'PY'
import sys
n, got, first, last, wall, rss, sessions, line = sys.argv[1:]
n, got, sessions = int(n), int(got), int(sessions)
span = float(last) - float(first)
rate = (got - 1) / span if span > 0 else float("inf")
print(f"{n:>6} mails: received {got} on {sessions} connection(s); sending {rate:,.0f} mails/s "
      f"({span:.2f} s first to last); whole command {float(wall):.2f} s, peak RSS {int(rss) / 1024:.1f} MB; "
      f"trappe said '{line}'")
PY
}

run $((N / 10))
run "$N"
