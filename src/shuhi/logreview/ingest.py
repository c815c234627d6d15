"""Ingest: source files → the normalised Parquet event store, incrementally.

Store layout (`EventStore`):

    <store>/manifest.json                   which files were ingested, up to which byte
    <store>/events/bNNNNNN/<kind>-<file>.parquet
    <store>/agg/...                         per-batch aggregates (see aggregates.py)

Each ingest run that finds new data writes one batch. A file seen before is skipped when its size
and mtime are unchanged; when it only grew (its old bytes are intact, checked by hashing the first
and the last 64 KiB of the old content) only the appended bytes are read, so appending a week
costs in proportion to that week. A file that changed otherwise is re-read whole and its old parts
are dropped. Parsing uses DuckDB's CSV reader; rows it rejects are counted per file with the
reason and example line numbers, never fatal.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import time as _time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from .context import Context
from .fold import fold_copy, fold_key, foldable
from .formats import PARQUET_OPTIONS, SourceFile, lit, q
from .ingest_spark import spark_copy, spark_ingestable

PROBE_BYTES = 64 * 1024
MAX_EXAMPLE_LINES = 5


@dataclass
class FileReport:
    """What happened to one source file in one ingest run."""

    path: str
    kind: str
    column_set: str
    mode: str  # full | append | skip
    rows: int = 0
    bad_rows: int = 0
    reasons: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class IngestResult:
    batch: str | None
    files: list[FileReport]
    rows: int
    bad_rows: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "batch": self.batch,
            "rows": self.rows,
            "bad_rows": self.bad_rows,
            "seconds": round(self.seconds, 3),
            "files": [asdict(f) for f in self.files],
        }


class EventStore:
    """The Parquet event store and its manifest."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.manifest_path = self.root / "manifest.json"
        self.manifest: dict[str, Any] = self._load()

    def _load(self) -> dict[str, Any]:
        if self.manifest_path.exists():
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        return {"version": 1, "files": {}, "batches": {}}

    def save(self) -> None:
        tmp = self.manifest_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.manifest, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.manifest_path)

    def batch_dir(self, batch: str) -> Path:
        # Not `batch=N`: readers would take that for a hive partition and add a column.
        return self.root / "events" / f"b{batch}"

    def next_batch(self) -> str:
        existing = [int(b) for b in self.manifest["batches"]]
        return f"{(max(existing) + 1) if existing else 1:06d}"

    def batch_parts(self, counts: bool = False) -> dict[str, list[str]]:
        """Batch id → its Parquet files of events (relative to the store), for batches that hold
        any; with `counts`, its files of folded counts instead (see fold.py)."""
        parts: dict[str, list[str]] = {}
        for entry in self.manifest["files"].values():
            for part in entry.get("parts", []):
                if bool(part.get("counts")) == counts:
                    parts.setdefault(part["batch"], []).append(part["path"])
        return {b: sorted(p) for b, p in sorted(parts.items())}

    def event_count(self) -> int:
        return sum(p["rows"] for e in self.manifest["files"].values() for p in e.get("parts", []))


def default_store(source: str) -> Path:
    """The event store kept for a source between runs (under the shuhi data directory), so that
    later reviews of the same logs only read what was appended."""
    from shuhi.paths import data_dir

    digest = hashlib.sha256(source.encode()).hexdigest()[:12]
    return data_dir() / "logreview" / f"store-{digest}"


@contextlib.contextmanager
def store_lock(root: Path) -> Iterator[None]:
    """Hold the store for one review: a second review of the same store (the nightly job and a
    person pressing "run", or two command lines) waits instead of writing the same batch."""
    import fcntl

    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sha(path: Path, start: int, length: int) -> str:
    with path.open("rb") as handle:
        handle.seek(max(start, 0))
        return hashlib.sha256(handle.read(length)).hexdigest()


def _fingerprint(path: Path, size: int) -> dict[str, Any]:
    return {
        "head": _sha(path, 0, min(PROBE_BYTES, size)),
        "tail": _sha(path, size - PROBE_BYTES, min(PROBE_BYTES, size)),
    }


def _plan(path: Path, entry: dict[str, Any] | None) -> str:
    """full, append or skip for a file given what the manifest remembers of it."""
    stat = path.stat()
    if entry is None:
        return "full"
    if stat.st_size == entry["size"] and int(stat.st_mtime_ns) == entry["mtime_ns"]:
        return "skip"
    old = entry["size"]
    if stat.st_size > old and old > 0:
        intact = (
            _sha(path, 0, min(PROBE_BYTES, old)) == entry["head"]
            and _sha(path, old - PROBE_BYTES, min(PROBE_BYTES, old)) == entry["tail"]
        )
        with path.open("rb") as handle:
            handle.seek(old - 1)
            at_line_end = handle.read(1) == b"\n"
        if intact and at_line_end:
            return "append"
    if stat.st_size == entry["size"] and _fingerprint(path, stat.st_size) == {
        "head": entry["head"],
        "tail": entry["tail"],
    }:
        return "skip"  # touched but identical as far as we can tell cheaply
    return "full"


