#!/usr/bin/env bash
# Fuzzes the parsers that take outside input (model files, response imports, contact
# logs, XLSX workbooks) with cargo fuzz, each target for N seconds (default 60), one
# after another. scripts/test.sh runs fuzz_xlsx through it briefly. A crash stops the
# script: minimise it with `RUSTC_BOOTSTRAP=1 cargo fuzz tmin TARGET
# fuzz/artifacts/TARGET/crash-...`, fix the parser and add the input as a regression
# test next to it.
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SECONDS_EACH=${1:-60}
shift || true
# cargo-fuzz needs nightly flags; the one stable toolchain here accepts them with this.
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

TARGETS=("$@")
if [[ ${#TARGETS[@]} -eq 0 ]]; then
    mapfile -t TARGETS < <(cargo fuzz list)
fi

# Every target is built, whichever are run: a parser change that breaks a target's
# build fails here, not months later.
cargo fuzz build --sanitizer "${FUZZ_SANITIZER:-address}"

for t in "${TARGETS[@]}"; do
    printf '\n==> %s for %ss\n' "$t" "$SECONDS_EACH"
    # fuzz/corpus (ignored by git) keeps what the fuzzer learns between runs; the
    # hand-made seeds and, for models, the built-in model start it off.
    mkdir -p "fuzz/corpus/$t"
    if [[ $t == fuzz_model ]]; then
        cp models/*.toml "fuzz/corpus/$t/"
    fi
    # AddressSanitizer by default; FUZZ_SANITIZER=none if it cannot build.
    cargo fuzz run --sanitizer "${FUZZ_SANITIZER:-address}" "$t" \
        "fuzz/corpus/$t" "fuzz/seeds/$t" \
        -- -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048
done
printf '\n==> no crash in %s\n' "${TARGETS[*]}"
