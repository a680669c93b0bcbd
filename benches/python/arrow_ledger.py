"""The Python package's Arrow paths on a national file, timed once each.

    python benches/python/arrow_ledger.py OBSERVATIONS.csv

OBSERVATIONS.csv is the file `national_files` writes (benches/examples). Run it
with the environment `scripts/test-python.sh` makes (target/py-venv: the
package's wheel, pyarrow, polars). The file is read by pyarrow with every
column as a string (as the CSV holds them: the value's exact text), then:
`Ledger.add_observations` of the pyarrow Table, `Ledger.to_arrow`, and
`add_observations` of the same data as a polars DataFrame, each through the
Arrow C stream, with no Python object per row. Prints one line per path.
"""

import sys
import time

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

import seguimiento


def timed(label, action):
    start = time.perf_counter()
    result = action()
    print(f"{label}: {time.perf_counter() - start:.2f} s", flush=True)
    return result


def main(path):
    names = pacsv.open_csv(path).schema.names
    table = pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in names},
            strings_can_be_null=True,
        ),
    )
    print(f"{table.num_rows} observations from {path}", flush=True)

    ledger = seguimiento.Ledger()
    rejected = timed("pyarrow Table -> ledger", lambda: ledger.add_observations(table))
    if len(rejected):
        sys.exit(f"{len(rejected)} rows rejected: {rejected.head()}")
    out = timed("ledger.to_arrow()", lambda: ledger.to_arrow("observations"))
    assert out.num_rows == table.num_rows, (out.num_rows, table.num_rows)
    del ledger, out

    frame = pl.from_arrow(table)
    del table
    ledger = seguimiento.Ledger()
    rejected = timed("polars DataFrame -> ledger", lambda: ledger.add_observations(frame))
    if len(rejected):
        sys.exit(f"{len(rejected)} rows rejected")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: arrow_ledger.py OBSERVATIONS.csv")
    main(sys.argv[1])
