"""The review on a real Spark standalone cluster (a master and two workers, each its own JVM)
gives the very report DuckDB gives, byte for byte, for CERT files and for generic mappings.

Marked `spark_cluster` (and `spark`): about a minute and a half on two cores (docs/logreview.md,
"The cluster test"). `make test` runs it, as it runs every marker; `-m "not spark_cluster"` leaves
it out.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shuhi.logreview import backend, cli
from shuhi.logreview.engine import run_review
from shuhi.logreview.ingest import EventStore
from shuhi.logreview.report import write_report
from shuhi.logreview.tests import generic_logs
from shuhi.logreview.tests.handmade import ALICE, FIRST_DAY, REVIEW_END, make_dataset
from shuhi.logreview.tests.sparkcluster import Cluster, standalone_cluster
from shuhi.logreview.tests.test_engines import busy_week

SPARK_MISSING = importlib.util.find_spec("pyspark") is None or shutil.which("java") is None

pytestmark = [
    pytest.mark.spark,
    pytest.mark.spark_cluster,
    pytest.mark.skipif(SPARK_MISSING, reason="needs PySpark and a Java runtime (java on PATH)"),
]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """The cluster, with the engine's Spark session pointed at it; afterwards the session and
    every daemon are stopped and the engine is back in local mode for the other tests."""
    with standalone_cluster(tmp_path_factory.mktemp("spark-cluster")) as running:
        backend.configure_spark(running.master_url, running.conf())
        try:
            yield running
        finally:
            backend.stop_spark()
            backend.configure_spark(None, None)


def report_bytes(report: dict[str, Any], out: Path) -> bytes:
    """The report file as `shuhi logreview run` writes it, less `stats`: the run's own figures
    (seconds, engine, how each reader names a bad row) rather than the review's."""
    write_report({k: v for k, v in report.items() if k != "stats"}, out)
    return out.read_bytes()


def stored_events(store: Path) -> tuple[list[tuple[str, str]], list[tuple]]:
    """The normalised events of a store, read back by DuckDB: column names and types, and the rows
    in order. Spark's parts are directories of files, named by a glob."""
    import duckdb

    parts = EventStore(store).batch_parts()
    files = [str(store / p) for paths in parts.values() for p in paths]
    relation = duckdb.connect().read_parquet(files)
    columns = list(zip(relation.columns, [str(t) for t in relation.types], strict=True))
    return columns, sorted(relation.fetchall(), key=repr)


def review_on_both(source: str, tmp_path: Path, start: Any, end: Any) -> dict[str, dict[str, Any]]:
    return {
        engine: run_review(source, start=start, end=end, window="week", engine=engine,
                           store_dir=tmp_path / f"store-{engine}")
        for engine in ("duckdb", "spark")
    }


def test_a_review_on_a_standalone_cluster_gives_duckdbs_report_byte_for_byte(
    cluster: Cluster, tmp_path: Path
) -> None:
    data = make_dataset(tmp_path / "data", busy_week)
    # As a user points the command at an existing cluster.
    spark_conf = [arg for key, value in cluster.conf().items() for arg in ("--spark-conf", f"{key}={value}")]
    for engine, extra in (("duckdb", []), ("spark", ["--spark-master", cluster.master_url, *spark_conf])):
        code = cli.main(["run", "--source", f"cert:{data}", "--from", str(FIRST_DAY), "--to", str(REVIEW_END),
                         "--engine", engine, "--store", str(tmp_path / f"store-{engine}"),
                         "--out", str(tmp_path / f"{engine}-full.json"), *extra])
        assert code == 0
    reports = {e: json.loads((tmp_path / f"{e}-full.json").read_text(encoding="utf-8")) for e in ("duckdb", "spark")}
    assert report_bytes(reports["spark"], tmp_path / "spark.json") == report_bytes(
        reports["duckdb"], tmp_path / "duckdb.json"
    )
    assert reports["spark"]["stats"]["engine"] == "spark"
    assert reports["spark"]["windows"][-1]["ranking"][0]["user"] == ALICE
    assert reports["spark"]["stats"]["events_in_store"] == reports["duckdb"]["stats"]["events_in_store"]
    # It ran on the cluster: the driver's master is the cluster's, and both workers gave it an
    # executor (the driver counts itself among the block managers).
    session = backend.spark_session()
    assert session.sparkContext.master == cluster.master_url
    assert session.sparkContext._jsc.sc().getExecutorMemoryStatus().size() == 3
    (app,) = cluster.state()["activeapps"]
    assert app["name"] == "shuhi-logreview" and app["cores"] == 2
    # The executors ran tasks, and none of them needed Python: workers of a real cluster need none.
    executors = cluster.executor_logs()
    assert "Finished task" in executors and "PythonRunner" not in executors


