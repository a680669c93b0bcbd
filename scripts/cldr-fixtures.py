#!/usr/bin/env python3
"""CLDR's numbers and dates for es_GT and en, as Python's babel writes them.

The report kit (report/src/format.rs) formats numbers and dates itself; its
test report/tests/cldr.rs compares every output with the fixture this script
writes, report/tests/fixtures/cldr.json. `--check` regenerates the fixture in
memory and fails if the committed one differs, so a new babel (a new CLDR) or a
hand edit cannot drift unnoticed; scripts/test-python.sh runs it.

    python3 scripts/cldr-fixtures.py           write the fixture
    python3 scripts/cldr-fixtures.py --check   exit 1 if the fixture is stale

Two choices, written in docs/DECISIONS.md ("Reports: numbers and dates"):

- Rounding is half away from zero, like the project's scores; babel rounds
  with the decimal context, so the context is set to ROUND_HALF_UP (which in
  Python's decimal module means half away from zero).
- Currency spacing. CLDR (UTS #35, "Currency Formats") puts a no-break space
  between a currency symbol and a digit when the symbol's character beside the
  number is not itself a symbol, as in `Q 1,234.50` and `GTQ 1,234.50`; ICU
  does, babel does not. The fixture keeps babel's text in `currency_babel` and
  the text with CLDR's spacing applied (root's rule, which neither es nor en
  overrides) in `currency`, which the kit must match.
"""

from __future__ import annotations

import argparse
import decimal
import difflib
import json
import sys
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import babel
from babel import dates, numbers

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "report" / "tests" / "fixtures" / "cldr.json"
LOCALES = {"es_GT": "es-GT", "en": "en"}
NBSP = "\u00a0"

HAND_PICKED = [
    "0", "1", "-1", "0.5", "0.05", "0.005", "0.0005", "0.0004999", "-0.0001", "-0.0005",
    "2.0005", "2.0015", "12.345", "12.3455", "0.1245", "73.45", "7.5", "99.995", "999",
    "999.9995", "-999.9995", "1000", "1234.5", "-1234.5", "1234.567", "12345.678",
    "100000", "340", "1000000", "1234567.891", "9876543210.123456", "1000000000000000",
    "0.001", "0.01", "0.1", "10.10", "100.100", "123456789012345678.5",
]


def generated_values() -> list[str]:
    """Numbers across magnitudes from a fixed linear congruential sequence: the
    same list on every run, no randomness."""
    out = []
    state = 20071231
    for i in range(160):
        state = (state * 1103515245 + 12345) % 2**31
        digits = str(state)
        scale = i % 9  # 0..8 decimals
        sign = "-" if i % 7 == 3 else ""
        whole = digits[: max(1, len(digits) - scale)]
        frac = digits[len(whole):]
        out.append(f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}")
    return out


def currency_spacing(text: str, symbol: str) -> str:
    """CLDR root's currencySpacing: insert U+00A0 between the symbol and a digit
    when the symbol's adjacent character is neither a symbol (S*) nor a space (Z*)."""
    at = text.find(symbol)
    if at < 0:
        raise SystemExit(f"currency symbol {symbol!r} not in {text!r}")
    end = at + len(symbol)
    after_ok = end < len(text) and text[end].isdigit()
    if after_ok and unicodedata.category(symbol[-1])[0] not in "SZ":
        return text[:end] + NBSP + text[end:]
    before_ok = at > 0 and text[at - 1].isdigit()
    if before_ok and unicodedata.category(symbol[0])[0] not in "SZ":
        return text[:at] + NBSP + text[at:]
    return text


def dates_to_check() -> list[date]:
    out = []
    for year in range(2007, 2018):
        for month in range(1, 13):
            out.append(date(year, month, 1))
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            out.append(date.fromordinal(nxt.toordinal() - 1))
    out += [date(2008, 2, 29), date(1, 1, 1), date(999, 7, 4), date(2100, 9, 15), date(9999, 12, 31)]
    return out


