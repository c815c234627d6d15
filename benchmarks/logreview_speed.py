"""Speed of the log review on real-shaped logs, against DuckDB merely reading the same CSVs.

    python benchmarks/logreview_speed.py            # 200 users x 120 days, then 2,000 users x 42 days
    python benchmarks/logreview_speed.py --full     # 1,000 x 500 (CERT r4.2 scale), then 10,000 x 60
    python benchmarks/logreview_speed.py --users 500 --days 200 [--no-tenfold] [--data DIR]

Each scale: a CERT r4.2-format dataset from `shuhi.logreview.synth`, given the URL shape of real
logs (`realistic_urls.py`), then, in the same run:

1. the bare read, two ways, on DuckDB:
   - *reading every column*: each event CSV read with its CERT columns and types (the time
     parsed with the CERT format), every column's values produced (`count(column)` of each) -
     DuckDB merely reading the files, nothing computed;
   - *counting lines*: `SELECT count(*) FROM read_csv(file)`: a lower bound, not a read;
2. the whole review in a child process: ingest into a fresh Parquet store, aggregates,
   indicators and scoring, one weekly report over the whole period, written as JSON
   (`run_review` + `write_report`), on DuckDB. The child first runs one small review (30 users,
   42 days) so that the timed one does not pay for importing Ibis and its compilers, then the
   review twice (each into a fresh store); the faster counts. Its peak resident memory is the
   child's own (VmHWM), so each scale's figure is its own.

Each bare read is timed before and after the review and the faster run is used. The default
runs a second scale with ten times the users over a shorter period, and prints both side by side
with events/s, peak memory and the growth from one to the other (issue 17: within 3x of reading
every column, under 8 GB, memory and time growing no worse than linearly).

URLs: the synthesizer's URLs repeat (about 1% distinct over the period), real ones hardly do.
With `--urls auto` (the default) the benchmark measures the generated `http.csv` and, when its
URLs are not real-shaped, rewrites them (`realistic_urls.reshape`: about half distinct over the
period, a median of about 55% within a user's day, some 2,500 domains, session ids and query
strings), leaving every request to a listed domain or keyword as it was. Once the synthesizer
writes real-shaped URLs itself, `auto` finds them so and uses its output unchanged. `--urls
synth` keeps the synthesizer's URLs (the old measurement), `--urls realistic` always rewrites.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

EVENT_FILES = ("logon.csv", "device.csv", "file.csv", "http.csv", "email.csv")


DEFAULT_SCALES = ((200, 120), (2000, 42))
FULL_SCALES = ((1000, 500), (10000, 60))
MIN_DAYS = 42


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="CERT r4.2 scale: 1,000 x 500, then 10,000 x 60")
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--days", type=int, default=None)
    parser.add_argument("--no-tenfold", action="store_true", help="skip the run with ten times the users")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None, help="reuse a dataset instead of generating one")
    parser.add_argument(
        "--keep", type=Path, default=None,
        help="generate under this directory and keep it (a later run of the same scale and seed reuses it)",
    )
    parser.add_argument("--urls", default="auto", choices=("auto", "realistic", "synth"))
    parser.add_argument("--engine", default="duckdb", choices=("duckdb", "spark"))
    parser.add_argument("--runs", type=int, default=2, help="timed reviews per scale (the faster counts)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument(
        "--convert-reference",
        action="store_true",
        help="also time DuckDB merely converting the CSVs to Parquet, as a second yardstick",
    )
    parser.add_argument(
        "--incremental",
        action="store_true",
        help="also time a second run after appending the last week to every CSV (first scale only)",
    )
    return parser.parse_args(argv)


def scales(args: argparse.Namespace) -> list[tuple[int, int]]:
    if args.data is not None:
        return [(0, 0)]
    if args.users is not None or args.days is not None:
        base = (args.users or DEFAULT_SCALES[0][0], args.days or DEFAULT_SCALES[0][1])
        # Ten times the users over about an eighth of the days (at least the 42 days synth needs to
        # place its insiders).
        tenfold = (base[0] * 10, max(MIN_DAYS, base[1] * 60 // 500))
        return [base] if args.no_tenfold else [base, tenfold]
    chosen = FULL_SCALES if args.full else DEFAULT_SCALES
    return list(chosen[:1] if args.no_tenfold else chosen)


def bare_read(data: Path) -> tuple[float, int]:
    """Seconds and rows for DuckDB counting the lines of every event CSV (no value converted)."""
    import duckdb

    con = duckdb.connect()
    started = time.perf_counter()
    rows = 0
    for name in EVENT_FILES:
        path = data / name
        if path.exists():
            row = con.execute("SELECT count(*) FROM read_csv(?)", [str(path)]).fetchone()
            rows += int(row[0]) if row else 0
    return time.perf_counter() - started, rows


def full_read(data: Path) -> float:
    """Seconds for DuckDB reading every column of every event CSV, typed as the files are."""
    import duckdb

    from shuhi.logreview.formats import CERT_TIME_FORMAT, read_header

    con = duckdb.connect()
    started = time.perf_counter()
    for name in EVENT_FILES:
        path = data / name
        if not path.exists():
            continue
        header = read_header(path)
        types = ", ".join(f"'{c}': '{'TIMESTAMP' if c == 'date' else 'VARCHAR'}'" for c in header)
        counts = ", ".join(f'count("{c}")' for c in header)
        reader = (
            f"read_csv(?, columns={{{types}}}, header=true, auto_detect=false, "
            f"timestampformat='{CERT_TIME_FORMAT}')"
        )
        con.execute(f"SELECT {counts} FROM {reader}", [str(path)]).fetchall()  # noqa: S608 - names from the file header
    return time.perf_counter() - started


def bare_convert(data: Path, scratch: Path) -> float:
    """Seconds for DuckDB to copy every event CSV into Parquet with no processing at all: a
    second yardstick, closer to what any columnar store of the logs must pay."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order=false")
    started = time.perf_counter()
    for name in EVENT_FILES:
        path = data / name
        if path.exists():
            out = scratch / f"convert-{path.stem}.parquet"
            # The CERT date format given explicitly: auto-detection guesses day-first on January.
            reader = f"read_csv('{path}', timestampformat='%m/%d/%Y %H:%M:%S')"
            con.execute(f"COPY (SELECT * FROM {reader}) TO '{out}' (FORMAT parquet, COMPRESSION zstd)")  # noqa: S608
            out.unlink()
    return time.perf_counter() - started


