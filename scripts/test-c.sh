#!/usr/bin/env bash
# The C library's tests (`make test-c`):
#   1. builds libseguimiento (.so and .a) in release;
#   2. checks the committed header against cbindgen and that every export has the
#      panic barrier and, if it returns a status, an error out-parameter (the Rust
#      tests of the ffi crate);
#   3. checks that the C tests call every function, expect every status, and call
#      every fallible function with its error out-parameter on failure and success;
#   4. compiles the C tests in tests/c with the system C compiler, -Wall -Wextra -Werror,
#      against the shared and the static library, and runs them plainly, with
#      -fsanitize=address,undefined, and under valgrind (memcheck, leaks are errors),
#      with RUST_BACKTRACE=full: a test that prints "panicked at" fails (the library
#      must keep caught panics off its host's stderr);
#   5. compiles the example ffi/examples/report.c with the README's command lines
#      (and with pkg-config) and runs it.
# Ends with "C tests: N passed, M failed"; exits non-zero if any failed.
#
# Environment: CC (default cc), CARGO_TARGET_DIR (default target/ at the repository root).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CC="${CC:-cc}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in
    /*) ;;
    *) TARGET_DIR="$ROOT/$TARGET_DIR" ;;
esac
LIB_DIR="$TARGET_DIR/release"
OUT="$TARGET_DIR/c-tests"
SEEDS="$ROOT/seeds"
mkdir -p "$OUT"

# Loud panics, were any printed: the library must print nothing, even for the deliberate
# panics of sg_selftest_panic, and `run` fails a test whose output says "panicked at".
export RUST_BACKTRACE=full

say() { printf '\n== %s\n' "$*"; }

say "building libseguimiento (release)"
cargo build --release -p seguimiento-ffi
for f in libseguimiento.so libseguimiento.a; do
    if [[ ! -f "$LIB_DIR/$f" ]]; then
        echo "error: $LIB_DIR/$f was not built" >&2
        exit 1
    fi
done

say "header drift and panic barrier checks (cargo test -p seguimiento-ffi)"
cargo test -p seguimiento-ffi

say "tools"
if ! command -v valgrind >/dev/null 2>&1; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "valgrind is missing: installing it with apt-get"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
    else
        echo "error: valgrind is required (the C tests run under memcheck) and cannot be" >&2
        echo "installed here (not root, or no apt-get). Install valgrind and run again." >&2
        exit 1
    fi
fi
if ! command -v pkg-config >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "pkg-config is missing: installing it with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pkg-config >/dev/null
fi
"$CC" --version | head -n 1
valgrind --version

CFLAGS=(-std=c11 -Wall -Wextra -Werror -g -O1 -I "$ROOT/ffi/include" -I "$ROOT/tests/c")
SHARED_LIBS=(-L "$LIB_DIR" -lseguimiento "-Wl,-rpath,$LIB_DIR" -lpthread)
STATIC_LIBS=("$LIB_DIR/libseguimiento.a" -lpthread -ldl -lm)
SANITIZE=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
VALGRIND=(valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect)
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

passed=0
failed=0
failures=()

# run NAME COMMAND...: one test; its output goes to $OUT/NAME.log, shown if it fails.
run() {
    local name="$1"
    shift
    local log="$OUT/$name.log"
    if "$@" >"$log" 2>&1 && ! grep -q "panicked at" "$log"; then
        passed=$((passed + 1))
        printf 'ok    %-40s %s\n' "$name" "$(grep -E 'checks|threads x|coverage:|^Plan score' "$log" | tail -n 1 || true)"
    else
        failed=$((failed + 1))
        failures+=("$name")
        printf 'FAIL  %s (log: %s)\n' "$name" "$log"
        sed -e 's/^/      /' "$log" | tail -n 60
    fi
}

# build NAME SOURCE FLAGS...: compiles one program; a failure to compile is a failed test.
build() {
    local name="$1" source="$2"
    shift 2
    if "$CC" "${CFLAGS[@]}" "$source" "$@" -o "$OUT/$name" 2>"$OUT/$name.build.log"; then
        return 0
    fi
    failed=$((failed + 1))
    failures+=("compile $name")
    printf 'FAIL  compile %s\n' "$name"
    sed -e 's/^/      /' "$OUT/$name.build.log"
    return 1
}

say "coverage: every function and every status of the header is exercised by the C tests"
# The header's declarations, one "NAME<TAB>RETURN<TAB>PARAMETERS" line each (cbindgen writes
# one parameter per line; a declaration starts at column 0 and ends with ");").
declarations() {
    perl -0777 -ne 'while (/^([^\/\s#][^\n(]*?)\b(sg_[a-z_]+)\(([^;]*)\);/mg) {
        my ($ret, $name, $params) = ($1, $2, $3); $params =~ s/\s+/ /g; $ret =~ s/\s+$//;
        print "$name\t$ret\t$params\n" }' ffi/include/seguimiento.h
}
coverage() {
    local missing=0 name functions statuses fallible
    functions=$(declarations | cut -f1 | sort -u)
    statuses=$(grep -oE '\bSG_STATUS_[A-Z0-9_]+ =' ffi/include/seguimiento.h | tr -d ' =' | sort -u)
    # Fallible: every function taking an `sg_error **error_out`, which is the last parameter.
    fallible=$(declarations | awk -F'\t' '$3 ~ /sg_error \*\*error_out$/ {print $1}' | sort -u)
    for name in $functions; do
        grep -q "$name(" tests/c/*.c || { echo "function $name is not called by tests/c"; missing=1; }
    done
    for name in $statuses; do
        grep -q "CHECK_STATUS($name," tests/c/*.c || { echo "status $name is never expected by tests/c"; missing=1; }
    done
    # Every status-returning function takes the error out-parameter, but the readers of errors.
    for name in $(declarations | awk -F'\t' '$2 == "sg_status" {print $1}'); do
        case "$name" in sg_last_error_status | sg_last_error_message | sg_error_status) continue ;; esac
        grep -qx "$name" <<<"$fallible" || { echo "function $name returns a status but takes no sg_error **error_out last"; missing=1; }
    done
    for name in $fallible; do
        grep -qE "CHECK_ERROR_OUT\(SG_STATUS_[A-Z0-9_]+, *$name\(" tests/c/*.c ||
            { echo "function $name is never checked failing with its error out-parameter (CHECK_ERROR_OUT)"; missing=1; }
        # sg_selftest_panic always fails.
        [[ "$name" == sg_selftest_panic ]] && continue
        grep -q "CHECK_NO_ERROR_OUT($name(" tests/c/*.c ||
            { echo "function $name is never checked succeeding with its error out-parameter (CHECK_NO_ERROR_OUT)"; missing=1; }
    done
    echo "coverage: $(wc -w <<<"$functions") functions, $(wc -w <<<"$statuses") statuses and $(wc -w <<<"$fallible") error out-parameters checked"
    return "$missing"
}
run "coverage" coverage

say "the header on its own: C99 -pedantic, and C++ (extern \"C\")"
printf '#include "seguimiento.h"\nint main(void) { return sg_abi_version() == SG_ABI_VERSION ? 0 : 1; }\n' >"$OUT/header_only.c"
run "header-c99-pedantic" "$CC" -std=c99 -pedantic -Wall -Wextra -Werror -I ffi/include \
    "$OUT/header_only.c" -L "$LIB_DIR" -lseguimiento "-Wl,-rpath,$LIB_DIR" -o "$OUT/header_only"
if command -v c++ >/dev/null 2>&1; then
    run "header-c++" c++ -x c++ -std=c++11 -Wall -Wextra -Werror -I ffi/include -fsyntax-only "$OUT/header_only.c"
else
    echo "WARNING: no C++ compiler: the header's C++ check was skipped"
fi

say "C tests"
for prog in test_api test_threads; do
    src="$ROOT/tests/c/$prog.c"
    args=("$SEEDS")
    for lib in shared static; do
        if [[ "$lib" == shared ]]; then libs=("${SHARED_LIBS[@]}"); else libs=("${STATIC_LIBS[@]}"); fi
        if build "$prog-$lib" "$src" "${libs[@]}"; then
            run "$prog-$lib" "$OUT/$prog-$lib" "${args[@]}"
            run "$prog-$lib-valgrind" "${VALGRIND[@]}" "$OUT/$prog-$lib" "${args[@]}"
        fi
        if build "$prog-$lib-asan" "$src" "${SANITIZE[@]}" "${libs[@]}"; then
            run "$prog-$lib-asan+ubsan" "$OUT/$prog-$lib-asan" "${args[@]}"
        fi
    done
done

say "the example, with the README's command lines"
# Exactly the lines in ffi/README.md (run from the repository root).
example_output_ok() {
    "$@" >"$OUT/example.out" 2>&1 || return 1
    cat "$OUT/example.out"
    grep -qE '^Plan score as of 2010-12-31: [0-9]+\.[0-9]{2} % \((green|yellow|red)\)$' "$OUT/example.out" &&
        grep -qE '^Overdue actions: [0-9]+$' "$OUT/example.out"
}
if "$CC" -std=c99 -Wall -Wextra -Werror -I ffi/include ffi/examples/report.c \
    -L "$LIB_DIR" -lseguimiento -Wl,-rpath,"$LIB_DIR" -o "$OUT/report" 2>"$OUT/report.build.log"; then
    run "example-shared" example_output_ok "$OUT/report"
    run "example-shared-valgrind" "${VALGRIND[@]}" "$OUT/report" seeds/demo-ledger.json 2010-12-31
else
    failed=$((failed + 1)); failures+=("compile example (shared)"); cat "$OUT/report.build.log"
fi
if "$CC" -std=c99 -Wall -Wextra -Werror -I ffi/include ffi/examples/report.c \
    "$LIB_DIR/libseguimiento.a" -lpthread -ldl -lm -o "$OUT/report-static" 2>"$OUT/report-static.build.log"; then
    run "example-static" example_output_ok "$OUT/report-static" seeds/demo-ledger.json 2010-12-31
else
    failed=$((failed + 1)); failures+=("compile example (static)"); cat "$OUT/report-static.build.log"
fi

if command -v pkg-config >/dev/null 2>&1; then
    mkdir -p "$OUT/pkgconfig"
    version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
    sed -e "s|@PREFIX@|$TARGET_DIR|" -e "s|@LIBDIR@|$LIB_DIR|" \
        -e "s|@INCLUDEDIR@|$ROOT/ffi/include|" -e "s|@VERSION@|$version|" \
        ffi/seguimiento.pc.in >"$OUT/pkgconfig/seguimiento.pc"
    # shellcheck disable=SC2046 # pkg-config's output is meant to be split
    if "$CC" -std=c99 -Wall -Wextra -Werror ffi/examples/report.c \
        $(PKG_CONFIG_PATH="$OUT/pkgconfig" pkg-config --cflags --libs seguimiento) \
        -Wl,-rpath,"$LIB_DIR" -o "$OUT/report-pc" 2>"$OUT/report-pc.build.log"; then
        run "example-pkg-config" example_output_ok "$OUT/report-pc"
    else
        failed=$((failed + 1)); failures+=("compile example (pkg-config)"); cat "$OUT/report-pc.build.log"
    fi
else
    echo "WARNING: pkg-config not found: the seguimiento.pc check was skipped"
fi

echo
if ((failed > 0)); then
    printf 'failed: %s\n' "${failures[@]}"
fi
echo "C tests: $passed passed, $failed failed"
((failed == 0))