def build() -> dict:
    decimal.getcontext().rounding = decimal.ROUND_HALF_UP
    values = HAND_PICKED + generated_values()
    years = [(2007, 2017), (2009, 2010), (2010, 2010), (2016, 2017), (1999, 2000)]
    out: dict = {
        "generator": "scripts/cldr-fixtures.py",
        "babel": babel.__version__,
        "cldr": str(babel.core.get_cldr_version()),
        "rounding": "half away from zero (decimal.ROUND_HALF_UP)",
        "locales": {},
    }
    for locale, lang in LOCALES.items():
        symbol = numbers.get_currency_symbol("GTQ", locale=locale)
        entry: dict = {"lang": lang, "currency_symbol": symbol}
        entry["number"] = [[v, numbers.format_decimal(Decimal(v), locale=locale)] for v in values]
        entry["fixed"] = [
            [v, places, numbers.format_decimal(Decimal(v), format="#,##0" + ("." + "0" * places if places else ""), locale=locale)]
            for v in values
            for places in (0, 1, 2, 3)
        ]
        raw = [[v, numbers.format_currency(Decimal(v), "GTQ", locale=locale)] for v in values]
        entry["currency_babel"] = raw
        entry["currency"] = [[v, currency_spacing(text, symbol)] for v, text in raw]
        entry["long_date"] = [[d.isoformat(), dates.format_date(d, "long", locale=locale)] for d in dates_to_check()]
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names = dates.get_month_names(width, context=context, locale=locale)
                entry[f"months_{width}_{context}"] = [names[m] for m in range(1, 13)]
        entry["month_year"] = [
            [y, m, dates.format_skeleton("yMMMM", date(y, m, 1), locale=locale)]
            for y in (2007, 2010, 2017)
            for m in range(1, 13)
        ]
        entry["year_range"] = [
            [a, b, dates.format_interval(date(a, 1, 1), date(b, 12, 31), "y", locale=locale)] for a, b in years
        ]
        out["locales"][locale] = entry
    return out


def render(data: dict) -> str:
    """JSON with one case per line, so that a diff names the cases that changed."""

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    head = [f" {dump(k)}: {dump(v)}," for k, v in data.items() if k != "locales"]
    lines += head + [' "locales": {']
    for li, (locale, entry) in enumerate(data["locales"].items()):
        lines.append(f"  {dump(locale)}: {{")
        for ki, (key, value) in enumerate(entry.items()):
            comma = "," if ki < len(entry) - 1 else ""
            if isinstance(value, list) and value and isinstance(value[0], list):
                lines.append(f"   {dump(key)}: [")
                lines += [f"    {dump(item)}{',' if i < len(value) - 1 else ''}" for i, item in enumerate(value)]
                lines.append(f"   ]{comma}")
            else:
                lines.append(f"   {dump(key)}: {dump(value)}{comma}")
        lines.append("  }" + ("," if li < len(data["locales"]) - 1 else ""))
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed fixture differs")
    args = parser.parse_args()
    text = render(build())
    if not args.check:
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        FIXTURE.write_text(text, encoding="utf-8")
        print(f"wrote {FIXTURE.relative_to(ROOT)}")
        return 0
    committed = FIXTURE.read_text(encoding="utf-8") if FIXTURE.exists() else ""
    if committed == text:
        print(f"{FIXTURE.relative_to(ROOT)} matches babel {babel.__version__}")
        return 0
    diff = difflib.unified_diff(
        committed.splitlines(), text.splitlines(), "committed", f"babel {babel.__version__}", lineterm="", n=1
    )
    sys.stdout.write("\n".join(list(diff)[:80]) + "\n")
    print(f"{FIXTURE.relative_to(ROOT)} is stale: run python3 scripts/cldr-fixtures.py and review the diff")
    return 1


if __name__ == "__main__":
    sys.exit(main())