def _line_date(handle: Any, offset: int) -> tuple[int, dt.date | None]:
    """The start of the first full line at or after `offset`, and that line's CERT date."""
    handle.seek(offset)
    if offset:
        handle.readline()
    start = handle.tell()
    line = handle.readline().decode("utf-8", "replace")
    fields = line.split(",")
    if len(fields) < 2:
        return start, None
    return start, dt.datetime.strptime(fields[1], "%m/%d/%Y %H:%M:%S").date()


def first_offset_on_or_after(path: Path, day: dt.date) -> int:
    """Byte offset of the first row dated `day` or later (CERT files are sorted by date)."""
    with path.open("rb") as handle:
        handle.readline()
        low, high = handle.tell(), path.stat().st_size
        while high - low > 1:
            middle = (low + high) // 2
            start, when = _line_date(handle, middle)
            if when is None or when >= day:
                high = middle
            else:
                low = middle
        start, when = _line_date(handle, low)
        return start if when is not None and when >= day else _line_date(handle, high)[0]


def _copy_bytes(src: Any, dst: Any, count: int) -> None:
    while count > 0:
        chunk = src.read(min(count, 1 << 22))
        if not chunk:
            return
        dst.write(chunk)
        count -= len(chunk)


def incremental(data: Path, scratch: Path, start: str, end: str, engine: str) -> dict[str, Any]:
    """Review all but the last week, append the last week to every CSV, review again: the second
    run should cost in proportion to one week, not to the whole history."""
    from shuhi.logreview.engine import run_review

    cut = dt.date.fromisoformat(end) - dt.timedelta(days=6)
    work = scratch / "incremental"
    shutil.copytree(data / "LDAP", work / "LDAP")
    offsets = {}
    for name in EVENT_FILES:
        if (data / name).exists():
            offsets[name] = first_offset_on_or_after(data / name, cut)
            with (data / name).open("rb") as src, (work / name).open("wb") as dst:
                _copy_bytes(src, dst, offsets[name])
    context = data / "context.yaml" if (data / "context.yaml").exists() else None
    store = scratch / "incremental-store"
    started = time.perf_counter()
    run_review(f"cert:{work}", context=context, start=start, end=end, engine=engine, store_dir=store)
    first = time.perf_counter() - started
    for name, offset in offsets.items():
        with (data / name).open("rb") as src, (work / name).open("ab") as dst:
            src.seek(offset)
            shutil.copyfileobj(src, dst, 1 << 22)
    started = time.perf_counter()
    report = run_review(f"cert:{work}", context=context, start=start, end=end, engine=engine, store_dir=store)
    second = time.perf_counter() - started
    stats = report["stats"]
    return {
        "history_run_seconds": round(first, 2),
        "appended_week_run_seconds": round(second, 2),
        "appended_rows": stats["ingested_rows"],
        "rows_aggregated_on_second_run": stats["aggregated_rows"],
        "events_in_store": stats["events_in_store"],
        "phases": stats["phases"],
    }


