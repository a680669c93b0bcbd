"""Tables in and out: the conversions between pandas / Arrow / lists of dicts
and the columns the extension reads and writes. No computation happens here,
and no table is laid out: the core lays out every table (its columns, their
names, order and types); this module only turns its columns into DataFrames.

pandas is optional: it is imported here, lazily, by what returns DataFrames.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import Any

_PANDAS_MISSING = (
    "seguimiento returns tables as pandas DataFrames, and pandas is not installed: "
    "pip install 'seguimiento[pandas]' (or pip install pandas). Without pandas, "
    "evaluation, to_json() and the notebook display work as they are."
)


def _pandas() -> Any:
    try:
        import pandas  # type: ignore[import-untyped,unused-ignore]
    except ImportError as e:
        raise ImportError(_PANDAS_MISSING) from e
    return pandas


def require_pandas() -> None:
    """Raises the actionable ImportError when pandas cannot be imported."""
    _pandas()


def _series(column: Mapping[str, Any], exact: bool) -> Any:
    """One core column as a pandas Series, its dtype chosen by the column's
    type (never by its name): the values are the core's, only their Python
    representation is chosen here.

    - ``score`` and ``decimal``: ``float64`` (NaN where missing), or the
      exact ``decimal.Decimal`` objects with ``exact=True``;
    - ``date``: ``datetime64[s]`` (NaT where missing), which matplotlib and
      pandas' time-series tools read as dates, or ``datetime.date`` objects
      with ``exact=True``; seconds, not nanoseconds, hold every date the
      core accepts (years 0 to 9999);
    - ``category`` with a ranking (a band): an ordered ``Categorical`` of
      the ranked names, lowest first, as the core lists them; a value
      without a rank (``none``: no score) is missing. A category without a
      ranking stays text;
    - anything else: the values as the core gave them.
    """
    pd = _pandas()
    values = column["values"]
    kind = column["type"]
    if not exact and kind in ("score", "decimal"):
        numbers = [math.nan if v is None else float(v) for v in values]
        return pd.Series(numbers, dtype="float64")
    if not exact and kind == "date":
        import numpy as np

        days = np.array(values, dtype="datetime64[D]")
        return pd.Series(days.astype("datetime64[s]"))
    if kind == "category" and column["ranking"]:
        rank = {name: position for position, name in enumerate(column["ranking"])}
        codes = [rank.get(v, -1) for v in values]  # -1: pandas' code for missing
        ranked = pd.Categorical.from_codes(codes, categories=column["ranking"], ordered=True)
        return pd.Series(ranked)
    return pd.Series(values, dtype=object if not values else None)


def table_frame(table: Mapping[str, Any], exact: bool = False) -> Any:
    """A DataFrame from one of the core's tables (``_table(name)`` of a plan,
    ledger or scorecard): its columns in the core's order, each converted by
    its type (see ``_series``)."""
    pd = _pandas()
    columns = {column["name"]: _series(column, exact) for column in table["columns"]}
    return pd.DataFrame(columns, columns=list(columns))


def to_pandas(owner: Any, exact: bool = False) -> dict[str, Any]:
    """Every table of a plan or scorecard, as a dict name -> DataFrame."""
    _pandas()
    return {name: table_frame(owner._table(name), exact) for name in owner._table_names()}


def columns_frame(columns: list[Mapping[str, Any]]) -> Any:
    """A DataFrame from columns laid out in Rust (``Ledger._observation_columns``),
    each built on the buffer it came in, with no Python object per row:

    - ``category``: a ``Categorical`` over ``categories`` whose codes are
      the ``codes`` buffer (-1 where missing), as narrow as pandas keeps them;
    - ``float64``, ``datetime64[s]``: the array on the ``data`` buffer (NaN,
      NaT where missing);
    - ``objects``: the ``values`` list (exact Decimals and dates).
    """
    import numpy as np

    pd = _pandas()
    data: dict[str, Any] = {}
    for column in columns:
        kind = column["kind"]
        if kind == "category":
            codes = np.frombuffer(column["codes"], dtype=f"=i{column['code_bytes']}")
            dtype = pd.CategoricalDtype(column["categories"])
            data[column["name"]] = pd.Categorical.from_codes(codes, dtype=dtype)
        elif kind in ("float64", "datetime64[s]"):
            data[column["name"]] = np.frombuffer(column["data"], dtype=kind)
        else:
            data[column["name"]] = pd.Series(column["values"], dtype=object)
    return pd.DataFrame(data, columns=list(data), copy=False)


def ledger_frames(ledger: Any, exact: bool = False) -> dict[str, Any]:
    """Every table of a ledger as a dict name -> DataFrame: the observations
    from the columns Rust lays out (``columns_frame``), the other tables, a
    few rows each, from the core's tables (``table_frame``)."""
    _pandas()
    return {
        name: (
            columns_frame(ledger._observation_columns(exact))
            if name == "observations"
            else table_frame(ledger._table(name), exact)
        )
        for name in ledger._table_names()
    }


