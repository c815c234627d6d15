"""One code path, two engines: DuckDB and Spark must rank the same users the same way."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

import pytest

from shuhi.logreview.engine import run_review
from shuhi.logreview.ingest import EventStore
from shuhi.logreview.tests.handmade import (
    ALICE,
    BOB,
    CAROL,
    DAVE,
    FIRST_DAY,
    REVIEW_END,
    CertLog,
    at,
    make_dataset,
    pc_of,
    review_day,
)

SPARK_MISSING = importlib.util.find_spec("pyspark") is None or shutil.which("java") is None


def busy_week(log: CertLog) -> None:
    """Several indicators at once, with ties, so that ordering and rounding are exercised."""
    log.leavers[CAROL] = __import__("datetime").date(2010, 4, 1)
    log.logon(ALICE, at(review_day(1), 23), pc=pc_of(BOB))
    log.http(ALICE, at(review_day(2), 16), "http://wikileaks.org/submit")
    log.email(ALICE, at(review_day(3), 12), "alice.home@gmail.com", attachments=2)
    for n in range(3):
        log.file(CAROL, at(review_day(2), 15, n), f"\\\\fileserver\\design\\part{n}.dwg")
        log.device(DAVE, at(review_day(n), 15))
        log.http(BOB, at(review_day(n), 12), f"http://www.monster.com/job/{n}")


def comparable(report: dict[str, Any]) -> list[Any]:
    return [
        (
            w["start"],
            w["end"],
            [
                (
                    e["user"],
                    e["score"],
                    [(r["indicator"], r["count"], r["weight"], r["examples"]) for r in e["reasons"]],
                )
                for e in w["ranking"]
            ],
        )
        for w in report["windows"]
    ]


@pytest.mark.spark
@pytest.mark.skipif(SPARK_MISSING, reason="needs PySpark and a Java runtime (java on PATH)")
def test_duckdb_and_spark_rank_the_same_users_with_the_same_scores(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", busy_week)
    reports = {
        engine: run_review(
            f"cert:{data}",
            start=FIRST_DAY,
            end=REVIEW_END,
            window="week",
            engine=engine,
            store_dir=tmp_path / engine,
        )
        for engine in ("duckdb", "spark")
    }
    assert comparable(reports["duckdb"]) == comparable(reports["spark"])
    top = reports["spark"]["windows"][-1]["ranking"]
    assert top[0]["user"] == ALICE and top[0]["score"] > 0
    # Each engine ingested the CSV files itself: Spark writes directories of part files.
    parts = {
        engine: [p["path"] for e in EventStore(tmp_path / engine).manifest["files"].values() for p in e["parts"]]
        for engine in ("duckdb", "spark")
    }
    assert parts["spark"] and all(p.endswith("/*.parquet") for p in parts["spark"])
    assert not any("*" in p for p in parts["duckdb"])
    assert reports["spark"]["stats"]["events_in_store"] == reports["duckdb"]["stats"]["events_in_store"]


@pytest.mark.spark
@pytest.mark.skipif(SPARK_MISSING, reason="needs PySpark and a Java runtime (java on PATH)")
def test_spark_counts_malformed_rows_and_appends_a_new_week_incrementally(tmp_path: Path) -> None:
    log = CertLog("r4.2")
    log.routine(7 * 6)
    busy_week(log)
    cut = review_day(4)
    data = log.write(tmp_path / "data", before=cut)
    with (data / "http.csv").open("a", encoding="utf-8") as handle:
        handle.write("{BAD-ROW},only,three\n")
    store = tmp_path / "store"
    first = run_review(f"cert:{data}", start=FIRST_DAY, end=REVIEW_END, engine="spark", store_dir=store)
    http = next(f for f in first["stats"]["ingest"]["files"] if f["kind"] == "http")
    assert http["reasons"]["malformed_row"]["count"] == 1 and http["bad_rows"] == 1
    added = log.append(data, since=cut)
    again = run_review(f"cert:{data}", start=FIRST_DAY, end=REVIEW_END, engine="spark", store_dir=store)
    assert {f["mode"] for f in again["stats"]["ingest"]["files"]} <= {"append", "skip"}
    assert again["stats"]["ingested_rows"] == added, "only the appended rows were read"
    assert again["stats"]["events_in_store"] == first["stats"]["events_in_store"] + added


TIMES = [
    ("2024-02-01 09:05:02", "%Y-%m-%d %H:%M:%S"),
    ("2024-2-1 9:5:2", "%Y-%m-%d %H:%M:%S"),
    ("02/01/2024 09:05:02", "%m/%d/%Y %H:%M:%S"),
    ("20240201090502", "%Y%m%d%H%M%S"),
    ("2024-02-01 09:05:02 x", "%Y-%m-%d %H:%M:%S"),
    ("2024-02-01T09:05:02", "%Y-%m-%dT%H:%M:%S"),
    ("2024-02-30 09:05:02", "%Y-%m-%d %H:%M:%S"),
    ("2024年2月1日 9:05", "%Y年%m月%d日 %H:%M"),
    ("01.02.2024 09:05 PM", "%d.%m.%Y %I:%M %p"),
    ("2024-02-01 09:05:02.123", "%Y-%m-%d %H:%M:%S"),
]


@pytest.mark.spark
@pytest.mark.skipif(SPARK_MISSING, reason="needs PySpark and a Java runtime (java on PATH)")
def test_spark_reads_a_mappings_times_as_duckdb_does_and_refuses_the_same_ones() -> None:
    import duckdb

    from shuhi.logreview.backend import spark_session
    from shuhi.logreview.ingest_spark import java_time_format

    on_duckdb = [duckdb.execute("SELECT try_strptime(?, ?)", list(case)).fetchone()[0] for case in TIMES]
    rows = [(value, java_time_format(fmt)) for value, fmt in TIMES]
    frame = spark_session().createDataFrame(rows, "v string, f string")
    on_spark = [row[0] for row in frame.selectExpr("to_timestamp_ntz(v, f)").collect()]
    assert on_spark == on_duckdb
    assert on_duckdb.count(None) == 3, "a trailing word, 30 February and fractional seconds parse on neither"
