#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (fuzz/seeds/<target>/) from the
project's data in seeds/: the plan, pieces of the sample ledger as JSON and
as observation CSV, values, configurations. Run from anywhere; the output is
committed, so run it again only when seeds/ changes."""

import csv
import hashlib
import io
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "seeds"


def write(target: str, data: bytes) -> None:
    folder = OUT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    plan_text = (ROOT / "seeds" / "plan.json").read_bytes()
    plan = json.loads(plan_text)
    ledger = json.loads((ROOT / "seeds" / "demo-ledger.json").read_text())

    # The whole plan, and a small plan (its first axis, first line, first
    # goal): the fuzzer mutates small inputs faster.
    write("plan_json", plan_text)
    small = dict(plan)
    axis = dict(plan["axes"][0])
    line = dict(axis["lines"][0])
    line["goals"] = line["goals"][:1]
    axis["lines"] = [line]
    small["axes"] = [axis]
    small["notes"] = []
    write("plan_json", json.dumps(small, ensure_ascii=False, indent=1).encode())

    # Ledger JSON: each array alone (a few records), all arrays together,
    # and with a byte-order mark.
    for name, records in ledger.items():
        for start in range(0, min(len(records), 12), 4):
            write("ledger_json", json.dumps({name: records[start:start + 4]}, ensure_ascii=False).encode())
    mixed = {name: records[:2] for name, records in ledger.items()}
    write("ledger_json", json.dumps(mixed, ensure_ascii=False, indent=2).encode())
    write("ledger_json", "\ufeff".encode() + json.dumps(mixed).encode())

    # Observation CSV, with and without the optional and cell columns.
    observations = ledger["observations"]
    dimensions = sorted({d for o in observations for d in o.get("cell", {})})
    for rows, full in ((observations[:6], False), (observations[:40:3], True),
                       ([o for o in observations if "cell" in o][:8], True)):
        buffer = io.StringIO()
        header = ["indicator", "period", "entity", "value"]
        if full:
            header += ["source", "recorded_on"] + [f"cell.{d}" for d in dimensions]
        out = csv.writer(buffer, lineterminator="\n")
        out.writerow(header)
        for o in rows:
            row = [o["indicator"], o["period"], o["entity"], o["value"]]
            if full:
                row += [o.get("source", ""), o.get("recorded_on", "")]
                row += [o.get("cell", {}).get(d, "") for d in dimensions]
            out.writerow(row)
        write("observation_csv", buffer.getvalue().encode())

    for text in ["12.50", "-3", "1e3", "1.5E-2", "0e99999", "-0.00", " 7 ",
                 "79228162514264337593543950335", "0.1234567890123456789012345678",
                 "1.000000000000000000000000000000", "NaN", "inf",
                 "2009-12-31", "2009-02-29", "2008-02-29", "9999-12-31",
                 "2009", "2009-S1", "2009-Q3", "2009-03", "2007/2017", "2009S1",
                 "2009Q3", "200903", "2009-H2", "2009W05"]:
        write("values", text.encode())

    for config in [{}, {"late_credit": "0.25", "grace_days": 15},
                   {"missing_data_is_zero": False, "green": 0.95, "yellow": "0.5"},
                   {"tolerance": "0.2", "weights": {"E1": "2", "E1.L1.M1.A1.I1": 0.5}},
                   {"weights": {"E4.L3.M1.A1": "1000000", "E4.L3.M1.A2": "0.000001"}}]:
        write("config_json", json.dumps(config).encode())


if __name__ == "__main__":
    main()
