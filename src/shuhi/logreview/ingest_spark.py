"""Ingest on Spark: CERT files read by Spark's own CSV reader, for logs beyond one machine.

With `--engine spark` the whole review runs on Spark, ingest included, for the CERT column sets.
The normalising SELECT is the one `formats.py` writes for DuckDB, translated to Spark SQL by
sqlglot (the SQL translator Ibis itself uses), so there is one definition of what an event is.
Differences from the DuckDB path, all on the side of less work rather than other results:

- ordinary web requests are not folded into counts (Spark has the room; the aggregates count
  them the same way either way);
- a row with the wrong number of fields is counted as `malformed_row`, without line numbers
  (Spark's reader does not know them);
- each part of the store is a directory of Parquet files, named in the manifest by a glob that
  DuckDB and Spark both read.

Generic mappings still go through DuckDB's reader.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

from .formats import SourceFile

SPARK_SETS = ("r4.2", "r6.2")
# The CERT time format (formats.CERT_TIME_FORMAT) in Spark's pattern language.
SPARK_TIME_FORMAT = "MM/dd/yyyy HH:mm:ss"
CORRUPT = "_corrupt_record"
_views = itertools.count()


def spark_ingestable(source: SourceFile) -> bool:
    return source.column_set in SPARK_SETS and source.layout.fmt == "csv"


def spark_copy(read_path: Path, source: SourceFile, typed_sql: str, out_dir: Path) -> tuple[int, dict[str, Any]]:
    """Read `read_path` with Spark, write its normalised events under `out_dir`; returns the rows
    written and the bad-row reasons. `typed_sql` is the DuckDB SELECT over the relation `src`."""
    import sqlglot
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from .backend import spark_session

    session = spark_session()
    layout = source.layout
    schema = T.StructType(
        [T.StructField(name, T.StringType(), True) for name in layout.columns]
        + [T.StructField(CORRUPT, T.StringType(), True)]
    )
    frame = session.read.csv(
        str(read_path), header=True, schema=schema, mode="PERMISSIVE", columnNameOfCorruptRecord=CORRUPT,
        sep=layout.delimiter, quote='"', escape='"',
    )
    # Cached: Spark refuses a query on the raw file that only asks for the corrupt-record column.
    frame = frame.withColumn(layout.time_column, F.to_timestamp_ntz(F.col(layout.time_column),
                                                                    F.lit(SPARK_TIME_FORMAT))).cache()
    try:
        malformed = frame.filter(F.col(CORRUPT).isNotNull()).count()
        view = f"shuhi_src_{next(_views)}"
        frame.filter(F.col(CORRUPT).isNull()).drop(CORRUPT).createOrReplaceTempView(view)
        spark_sql = sqlglot.transpile(typed_sql.replace(" FROM src", f" FROM {view}"), read="duckdb", write="spark")
        events = session.sql(spark_sql[0]).cache()
        try:
            counts = events.agg(
                F.count(F.lit(1)).alias("rows"),
                F.count(F.when(F.col("time").isNull(), 1)).alias("missing_time"),
                F.count(F.when(F.col("user").isNull() | (F.col("user") == ""), 1)).alias("missing_user"),
                F.count(F.when(F.col("kind").isNull(), 1)).alias("unknown_kind"),
            ).first()
            shutil.rmtree(out_dir, ignore_errors=True)
            events.write.mode("overwrite").option("compression", "zstd").parquet(str(out_dir))
        finally:
            events.unpersist()
            session.catalog.dropTempView(view)
    finally:
        frame.unpersist()
    reasons: dict[str, Any] = {}
    if malformed:
        reasons["malformed_row"] = {"count": int(malformed), "lines": []}
    for name in ("missing_time", "missing_user", "unknown_kind"):
        if counts[name]:
            reasons[name] = {"count": int(counts[name]), "lines": []}
    return int(counts["rows"]), reasons
