#!/usr/bin/env bash
# Runs the fuzz targets of fuzz/ (cargo fuzz, nightly toolchain), one at a time
# (the machine's cores are shared), each for SECONDS:
#
#   scripts/fuzz.sh SECONDS [TARGET...]          `make fuzz`: new inputs go to
#                                                 fuzz/corpus/TARGET (kept, minimised
#                                                 with `cargo fuzz cmin` before a commit)
#   scripts/fuzz.sh --smoke SECONDS [TARGET...]  `make fuzz-smoke` (CI): replays the
#                                                 seeds and the kept corpus, then fuzzes
#                                                 briefly into a scratch folder
#
# Seeds (fuzz/seeds/TARGET) come from seeds/ (fuzz/seed-corpus.py). A crash stops the
# run with its input in fuzz/artifacts/TARGET/ and a non-zero exit; each crash found
# becomes a regression test in the normal test suite. Ends with one line per target:
# executions, seconds, and the result. Needs `rustup toolchain install nightly` and
# `cargo install cargo-fuzz --locked`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/fuzz"

smoke=0
if [ "${1:-}" = "--smoke" ]; then
    smoke=1
    shift
fi
seconds="${1:?usage: scripts/fuzz.sh [--smoke] SECONDS [TARGET...]}"
shift
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=(values config_json plan_json ledger_json observation_csv arrow_batches evaluate_ledger c_abi)
fi

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzzing needs the nightly toolchain and cargo-fuzz:" >&2
    echo "  rustup toolchain install nightly --profile minimal" >&2
    echo "  cargo install cargo-fuzz --locked" >&2
    exit 1
fi

# Built once, with debug assertions, for every target.
# (one build for every target)
cargo +nightly fuzz build --debug-assertions

summary=()
status=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "seeds/$target"
    if ((smoke)); then
        scratch="$(mktemp -d)"
        corpora=("$scratch" "corpus/$target" "seeds/$target")
    else
        corpora=("corpus/$target" "seeds/$target")
    fi
    log="$(mktemp)"
    echo "== $target: ${seconds} s"
    # -rss_limit_mb: the plan target's inputs hold the 190 kB plan; -timeout: one
    # input taking longer than 10 s is a finding (SPEC §6: linear in the data).
    if cargo +nightly fuzz run --debug-assertions "$target" "${corpora[@]}" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1; then
        result="no crash"
    else
        result="FAILED (see fuzz/artifacts/$target)"
        status=1
        tail -40 "$log"
    fi
    runs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')"
    summary+=("$(printf '%-16s %12s executions in %5s s: %s' "$target" "$runs" "$seconds" "$result")")
    rm -f "$log"
    if ((smoke)); then
        rm -rf "$scratch"
    fi
done
printf '\n== fuzz summary\n'
printf '%s\n' "${summary[@]}"
exit "$status"
