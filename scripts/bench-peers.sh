#!/usr/bin/env bash
# The side-by-side benchmark (issue 10): the project's path against pandas, polars eager
# and polars lazy, on the same national-size observation file, in one run.
#
#   make bench-peers                       (10,000,000 observations, about 530 MB)
#   BENCH_ROWS=1000000 make bench-peers    (a quick run)
#   BENCH_DATA=DIR make bench-peers        (the files national_files wrote to DIR before:
#                                           cargo run --release -p seguimiento-benches
#                                           --example national_files -- DIR 10000000)
#
# Steps: a release build of the two examples of benches/; the generator's files
# (observations.csv, targets.json, year-targets.csv) written to a temporary directory that
# is removed at the end; the peers installed from benches/peers/requirements.txt into
# target/peers-venv (reused while the requirements file is unchanged); the file read once
# so that every path finds it in the page cache; then each path as its own process, one
# after the other, measured by GNU time (`/usr/bin/time -f "%e %M"`: wall seconds and
# peak resident memory of the process, the Python interpreter's start included for the
# peers). The table gives each path's wall time and peak memory and their ratio to the
# project's (below 1 means less than the project).
#
# Each path prints its plan-level answer and the table shows it. The peers do a lesser job
# (floats, no validation, year targets of flows only; see benches/peers/peers.py), so the
# answers differ from the project's and are printed, not compared. Anything that goes
# wrong (no GNU time, a failed install, a path that exits non-zero or prints no score)
# stops the script with a message and a non-zero status.
#
# PYTHON picks the interpreter for the venv (default python3). The figures are only as
# good as the machine is quiet: on a shared machine run it more than once.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
PYTHON=${PYTHON:-python3}
rows=${BENCH_ROWS:-10000000}
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_PROGRESS_BAR=off

fail() {
    echo "bench-peers: $*" >&2
    exit 1
}

case $rows in
'' | *[!0-9]*) fail "BENCH_ROWS must be a whole number of observations, not '$rows'" ;;
esac
# GNU time gives the peak memory of a whole process tree's main process (%M); bash's
# `time` keyword does not.
[ -x /usr/bin/time ] || fail "/usr/bin/time (GNU time) is missing: apt-get install time"
/usr/bin/time -f "%e %M" true 2>/dev/null ||
    fail "/usr/bin/time is not GNU time (it does not take -f \"%e %M\")"

echo "== release build of benches/examples/national_files.rs and national_scorecard.rs"
cargo build -q --release -p seguimiento-benches --example national_files --example national_scorecard
examples=$root/target/release/examples

# The run's own files, removed at the end; the paths write their outputs beside them.
data=$(mktemp -d "${TMPDIR:-/tmp}/bench-peers.XXXXXX")
trap 'rm -rf "$data"' EXIT
if [ -n "${BENCH_DATA:-}" ]; then
    # Files written before by national_files (writing 10 million rows takes minutes):
    # linked, not copied, and never removed.
    for f in observations.csv targets.json year-targets.csv; do
        [ -f "$BENCH_DATA/$f" ] || fail "BENCH_DATA=$BENCH_DATA has no $f (write it with national_files)"
        ln -s "$(cd "$BENCH_DATA" && pwd)/$f" "$data/$f"
    done
    rows=$(($(wc -l <"$BENCH_DATA/observations.csv") - 1))
    echo "== $rows observations from $BENCH_DATA"
else
    echo "== $rows observations written to $data"
    "$examples/national_files" "$data" "$rows"
fi

venv=$root/target/peers-venv
requirements=$root/benches/peers/requirements.txt
if ! cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null; then
    echo "== peers installed into target/peers-venv from benches/peers/requirements.txt"
    "$PYTHON" -m venv --clear "$venv" || fail "cannot create the virtual environment $venv"
    "$venv/bin/python" -m pip install -q -r "$requirements" ||
        fail "cannot install the peers from $requirements"
    # Remembered only once the install succeeded, so a failed one is retried.
    cp "$requirements" "$venv/requirements.txt"
fi
versions=$("$venv/bin/python" -c 'import pandas, polars, pyarrow; print(f"pandas {pandas.__version__}, polars {polars.__version__}, pyarrow {pyarrow.__version__}")') ||
    fail "the peers do not import in $venv"
echo "== peers: $versions"

# Into the page cache, so that no path pays for the disk and the first one pays no more.
cat "$data/observations.csv" >/dev/null
size_mb=$(du -mL "$data/observations.csv" | cut -f1)

paths=(seguimiento pandas polars-eager polars-lazy)
declare -A wall peak answer
for path in "${paths[@]}"; do
    echo "== $path"
    if [ "$path" = seguimiento ]; then
        command=("$examples/national_scorecard" "$data/observations.csv" "$data/targets.json")
    else
        command=("$venv/bin/python" "$root/benches/peers/peers.py" "$path"
            "$data/observations.csv" "$data/year-targets.csv")
    fi
    out=$data/$path.out
    measured=$data/$path.time
    /usr/bin/time -f "%e %M" -o "$measured" "${command[@]}" >"$out" ||
        fail "$path exited with status $? (its output: $(cat "$out"))"
    line=$(grep -E "^$path score=" "$out") || fail "$path printed no '$path score=' line: $(cat "$out")"
    echo "$line"
    answer[$path]=${line#"$path "}
    read -r seconds kib <"$measured"
    wall[$path]=$seconds
    peak[$path]=$(awk -v k="$kib" 'BEGIN { printf "%.0f", k / 1024 }')
done

echo
echo "$rows observations, $size_mb MB of CSV; $(nproc) cores; $versions"
printf '%-13s %8s %10s %11s %11s  %s\n' path "wall s" "peak MiB" "wall ratio" "peak ratio" answer
for path in "${paths[@]}"; do
    printf '%-13s %8.2f %10d %11s %11s  %s\n' "$path" "${wall[$path]}" "${peak[$path]}" \
        "$(awk -v a="${wall[$path]}" -v b="${wall[seguimiento]}" 'BEGIN { printf "%.2f", a / b }')" \
        "$(awk -v a="${peak[$path]}" -v b="${peak[seguimiento]}" 'BEGIN { printf "%.2f", a / b }')" \
        "${answer[$path]}"
done
echo "(ratios: the path's figure over the project's; the peers compute a lesser job, so their answers differ)"