def test_generic_mappings_are_read_by_spark_on_the_cluster_with_duckdbs_result(
    cluster: Cluster, tmp_path: Path
) -> None:
    logs = generic_logs.write_proxy_logs(tmp_path / "proxy")
    source = f"generic:{generic_logs.MAPPINGS / 'proxy_log.yaml'}:{logs}"
    reports = review_on_both(source, tmp_path, generic_logs.FIRST, generic_logs.REVIEW_END)
    assert report_bytes(reports["spark"], tmp_path / "spark.json") == report_bytes(
        reports["duckdb"], tmp_path / "duckdb.json"
    )
    ranking = reports["spark"]["windows"][-1]["ranking"]
    assert [e["user"] for e in ranking[:3]] == ["tanaka", "sato", "suzuki"]
    # Not only the report: every normalised event, with its columns' types, is the same.
    assert stored_events(tmp_path / "store-spark") == stored_events(tmp_path / "store-duckdb")
    stats = {engine: r["stats"] for engine, r in reports.items()}
    assert stats["spark"]["events_in_store"] == stats["duckdb"]["events_in_store"]
    # The same rows are bad on both; only the name of an unsplittable row is the reader's own.
    assert stats["spark"]["bad_rows"] == stats["duckdb"]["bad_rows"] == 3
    spark_reasons = {k: v["count"] for f in stats["spark"]["ingest"]["files"] for k, v in f["reasons"].items()}
    assert spark_reasons == {"malformed_row": 1, "missing_time": 1, "missing_user": 1}
    # Spark read the logs itself: its parts of the store are directories of part files.
    parts = [p["path"] for f in json.loads((tmp_path / "store-spark" / "manifest.json").read_text())["files"].values()
             for p in f["parts"]]
    assert len(parts) == 2 and all(p.endswith("/*.parquet") for p in parts)
    # The store Spark wrote (parts and aggregates as directories of files) reads on DuckDB alike.
    again = run_review(source, start=generic_logs.FIRST, end=generic_logs.REVIEW_END, window="week",
                       engine="duckdb", store_dir=tmp_path / "store-spark")
    assert again["stats"]["ingested_rows"] == 0 and again["stats"]["aggregated_rows"] == 0
    assert report_bytes(again, tmp_path / "again.json") == report_bytes(reports["duckdb"], tmp_path / "duckdb.json")


def test_json_lines_are_read_by_spark_on_the_cluster_with_duckdbs_result(cluster: Cluster, tmp_path: Path) -> None:
    log = generic_logs.write_mail_log(tmp_path / "mail" / "mail.jsonl")
    source = f"generic:{generic_logs.MAPPINGS / 'mail_log.yaml'}:{log}"
    reports = review_on_both(source, tmp_path, generic_logs.FIRST, generic_logs.REVIEW_END)
    assert report_bytes(reports["spark"], tmp_path / "spark.json") == report_bytes(
        reports["duckdb"], tmp_path / "duckdb.json"
    )
    top = reports["spark"]["windows"][-1]["ranking"][0]
    assert top["user"] == "tanaka"
    columns, spark_events = stored_events(tmp_path / "store-spark")
    duckdb_columns, duckdb_events = stored_events(tmp_path / "store-duckdb")
    assert columns == duckdb_columns
    # DuckDB also stores the line that is not JSON, as a row of NULLs; the rest is the same.
    assert spark_events == [e for e in duckdb_events if e[1] is not None]
    assert ("email", "send", "tanaka.home@gmail.com", 482133) in [(e[3], e[4], e[6], e[7]) for e in spark_events]
    assert {r["indicator"] for r in top["reasons"]} >= {"email_personal_attach"}
    # A line that is not JSON is a malformed row on Spark; DuckDB reads it as a row of NULLs,
    # which lacks a time and a user. Either way the same two rows are bad and the same rest kept.
    (mail,) = reports["spark"]["stats"]["ingest"]["files"]
    assert mail["reasons"] == {"malformed_row": {"count": 1, "lines": []}, "missing_time": {"count": 1, "lines": []}}
    stats = {engine: r["stats"] for engine, r in reports.items()}
    assert stats["spark"]["bad_rows"] == stats["duckdb"]["bad_rows"] == 2
    assert stats["spark"]["events_in_store"] == stats["duckdb"]["events_in_store"]
