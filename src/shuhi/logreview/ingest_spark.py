"""Ingest on Spark: source files read by Spark's own readers, for logs beyond one machine.

With `--engine spark` the whole review runs on Spark, ingest included: CERT files and generic
mappings (CSV and JSON lines) are read by Spark's CSV and JSON readers on the executors, so a
cluster reads them from storage it shares with the driver, and nothing goes through DuckDB.
The normalising SELECT is the one `formats.py` writes for DuckDB, translated to Spark SQL by
sqlglot (the SQL translator Ibis itself uses), so there is one definition of what an event is;
`spark_sql` rewrites the few DuckDB functions sqlglot leaves as they are (`try_strptime` with a
list of formats, `json_object`). Differences from the DuckDB path, all on the side of less work
rather than other results (docs/logreview.md, "Running on a Spark cluster"):

- ordinary web requests are not folded into counts (Spark has the room; the aggregates count
  them the same way either way);
- a row the reader cannot split into the header's fields is counted as `malformed_row`, without
  line numbers (Spark's reader does not know them); DuckDB names the error (`missing_columns`,
  `too_many_columns`, ...). A JSON line that does not parse is a `malformed_row` on Spark, while
  DuckDB's JSON reader makes it a row of NULLs, counted as lacking a time and a user;
- a quoted CSV field must not span lines;
- each part of the store is a directory of Parquet files, named in the manifest by a glob that
  DuckDB and Spark both read.
"""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path
from typing import Any

from shuhi.i18n import gettext as _

from .formats import CERT_TIME_FORMAT, SourceFile

SPARK_SETS = ("r4.2", "r6.2")
GENERIC_PREFIX = "generic:"
CORRUPT = "_corrupt_record"
_views = itertools.count()

# strftime directives (DuckDB's `try_strptime`) → Spark's datetime pattern letters.
_DIRECTIVES = {
    "Y": "yyyy", "y": "yy", "m": "MM", "d": "dd", "H": "HH", "I": "hh", "M": "mm", "S": "ss",
    "f": "SSSSSS", "p": "a", "b": "MMM", "B": "MMMM", "a": "EEE", "A": "EEEE", "j": "DDD",
}
# DuckDB reads `2024-2-1 9:05:02` with %m, %d and %H; Spark's two-letter patterns want two
# digits, its one-letter ones take one or two. One letter, then, unless another number follows
# without a separator (`%Y%m%d`), where only the fixed width tells the fields apart.
_ONE_OR_TWO_DIGITS = {"m": "M", "d": "d", "H": "H", "I": "h", "M": "m", "S": "s"}


def spark_ingestable(source: SourceFile) -> bool:
    if source.column_set.startswith(GENERIC_PREFIX):
        return source.layout.fmt in ("csv", "jsonl")
    return source.column_set in SPARK_SETS and source.layout.fmt == "csv"


def java_time_format(strftime: str) -> str:
    """A strftime format as a Spark datetime pattern; literal text is quoted."""
    tokens: list[tuple[bool, str]] = []  # (is a directive, the directive's letter or literal text)
    at = 0
    while at < len(strftime):
        char, at = strftime[at], at + 1
        if char == "%" and strftime[at : at + 1] not in ("%", ""):
            directive, at = strftime[at], at + 1
            if directive not in _DIRECTIVES:
                raise ValueError(
                    _("the time format %(format)r uses %(directive)s, which the Spark engine does not read")
                    % {"format": strftime, "directive": f"%{directive}"}
                )
            tokens.append((True, directive))
            continue
        if char == "%":
            at += 1  # %% is a literal %
        if tokens and not tokens[-1][0]:
            tokens[-1] = (False, tokens[-1][1] + char)
        else:
            tokens.append((False, char))
    out = []
    for n, (directive, text) in enumerate(tokens):
        if not directive:
            out.append(text if re.fullmatch(r"[-/:., ]+", text) else "'" + text.replace("'", "''") + "'")
            continue
        adjacent = any(0 <= m < len(tokens) and tokens[m][0] for m in (n - 1, n + 1))
        out.append(_DIRECTIVES[text] if adjacent or text not in _ONE_OR_TWO_DIGITS else _ONE_OR_TWO_DIGITS[text])
    return "".join(out)


# The CERT time format in Spark's pattern language.
SPARK_TIME_FORMAT = java_time_format(CERT_TIME_FORMAT)


