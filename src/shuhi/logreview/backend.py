"""The two execution engines behind one small interface.

All analytics are Ibis expressions; this module only connects to DuckDB or Spark, reads Parquet
into Ibis tables and fetches results as Arrow. The Spark session is created lazily, in local
mode, and only when the Spark engine is asked for.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.parquet as pq

ENGINES = ("duckdb", "spark")
_names = itertools.count()
_spark_session: Any = None


def spark_session() -> Any:
    """A local Spark session, created once, small and quiet (tests and laptops)."""
    global _spark_session
    if _spark_session is None:
        from pyspark.sql import SparkSession

        master = os.environ.get("SHUHI_SPARK_MASTER", "local[1]")
        _spark_session = (
            SparkSession.builder.master(master)
            .appName("shuhi-logreview")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", os.environ.get("SHUHI_SPARK_PARTITIONS", "2"))
            # Times in the logs are local wall-clock times: never shift them.
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.ansi.enabled", "false")
            .getOrCreate()
        )
        _spark_session.sparkContext.setLogLevel("ERROR")
        _quiet_codegen(_spark_session)
    return _spark_session


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
        files = [str(p) for p in paths]
        if self.name == "duckdb":
            return self.con.read_parquet(files)
        name = f"shuhi_parquet_{next(_names)}"
        self.session.read.parquet(*files).createOrReplaceTempView(name)
        return self.con.table(name)

    def table(self, data: pa.Table) -> ir.Table:
        """A small Arrow table (context, people) as an Ibis table on this backend."""
        if self.name == "duckdb":
            return ibis.memtable(data)
        name = f"shuhi_mem_{next(_names)}"
        self.session.createDataFrame(
            data.to_pylist(), schema=_spark_schema(data.schema)
        ).createOrReplaceTempView(name)
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
        return self.con.to_pyarrow(expr)

    def write(self, expr: ir.Table, path: Path) -> None:
        """Run `expr` and store its result as one Parquet file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.name == "duckdb":
            # DuckDB's own writer, in parallel: fetching to Arrow and compressing in Python cost
            # a second per review at r4.2 scale.
            self.con.to_parquet(expr, path, compression="zstd", compression_level=1)
            return
        pq.write_table(self.fetch(expr), path, compression="zstd")


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