def public_frame(csv_text: str, exact: bool = False) -> Any:
    """A public release as a DataFrame, read from the core's CSV of it
    (``PublicView.to_csv()``: one row per controlled value, its columns laid
    out by the core). Text columns stay text; ``value`` is the nullable
    ``Float64`` with ``pd.NA`` where confidential, or the exact
    ``decimal.Decimal`` values (``pd.NA`` where confidential) with
    ``exact=True``; ``confidential`` is bool. Primary and secondary
    suppressions look the same: nothing here tells them apart."""
    import csv
    import io
    from decimal import Decimal

    pd = _pandas()
    reader = csv.reader(io.StringIO(csv_text, newline=""))
    header = next(reader)
    rows = list(reader)
    columns: dict[str, Any] = {}
    for position, name in enumerate(header):
        cells = [row[position] for row in rows]
        if name == "value":
            if exact:
                exact_values = [pd.NA if c == "" else Decimal(c) for c in cells]
                columns[name] = pd.Series(exact_values, dtype=object)
            else:
                floats = [pd.NA if c == "" else float(c) for c in cells]
                columns[name] = pd.Series(floats, dtype="Float64")
        elif name == "confidential":
            columns[name] = pd.Series([c == "true" for c in cells], dtype=bool)
        else:
            columns[name] = pd.Series(cells, dtype=object)
    return pd.DataFrame(columns, columns=header)


#: Columns as the extension reads them: (name, values) pairs in order. A name
#: given twice stays twice, for the core to refuse as it refuses a CSV header
#: naming a column twice.
Columns = list[tuple[str, list[Any]]]


def _from_pandas(data: Any, method: str) -> tuple[Columns, list[Any]]:
    columns = [(str(name), data.iloc[:, i].tolist()) for i, name in enumerate(data.columns)]
    return columns, data.index.tolist()


def _from_records(data: Any, method: str) -> tuple[Columns, list[Any]]:
    names: dict[str, None] = {}
    for i, record in enumerate(data):
        if not isinstance(record, Mapping):
            raise TypeError(
                f"{method}(): a list of records holds dicts; item {i} is a {type(record).__name__}"
            )
        for key in record:
            names.setdefault(str(key), None)
    columns = [(name, [record.get(name) for record in data]) for name in names]
    return columns, list(range(len(data)))


def is_arrow(data: Any) -> bool:
    """Whether the input of an ``add_*`` method is read as Arrow data: an
    object with ``__arrow_c_stream__`` or ``__arrow_c_array__`` (a pyarrow
    Table or RecordBatch, a polars DataFrame, a DuckDB relation, any
    producer of the Arrow PyCapsule interface). The extension takes its
    record batches through the interface, with no Python object per row.

    A pandas DataFrame is not taken here: its index labels the rejected
    rows, and its object columns may hold dicts, Decimals and Periods, so
    it goes through Arrow only as ``pandas_as_arrow`` allows.
    """
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(data, pd.DataFrame):
        return False
    return hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__")


def _arrow_ready(pd: Any, column: Any) -> bool:
    """Whether a DataFrame column goes through Arrow exactly as its values
    would go one by one: texts (a string dtype, an object column of texts,
    a categorical of texts), integers, or tz-naive datetimes. Anything else
    (floats, whose texts Arrow would write differently in messages;
    Decimals, dicts, dates, mixed objects) keeps the per-value path."""
    types = pd.api.types
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return bool(types.infer_dtype(dtype.categories, skipna=True) == "string")
    if types.is_bool_dtype(dtype):
        return False
    if types.is_object_dtype(dtype):
        return bool(types.infer_dtype(column, skipna=True) == "string")
    if types.is_string_dtype(dtype) or types.is_integer_dtype(dtype):
        return True
    return bool(types.is_datetime64_dtype(dtype))


def pandas_as_arrow(data: Any, method: str) -> Any:
    """A pandas DataFrame of observations as a pyarrow Table, for the Arrow
    path (no Python object per row), when pyarrow is installed, the column
    names are distinct texts and every column is ready (``_arrow_ready``);
    else None, and the DataFrame takes the per-value path. A missing value
    then reads as missing, without the per-value path's note that it is a
    NaN; every other outcome (ledger, rejected rows and their labels,
    fields, codes, reasons) is the same."""
    pd = sys.modules.get("pandas")
    if pd is None or not isinstance(data, pd.DataFrame) or method != "add_observations":
        return None
    try:
        import pyarrow  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return None
    names = list(data.columns)
    if not all(isinstance(name, str) for name in names) or len(set(names)) != len(names):
        return None
    if not all(_arrow_ready(pd, data.iloc[:, i]) for i in range(len(names))):
        return None
    return pyarrow.Table.from_pandas(data, preserve_index=False)


def row_labels(data: Any) -> Any:
    """A DataFrame's row labels, or None when they are its positions (a
    default RangeIndex), which spares a Python object per row."""
    pd = sys.modules["pandas"]
    index = data.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return None
    return index.tolist()


def columns_of(data: Any, method: str) -> tuple[Columns, list[Any]]:
    """Normalises the input of an ``add_*`` method that is not Arrow data
    (see ``is_arrow``) to (columns, row labels).

    A pandas DataFrame (its index gives the labels) or a list of dicts.
    Which columns a record kind has, and what each value must be, is the
    core's to check.
    """
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(data, pd.DataFrame):
        return _from_pandas(data, method)
    if isinstance(data, (list, tuple)):
        return _from_records(data, method)
    raise TypeError(
        f"{method}() takes a pandas DataFrame, a list of dicts, or Arrow data "
        f"(an object with __arrow_c_stream__), not {type(data).__name__}"
    )