def _reader_sql(path: Path, source: SourceFile, rejects: str) -> str:
    layout = source.layout
    if layout.fmt == "jsonl":
        cols = ", ".join(f"{lit(c)}: 'VARCHAR'" for c in layout.columns)
        return (
            f"read_json({lit(str(path))}, format='newline_delimited', columns={{{cols}}}, ignore_errors=true)"
        )
    columns = ", ".join(
        f"{lit(c)}: {lit('TIMESTAMP' if c == layout.time_column else 'VARCHAR')}" for c in layout.columns
    )
    options = [
        f"columns={{{columns}}}",
        "header=true",
        "auto_detect=false",
        f"delim={lit(layout.delimiter)}",
        "quote='\"'",
        "escape='\"'",
        "store_rejects=true",
        f"rejects_table={lit(rejects + '_t')}",
        f"rejects_scan={lit(rejects + '_s')}",
        "max_line_size=10000000",
        # Without it the buffer follows the long maximum line (16 x 10 MB): fewer, larger buffers
        # read http.csv about 8% slower than DuckDB's default 32 MB.
        f"buffer_size={32 << 20}",
    ]
    if layout.time_column:
        options.append(f"timestampformat={lit(layout.time_format)}")
    return f"read_csv({lit(str(path))}, {', '.join(options)})"


def _typed(reader: str, source: SourceFile) -> str:
    select = source.select_sql.replace(" FROM src", f" FROM {reader}")
    return (
        'SELECT CAST(time AS TIMESTAMP) AS time, CAST("user" AS VARCHAR) AS "user", '  # noqa: S608 - identifiers quoted by q(), values by lit()
        "CAST(host AS VARCHAR) AS host, CAST(kind AS VARCHAR) AS kind, CAST(action AS VARCHAR) AS action, "
        "CAST(object AS VARCHAR) AS object, CAST(destination AS VARCHAR) AS destination, "
        "CAST(size AS BIGINT) AS size, CAST(attrs AS VARCHAR) AS attrs "
        f"FROM ({select})"
    )


def _copy(con: duckdb.DuckDBPyConnection, reader: str, source: SourceFile, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY ({_typed(reader, source)}) TO {lit(str(out))} {PARQUET_OPTIONS}")


def _rejects(con: duckdb.DuckDBPyConnection, rejects: str, line_offset: int) -> dict[str, dict[str, Any]]:
    try:
        rows = con.execute(
            # A line missing two columns is rejected once per column: count each line once.
            f"SELECT kind, count(*), list(line ORDER BY line)[1:{MAX_EXAMPLE_LINES}] FROM ("  # noqa: S608 - identifiers quoted by q(), values by lit()
            f"SELECT line, min(CAST(error_type AS VARCHAR)) AS kind FROM {q(rejects + '_t')} GROUP BY line"
            ") GROUP BY 1 ORDER BY 1"
        ).fetchall()
    except duckdb.Error:
        return {}
    return {
        str(kind).lower().replace(" ", "_"): {"count": int(n), "lines": [int(x) + line_offset for x in lines]}
        for kind, n, lines in rows
    }


def _written(con: duckdb.DuckDBPyConnection, out: Path) -> tuple[int, dict[str, dict[str, Any]], int]:
    """The rows of a written part, the reasons of those that parsed but lack a time, a user or a
    kind (e.g. an unparseable generic timestamp), and how many rows lack any of them (a row may
    lack two): one scan of the part for all."""
    src = f"read_parquet({lit(str(out))})"
    missing_user = '"user" IS NULL OR "user" = \'\''
    row = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE time IS NULL), "  # noqa: S608 - identifiers quoted by q(), values by lit()
        f"count(*) FILTER (WHERE {missing_user}), count(*) FILTER (WHERE kind IS NULL), "
        f"count(*) FILTER (WHERE time IS NULL OR {missing_user} OR kind IS NULL) FROM {src}"
    ).fetchone() or (0, 0, 0, 0, 0)
    reasons: dict[str, dict[str, Any]] = {}
    for name, n in zip(("missing_time", "missing_user", "unknown_kind"), row[1:4], strict=True):
        if n:
            reasons[name] = {"count": int(n), "lines": []}
    return int(row[0]), reasons, int(row[4])


def _slug(path: Path) -> str:
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]  # noqa: S324 - a name, not security
    return re.sub(r"[^A-Za-z0-9_.-]", "_", path.stem)[:40] + "-" + digest


def _tail_copy(path: Path, old_size: int, tmp_dir: Path) -> Path:
    """A CSV holding the header and only the bytes appended since the last ingest."""
    tmp_dir.mkdir(parents=True, exist_ok=True)
    out = tmp_dir / f"tail-{_slug(path)}{path.suffix}"
    with path.open("rb") as src, out.open("wb") as dst:
        dst.write(src.readline())
        src.seek(old_size)
        shutil.copyfileobj(src, dst, 1 << 22)
    return out


