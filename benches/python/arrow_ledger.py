"""The Python package's Arrow and pandas paths on a national file.

    python benches/python/arrow_ledger.py OBSERVATIONS.csv [TARGETS.json] [REPEATS]

OBSERVATIONS.csv is the file `national_files` writes (benches/examples), and
TARGETS.json the targets it writes beside it, read first when given. Run it
with the environment `scripts/test-python.sh` makes (target/py-venv: the
package's wheel, pyarrow, polars). The file is read by pyarrow with every
column as a string (as the CSV holds them: the value's exact text), then:
`Ledger.add_observations` of the pyarrow Table, `Ledger.to_arrow` and
`Ledger.to_pandas` (each timed REPEATS times, default 3: the machine may be
shared), and `add_observations` of the same data as a pandas DataFrame
(`Table.to_pandas()`: string columns) and as a polars DataFrame, each with no
Python object per row. Prints one line per path and timing.
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


def main(path, targets=None, repeats=3):
    names = pacsv.open_csv(path).schema.names
    table = pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in names},
            strings_can_be_null=True,
        ),
    )
    print(f"{table.num_rows} observations from {path}", flush=True)

    ledger = seguimiento.Ledger.from_file(targets) if targets else seguimiento.Ledger()
    rejected = timed("pyarrow Table -> ledger", lambda: ledger.add_observations(table))
    if len(rejected):
        sys.exit(f"{len(rejected)} rows rejected: {rejected.head()}")
    for _ in range(repeats):
        out = timed("ledger.to_arrow()", lambda: ledger.to_arrow("observations"))
        assert out.num_rows == table.num_rows, (out.num_rows, table.num_rows)
        del out
    for _ in range(repeats):
        frames = timed("ledger.to_pandas()", ledger.to_pandas)
        assert len(frames["observations"]) == table.num_rows
        del frames
    del ledger

    pandas_frame = table.to_pandas()
    ledger = seguimiento.Ledger()
    rejected = timed("pandas DataFrame -> ledger", lambda: ledger.add_observations(pandas_frame))
    if len(rejected):
        sys.exit(f"{len(rejected)} rows rejected")
    print(f"  (its path: {rejected.attrs.get('input', 'one Python value at a time')})", flush=True)
    del pandas_frame, ledger

    frame = pl.from_arrow(table)
    del table
    ledger = seguimiento.Ledger()
    rejected = timed("polars DataFrame -> ledger", lambda: ledger.add_observations(frame))
    if len(rejected):
        sys.exit(f"{len(rejected)} rows rejected")


if __name__ == "__main__":
    if not 2 <= len(sys.argv) <= 4:
        sys.exit("usage: arrow_ledger.py OBSERVATIONS.csv [TARGETS.json] [REPEATS]")
    main(*sys.argv[1:3], *(int(r) for r in sys.argv[3:]))
