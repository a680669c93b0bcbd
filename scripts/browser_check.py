#!/usr/bin/env python3
"""Checks HTML documents in a real browser (`make test-browser`, scripts/test-browser.sh).

For each document given as PATH[:MIN-MAX] (MIN-MAX: the page range its PDF must have):

1. self-contained: no <script>, no <iframe>, no resource from the network (src, href
   of a stylesheet or an image, url(...) in CSS);
2. a screenshot by headless Chromium (PNG, the width asked for), kept in --out;
3. printed to PDF by headless Chromium (no header or footer), kept in --out: every page
   A4, the page count within MIN-MAX, and no blank page (each page rasterised by
   poppler's pdftoppm must have ink above its bottom margin, where the page number is:
   a page of one heading and one line passes, a page with only its number fails);
4. accessibility: axe-core (from the PyPI package given by --axe, run offline inside
   the page) finds no violation of WCAG 2.x A/AA or of its best practices.

Chromium runs with the network closed (every host resolves to nothing), so a document
that needs the network fails the checks rather than fetching. Uses only the standard
library, `chromium`, `pdfinfo` and `pdftoppm`. Prints one line per check and exits 1 if
any failed.
"""

import argparse
import html
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

A4_POINTS = (595.0, 842.0)
# A page has ink if this share of its pixels above the bottom tenth (the page number's
# margin) is darker than light grey: about five pixels of a page rasterised at 24 dpi.
MIN_INK = 0.0001
BODY_SHARE = 0.9
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-extensions",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

failures = []


def report(ok, document, check, detail=""):
    line = f"{'ok  ' if ok else 'FAIL'} {document.name}: {check}"
    if detail:
        line += f" ({detail})"
    print(line, flush=True)
    if not ok:
        failures.append(line)


def chromium(browser, args, timeout=180):
    run = subprocess.run(
        [browser, *CHROMIUM_FLAGS, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if run.returncode != 0:
        raise RuntimeError(f"chromium exited {run.returncode}: {run.stderr.strip()[-500:]}")
    return run.stdout


def check_self_contained(document, text):
    problems = []
    if re.search(r"<script\b", text, re.I):
        problems.append("a <script>")
    if re.search(r"<iframe\b", text, re.I):
        problems.append("an <iframe>")
    for match in re.finditer(r"""\b(src|href)\s*=\s*["']([^"']*)["']""", text, re.I):
        attribute, target = match.groups()
        if attribute.lower() == "href" and target.startswith("#"):
            continue
        if re.match(r"(?i)(https?:)?//", target) or attribute.lower() == "src":
            if not target.startswith("data:"):
                problems.append(f'{attribute}="{target[:60]}"')
    for match in re.finditer(r"url\(\s*['\"]?([^)'\"]*)", text, re.I):
        if not match.group(1).startswith(("data:", "#")):
            problems.append(f"url({match.group(1)[:60]})")
    report(not problems, document, "self-contained", "; ".join(problems[:5]))


def png_size(path):
    data = path.read_bytes()[:24]
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def check_screenshot(browser, document, out, width):
    shot = out / (document.stem + ".png")
    shot.unlink(missing_ok=True)
    chromium(browser, [f"--screenshot={shot}", f"--window-size={width},1600", document.as_uri()])
    try:
        w, h = png_size(shot)
        report(w == width and h > 0, document, "screenshot", f"{shot.name} {w}x{h}")
    except (OSError, ValueError) as e:
        report(False, document, "screenshot", str(e))


def pgm_ink(path):
    """Share of the pixels of a binary PGM's top nine tenths darker than light grey."""
    data = path.read_bytes()
    # P5, width, height, maxval, each separated by whitespace, then the pixels.
    fields = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    if not fields:
        raise ValueError(f"{path.name} is not a binary PGM")
    width, height = int(fields.group(1)), int(fields.group(2))
    body = int(height * BODY_SHARE)
    pixels = data[fields.end():fields.end() + width * body]
    dark = sum(1 for p in pixels if p < 200)
    return dark / max(1, width * body)


def check_pdf(browser, document, out, pages_range):
    pdf = out / (document.stem + ".pdf")
    pdf.unlink(missing_ok=True)
    chromium(browser, ["--no-pdf-header-footer", f"--print-to-pdf={pdf}", document.as_uri()])
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True)
    if info.returncode != 0:
        report(False, document, "PDF", info.stderr.strip())
        return
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    low, high = pages_range
    report(low <= pages <= high, document, "PDF page count", f"{pdf.name}: {pages} pages, expected {low}-{high}")
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info.stdout, re.M)
    not_a4 = [i + 1 for i, (w, h) in enumerate(sizes) if abs(float(w) - A4_POINTS[0]) > 2 or abs(float(h) - A4_POINTS[1]) > 2]
    report(len(sizes) == pages and not not_a4, document, "PDF pages are A4", f"not A4: {not_a4}" if not_a4 else "")
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(["pdftoppm", "-r", "24", "-gray", str(pdf), f"{scratch}/page"], check=True)
        rasters = sorted(Path(scratch).glob("page*.pgm"))
        blank = [i + 1 for i, page in enumerate(rasters) if pgm_ink(page) < MIN_INK]
        report(len(rasters) == pages and not blank, document, "no blank page", f"blank pages: {blank}" if blank else f"{len(rasters)} pages with ink")


