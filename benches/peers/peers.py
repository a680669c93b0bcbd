"""The peers' side of `make bench-peers`: the same national-size observation file,
scored the way a statistician would with pandas or polars.

The peers do *less* than seguimiento: values as floats, no validation against the
plan, no revisions, no cells, no windows or milestones — only the year targets of the
indicators (every measure treated as a flow):

    A(indicator, year) = sum of the values of its observations in that year
    a = clamp(A / T, 0, 1)                         (baseline 0, as the generator writes)
    score = mean of a over every year target

Usage: python peers.py pandas|polars-eager|polars-lazy OBSERVATIONS.csv TARGETS.csv
Prints one line: `<tool> score=<mean achievement> targets=<n>`.
"""

import sys


def pandas_job(observations: str, targets: str) -> tuple[float, int]:
    import pandas as pd

    obs = pd.read_csv(
        observations,
        usecols=["indicator", "period", "value"],
        dtype={"indicator": "category", "period": "string", "value": "float64"},
        engine="pyarrow",
    )
    obs["year"] = obs["period"].str.slice(0, 4).astype("int32")
    actual = (
        obs.groupby(["indicator", "year"], observed=True)["value"]
        .sum()
        .rename("actual")
        .reset_index()
    )
    # The sums are few (one per indicator and year): joined on plain strings, since a
    # target's indicator may have no observation and so no category.
    actual["indicator"] = actual["indicator"].astype("string")
    goals = pd.read_csv(targets, dtype={"indicator": "string", "year": "int32", "value": "float64"})
    joined = goals.merge(actual, on=["indicator", "year"], how="left").fillna({"actual": 0.0})
    achievement = (joined["actual"] / joined["value"]).clip(0.0, 1.0)
    return float(achievement.mean()), len(joined)


def polars_job(observations: str, targets: str, lazy: bool) -> tuple[float, int]:
    import polars as pl

    goals = pl.scan_csv(targets, schema_overrides={"year": pl.Int32, "value": pl.Float64})
    if lazy:
        obs = pl.scan_csv(observations, schema_overrides={"value": pl.Float64})
    else:
        obs = pl.read_csv(
            observations,
            columns=["indicator", "period", "value"],
            schema_overrides={"value": pl.Float64},
        ).lazy()
    actual = (
        obs.select(
            pl.col("indicator"),
            pl.col("period").str.slice(0, 4).cast(pl.Int32).alias("year"),
            pl.col("value"),
        )
        .group_by("indicator", "year")
        .agg(pl.col("value").sum().alias("actual"))
    )
    result = (
        goals.join(actual, on=["indicator", "year"], how="left")
        .with_columns(pl.col("actual").fill_null(0.0))
        .select(
            (pl.col("actual") / pl.col("value")).clip(0.0, 1.0).mean().alias("score"),
            pl.len().alias("targets"),
        )
        .collect()
    )
    return float(result["score"][0]), int(result["targets"][0])


def main() -> None:
    tool, observations, targets = sys.argv[1:4]
    if tool == "pandas":
        score, n = pandas_job(observations, targets)
    elif tool == "polars-eager":
        score, n = polars_job(observations, targets, lazy=False)
    elif tool == "polars-lazy":
        score, n = polars_job(observations, targets, lazy=True)
    else:
        raise SystemExit(f"unknown tool {tool!r}: pandas, polars-eager or polars-lazy")
    print(f"{tool} score={score:.6f} targets={n}")


if __name__ == "__main__":
    main()