def spark_sql(duckdb_sql: str, carry: str | None = None) -> str:
    """DuckDB's normalising SELECT as Spark SQL; with `carry`, that column of `src` is passed
    through to the result too."""
    import sqlglot
    from sqlglot import exp

    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Anonymous) and str(node.this).lower() == "try_strptime":
            value, formats = node.expressions
            items = formats.expressions if isinstance(formats, exp.Array) else [formats]
            # The first format that parses wins, as in DuckDB; a time that none parses is NULL.
            parsed = [
                exp.Anonymous(this="to_timestamp_ntz", expressions=[value.copy(),
                                                                     exp.Literal.string(java_time_format(f.name))])
                for f in items
            ]
            return parsed[0] if len(parsed) == 1 else exp.Coalesce(this=parsed[0], expressions=parsed[1:])
        if isinstance(node, exp.JSONObject):
            pairs: list[exp.Expression] = []
            for kv in node.expressions:
                pairs += [kv.this.copy(), kv.expression.copy()]
            # DuckDB's json_object keeps a NULL value as null; Spark's to_json drops it unless told.
            options = exp.Anonymous(this="map", expressions=[exp.Literal.string("ignoreNullFields"),
                                                              exp.Literal.string("false")])
            return exp.Anonymous(this="to_json", expressions=[exp.Anonymous(this="named_struct", expressions=pairs),
                                                              options])
        return node

    tree = sqlglot.parse_one(duckdb_sql, read="duckdb").transform(rewrite)
    if carry is not None:
        # ingest._typed's shape: SELECT <casts> FROM (SELECT <fields> FROM src).
        select = tree
        while isinstance(select, exp.Select):
            select.select(exp.column(carry, quoted=True), copy=False)
            source = select.args["from_"].this
            select = source.this if isinstance(source, exp.Subquery) else None
    return tree.sql(dialect="spark")


def _read(session: Any, read_path: Path, source: SourceFile) -> Any:
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from .backend import spark_path

    layout = source.layout
    schema = T.StructType(
        [T.StructField(name, T.StringType(), True) for name in layout.columns]
        + [T.StructField(CORRUPT, T.StringType(), True)]
    )
    if layout.fmt == "jsonl":
        # Every field as text, as DuckDB's reader is told: a number arrives as its digits.
        return session.read.json(spark_path(read_path), schema=schema, mode="PERMISSIVE",
                                 columnNameOfCorruptRecord=CORRUPT)
    frame = session.read.csv(
        spark_path(read_path), header=True, schema=schema, mode="PERMISSIVE", columnNameOfCorruptRecord=CORRUPT,
        sep=layout.delimiter, quote='"', escape='"',
    )
    if layout.time_column:
        frame = frame.withColumn(layout.time_column, F.to_timestamp_ntz(F.col(layout.time_column),
                                                                        F.lit(SPARK_TIME_FORMAT)))
    return frame


def spark_copy(
    read_path: Path, source: SourceFile, typed_sql: str, out_dir: Path
) -> tuple[int, dict[str, Any], int]:
    """Read `read_path` with Spark, write its normalised events under `out_dir`; returns the rows
    written, the bad-row reasons and how many written rows lack a time, a user or a kind (as
    `ingest._written`). `typed_sql` is the DuckDB SELECT over the relation `src`.

    One pass over the file: the counts are observed while the events are written, so nothing is
    cached (on a cluster, a whole log file in the executors' memory)."""
    from pyspark.sql import Observation
    from pyspark.sql import functions as F

    from .backend import spark_path, spark_session

    session = spark_session()
    view = f"shuhi_src_{next(_views)}"
    # The events with the reader's corrupt-record column carried along; asking for it also makes
    # the CSV reader split every field, so a row short of fields is always noticed.
    _read(session, read_path, source).createOrReplaceTempView(view)
    try:
        events = session.sql(spark_sql(typed_sql.replace(" FROM src", f" FROM {view}"), carry=CORRUPT))
        bad = F.col(CORRUPT).isNotNull()
        no_time, no_user = F.col("time").isNull(), F.col("user").isNull() | (F.col("user") == "")
        no_kind = F.col("kind").isNull()

        def good(condition: Any) -> Any:
            return F.count(F.when(~bad & condition, 1))

        observation = Observation(f"shuhi_ingest_{next(_views)}")
        observed = events.observe(
            observation,
            F.count(F.when(bad, 1)).alias("malformed"),
            good(F.lit(True)).alias("rows"),
            good(no_time).alias("missing_time"),
            good(no_user).alias("missing_user"),
            good(no_kind).alias("unknown_kind"),
            good(no_time | no_user | no_kind).alias("unusable"),
        )
        shutil.rmtree(out_dir, ignore_errors=True)
        observed.filter(~bad).drop(CORRUPT).write.mode("overwrite").option("compression", "zstd").parquet(
            spark_path(out_dir)
        )
        counts = observation.get
    finally:
        session.catalog.dropTempView(view)
    reasons: dict[str, Any] = {}
    if counts["malformed"]:
        reasons["malformed_row"] = {"count": int(counts["malformed"]), "lines": []}
    for name in ("missing_time", "missing_user", "unknown_kind"):
        if counts[name]:
            reasons[name] = {"count": int(counts[name]), "lines": []}
    return int(counts["rows"]), reasons, int(counts["unusable"])