def check_accessibility(browser, document, out, axe_js):
    """Runs axe-core inside a copy of the document, offline, and reads its verdict."""
    text = document.read_text(encoding="utf-8")
    runner = (
        "<script>" + axe_js + "</script><script>"
        "axe.run(document, {runOnly: {type: 'tag', values: " + json.dumps(AXE_TAGS) + "}, resultTypes: ['violations']})"
        ".then(function (r) { done(r.violations.map(function (v) {"
        " return {id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(' '); })}; })); },"
        " function (e) { done('axe failed: ' + e); });"
        "function done(x) { var pre = document.createElement('pre'); pre.id = 'axe-verdict';"
        " pre.textContent = JSON.stringify(x); document.body.appendChild(pre); }"
        "</script>"
    )
    if "</body>" not in text:
        report(False, document, "accessibility (axe-core)", "no </body> to run axe-core in")
        return
    probe = out / (document.stem + ".axe.html")
    probe.write_text(text.replace("</body>", runner + "</body>", 1), encoding="utf-8")
    try:
        dom = chromium(browser, ["--virtual-time-budget=60000", "--dump-dom", probe.as_uri()])
    finally:
        probe.unlink(missing_ok=True)
    found = re.search(r'<pre id="axe-verdict">(.*?)</pre>', dom, re.S)
    if not found:
        report(False, document, "accessibility (axe-core)", "axe-core gave no verdict")
        return
    verdict = json.loads(html.unescape(found.group(1)))
    if isinstance(verdict, str):
        report(False, document, "accessibility (axe-core)", verdict)
        return
    detail = "; ".join(f"{v['id']} [{v['impact']}] {v['help']}: {', '.join(v['nodes'])}" for v in verdict)
    report(not verdict, document, "accessibility (axe-core, WCAG 2.1 AA and best practices)", detail)


def parse_document(argument):
    path, _, pages = argument.partition(":")
    low, high = (1, 10_000)
    if pages:
        low_text, _, high_text = pages.partition("-")
        low, high = int(low_text), int(high_text or low_text)
    return Path(path).resolve(), (low, high)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("documents", nargs="+", metavar="PATH[:MIN-MAX]")
    parser.add_argument("--out", required=True, type=Path, help="where screenshots and PDFs are kept")
    parser.add_argument("--axe", required=True, type=Path, help="axe.min.js")
    parser.add_argument("--browser", default=os.environ.get("CHROMIUM", "chromium"))
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    axe_js = args.axe.read_text(encoding="utf-8")
    for argument in args.documents:
        document, pages = parse_document(argument)
        if not document.is_file():
            report(False, document, "exists", str(document))
            continue
        check_self_contained(document, document.read_text(encoding="utf-8"))
        for check in (
            lambda: check_screenshot(args.browser, document, args.out, args.width),
            lambda: check_pdf(args.browser, document, args.out, pages),
            lambda: check_accessibility(args.browser, document, args.out, axe_js),
        ):
            try:
                check()
            except (OSError, RuntimeError, subprocess.SubprocessError, ValueError) as e:
                report(False, document, "browser", str(e))
    if failures:
        print(f"browser checks: {len(failures)} failed", file=sys.stderr)
        sys.exit(1)
    print("browser checks: all passed")


if __name__ == "__main__":
    main()
