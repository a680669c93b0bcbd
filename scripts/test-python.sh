#!/usr/bin/env bash
# The Python package, as a statistician installs it: one release build of the abi3
# manylinux wheel (maturin --zig, linked by the ziglang package's zig against glibc
# 2.17, so the wheel installs on any x86-64 Linux with CPython 3.9 or newer and no Rust),
# installed into a fresh virtual environment; then the pytest suite (the README's code
# blocks, the hypothesis properties and the example notebooks through nbclient
# included, and the attacker of public releases, which needs scipy's HiGHS), the type
# stubs against the module (mypy.stubtest), the sdist (built with
# maturin, its contents checked), and the same wheel installed into a second fresh
# environment without the pandas extra (evaluation, JSON, the display and the public
# documents work there; to_pandas names the extra). It also checks the report kit's CLDR fixture against
# babel (scripts/cldr-fixtures.py --check).
#
#   bash scripts/test-python.sh          (or: make test-python)
#
# PYTHON picks the interpreter (default python3). pip's download cache and cargo's
# target/ are reused between runs; the environments themselves are always new. The
# wheel is left in target/py-wheel/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
PYTHON=${PYTHON:-python3}
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_PROGRESS_BAR=off

start=$(date +%s)
last=$start
current=""
timings=()
step() {
    local now
    now=$(date +%s)
    if [ -n "$current" ]; then
        timings+=("$(printf '%4d s  %s' $((now - last)) "$current")")
    fi
    last=$now
    current=$1
    echo "== $1"
}

venv=$root/target/py-venv
step "fresh virtual environment target/py-venv"
"$PYTHON" -m venv --clear "$venv"
py=$venv/bin/python
# ipykernel runs the notebook with the interpreter found first on PATH.
export PATH="$venv/bin:$PATH"
"$py" -m pip install -q --no-compile "maturin>=1.9.4,<2" ziglang pytest pandas pyarrow polars hypothesis \
    mypy nbclient nbformat ipykernel matplotlib "babel==2.19.0" "scipy>=1.9"

# babel is pinned: a new babel brings a new CLDR, which is adopted by
# regenerating the fixture and reviewing its diff, not by a test turning red.
step "CLDR fixture of the report kit against babel (scripts/cldr-fixtures.py --check)"
"$py" scripts/cldr-fixtures.py --check

step "maturin build --release --zig --compatibility manylinux2014 (the abi3 wheel)"
wheels=$root/target/py-wheel
rm -rf "$wheels"
"$py" -m maturin build --release --strip --zig --compatibility manylinux2014 \
    -m python/Cargo.toml -o "$wheels"
wheel=$(ls "$wheels"/seguimiento-*.whl)
# One wheel for every CPython >= 3.9 (abi3) on any glibc >= 2.17 (manylinux2014).
case $(basename "$wheel") in
    *-cp39-abi3-*manylinux2014_x86_64*) ;;
    *) echo "unexpected wheel tags: $(basename "$wheel")" >&2; exit 1 ;;
esac

step "pip install the wheel (no Rust needed from here on)"
"$py" -m pip install -q --no-compile "$wheel"

step "pytest (from outside the source tree: the installed package is tested)"
mkdir -p "$root/target/py-test"
(
    cd "$root/target/py-test"
    SEGUIMIENTO_INSTALLED=1 SEGUIMIENTO_ROOT=$root \
        SEGUIMIENTO_NOTEBOOK_OUT=$root/target/py-test/notebook.ipynb \
        "$py" -m pytest "$root/python/tests" -q -p no:cacheprovider --durations=5
)

step "type stubs: mypy.stubtest seguimiento, mypy --strict on the package"
(
    cd "$root/target/py-test"
    "$py" -m mypy.stubtest seguimiento
    "$py" -m mypy --strict -p seguimiento
)

step "maturin sdist (the source of the wheel, with the crates it builds from)"
rm -rf "$root/target/py-dist"
"$py" -m maturin sdist -m python/Cargo.toml -o "$root/target/py-dist"
sdist=$(ls "$root"/target/py-dist/seguimiento-*.tar.gz)
contents=$(tar -tzf "$sdist")
for needed in core/data/plan.json report/locales/es-GT/main.ftl report/locales/en/main.ftl \
    report/templates/base.html seguimiento/_frames.py; do
    grep -q "/$needed\$" <<<"$contents" || { echo "sdist lacks $needed" >&2; exit 1; }
done

step "install the wheel into a second fresh environment, without the pandas extra"
bare_venv=$root/target/py-venv-bare
"$PYTHON" -m venv --clear "$bare_venv"
"$bare_venv/bin/python" -m pip install -q --no-compile "$wheel"
(
    cd "$root/target/py-test"
    "$bare_venv/bin/python" - "$root" <<'EOF'
import sys
from datetime import date
from pathlib import Path

import seguimiento

root = Path(sys.argv[1])
assert "site-packages" in Path(seguimiento.__file__).parts
plan = seguimiento.Plan.embedded()
ledger = seguimiento.Ledger.from_file(root / "seeds" / "demo-ledger.json")
card = plan.evaluate(ledger, as_of=date(2010, 12, 31))
golden = root / "seeds" / "expected" / "scorecard-demo-2010-12-31.json"
assert card.to_json() == golden.read_text(encoding="utf-8")
# pandas is an extra, not installed here: everything but DataFrames works.
import importlib.util
assert importlib.util.find_spec("pandas") is None, "pandas was installed without its extra"
assert card._repr_html_().startswith('<div class="seguimiento">')
try:
    card.to_pandas()
except ImportError as e:
    assert "seguimiento[pandas]" in str(e), e
else:
    raise AssertionError("to_pandas() without pandas")
assert "Acciones vencidas" in card._repr_html_() and "Overdue actions" in card.to_html("en")
# The public documents need no pandas either: the command's bytes.
report = card.annual_report(ledger_source=root / "seeds" / "demo-ledger.json")
assert report.html == (root / "tests" / "golden" / "annual-2010-es-GT.html").read_text(encoding="utf-8")
print("wheel install (without pandas):", card)
EOF
)

step "done"
echo "== timings"
printf '%s\n' "${timings[@]}"
echo "== test-python passed in $(($(date +%s) - start)) s"