def _period(data: Path) -> tuple[str, str]:
    answers = data / "answers.json"
    if answers.exists():
        key = json.loads(answers.read_text(encoding="utf-8"))
        return str(key["start"]), str(key["end"])
    import duckdb

    row = (
        duckdb.connect()
        .execute(
            "SELECT min(date)::DATE, max(date)::DATE FROM read_csv(?, timestampformat='%m/%d/%Y %H:%M:%S')",
            [str(data / "logon.csv")],
        )
        .fetchone()
    )
    assert row is not None
    return str(row[0]), str(row[1])


def warm_up(scratch: Path, engine: str) -> None:
    """One small review (30 users, 42 days) before the timed one, so that the timed review pays for reviewing and
    not for Python loading Ibis' compilers and the rest of the engine's code (about 0.3 s, a
    cost of starting the process: the bare reads are timed after `import duckdb` too)."""
    from shuhi.logreview.engine import run_review
    from shuhi.logreview.synth import generate

    small = scratch / "warm-up"
    generate(small, users=30, days=42, seed=1)
    start, end = _period(small)
    run_review(f"cert:{small}", start=start, end=end, engine=engine, store_dir=scratch / "warm-up-store")


def _dataset(args: argparse.Namespace, scratch: Path, users: int, days: int) -> tuple[Path, dict[str, Any]]:
    """The scale's dataset, with real-shaped URLs (see the module's docstring), and its URL shape."""
    import realistic_urls

    reused = False
    if args.data is not None:
        data = args.data
    else:
        from shuhi.logreview.synth import generate

        data = (args.keep or scratch) / f"data-{users}x{days}"
        # A dataset kept by an earlier run of the same scale and seed is used again: generating
        # it takes longer than the review it measures.
        marker = data / ".benchmark-seed"
        reused = args.keep is not None and marker.exists() and marker.read_text() == str(args.seed)
        if reused:
            print(f"reusing {data} (kept by an earlier run, seed {args.seed})", flush=True)
        else:
            started = time.perf_counter()
            generate(data, users=users, days=days, seed=args.seed)
            print(f"generated {users:,} users x {days} days in {time.perf_counter() - started:.1f}s", flush=True)
    generated = args.data is None and not reused
    # A given or kept dataset is measured as it is.
    rewrite = generated and (
        args.urls == "realistic" or (args.urls == "auto" and not realistic_urls.looks_realistic(data))
    )
    if rewrite:
        from shuhi.logreview.context import load_context

        context = data / "context.yaml" if (data / "context.yaml").exists() else None
        done = realistic_urls.reshape(data, load_context(context, cert_dir=data))
        print(f"URLs given the real shape in {done['seconds']:.1f}s", flush=True)
    shape = {**realistic_urls.url_shape(data), "rewritten": rewrite}
    if args.keep is not None and generated:
        (data / ".benchmark-seed").write_text(str(args.seed))
    return data, shape


