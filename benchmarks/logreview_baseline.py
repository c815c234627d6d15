"""A deliberately simple reviewer, for calibration: per-user z-scores of daily counts.

For each user and day it counts logons, drive connects, copies to removable media, web
requests, mails sent and after-hours events (before 07:00, from 19:00, or at a weekend); each
count becomes a z-score against the same user's days over the whole period; a day scores the
sum of its positive z-scores and a week its worst day. No context, no lists, no peers: whatever
the engine finds beyond this is what its indicators add. Output has the engine's report shape
(`windows` of `start`, `end` and a `ranking`), so one evaluation serves both.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

FEATURES = ("logons", "connects", "copies", "web", "mails", "after_hours")


def _events(directory: Path) -> str:
    def read(name: str) -> str:
        return (f"read_csv('{directory / name}', header=true, all_varchar=true, "
                "quote='', escape='', max_line_size=10000000)")

    file_header = (directory / "file.csv").read_text(encoding="utf-8")[:200].split("\n", 1)[0]
    copy = "to_removable_media = 'True'" if "to_removable_media" in file_header else "true"
    mail_header = (directory / "email.csv").read_text(encoding="utf-8")[:200].split("\n", 1)[0]
    sent = "activity = 'Send'" if ",activity," in mail_header else "true"
    parts = [
        # Paths come from the benchmark's own scratch directory, not from users.
        f"SELECT user, date, activity = 'Logon' AS logons, false AS connects, false AS copies, "  # noqa: S608
        f"false AS web, false AS mails FROM {read('logon.csv')}",
        f"SELECT user, date, false, activity = 'Connect', false, false, false FROM {read('device.csv')}",  # noqa: S608
        f"SELECT user, date, false, false, {copy}, false, false FROM {read('file.csv')}",  # noqa: S608
        f"SELECT user, date, false, false, false, true, false FROM {read('http.csv')}",  # noqa: S608
        f"SELECT user, date, false, false, false, false, {sent} FROM {read('email.csv')}",  # noqa: S608
    ]
    return " UNION ALL ".join(parts)


def review(directory: Path, start: str, end: str) -> dict[str, Any]:
    con = duckdb.connect()
    con.execute(f"CREATE TEMP VIEW e AS SELECT user, strptime(date, '%m/%d/%Y %H:%M:%S') AS t, "  # noqa: S608
                f"logons, connects, copies, web, mails FROM ({_events(directory)})")
    counts = ", ".join(f"count(*) FILTER (WHERE {f}) AS {f}" for f in FEATURES[:-1])
    z = " + ".join(f"greatest(({f} - avg({f}) OVER u) / (coalesce(stddev_pop({f}) OVER u, 0) + 1), 0)"
                   for f in FEATURES)
    rows = con.execute(f"""
        WITH daily AS (
            SELECT user, CAST(t AS DATE) AS day, {counts},
                   count(*) FILTER (WHERE hour(t) < 7 OR hour(t) >= 19 OR isodow(t) >= 6) AS after_hours
            FROM e WHERE CAST(t AS DATE) BETWEEN DATE '{start}' AND DATE '{end}' GROUP BY ALL),
        scored AS (SELECT user, day, {z} AS score FROM daily WINDOW u AS (PARTITION BY user))
        SELECT date_trunc('week', day) AS week, user, max(score) AS score
        FROM scored GROUP BY ALL ORDER BY week, score DESC, user
    """).fetchall()  # noqa: S608 - paths and dates come from the benchmark, not from users
    windows: dict[dt.date, list[dict[str, Any]]] = {}
    for week, user, score in rows:
        windows.setdefault(week, []).append({"user": user, "score": round(float(score), 3), "reasons": []})
    return {"windows": [{"start": str(week), "end": str(week + dt.timedelta(days=6)), "ranking": ranking}
                        for week, ranking in sorted(windows.items())]}
