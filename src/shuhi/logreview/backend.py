"""The two execution engines behind one small interface.

All analytics are Ibis expressions; this module only connects to DuckDB or Spark, reads Parquet
into Ibis tables and fetches results as Arrow. The Spark session is created lazily, only when
the Spark engine is asked for: in local mode, or on a cluster (`configure_spark`,
`SHUHI_SPARK_MASTER`; see docs/logreview.md, "Running on a Spark cluster"). On Spark, every file
of the store is read and written by Spark itself through `spark_path`, so executors on other
machines find it when the store is on storage they share with the driver.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from shuhi.i18n import gettext as _

ENGINES = ("duckdb", "spark")
DEFAULT_SPARK_MASTER = "local[1]"
# Properties the reports depend on: a review is byte-identical to DuckDB's only with these, so
# they win over `--spark-conf` and spark-defaults.conf.
FIXED_SPARK_CONF = {
    # Times in the logs are local wall-clock times: never shift them.
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "false",
    # A time that does not parse with the mapping's format is a bad row (NULL), as on DuckDB,
    # never an error asking for the legacy parser.
    "spark.sql.legacy.timeParserPolicy": "CORRECTED",
    # Every field of a CSV row is split, also those no query asks for: only then does the reader
    # notice a row with too few or too many fields, which DuckDB rejects (as DuckDB reads them all).
    "spark.sql.csv.parser.columnPruning.enabled": "false",
}
_names = itertools.count()
_spark_session: Any = None
_spark_wanted: dict[str, Any] = {"master": None, "conf": {}}
_spark_running: tuple[str, tuple[tuple[str, str], ...]] | None = None


def default_engine() -> str:
    """The engine when none is named: `SHUHI_LOGREVIEW_ENGINE` (duckdb or spark), else DuckDB."""
    name = os.environ.get("SHUHI_LOGREVIEW_ENGINE", "duckdb").strip().lower() or "duckdb"
    if name not in ENGINES:
        raise ValueError(_("SHUHI_LOGREVIEW_ENGINE must be one of %(allowed)s, not %(name)r")
                         % {"allowed": ", ".join(ENGINES), "name": name})
    return name


def parse_spark_conf(pairs: Sequence[str] | str | None) -> dict[str, str]:
    """`KEY=VALUE` items (a list, or one string of lines) as a dict; a value may hold spaces."""
    if not pairs:
        return {}
    items = pairs.splitlines() if isinstance(pairs, str) else list(pairs)
    conf: dict[str, str] = {}
    for item in (i.strip() for i in items):
        if not item or item.startswith("#"):
            continue
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(_("a Spark property is KEY=VALUE, not %(item)r") % {"item": item})
        conf[key.strip()] = value.strip()
    return conf


def configure_spark(master: str | None = None, conf: dict[str, str] | None = None) -> None:
    """Point the Spark engine at a cluster (`spark://host:7077`, `yarn`, `k8s://...`) with extra
    Spark properties. Unset, the master is `SHUHI_SPARK_MASTER` or local mode, and the properties
    are `SHUHI_SPARK_CONF` (KEY=VALUE lines). A running session for another master or other
    properties is stopped; the next review starts the new one."""
    _spark_wanted["master"] = master
    _spark_wanted["conf"] = dict(conf or {})
    if _spark_running is not None and _spark_running != _spark_settings():
        stop_spark()


def stop_spark() -> None:
    """Stop the Spark session (and its executors on a cluster), if one runs."""
    global _spark_session, _spark_running
    if _spark_session is not None:
        _spark_session.stop()
    _spark_session = None
    _spark_running = None


def _spark_settings() -> tuple[str, tuple[tuple[str, str], ...]]:
    master = _spark_wanted["master"] or os.environ.get("SHUHI_SPARK_MASTER") or DEFAULT_SPARK_MASTER
    conf = {
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": os.environ.get("SHUHI_SPARK_PARTITIONS", "2"),
        **parse_spark_conf(os.environ.get("SHUHI_SPARK_CONF")),
        **_spark_wanted["conf"],
        **FIXED_SPARK_CONF,
    }
    return master, tuple(sorted(conf.items()))


def spark_session() -> Any:
    """The Spark session, created once: in local mode (tests and laptops) unless pointed at a
    cluster (`configure_spark`, `SHUHI_SPARK_MASTER`)."""
    global _spark_session, _spark_running
    if _spark_session is None:
        from pyspark.sql import SparkSession

        master, conf = _spark_settings()
        # A builder of our own: `SparkSession.builder` is shared and keeps the properties of a
        # session stopped before, such as another cluster's.
        builder = SparkSession.Builder().master(master).appName("shuhi-logreview")
        for key, value in conf:
            builder = builder.config(key, value)
        _spark_session = builder.getOrCreate()
        _spark_running = (master, conf)
        _spark_session.sparkContext.setLogLevel("ERROR")
        _quiet_codegen(_spark_session)
    return _spark_session


def spark_path(path: Path | str) -> str:
    """A path as Spark should read or write it. A local path becomes a `file:` URI: on a cluster
    whose default file system is HDFS a bare `/mnt/shared/...` would be looked for in HDFS, but the
    store is a directory mounted at the same place on the driver and every worker. Paths that
    already name a file system (`s3a://`, `hdfs://`, `file:`) are left alone."""
    text = str(path)
    if "://" in text or text.startswith("file:"):
        return text
    return "file://" + str(Path(text).absolute())


def _quiet_codegen(session: Any) -> None:
    # The indicator queries are wide; Spark's whole-stage code generation then exceeds Java's
    # 64 KB method limit, logs a long stack trace at ERROR and falls back to interpreted
    # execution by design (spark.sql.codegen.fallback). Silence that one logger.
    try:
        jvm = session.sparkContext._jvm
        jvm.org.apache.logging.log4j.core.config.Configurator.setLevel(
            "org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator",
            jvm.org.apache.logging.log4j.Level.FATAL,
        )
    except Exception:  # noqa: S110 - logging configuration is cosmetic
        pass


class Backend:
    """An Ibis connection plus the few operations the engine needs from it."""

    def __init__(self, name: str) -> None:
        if name not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, not {name!r}")
        self.name = name
        self.session: Any = None
        if name == "duckdb":
            self.con = ibis.duckdb.connect()
            self.con.raw_sql("SET preserve_insertion_order=false")
            self.con.raw_sql("SET enable_progress_bar=false")
            self.con.raw_sql(f"SET memory_limit='{os.environ.get('SHUHI_DUCKDB_MEMORY', '4GB')}'")
        else:
            self.session = spark_session()
            self.con = ibis.pyspark.connect(self.session)

    def read_parquet(self, paths: Sequence[Path | str]) -> ir.Table:
        if self.name == "duckdb":
            # A part Spark wrote is a directory of files (see `write`).
            return self.con.read_parquet([f"{p}/*.parquet" if Path(p).is_dir() else str(p) for p in paths])
        name = f"shuhi_parquet_{next(_names)}"
        self.session.read.parquet(*[spark_path(p) for p in paths]).createOrReplaceTempView(name)
        return self.con.table(name)

    def table(self, data: pa.Table) -> ir.Table:
        """A small Arrow table (context, people) as an Ibis table on this backend."""
        if self.name == "duckdb":
            return ibis.memtable(data)
        name = f"shuhi_mem_{next(_names)}"
        schema = _spark_schema(data.schema)
        # From Arrow, in the driver's JVM: a list of rows would be checked by Python workers on
        # the executors, which a cluster would then need with PySpark installed.
        data = data.cast(pa.schema([pa.field(f.name, _arrow_type(f.type)) for f in data.schema]))
        self.session.createDataFrame(data, schema=schema).createOrReplaceTempView(name)
        return self.con.table(name)

    @contextlib.contextmanager
    def materialized(self, expr: ir.Table) -> Iterator[ir.Table]:
        """`expr` computed once and kept for several queries (Ibis' own `cache()` fails to drop
        its table on DuckDB 2)."""
        name = f"shuhi_tmp_{next(_names)}"
        if self.name == "duckdb":
            table = self.con.create_table(name, expr, temp=True)
            try:
                yield table
            finally:
                self.con.raw_sql(f'DROP TABLE IF EXISTS "{name}"')
            return
        frame = self.session.sql(str(ibis.to_sql(expr, dialect="pyspark"))).persist()
        frame.createOrReplaceTempView(name)
        try:
            yield self.con.table(name)
        finally:
            frame.unpersist()
            self.session.catalog.dropTempView(name)

    def fetch(self, expr: ir.Table) -> pa.Table:
        if self.name == "duckdb":
            return self.con.to_pyarrow(expr)
        from ibis.formats.pyarrow import PyArrowData

        # Collected as Arrow batches; Ibis' own `to_pyarrow` goes through pandas row by row.
        table = self.session.sql(str(ibis.to_sql(expr, dialect="pyspark"))).toArrow()
        return PyArrowData.convert_table(table, expr.schema())

    def write(self, expr: ir.Table, path: Path) -> None:
        """Run `expr` and store its result at `path`: one Parquet file on DuckDB, a directory of
        Parquet files on Spark, written by the executors (on a cluster nothing passes through the
        driver)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.name == "duckdb":
            if path.is_dir():  # written by Spark when the store was last reviewed on Spark
                shutil.rmtree(path)
            # DuckDB's own writer, in parallel: fetching to Arrow and compressing in Python cost
            # a second per review at r4.2 scale.
            self.con.to_parquet(expr, path, compression="zstd", compression_level=1)
            return
        if path.is_file():  # left by an earlier version, which wrote one file from the driver
            path.unlink()
        frame = self.session.sql(str(ibis.to_sql(expr, dialect="pyspark")))
        # As many files as the last stage has partitions; adaptive execution (on by default)
        # merges small shuffle partitions, so aggregates stay a few files each.
        frame.write.mode("overwrite").option("compression", "zstd").parquet(spark_path(path))


def _arrow_type(arrow: pa.DataType) -> pa.DataType:
    """The Arrow type `_spark_schema` expects for a column of type `arrow`."""
    if arrow in _SPARK_TYPES or pa.types.is_timestamp(arrow):
        return arrow
    return pa.string()


_SPARK_TYPES = (pa.string(), pa.large_string(), pa.int64(), pa.int32(), pa.float64(), pa.bool_(), pa.date32())


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql import types as T

    mapping = {
        pa.string(): T.StringType(),
        pa.large_string(): T.StringType(),
        pa.int64(): T.LongType(),
        pa.int32(): T.IntegerType(),
        pa.float64(): T.DoubleType(),
        pa.bool_(): T.BooleanType(),
        pa.date32(): T.DateType(),
    }
    fields = []
    for f in schema:
        spark_type = mapping.get(f.type)
        if spark_type is None:
            spark_type = T.TimestampNTZType() if pa.types.is_timestamp(f.type) else T.StringType()
        fields.append(T.StructField(f.name, spark_type, True))
    return T.StructType(fields)
