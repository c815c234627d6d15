"""Running the log-review engine for a cycle, and looking up the users a source knows.

Real user ids exist only inside these functions: what leaves them is pseudonymised.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shuhi.reviews.conf import paths_outside_roots
from shuhi.reviews.models import LogSource, ReviewCycle
from shuhi.reviews.pseudonyms import pseudonymise_report

# Examples and reasons are kept for the top of each window only: the rest of the ranking keeps its
# score, so the record stays complete while the stored JSON stays small at 1,000 users.
DETAIL_TOP = 100


def source_context(source: LogSource) -> Any:
    """The engine's context of a source: its people (LDAP or HR file), locations and lists."""
    return _context(source)


def _context(source: LogSource) -> Any:
    from shuhi.logreview.context import load_context
    from shuhi.logreview.engine import resolve_source

    _files, cert_dir = resolve_source(source.spec)
    return load_context(source.context_path or None, cert_dir=cert_dir)


def _people(ctx: Any) -> dict[str, dict[str, str]]:
    return {user: {"name": p.name, "email": p.email} for user, p in ctx.people.items()}


def _trim(report: dict[str, Any]) -> dict[str, Any]:
    for window in report.get("windows", []):
        for entry in window.get("ranking", [])[DETAIL_TOP:]:
            entry["reasons"] = [{k: v for k, v in r.items() if k != "examples"} for r in entry.get("reasons", [])]
    return report


def execute_cycle(cycle: ReviewCycle, progress: Callable[[int, int, str], None] | None = None) -> dict[str, Any]:
    """The cycle's report, pseudonymised: the engine's output over the cycle's period."""
    from shuhi.logreview.backend import default_engine
    from shuhi.logreview.engine import run_review
    from shuhi.logreview.ingest import default_store

    step = progress or (lambda done, total, message="": None)
    source = cycle.source
    # Checked again at run time: SHUHI_LOG_ROOTS may have narrowed, or a symlink moved, since
    # the source was added.
    outside = paths_outside_roots(source)
    if outside:
        raise ValueError(" ".join(outside.values()))
    step(0, 3, "context")
    ctx = _context(cycle.source)
    step(1, 3, "engine")
    # The source's event store is kept between cycles: next week's review reads next week's logs.
    # The engine, and on Spark the cluster, come from the environment (SHUHI_LOGREVIEW_ENGINE,
    # SHUHI_SPARK_MASTER, SHUHI_SPARK_CONF; docs/logreview.md).
    report = run_review(source.spec, context=ctx, start=cycle.period_start, end=cycle.period_end,
                        window=cycle.window, engine=default_engine(), store_dir=default_store(source.spec))
    step(2, 3, "pseudonyms")
    return _trim(pseudonymise_report(report, _people(ctx)))


def render_report_html(report: dict[str, Any]) -> str:
    from django.utils.translation import get_language

    from shuhi.i18n import override
    from shuhi.logreview.report import render_html

    # The stored page is read by the organisation's reviewers: in the language the job runs in
    # (Japanese by default), not the server process's locale.
    with override(get_language() or "ja"):
        return render_html(report)


def find_identities(source: LogSource, alias: str) -> list[str]:
    """The real ids behind `alias`: first among the people the context knows (cheap), then among
    everyone who appears in the events (reads the whole source, so only when needed)."""
    from shuhi.reviews.pseudonyms import find_user

    found = find_user(alias, _context(source).people)
    return found or find_user(alias, _event_users(source))


def _event_users(source: LogSource) -> set[str]:
    import duckdb

    from shuhi.logreview.engine import resolve_source
    from shuhi.logreview.ingest import EventStore, ingest

    files, _cert_dir = resolve_source(source.spec)
    with tempfile.TemporaryDirectory(prefix="shuhi-reidentify-") as scratch:
        store = EventStore(Path(scratch))
        ingest(files, store)
        parts = [str(store.root / p) for paths in store.batch_parts().values() for p in paths]
        if not parts:
            return set()
        rows = duckdb.connect().execute('select distinct "user" from read_parquet(?)', [parts]).fetchall()
    return {str(r[0]) for r in rows if r[0]}


def person_details(source: LogSource, user_id: str) -> dict[str, str]:
    """Name, role and department of a re-identified user, from the source's context."""
    person = _context(source).people.get(user_id)
    if person is None:
        return {"user": user_id}
    return {"user": user_id, "name": person.name, "email": person.email, "role": person.role,
            "department": person.department}
