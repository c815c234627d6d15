"""Pointing the Spark engine at a cluster, and the Spark SQL it reads generic mappings with.

None of these starts Spark: they check the settings and the SQL text (the cluster itself is
test_spark_cluster.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shuhi.logreview import backend, cli
from shuhi.logreview.formats import CsvLayout, SourceFile, load_mapping, mapping_select
from shuhi.logreview.ingest import _typed
from shuhi.logreview.ingest_spark import java_time_format, spark_ingestable, spark_sql
from shuhi.logreview.tests.generic_logs import MAPPINGS


@pytest.fixture
def spark_settings(monkeypatch: pytest.MonkeyPatch):
    for name in ("SHUHI_SPARK_MASTER", "SHUHI_SPARK_CONF", "SHUHI_SPARK_PARTITIONS", "SHUHI_LOGREVIEW_ENGINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(backend, "_spark_wanted", {"master": None, "conf": {}})
    monkeypatch.setattr(backend, "_spark_running", None)
    return backend


def test_strftime_formats_become_spark_patterns_with_literal_text_quoted() -> None:
    # One letter for a field of one or two digits, as DuckDB reads them (`2024-2-1 9:05:02`).
    assert java_time_format("%Y-%m-%d %H:%M:%S") == "yyyy-M-d H:m:s"
    assert java_time_format("%Y-%m-%dT%H:%M:%S") == "yyyy-M-d'T'H:m:s"
    assert java_time_format("%d.%m.%Y %I:%M %p") == "d.M.yyyy h:m a"
    assert java_time_format("%Y年%m月%d日 100%%") == "yyyy'年'M'月'd'日 100%'"
    # Fields without a separator between them keep their fixed width.
    assert java_time_format("%Y%m%d%H%M%S") == "yyyyMMddHHmmss"
    assert java_time_format("%Y%m%d %H:%M") == "yyyyMMdd H:m"
    with pytest.raises(ValueError, match="%Q"):
        java_time_format("%Y %Q")


def spark_select(mapping: str) -> str:
    select = mapping_select(load_mapping(MAPPINGS / mapping))
    return spark_sql(_typed("src", SourceFile(Path("x.csv"), "http", CsvLayout([]), select)))


def test_a_mapping_with_several_time_formats_tries_each_in_order_on_spark() -> None:
    sql = spark_select("m365_audit.yaml")
    assert "TRY_STRPTIME" not in sql.upper()
    first = sql.index("TO_TIMESTAMP_NTZ(LEFT(CAST(`CreationDate` AS STRING), 19), 'yyyy-M-d\\'T\\'H:m:s')")
    second = sql.index("TO_TIMESTAMP_NTZ(LEFT(CAST(`CreationDate` AS STRING), 19), 'M/d/yyyy H:m:s')")
    assert sql.index("COALESCE(TO_TIMESTAMP_NTZ") < first < second
    assert "GET_JSON_OBJECT(`AuditData`, '$.ClientIP')" in sql


def test_extra_columns_are_kept_as_json_with_nulls_as_duckdb_keeps_them() -> None:
    sql = spark_select("proxy_log.yaml")
    assert "JSON_OBJECT" not in sql.upper().replace("GET_JSON_OBJECT", "")
    assert "TO_JSON(NAMED_STRUCT('status', `status`), MAP('ignoreNullFields', 'false'))" in sql


def test_generic_csv_and_json_lines_are_read_by_spark_when_the_engine_is_spark() -> None:
    csv = SourceFile(Path("p.csv"), "http", CsvLayout(["a"], time_column=""), "", "generic:proxy-log")
    jsonl = SourceFile(Path("m.jsonl"), "email", CsvLayout(["a"], fmt="jsonl", time_column=""), "", "generic:mail")
    cert = SourceFile(Path("http.csv"), "http", CsvLayout(["a"]), "", "r4.2")
    assert spark_ingestable(csv) and spark_ingestable(jsonl) and spark_ingestable(cert)


def test_the_cluster_comes_from_the_environment_unless_configured(spark_settings, monkeypatch) -> None:
    assert spark_settings._spark_settings()[0] == "local[1]"
    monkeypatch.setenv("SHUHI_SPARK_MASTER", "spark://spark-master:7077")
    lines = "spark.executor.memory=4g\n# a comment\nspark.sql.session.timeZone=Asia/Tokyo"
    monkeypatch.setenv("SHUHI_SPARK_CONF", lines)
    master, conf = spark_settings._spark_settings()
    assert master == "spark://spark-master:7077"
    assert dict(conf)["spark.executor.memory"] == "4g"
    # The properties the byte-identical report depends on cannot be overridden.
    assert dict(conf)["spark.sql.session.timeZone"] == "UTC"
    spark_settings.configure_spark("spark://other:7077", {"spark.executor.memory": "8g"})
    master, conf = spark_settings._spark_settings()
    assert master == "spark://other:7077" and dict(conf)["spark.executor.memory"] == "8g"


def test_pointing_at_another_cluster_stops_the_running_session(spark_settings, monkeypatch) -> None:
    stopped: list[bool] = []

    class Session:
        def stop(self) -> None:
            stopped.append(True)

    monkeypatch.setattr(backend, "_spark_session", Session())
    monkeypatch.setattr(backend, "_spark_running", backend._spark_settings())
    backend.configure_spark(None, None)
    assert stopped == [], "the same settings keep the session"
    backend.configure_spark("spark://other:7077", None)
    assert stopped == [True] and backend._spark_session is None


def test_spark_reads_local_store_paths_as_file_uris_and_leaves_urls_alone(tmp_path: Path) -> None:
    assert backend.spark_path(tmp_path / "events" / "*.parquet") == f"file://{tmp_path}/events/*.parquet"
    assert backend.spark_path("s3a://bucket/store/x.parquet") == "s3a://bucket/store/x.parquet"


def test_spark_properties_are_key_value_pairs() -> None:
    assert backend.parse_spark_conf(["a.b=1", " c = x=y "]) == {"a.b": "1", "c": "x=y"}
    with pytest.raises(ValueError, match="KEY=VALUE"):
        backend.parse_spark_conf(["spark.executor.memory"])


def test_the_run_command_refuses_a_spark_master_without_the_spark_engine(
    tmp_path: Path, capsys: pytest.CaptureFixture, spark_settings
) -> None:
    common = ["run", "--source", f"cert:{tmp_path}", "--from", "2010-01-04", "--to", "2010-01-10",
              "--out", str(tmp_path / "r.json")]
    with pytest.raises(SystemExit) as exited:
        cli.main([*common, "--spark-master", "spark://host:7077"])
    assert exited.value.code == 2 and "--engine spark" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main([*common, "--engine", "spark", "--spark-conf", "nonsense"])
    assert "KEY=VALUE" in capsys.readouterr().err


def test_the_engine_can_be_chosen_for_the_web_apps_review_cycles(spark_settings, monkeypatch) -> None:
    assert backend.default_engine() == "duckdb"
    monkeypatch.setenv("SHUHI_LOGREVIEW_ENGINE", "Spark")
    assert backend.default_engine() == "spark"
    monkeypatch.setenv("SHUHI_LOGREVIEW_ENGINE", "oracle")
    with pytest.raises(ValueError, match="SHUHI_LOGREVIEW_ENGINE"):
        backend.default_engine()
