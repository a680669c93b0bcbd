"""The ledger: records in from DataFrames, lists of dicts, Arrow and JSON;
strict and lenient batches; rejections with row and reason; the export."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from seguimiento import Ledger, Plan, SeguimientoError, ValidationError

from conftest import AMOUNT, BY_INSTITUTION, COUNT, DEMO_LEDGER, MILESTONE, PERCENTAGE


def obs(**fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"indicator": COUNT, "period": "2008", "entity": "MRE", "value": 3}
    record.update(fields)
    return record


def test_empty_ledger(plan: Plan) -> None:
    ledger = Ledger()
    assert len(ledger) == 0
    assert ledger.plan == plan
    assert Ledger(plan).counts() == {
        "targets": 0,
        "observations": 0,
        "milestones": 0,
        "submissions": 0,
        "obligations": 0,
        "recommendations": 0,
        "follow_ups": 0,
    }
    assert "0 observations" in repr(ledger)


def test_from_json_from_file_to_json_round_trip(plan: Plan, tmp_path: Path) -> None:
    ledger = Ledger.from_file(DEMO_LEDGER)
    counts = ledger.counts()
    assert counts["observations"] > 0 and counts["submissions"] > 0
    text = ledger.to_json()
    again = Ledger.from_json(text, plan)
    assert again.to_json() == text
    path = tmp_path / "ledger.json"
    path.write_text(text, encoding="utf-8")
    assert Ledger.from_file(str(path), plan).to_json() == text
    with pytest.raises(FileNotFoundError):
        Ledger.from_file(tmp_path / "missing.json")


def test_from_json_rejects_bad_documents() -> None:
    with pytest.raises(ValidationError) as syntax:
        Ledger.from_json("{")
    [error] = syntax.value.errors
    assert error["index"] is None and "line 1" in error["reason"]
    bad = {"observations": [obs(), obs(indicator="nope"), obs(period="2009-13")]}
    with pytest.raises(ValidationError) as rejected:
        Ledger.from_json(json.dumps(bad))
    errors = rejected.value.errors
    assert [(e["index"], e["field"]) for e in errors] == [(1, "indicator"), (2, "period")]
    assert all(e["kind"] == "observation" and e["row"] == e["index"] for e in errors)


def test_add_json_strict_and_lenient() -> None:
    ledger = Ledger()
    doc = json.dumps({"observations": [obs(), obs(value="-1")]})
    with pytest.raises(ValidationError):
        ledger.add_json(doc)
    assert len(ledger) == 0
    rejected = ledger.add_json(doc, mode="lenient")
    assert len(ledger) == 1
    assert list(rejected.columns) == ["index", "row", "kind", "field", "code", "reason"]
    assert rejected.iloc[0]["index"] == 1 and rejected.iloc[0]["field"] == "value"
    with pytest.raises(ValueError, match="strict"):
        ledger.add_json(doc, mode="sloppy")  # type: ignore[arg-type]


def test_add_csv_text_and_bytes_strict_and_lenient(tmp_path: Path) -> None:
    ledger = Ledger()
    csv = (
        "indicator,period,entity,value,cell.institucion\n"
        f"{COUNT},2008,MRE,3,\n"
        f"{COUNT},2009,MRE,-1,\n"
        f"{COUNT},200912,MRE,4,\n"
    )
    with pytest.raises(ValidationError) as refused:
        ledger.add_csv_text(csv)
    assert [(e["index"], e["field"]) for e in refused.value.errors] == [(1, "value"), (2, "period")]
    assert len(ledger) == 0
    rejected = ledger.add_csv(csv.encode(), mode="lenient")
    assert len(ledger) == 1
    assert list(rejected["index"]) == [1, 2]
    assert "not a count" in rejected.iloc[0]["reason"]
    exported = json.loads(ledger.to_json())["observations"]
    assert exported == [{"indicator": COUNT, "period": "2008", "entity": "MRE", "value": "3"}]
    with pytest.raises(SeguimientoError, match="lacks the column"):
        ledger.add_csv_text("indicator,period\n")
    with pytest.raises(TypeError, match="a path"):
        ledger.add_csv(42)  # type: ignore[arg-type]
    # A str is a path; CSV text in a str is pointed to add_csv_text.
    with pytest.raises(ValueError, match="add_csv_text"):
        ledger.add_csv(csv)
    with pytest.raises(FileNotFoundError):
        ledger.add_csv(str(tmp_path / "missing.csv"))


def test_add_observations_from_a_dataframe() -> None:
    ledger = Ledger()
    frame = pd.DataFrame(
        {
            "indicator": [COUNT, COUNT, BY_INSTITUTION],
            "period": ["2008", 2009, "2008"],
            "entity": ["MRE", "MRE", "GIT"],
            "value": [Decimal("3"), 4, "5"],
            "recorded_on": [date(2009, 1, 10), None, "2009-01-11"],
            "cell.institucion": [None, None, "MP"],
        }
    )
    rejected = ledger.add_observations(frame)
    assert rejected.empty and list(rejected.columns) == ["index", "row", "kind", "field", "code", "reason"]
    out = ledger.to_pandas(exact=True)["observations"]
    assert list(out["value"]) == [Decimal("3"), Decimal("4"), Decimal("5")]
    assert list(out["period"]) == ["2008", "2009", "2008"]
    assert out["recorded_on"][0] == date(2009, 1, 10)
    assert out["cell.institucion"][2] == "MP" and pd.isna(out["cell.institucion"][0])
    assert set(out["source"]) == {"official"}


def test_add_every_kind_from_lists_of_dicts() -> None:
    ledger = Ledger()
    ledger.add_targets([{"indicator": COUNT, "period": "2007/2017", "baseline": 1, "value": 10}])
    ledger.add_observations([obs()])
    ledger.add_milestones([{"indicator": MILESTONE, "entity": "MRE", "achieved_on": date(2007, 6, 1)}])
    ledger.add_submissions(
        [{"entity": "MP", "kind": "monthly", "period": "2008-01", "submitted_on": "2008-02-11"}]
    )
    ledger.add_obligations([{"entity": "MP", "kind": "monthly", "from": 2008, "to": 2017}])
    ledger.add_recommendations(
        [
            {
                "id": "EV-2010-01",
                "evaluation": "2009/2010",
                "issued_on": date(2011, 3, 1),
                "entity": "MINGOB/PNC",
                "node": "E1.L1",
                "text": "Publicar las cifras mensuales.",
            }
        ]
    )
    ledger.add_follow_ups(
        [{"recommendation": "EV-2010-01", "entity": "PNC", "status": "in_progress", "on": "2011-09-30"}]
    )
    assert ledger.counts() == {
        "targets": 1,
        "observations": 1,
        "milestones": 1,
        "submissions": 1,
        "obligations": 1,
        "recommendations": 1,
        "follow_ups": 1,
    }
    with pytest.raises(ValidationError) as unknown:
        ledger.add_follow_ups(
            [{"recommendation": "EV-9", "entity": "PNC", "status": "done", "on": "2011-09-30"}]
        )
    assert [(e["field"], e["code"]) for e in unknown.value.errors] == [
        ("status", "unknown_follow_up_status")
    ]
    tables = ledger.to_pandas(exact=True)
    assert tables["targets"]["baseline"][0] == Decimal(1)
    assert tables["milestones"]["achieved_on"][0] == date(2007, 6, 1)
    assert tables["submissions"]["submitted_on"][0] == date(2008, 2, 11)
    assert (tables["obligations"]["from"][0], tables["obligations"]["to"][0]) == (2008, 2017)
    # Every table goes back in through its add_* method.
    again = Ledger()
    for kind, table in tables.items():
        getattr(again, f"add_{kind}")(table)
    assert again.to_json() == ledger.to_json()


def test_demo_ledger_through_dataframes_equals_json(demo_json: dict[str, Any]) -> None:
    from_json = Ledger.from_file(DEMO_LEDGER)
    from_frames = Ledger()
    for kind, records in demo_json.items():
        rejected = getattr(from_frames, f"add_{kind}")(pd.DataFrame(records))
        assert rejected.empty
    assert from_frames.to_json() == from_json.to_json()


def test_arrow_input_through_the_pycapsule_interface() -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table(
        {
            "indicator": [COUNT, AMOUNT],
            "period": ["2008", "2009"],
            "entity": ["MRE", "GIT"],
            "value": pa.array([Decimal("3"), Decimal("1250.75")], pa.decimal128(12, 2)),
            "recorded_on": pa.array([date(2009, 1, 5), None], pa.date32()),
        }
    )

    class Stream:
        """Any producer of the Arrow C stream interface (not a pyarrow object)."""

        def __arrow_c_stream__(self, requested_schema: object = None) -> object:
            return table.__arrow_c_stream__(requested_schema)

    for data in (table, Stream(), table.to_batches()[0]):
        ledger = Ledger()
        assert ledger.add_observations(data).empty
        out = ledger.to_pandas(exact=True)["observations"]
        assert list(out["value"]) == [Decimal("3.00"), Decimal("1250.75")]
        assert out["recorded_on"][0] == date(2009, 1, 5)


class StreamOnly:
    """Arrow data that exposes the Arrow C stream and nothing else: no length,
    rows, columns or iteration, so only the PyCapsule path can read it."""

    def __init__(self, data: Any) -> None:
        self._data = data

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self._data.__arrow_c_stream__(requested_schema)


def test_polars_and_pyarrow_go_in_through_the_arrow_stream(demo_json: dict[str, Any]) -> None:
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    expected = Ledger.from_file(DEMO_LEDGER)
    tables = {kind: expected.to_arrow(kind) for kind in demo_json}
    assert all(isinstance(t, pa.Table) for t in tables.values())
    assert tables["observations"].num_rows == len(demo_json["observations"])
    for convert in (lambda t: t, pl.from_arrow, lambda t: StreamOnly(t), lambda t: StreamOnly(pl.from_arrow(t))):
        ledger = Ledger()
        for kind in demo_json:
            rejected = getattr(ledger, f"add_{kind}")(convert(tables[kind]))
            assert rejected.empty
            assert rejected.attrs["input"] == "arrow"
        assert ledger.to_json() == expected.to_json()


def test_arrow_rejections_name_the_row_across_batches() -> None:
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    good = {"indicator": [COUNT], "period": [2008], "entity": ["MRE"], "value": ["3"]}
    bad = {"indicator": [COUNT], "period": [2009], "entity": ["MRE"], "value": ["three"]}
    schema = pa.schema([("indicator", pa.string()), ("period", pa.int64()), ("entity", pa.string()), ("value", pa.string())])
    reader = pa.RecordBatchReader.from_batches(
        schema, [pa.RecordBatch.from_pydict(good, schema), pa.RecordBatch.from_pydict(bad, schema)]
    )
    rejected = Ledger().add_observations(reader, mode="lenient")
    assert rejected.attrs["input"] == "arrow"
    assert list(rejected["row"]) == [1]
    assert list(rejected["field"]) == ["value"]
    ledger = Ledger()
    with pytest.raises(ValidationError) as raised:
        ledger.add_observations(pl.DataFrame(bad))
    assert [(e["row"], e["field"]) for e in raised.value.errors] == [(0, "value")]
    assert len(ledger) == 0


def test_polars_categorical_columns_are_read_as_their_texts() -> None:
    pl = pytest.importorskip("polars")
    rows = {
        "indicator": [COUNT, COUNT, COUNT, COUNT],
        "period": ["2008", "2009", "2010", "2011"],
        "entity": ["MRE", "NOPE", None, "MRE"],
        "value": ["3", "4", "5", "6"],
    }
    as_text = pl.DataFrame(rows)
    categorical = as_text.with_columns(
        pl.col("indicator", "period", "entity").cast(pl.Categorical)
    )
    assert categorical.schema["entity"] == pl.Categorical
    outcomes = []
    for frame in (as_text, categorical):
        ledger = Ledger()
        rejected = ledger.add_observations(frame, mode="lenient")
        assert rejected.attrs["input"] == "arrow"
        outcomes.append((list(zip(rejected["row"], rejected["field"], rejected["code"])), ledger.to_json()))
    # The unknown entity (row 1) and the null one (row 2), as from texts.
    assert outcomes[1] == outcomes[0]
    assert [(row, field) for row, field, _ in outcomes[1][0]] == [(1, "entity"), (2, "entity")]
    assert json.loads(outcomes[1][1])["observations"][1]["value"] == "6"


def test_to_arrow_without_pyarrow_is_an_actionable_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError("No module named 'pyarrow'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(ImportError, match=r"pip install 'seguimiento\[arrow\]'"):
        Ledger().to_arrow()
    with pytest.raises(KeyError, match="not a kind of record"):
        Ledger().to_arrow("rows")  # type: ignore[arg-type]


def test_wrong_input_types_raise_type_error() -> None:
    with pytest.raises(TypeError, match="DataFrame, a list of dicts"):
        Ledger().add_observations("not a table")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="item 1"):
        Ledger().add_observations([obs(), ("a", "tuple")])  # type: ignore[list-item]


# --- bad DataFrames: every rejection has its row and reason -----------------


def rejected_by(frame: pd.DataFrame, **kw: Any) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as info:
        Ledger().add_observations(frame, **kw)
    assert isinstance(info.value, ValueError) and isinstance(info.value, SeguimientoError)
    errors: list[dict[str, Any]] = info.value.errors
    return errors


def test_missing_column() -> None:
    frame = pd.DataFrame([obs()]).drop(columns=["value"])
    [error] = rejected_by(frame)
    assert error["field"] == "value" and error["row"] is None and error["index"] is None
    assert "required column" in error["reason"]
    # A batch that cannot be read fails in lenient mode too.
    rejected_by(frame, mode="lenient")


def test_unknown_column() -> None:
    [error] = rejected_by(pd.DataFrame([obs(valeu=1)]))
    assert error["field"] == "valeu" and "unknown column" in error["reason"]


def test_wrong_type_names_row_and_reason() -> None:
    frame = pd.DataFrame([obs(), obs(value=[1, 2]), obs(recorded_on=3.5)], index=["a", "b", "c"])
    errors = rejected_by(frame)
    assert [(e["row"], e["index"], e["field"]) for e in errors] == [
        ("b", 1, "value"),
        ("c", 2, "recorded_on"),
    ]
    assert "expected a number" in errors[0]["reason"] and "list" in errors[0]["reason"]
    assert "expected a date" in errors[1]["reason"]


def test_nan_value_is_rejected() -> None:
    frame = pd.DataFrame([obs(), obs(value=float("nan"))], index=[10, 20])
    [error] = rejected_by(frame)
    assert (error["row"], error["index"], error["field"]) == (20, 1, "value")
    assert "NaN" in error["reason"]


def test_unknown_indicator_and_core_rules() -> None:
    frame = pd.DataFrame(
        [
            obs(),
            obs(indicator="E9.L9.M9.A9.I9"),
            obs(value=Decimal("2.5")),  # a count is a whole number
            obs(indicator=PERCENTAGE, value=101),
            obs(entity="PNC"),  # not responsible
            obs(period="2008-03"),  # monthly period on an annual indicator
        ],
        index=list("abcdef"),
    )
    errors = rejected_by(frame)
    assert [(e["row"], e["field"]) for e in errors] == [
        ("b", "indicator"),
        ("c", "value"),
        ("d", "value"),
        ("e", "entity"),
        ("f", "period"),
    ]
    assert "unknown indicator" in errors[0]["reason"]
    assert "not responsible" in errors[3]["reason"]


def test_strict_rejects_the_whole_batch_lenient_keeps_valid_rows() -> None:
    frame = pd.DataFrame([obs(), obs(value=float("nan")), obs(indicator="nope")], index=[7, 8, 9])
    ledger = Ledger()
    with pytest.raises(ValidationError) as info:
        ledger.add_observations(frame)
    # Both the row the binding could not read and the row the core refused.
    assert [e["row"] for e in info.value.errors] == [8, 9]
    assert len(ledger) == 0
    rejected = ledger.add_observations(frame, mode="lenient")
    assert len(ledger) == 1
    assert list(rejected["row"]) == [8, 9] and list(rejected["index"]) == [1, 2]
    assert list(rejected["field"]) == ["value", "indicator"]
    assert set(rejected["kind"]) == {"observation"}


def test_missing_markers_in_optional_fields_mean_absent() -> None:
    frame = pd.DataFrame(
        {
            "indicator": [COUNT, COUNT],
            "period": ["2008", "2009"],
            "entity": ["MRE", "MRE"],
            "value": [1, 2],
            "recorded_on": pd.to_datetime(["2009-01-05", None]),  # NaT
            "source": [None, float("nan")],
        }
    )
    assert Ledger().add_observations(frame).empty
    targets = pd.DataFrame(
        {
            "indicator": [COUNT],
            "period": ["2008"],
            "entity": [pd.NA],
            "baseline": [None],
            "value": [5],
        }
    )
    ledger = Ledger()
    assert ledger.add_targets(targets).empty
    out = ledger.to_pandas(exact=True)["targets"]
    assert out["baseline"][0] == 0


def test_cells_from_dicts_and_columns_must_agree() -> None:
    good = [obs(indicator=BY_INSTITUTION, entity="GIT", cell={"institucion": "MP"})]
    assert Ledger().add_observations(good).empty
    clash = [
        {
            **obs(indicator=BY_INSTITUTION, entity="GIT", cell={"institucion": "MP"}),
            "cell.institucion": "OJ",
        }
    ]
    [error] = rejected_by(pd.DataFrame(clash))
    assert error["field"] == "cell" and "twice" in error["reason"]
    [error] = rejected_by(pd.DataFrame([obs(cell="sexo=mujer")]))
    assert error["field"] == "cell"


def test_timestamps_at_midnight_are_dates_others_are_not() -> None:
    ledger = Ledger()
    frame = pd.DataFrame([obs(recorded_on=pd.Timestamp("2009-01-05"))])
    assert ledger.add_observations(frame).empty
    assert ledger.to_pandas(exact=True)["observations"]["recorded_on"][0] == date(2009, 1, 5)
    [error] = rejected_by(pd.DataFrame([obs(recorded_on=datetime(2009, 1, 5, 13, 30))]))
    assert "time of day" in error["reason"]


def test_other_record_kinds_validate_their_fields() -> None:
    ledger = Ledger()
    with pytest.raises(ValidationError) as info:
        ledger.add_submissions(
            [{"entity": "MP", "kind": "weekly", "period": "2008-01", "submitted_on": "2008-02-01"}]
        )
    assert info.value.errors[0]["field"] == "kind"
    with pytest.raises(ValidationError) as info:
        ledger.add_obligations([{"entity": "MP", "kind": "monthly", "from": 2008.0, "to": 2017}])
    assert info.value.errors[0]["field"] == "from" and "float" in info.value.errors[0]["reason"]
    with pytest.raises(ValidationError) as info:
        ledger.add_milestones([{"indicator": COUNT, "entity": "MRE", "achieved_on": date(2008, 1, 1)}])
    assert "not a milestone" in info.value.errors[0]["reason"]
    with pytest.raises(ValidationError) as info:
        ledger.add_targets([{"indicator": COUNT, "period": "2008", "value": 0}])
    assert "baseline" in info.value.errors[0]["reason"]
    assert len(ledger) == 0


def test_validation_error_message_names_rows() -> None:
    with pytest.raises(ValidationError, match=r"row 'x', field \"indicator\""):
        Ledger().add_observations(pd.DataFrame([obs(indicator="nope")], index=["x"]))


def test_duplicates_in_one_batch_are_rejected_or_summed_on_request() -> None:
    # Monthly-style rows never aggregated: three rows of one key (SPEC §2 rev 2).
    rows = pd.DataFrame(
        [obs(value=5), obs(value=7), obs(period="2009", value=1), obs(value=30)],
        index=["a", "b", "c", "d"],
    )
    ledger = Ledger()
    with pytest.raises(ValidationError) as refused:
        ledger.add_observations(rows)
    assert [(e["row"], e["code"]) for e in refused.value.errors] == [
        ("a", "duplicate_key"),
        ("b", "duplicate_key"),
        ("d", "duplicate_key"),
    ]
    assert "as observations[1]" in refused.value.errors[0]["reason"]
    assert len(ledger) == 0
    rejected = ledger.add_observations(rows, mode="lenient")
    assert list(rejected["row"]) == ["a", "b", "d"]
    assert rejected.attrs["merged"] == 0
    assert ledger.counts()["observations"] == 1
    summed = Ledger()
    report = summed.add_observations(rows, duplicates="sum")
    assert report.empty and report.attrs["merged"] == 2
    values = summed.to_pandas()["observations"].set_index("period")["value"]
    assert values.to_dict() == {"2008": Decimal(42), "2009": Decimal(1)}
    # JSON and CSV take the same keyword.
    csv = "indicator,period,entity,value\n" + f"{COUNT},2008,MRE,5\n" * 2
    assert Ledger().add_csv_text(csv, duplicates="sum").attrs["merged"] == 1
    text = json.dumps({"observations": [obs(), obs()]})
    assert len(Ledger().add_json(text, mode="lenient")) == 2
    with pytest.raises(ValueError, match="duplicates"):
        Ledger().add_json(text, duplicates="add")


def test_add_csv_reads_a_path_a_file_object_or_bytes(tmp_path: Path) -> None:
    # A statistician's file: add_csv("file.csv") reads the file, as pandas does.
    csv = f"indicator,period,entity,value\n{COUNT},2008,MRE,3\n{COUNT},2009,MRE,4\n"
    path = tmp_path / "obs.csv"
    path.write_text(csv, encoding="utf-8")
    expected = Ledger()
    expected.add_csv_text(csv)
    for source in (
        str(path),
        path,
        path.read_bytes(),
        bytearray(path.read_bytes()),
    ):
        ledger = Ledger()
        assert ledger.add_csv(source).empty
        assert ledger.to_json() == expected.to_json()
    for file_mode in ("r", "rb"):
        ledger = Ledger()
        with open(path, file_mode) as f:
            assert ledger.add_csv(f).empty
        assert ledger.to_json() == expected.to_json()


def test_pandas_periods_and_dates_as_pandas_users_have_them() -> None:
    np = pytest.importorskip("numpy")
    monthly = "E2.L3.M2.A5.I1"  # monthly count, PNC
    frame = pd.DataFrame(
        {
            "indicator": [monthly, monthly, COUNT, PERCENTAGE],
            "period": [
                pd.Period("2009-03", "M"),
                pd.Period("2009-04", "M"),
                pd.Period("2009", "Y"),
                pd.Period("2010", "Y"),
            ],
            "entity": ["PNC", "MINGOB/PNC", "MRE", "MRE"],
            "value": [3, 4, 5, 50],
            "recorded_on": [
                pd.Timestamp("2009-04-10"),
                np.datetime64("2009-05-12"),
                date(2010, 1, 5),
                np.datetime64("2011-01-05T00:00:00.000000000"),
            ],
        }
    )
    ledger = Ledger()
    assert ledger.add_observations(frame).empty
    out = json.loads(ledger.to_json())["observations"]
    assert [(o["period"], o["entity"], o["recorded_on"]) for o in out] == [
        ("2009-03", "PNC", "2009-04-10"),
        ("2009-04", "PNC", "2009-05-12"),
        ("2009", "MRE", "2010-01-05"),
        ("2010", "MRE", "2011-01-05"),
    ]
    # A whole Period[M] column (PeriodDtype) and a datetime64[ns] column.
    months = pd.DataFrame(
        {
            "indicator": [monthly] * 3,
            "period": pd.period_range("2010-01", periods=3, freq="M"),
            "entity": ["PNC"] * 3,
            "value": [1, 2, 3],
            "recorded_on": pd.to_datetime(["2010-02-05", "2010-03-05", None]),
        }
    )
    assert str(months["period"].dtype) == "period[M]"
    assert Ledger().add_observations(months).empty
    # A quarter is read (pandas writes 2010Q1) and refused for its granularity
    # by the core, like the same text; a time of day is not a date.
    quarter = pd.DataFrame([{"indicator": monthly, "period": pd.Period("2010Q1", "Q"),
                             "entity": "PNC", "value": 1}])
    rejected = Ledger().add_observations(quarter, mode="lenient")
    assert list(rejected["field"]) == ["period"] and "quarter" in rejected["reason"][0]
    timed = [{"indicator": COUNT, "period": "2009", "entity": "MRE", "value": 1,
              "recorded_on": np.datetime64("2010-01-05T10:30")}]
    rejected = Ledger().add_observations(timed, mode="lenient")
    assert list(rejected["field"]) == ["recorded_on"]
    assert "time of day" in rejected["reason"][0]
    # NaT is a missing value.
    nat = [{"indicator": COUNT, "period": "2009", "entity": "MRE", "value": 1,
            "recorded_on": np.datetime64("NaT")}]
    assert Ledger().add_observations(nat).empty


def test_monthly_rows_are_added_up_to_the_indicator_on_request() -> None:
    # Issue 9's first finding: monthly rows per departamento and sexo, meant
    # to be added up, for an annual indicator by sexo and edad.
    victims = "E4.L2.M2.A1.I1"
    rows = pd.DataFrame(
        [
            {
                "indicator": victims,
                "period": pd.Period(f"2014-{month:02d}", "M"),
                "entity": "MP",
                "cell.sexo": sexo,
                "cell.edad": "13-17",
                "cell.departamento": departamento,
                "value": value,
                "recorded_on": date(2015, 1, 20),
            }
            for month in range(1, 13)
            for departamento, sexo, value in [("01", "mujer", 5), ("17", "mujer", 3), ("01", "hombre", 2)]
        ]
    )
    plain = Ledger().add_observations(rows, mode="lenient")
    assert len(plain) > 0  # refused: months, and a dimension the indicator lacks
    ledger = Ledger()
    report = ledger.add_observations(rows, aggregate=True)
    assert report.empty
    assert report.attrs["aggregation"] == {
        "rows": 36,
        "records": 2,
        "periods_widened": 36,
        "dimensions_dropped": 36,
        "earlier_stock_rows": 0,
        "untouched": 0,
    }
    out = ledger.to_pandas()["observations"]
    totals = {row["cell.sexo"]: row["value"] for _, row in out.iterrows()}
    assert totals == {"mujer": Decimal(12 * 8), "hombre": Decimal(12 * 2)}
    assert set(out["period"]) == {"2014"}


def test_a_pandas_frame_of_texts_integers_and_dates_goes_in_through_arrow() -> None:
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame(
        {
            "indicator": [COUNT, COUNT, COUNT, COUNT, "E9.L9.M9.A9.I9", COUNT],
            "period": ["2008", "2009", "2008", "2010", "2008", "2009"],
            "entity": pd.Categorical(["MRE", "MRE", "NOPE", "GIT", "MRE", "GIT"]),
            "value": [3, 4, 5, -1, 2, 7],
            "recorded_on": pd.to_datetime(["2009-01-05", None, "2009-01-05", "2011-01-02", "2009-02-01", "2010-03-01"]),
        },
        index=[f"r{i}" for i in range(6)],
    )
    through_arrow = Ledger()
    rejected = through_arrow.add_observations(frame, mode="lenient")
    assert rejected.attrs["input"] == "pandas-arrow"
    # The same rows one Python value at a time (a list of records) give the
    # same ledger and the same rejections, the rows named by the frame's labels.
    one_by_one = Ledger()
    expected = one_by_one.add_observations(frame.to_dict("records"), mode="lenient")
    assert "input" not in expected.attrs
    assert not expected.empty
    columns = ["index", "field", "code", "reason"]
    assert rejected[columns].to_dict("records") == expected[columns].to_dict("records")
    assert list(rejected["row"]) == [frame.index[i] for i in expected["index"]]
    assert through_arrow.to_json() == one_by_one.to_json()
    # Strict: the batch is refused, the error naming the frame's label.
    with pytest.raises(ValidationError) as refused:
        Ledger().add_observations(frame)
    assert refused.value.errors[0]["row"] == frame.index[expected["index"].iloc[0]]


def test_a_pandas_frame_keeps_the_per_value_path_where_arrow_would_change_a_value() -> None:
    pytest.importorskip("pyarrow")
    base = {"indicator": [COUNT, COUNT], "period": ["2008", "2009"], "entity": ["MRE", "MRE"]}
    for value in ([Decimal("3"), Decimal("4.0")], [3.0, float("nan")], [True, False], ["3", 4]):
        rejected = Ledger().add_observations(pd.DataFrame({**base, "value": value}), mode="lenient")
        assert rejected.attrs.get("input") != "pandas-arrow", value
    # A missing text is missing either way, at the same row and field.
    frame = pd.DataFrame({**base, "value": ["3", None]})
    rejected = Ledger().add_observations(frame, mode="lenient")
    assert rejected.attrs["input"] == "pandas-arrow"
    assert list(zip(rejected["row"], rejected["field"], rejected["code"])) == [(1, "value", "missing_field")]