def _remove_part(store: EventStore, path: str) -> None:
    target = store.root / path
    if "*" in path:  # a directory of part files written by Spark
        shutil.rmtree(target.parent, ignore_errors=True)
    else:
        target.unlink(missing_ok=True)


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    store: EventStore,
    source: SourceFile,
    batch: str,
    ctx: Context | None = None,
    engine: str = "duckdb",
) -> FileReport:
    key = str(source.path.resolve())
    entry = store.manifest["files"].get(key)
    on_spark = engine == "spark" and spark_ingestable(source)
    fold = fold_key(ctx) if ctx is not None and foldable(source, ctx) and not on_spark else None
    mode = _plan(source.path, entry)
    if entry is not None and entry.get("fold") not in (None, fold):
        mode = "full"  # folded under another context: the counts no longer hold
    report = FileReport(str(source.path), source.kind, source.column_set, mode)
    if mode == "skip":
        return report
    stat = source.path.stat()
    read_path, line_offset = source.path, 0
    if mode == "append" and entry is not None:
        read_path = _tail_copy(source.path, entry["size"], store.root / "tmp")
        # The tail file's line 1 is the copied header, so its line L is the file's line old+L-1.
        line_offset = entry.get("lines", 1) - 1
    elif entry is not None:
        for part in entry.get("parts", []):
            _remove_part(store, part["path"])
        entry = None
    rejects = f"rej_{batch}_{_slug(source.path).replace('-', '_').replace('.', '_')}"
    out = store.batch_dir(batch) / f"{source.kind}-{_slug(source.path)}.parquet"
    folded = 0
    if on_spark:
        out_dir = out.with_suffix("")
        total, report.reasons, unusable = spark_copy(read_path, source, _typed("src", source), out_dir)
        out = out_dir / "*.parquet"
    else:
        reader = _reader_sql(read_path, source, rejects)
        if fold is not None and ctx is not None:
            counts_out = out.with_name(f"counts-{out.name}")
            folded = fold_copy(con, source.kind, _typed(reader, source), ctx, out, counts_out)
        else:
            _copy(con, reader, source, out)
        total, invalid, unusable = _written(con, out)
        report.reasons = {**_rejects(con, rejects, line_offset), **invalid}
    # A row without a time and without a user is under both reasons, but one bad row.
    report.bad_rows = sum(r["count"] for k, r in report.reasons.items() if k not in _INVALID) + unusable
    kept = total - unusable
    report.rows = kept + folded
    # Lines so far (header included), to number rejected lines of a later appended tail; counted
    # from rows rather than by re-reading the file, which would cost a second pass.
    new_lines = total + folded + sum(r["count"] for k, r in report.reasons.items() if k not in _INVALID)
    if read_path != source.path:
        read_path.unlink(missing_ok=True)
    parts = list(entry.get("parts", [])) if entry else []
    parts.append({"batch": batch, "path": str(out.relative_to(store.root)), "rows": kept})
    if fold is not None:
        counts_path = str(out.with_name(f"counts-{out.name}").relative_to(store.root))
        parts.append({"batch": batch, "path": counts_path, "rows": folded, "counts": True})
    store.manifest["files"][key] = {
        "size": stat.st_size,
        "mtime_ns": int(stat.st_mtime_ns),
        **_fingerprint(source.path, stat.st_size),
        "lines": (entry.get("lines", 1) if entry else 1) + new_lines,
        "kind": source.kind,
        "column_set": source.column_set,
        "parts": parts,
        "fold": fold,
    }
    return report


_INVALID = {"missing_time", "missing_user", "unknown_kind"}


def duckdb_connection(memory_limit: str = "4GB") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    # Row order inside the store does not matter to any reader; dropping it lets DuckDB write
    # Parquet in parallel. The memory limit keeps the whole review under the 8 GB target.
    con.execute("SET preserve_insertion_order=false")
    con.execute(f"SET memory_limit={lit(memory_limit)}")
    # DuckDB's own progress bar has no place in the engine's output and costs about 2% of
    # reading a large CSV.
    con.execute("SET enable_progress_bar=false")
    return con


def ingest(
    sources: list[SourceFile],
    store: EventStore,
    con: duckdb.DuckDBPyConnection | None = None,
    ctx: Context | None = None,
    engine: str = "duckdb",
) -> IngestResult:
    """Ingest every new or grown file of `sources` into one new batch of `store`; with the
    review's `ctx`, ordinary web requests and mail are folded into counts (see fold.py). On Spark,
    CERT files are read by Spark (see ingest_spark.py)."""
    started = _time.perf_counter()
    con = con or duckdb_connection()
    batch = store.next_batch()
    reports = [ingest_file(con, store, source, batch, ctx, engine) for source in sources]
    written = [r for r in reports if r.mode != "skip"]
    if written:
        store.manifest["batches"][batch] = {
            "created": _time.strftime("%Y-%m-%dT%H:%M:%S"),
            "rows": sum(r.rows for r in written),
            "files": [r.path for r in written],
        }
    store.save()
    shutil.rmtree(store.root / "tmp", ignore_errors=True)
    return IngestResult(
        batch=batch if written else None,
        files=reports,
        rows=sum(r.rows for r in reports),
        bad_rows=sum(r.bad_rows for r in reports),
        seconds=_time.perf_counter() - started,
    )
