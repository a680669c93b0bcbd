#!/usr/bin/env bash
# The public reports in a real browser (`make test-browser`):
#   1. writes the sample ledger's 2010 annual report and 2009-2010 evaluation, in Spanish
#      and in English, with the seguimiento command (release build);
#   2. checks each one in headless Chromium (scripts/browser_check.py): self-contained,
#      a screenshot, printed to PDF (A4, its page count within the range below, no blank
#      page) and axe-core's accessibility rules (WCAG 2.1 A/AA and best practices), run
#      offline inside the page.
# Needs Debian's `chromium` and `poppler-utils` (installed here with apt-get when missing
# and run as root) and axe-core's script, taken from the PyPI package
# axe-playwright-python (its Python code is not used) into target/axe-core.
# The screenshots and PDFs are kept in target/browser for a look.
# Ends with "browser checks: all passed"; exits non-zero on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in
    /*) ;;
    *) TARGET_DIR="$ROOT/$TARGET_DIR" ;;
esac
OUT="$TARGET_DIR/browser"
AXE_DIR="$TARGET_DIR/axe-core"
AXE_PACKAGE="axe-playwright-python==0.1.8"
export PIP_DISABLE_PIP_VERSION_CHECK=1

say() { printf '\n== %s\n' "$*"; }
fail() {
    echo "test-browser: $*" >&2
    exit 1
}

missing=()
command -v "${CHROMIUM:-chromium}" >/dev/null || missing+=(chromium)
command -v pdftoppm >/dev/null && command -v pdfinfo >/dev/null || missing+=(poppler-utils)
if ((${#missing[@]})); then
    [ "$(id -u)" = 0 ] || fail "needs ${missing[*]} (Debian packages) and is not root to install them"
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! [ -f "$AXE_DIR/axe_playwright_python/axe.min.js" ]; then
    say "axe-core's script from $AXE_PACKAGE"
    python3 -m pip install -q --no-deps --target "$AXE_DIR" "$AXE_PACKAGE"
fi
AXE_JS="$AXE_DIR/axe_playwright_python/axe.min.js"
[ -f "$AXE_JS" ] || fail "$AXE_PACKAGE has no axe_playwright_python/axe.min.js"

say "the reports of the sample ledger (seguimiento, release)"
cargo build -q --release -p seguimiento-cli
seguimiento="$TARGET_DIR/release/seguimiento"
mkdir -p "$OUT"
documents=()
for lang in es en; do
    "$seguimiento" annual --year 2010 --lang "$lang" --out "$OUT/informe-2010-$lang.html"
    "$seguimiento" evaluation --years 2009-2010 --lang "$lang" --out "$OUT/evaluacion-2009-2010-$lang.html"
    # Page ranges: what a reader expects of each document on A4, wide enough for
    # wording changes, narrow enough to catch a layout that breaks a page per table row
    # or loses a chapter.
    documents+=("$OUT/informe-2010-$lang.html:8-90" "$OUT/evaluacion-2009-2010-$lang.html:4-40")
done

say "the checks catch what they look for: a document with a blank page, a script, an image from the network without alt text"
bad="$OUT/bad.html"
cat >"$bad" <<'HTML'
<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8"/><title>Mal</title></head>
<body><main><h1>Mal</h1><img src="https://example.org/logo.png"/>
<div style="break-before: page"></div><div style="break-before: page"><p>fin</p></div>
<script>document.title = "x";</script></main></body></html>
HTML
if python3 scripts/browser_check.py --out "$OUT/bad" --axe "$AXE_JS" "$bad:1-1" >"$OUT/bad.log" 2>&1; then
    cat "$OUT/bad.log"
    fail "the checks passed a document with a blank page, a script and a network image"
fi
for expected in "FAIL bad.html: self-contained" "FAIL bad.html: PDF page count" "FAIL bad.html: no blank page" "FAIL bad.html: accessibility"; do
    grep -qF "$expected" "$OUT/bad.log" || {
        cat "$OUT/bad.log"
        fail "the checks missed what they look for: no line '$expected'"
    }
done
echo "the bad document fails each check, as it should"

say "headless Chromium: screenshot, PDF, accessibility"
python3 scripts/browser_check.py --out "$OUT" --axe "$AXE_JS" "${documents[@]}"