def child(data: Path, engine: str, runs: int) -> dict[str, Any]:
    """In the child process: warm up, then review `data` `runs` times into fresh stores, each
    report written as JSON; the figures of every run."""
    from shuhi.logreview.engine import run_review
    from shuhi.logreview.report import write_report

    start, end = _period(data)
    context = data / "context.yaml" if (data / "context.yaml").exists() else None
    with tempfile.TemporaryDirectory(prefix="shuhi-speed-child-") as scratch:
        warm_up(Path(scratch), engine)
        results = []
        for attempt in range(runs):
            store = Path(scratch) / f"store-{attempt}"
            out = Path(scratch) / f"report-{attempt}.json"
            started = time.perf_counter()
            report = run_review(
                f"cert:{data}", context=context, start=start, end=end, window="week", engine=engine, store_dir=store
            )
            reviewed = time.perf_counter()
            write_report(report, out)
            seconds = time.perf_counter() - started
            stats = report["stats"]
            results.append(
                {
                    "seconds": seconds,
                    "write_seconds": round(seconds - (reviewed - started), 2),
                    "phases": stats["phases"],
                    "ingest_seconds": stats["ingest"]["seconds"],
                    "windows": len(report["windows"]),
                    "ranked": sum(len(w["ranking"]) for w in report["windows"]),
                    "report_bytes": out.stat().st_size,
                    "bad_rows": stats["bad_rows"],
                }
            )
            # A kept report's millions of objects would slow the next run's garbage collections.
            del report
            shutil.rmtree(store, ignore_errors=True)
            out.unlink()
    return {"period": [start, end], "runs": results, "peak_memory_mb": own_peak_memory_mb()}


def own_peak_memory_mb() -> float:
    """This process's peak resident memory since it started its program (VmHWM). Not
    `getrusage`: Linux counts in it the memory of the parent this process was forked from (the
    benchmark's, holding the generated dataset), which made a 1.3 GB review look like 4 GB."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _review_in_child(data: Path, args: argparse.Namespace, scratch: Path) -> tuple[dict[str, Any], float]:
    """The child's figures and its own peak resident memory in MB."""
    figures = scratch / "child.json"
    command = [
        sys.executable, str(Path(__file__).resolve()), "--child", str(data), "--engine", args.engine,
        "--runs", str(args.runs), "--json", str(figures),
    ]
    returncode = subprocess.call(command)
    if returncode:
        raise SystemExit(f"the review failed (exit {returncode})")
    reviewed = json.loads(figures.read_text(encoding="utf-8"))
    # The child's own figure (see own_peak_memory_mb). On Spark the JVM is a child of the child:
    # its memory is not in it.
    return reviewed, reviewed["peak_memory_mb"]


def measure(args: argparse.Namespace, scratch: Path, users: int, days: int, first: bool) -> dict[str, Any]:
    data, shape = _dataset(args, scratch, users, days)
    size = sum((data / n).stat().st_size for n in EVENT_FILES if (data / n).exists())
    bare_before, rows = bare_read(data)
    full_before = full_read(data)
    reviewed, peak = _review_in_child(data, args, scratch)
    bare_after, _ = bare_read(data)
    full_after = full_read(data)
    best = min(reviewed["runs"], key=lambda r: r["seconds"])
    start, end = reviewed["period"]
    convert = bare_convert(data, scratch) if args.convert_reference and first else None
    increment = incremental(data, scratch, start, end, args.engine) if args.incremental and first else None
    if args.data is None and args.keep is None:
        shutil.rmtree(data, ignore_errors=True)
    bare, full, review = min(bare_before, bare_after), min(full_before, full_after), best["seconds"]
    return {
        "users": users,
        "days": days,
        "events": rows,
        "csv_bytes": size,
        "urls": shape,
        "period": [start, end],
        "engine": args.engine,
        "review_seconds": round(review, 2),
        "review_runs_seconds": [round(r["seconds"], 2) for r in reviewed["runs"]],
        "ingest_seconds": best["ingest_seconds"],
        "phases": {**best["phases"], "write": best["write_seconds"]},
        "full_read_seconds": round(full, 2),
        "ratio_to_full_read": round(review / full, 2),
        "bare_read_seconds": round(bare, 2),
        "ratio_to_bare_read": round(review / bare, 2),
        "bare_convert_seconds": None if convert is None else round(convert, 2),
        "ratio_to_bare_convert": None if convert is None else round(review / convert, 2),
        "events_per_second": round(rows / review),
        "peak_memory_mb": round(peak),
        "windows": best["windows"],
        "ranked": best["ranked"],
        "report_bytes": best["report_bytes"],
        "incremental": increment,
        "bad_rows": best["bad_rows"],
    }


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="shuhi-speed-") as scratch:
        return [measure(args, Path(scratch), users, days, n == 0) for n, (users, days) in enumerate(scales(args))]


