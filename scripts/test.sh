#!/usr/bin/env bash
# Trappe's one test command: formatting, lints, and every test, including the
# end-to-end test in headless Chromium (which may not skip here).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

# fonts-dejavu-core: the text of the report's charts downloaded as PNG (resvg draws with
# the system's fonts). Only what is missing is asked for: a machine whose Node.js came
# from elsewhere has npm already, and Debian's npm package conflicts with that nodejs.
PKGS=()
[[ -x /usr/bin/chromium ]] || PKGS+=(chromium)
[[ -x /usr/bin/chromedriver ]] || PKGS+=(chromium-driver)
[[ -x /usr/bin/sqlite3 ]] || PKGS+=(sqlite3)
[[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || PKGS+=(fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || PKGS+=(npm)
if [[ ${#PKGS[@]} -gt 0 ]]; then
    step "Installing ${PKGS[*]}"
    SUDO=()
    if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    fi
    "${SUDO[@]}" apt-get update
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${PKGS[@]}"
fi

# axe-core from the npm registry for the accessibility audit in Chromium
# (crates/cli/tests/api/a11y.rs), pinned so that a new rule arrives by choice.
AXE_VERSION=4.14.1
AXE_DIR=target/axe
AXE_JS=$AXE_DIR/node_modules/axe-core/axe.min.js
if [[ ! -f $AXE_JS ]] || ! grep -q "\"version\": \"$AXE_VERSION\"" "$AXE_DIR/node_modules/axe-core/package.json"; then
    step "Installing axe-core $AXE_VERSION from the npm registry into $AXE_DIR"
    npm install --no-save --no-audit --no-fund --prefix "$AXE_DIR" "axe-core@$AXE_VERSION"
fi
export TRAPPE_AXE="$PWD/$AXE_JS"
# The OWASP SAMM reference data (CC BY-SA, never copied into the repository) for the
# SAMM import tests; they skip with a line when it is not there.
export TRAPPE_SAMM="${TRAPPE_SAMM:-$(cd .. && pwd)/shared/samm}"

# A real SMTP server for the mail tests (crates/cli/tests/api/mail.rs): aiosmtpd from
# PyPI in a venv of its own, which the tests run scripts/smtp_sink.py with.
AIOSMTPD_VERSION=1.4.6
PYENV=target/pyenv
if ! "$PYENV/bin/python" -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '$AIOSMTPD_VERSION')" 2>/dev/null; then
    step "Installing aiosmtpd $AIOSMTPD_VERSION from PyPI into $PYENV"
    python3 -m venv "$PYENV"
    "$PYENV/bin/pip" install --quiet "aiosmtpd==$AIOSMTPD_VERSION"
fi
# pypdf reads the report's PDF in crates/cli/tests/api/report.rs (pages, tags, text).
PYPDF_VERSION=7.1.1
if ! "$PYENV/bin/python" -c "import pypdf, sys; sys.exit(pypdf.__version__ != '$PYPDF_VERSION')" 2>/dev/null; then
    step "Installing pypdf $PYPDF_VERSION from PyPI into $PYENV"
    "$PYENV/bin/python" -m pip install --quiet "pypdf==$PYPDF_VERSION"
fi
export TRAPPE_TEST_PYTHON="$PWD/$PYENV/bin/python"

# PostgreSQL for the second run of the suite (a private server, started below).
source scripts/pg.sh
if ! pg_present; then
    step "Installing postgresql"
    pg_install
fi

step "cargo fmt --all -- --check"
cargo fmt --all -- --check

step "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo deny check licenses bans sources (deny.toml)"
if ! cargo deny --version >/dev/null 2>&1; then
    # once per machine; measured here: 11 min wall with other builds sharing the 2
    # cores (5.3 min of CPU time)
    cargo install cargo-deny --locked
fi
cargo deny check --hide-inclusion-graph licenses bans sources
# Advisories from the RustSec database. Every run checks against the snapshot in
# ../shared/advisory-db (beside the clone, read-only; see its SNAPSHOT.md): cargo-deny
# wants a git repository at <db-path>/advisory-db-<hash of the URL> and reads the HEAD
# commit's time, so the snapshot is copied to a temporary directory and committed there
# with its own date, and checked with --offline. Where GitHub answers, the live database
# is checked too. Ignored advisories are in deny.toml, each with its reason.
ADVISORY_SNAPSHOT=$(cd .. && pwd)/shared/advisory-db
ADVISORIES_CHECKED=0
if [[ -f $ADVISORY_SNAPSHOT/SNAPSHOT.md && -d $ADVISORY_SNAPSHOT/crates ]]; then
    step "cargo deny check advisories (the RustSec snapshot in $ADVISORY_SNAPSHOT)"
    DENY_TMP=$(mktemp -d)
    DB=$DENY_TMP/db/advisory-db-3157b0e258782691
    mkdir -p "$DB"
    cp -R "$ADVISORY_SNAPSHOT/." "$DB/"
    # the snapshot's date, as SNAPSHOT.md gives it ("commit <sha> of YYYY-MM-DD")
    SNAP_DATE=$(grep -o 'of 20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "$ADVISORY_SNAPSHOT/SNAPSHOT.md" | head -1 | cut -c4-)
    SNAP_DATE=${SNAP_DATE:-$(date -u +%F)}
    (
        cd "$DB"
        git init -q
        git add -A
        GIT_AUTHOR_DATE="${SNAP_DATE}T00:00:00Z" GIT_COMMITTER_DATE="${SNAP_DATE}T00:00:00Z" \
            git -c user.name=trappe-test -c user.email=test@localhost -c commit.gpgsign=false \
            commit -q -m "RustSec advisory-db snapshot of $SNAP_DATE"
    )
    sed "s|^\[advisories\]\$|[advisories]\ndb-path = \"$DENY_TMP/db\"|" deny.toml >"$DENY_TMP/deny.toml"
    grep -q "^db-path = " "$DENY_TMP/deny.toml"
    cargo deny --offline --config "$DENY_TMP/deny.toml" check --hide-inclusion-graph advisories
    rm -rf "$DENY_TMP"
    echo "advisories: checked against the RustSec snapshot of $SNAP_DATE"
    ADVISORIES_CHECKED=1
fi
if GIT_TERMINAL_PROMPT=0 timeout 15 git ls-remote https://github.com/rustsec/advisory-db HEAD >/dev/null 2>&1; then
    step "cargo deny check advisories (the live RustSec database)"
    cargo deny check --hide-inclusion-graph advisories
    ADVISORIES_CHECKED=1
else
    echo "advisories: the live RustSec database (github.com) is unreachable; not checked against it"
fi
if [[ $ADVISORIES_CHECKED -eq 0 ]]; then
    printf '\n%s\n%s\n%s\n\n' \
        "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" \
        "!!! ADVISORIES NOT CHECKED: no RustSec snapshot at $ADVISORY_SNAPSHOT and github.com unreachable" \
        "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
fi

LOG=$(mktemp)
PG_LOG=$(mktemp)
trap 'pg_stop; rm -f "$LOG" "$PG_LOG"' EXIT

step "cargo test --workspace on SQLite (TRAPPE_REQUIRE_BROWSER=1)"
START=$SECONDS
TRAPPE_REQUIRE_BROWSER=1 cargo test --workspace 2>&1 | tee "$LOG"
SQLITE_SECS=$((SECONDS - START))

step "cargo test --workspace on PostgreSQL (a private server; TRAPPE_TEST_PG)"
pg_start
echo "PostgreSQL at $PG_URL"
START=$SECONDS
TRAPPE_TEST_PG=$PG_URL TRAPPE_REQUIRE_BROWSER=1 cargo test --workspace 2>&1 | tee "$PG_LOG"
PG_SECS=$((SECONDS - START))
pg_stop
echo "suite times: SQLite ${SQLITE_SECS}s, PostgreSQL ${PG_SECS}s"
PASSED=$(cat "$LOG" "$PG_LOG" | grep -o 'test result: ok\. [0-9]* passed' | awk '{s += $4} END {print s + 0}')

step "Hostile-input campaign against a running server (scripts/hostile.py)"
python3 scripts/hostile.py target/debug/trappe

# The XLSX reader (outside input that once aborted the server with 1.2 KB) is fuzzed on
# every run, briefly: small workbooks built from the fuzzer's bytes through the reader the
# CLI, the import and the upload use. TRAPPE_FUZZ_SECONDS=0 leaves it out.
FUZZ_SECONDS=${TRAPPE_FUZZ_SECONDS:-45}
if [[ $FUZZ_SECONDS -gt 0 ]]; then
    step "Fuzzing the XLSX reader for ${FUZZ_SECONDS}s (scripts/fuzz.sh, fuzz_xlsx)"
    bash scripts/fuzz.sh "$FUZZ_SECONDS" fuzz_xlsx
fi

step "All checks passed"
# One plain closing line for the whole run (cargo's last lines are doc-tests with none).
echo "tests: $PASSED passed, 0 failed"