def _print_scale(f: dict[str, Any]) -> None:
    shape = f["urls"]
    label = f"{f['users']:,} users x {f['days']} days" if f["users"] else "given dataset"
    size = f"{f['csv_bytes'] / 1e9:.2f} GB of CSV"
    print(f"== {label}: {f['events']:,} events, {size}, {f['period'][0]} - {f['period'][1]}")
    day_share = shape["median_day_distinct_share"]
    print(
        f"URLs:             {shape['distinct_share']:.0%} distinct over the period, median "
        f"{'-' if day_share is None else f'{day_share:.0%}'} within a user's day, {shape['domains']:,} domains"
        f"{' (rewritten to the real shape)' if shape['rewritten'] else ''}"
    )
    print(f"DuckDB reading every column: {f['full_read_seconds']:.2f} s")
    print(f"DuckDB counting lines:       {f['bare_read_seconds']:.2f} s")
    print(
        f"whole review:     {f['review_seconds']:.2f} s on {f['engine']} "
        f"(runs {', '.join(f'{x:.2f}' for x in f['review_runs_seconds'])} s), {f['windows']} weekly windows, "
        "report written"
    )
    print(f"phases (s):       {f['phases']}")
    print(f"ratio to reading every column: {f['ratio_to_full_read']:.2f}x (target <= 3x)")
    print(f"ratio to counting lines:       {f['ratio_to_bare_read']:.2f}x")
    print(f"events/s:         {f['events_per_second']:,}")
    print(f"peak memory:      {f['peak_memory_mb']:,} MB (the review's process; target < 8,192 MB)")
    print(f"report:           {f['report_bytes'] / 1e6:.2f} MB of JSON ({f['ranked']:,} ranked entries)")
    if f["bare_convert_seconds"] is not None:
        print(
            f"bare CSV->Parquet: {f['bare_convert_seconds']:.2f} s "
            f"(review is {f['ratio_to_bare_convert']:.2f}x of a plain conversion)"
        )
    if f["incremental"] is not None:
        inc = f["incremental"]
        print(
            f"incremental:      history {inc['history_run_seconds']:.2f} s; appending the last week "
            f"({inc['appended_rows']:,} rows, {inc['rows_aggregated_on_second_run']:,} aggregated) "
            f"{inc['appended_week_run_seconds']:.2f} s, phases {inc['phases']}"
        )


SIDE_BY_SIDE = (
    ("users x days", lambda f: f"{f['users']:,} x {f['days']}"),
    ("events", lambda f: f"{f['events']:,}"),
    ("review s", lambda f: f"{f['review_seconds']:.2f}"),
    ("reading every column s", lambda f: f"{f['full_read_seconds']:.2f}"),
    ("ratio to that read", lambda f: f"{f['ratio_to_full_read']:.2f}x"),
    ("events/s", lambda f: f"{f['events_per_second']:,}"),
    ("peak memory MB", lambda f: f"{f['peak_memory_mb']:,}"),
    ("report MB", lambda f: f"{f['report_bytes'] / 1e6:.2f}"),
)


def _print_side_by_side(figures: list[dict[str, Any]]) -> None:
    print("== side by side")
    for name, value in SIDE_BY_SIDE:
        print(f"{name:<24}" + "".join(f"{value(f):>20}" for f in figures))
    first, last = figures[0], figures[-1]

    def grew(key: str) -> float:
        return last[key] / first[key]

    events = grew("events")
    # The input grows in two ways: events, and the users' days (each a group of the fold, of the
    # daily counts and of the windows), which grow faster here. Linear in the input means no
    # faster than the larger of the two.
    user_days = (last["users"] * last["days"]) / (first["users"] * first["days"])
    print(
        f"second run against the first: events x{events:.2f}, users x days x{user_days:.2f}, "
        f"reading every column x{grew('full_read_seconds'):.2f}; "
        f"time x{grew('review_seconds'):.2f}, peak memory x{grew('peak_memory_mb'):.2f} "
        f"(linear in events and users x days: x{max(events, user_days):.2f} or less; "
        f"time per event x{grew('review_seconds') / events:.2f})"
    )


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.child is not None:
        figures = child(args.child, args.engine, args.runs)
        if args.json is not None:
            args.json.write_text(json.dumps(figures), encoding="utf-8")
        return 0
    results = run(args)
    for figures in results:
        _print_scale(figures)
    if len(results) > 1:
        _print_side_by_side(results)
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
