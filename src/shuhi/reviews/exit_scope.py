"""What the log review lends the people register at exit (registered in apps.py; see people/hooks.py).

- `touched`: the storage locations a leaver touched, read from each log source's event store
  through the engine's API (`shuhi.logreview.touched`), after bringing the store up to date so
  that the last days before the exit count. A person is known in the logs by their employee number
  or, through the source's context (LDAP, HR file), by their e-mail address.
- `reviews`: the signed-off review cycles covering a period, for the exit checklist.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from typing import Any

from django.urls import reverse

from shuhi.reviews.conf import paths_outside_roots
from shuhi.reviews.models import LogSource, ReviewCycle

# The store is brought up to date at most once a minute per process: drafting the exit pledges of
# many leavers at once then costs one ingest check, not one per leaver.
REFRESH_EVERY = 60.0
log = logging.getLogger(__name__)
_refreshed: dict[str, float] = {}
_contexts: dict[tuple, Any] = {}


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _context(source: LogSource) -> Any:
    from shuhi.reviews.runner import source_context

    key = (source.pk, source.spec, source.context_path, _mtime(source.context_path or ""), _mtime(source.path))
    if key not in _contexts:
        _contexts.clear()
        _contexts[key] = source_context(source)
    return _contexts[key]


def _refresh(source: LogSource, store: Any, ctx: Any) -> None:
    from shuhi.logreview.engine import resolve_source
    from shuhi.logreview.touched import refresh_store

    now = time.monotonic()
    if now - _refreshed.get(str(store), -REFRESH_EVERY) < REFRESH_EVERY:
        return
    files, _cert_dir = resolve_source(source.spec)
    refresh_store(files, store, ctx)
    _refreshed[str(store)] = now


def touched(organisation: Any, identities: list[str], start: dt.date, end: dt.date,
            locations: dict[str, list[str]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    emails = {i.strip().lower() for i in identities if "@" in i}
    # The drafting service has already decided who may draft the pledge; these are the
    # organisation's own sources, read by the installation, not shown to anyone.
    for source in LogSource.objects.filter(organisation=organisation).order_by("pk"):
        if paths_outside_roots(source):
            continue
        import duckdb

        try:
            touches = _touched_in(source, identities, emails, start, end, locations)
        except (OSError, ValueError, duckdb.Error) as exc:
            # A source whose logs are gone or unreadable must not stop an exit: the pledge then
            # names the ledger's scope, and the log says why the logs' part is missing.
            log.warning("exit scope: log source %s unreadable: %s", source.pk, exc)
            continue
        found += touches
    return found


def _touched_in(source: LogSource, identities: list[str], emails: set[str], start: dt.date, end: dt.date,
                locations: dict[str, list[str]]) -> list[dict[str, Any]]:
    from shuhi.logreview.ingest import default_store
    from shuhi.logreview.touched import resources_touched

    ctx = _context(source)
    users = {i for i in identities if "@" not in i}
    if emails:  # a scan of the whole directory, needless for a leaver known by employee number only
        users |= {uid for uid, p in ctx.people.items() if p.email and p.email.strip().lower() in emails}
    store = default_store(source.spec)
    _refresh(source, store, ctx)
    return [{"location": t.location, "events": t.events, "first": t.first, "last": t.last, "examples": list(t.examples)}
            for t in resources_touched(store, users=sorted(users), start=start, end=end, locations=locations)]


def reviews(user: Any, organisation: Any, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    cycles = (ReviewCycle.objects.visible_to(user)
              .filter(organisation=organisation, status=ReviewCycle.Status.SIGNED_OFF, period_end__gte=start,
                      period_start__lte=end)
              .select_related("source", "signoff__reviewer").order_by("-period_end", "-pk"))
    return [{"id": c.pk, "label": str(c), "signed_by": c.signoff.reviewer.full_name or c.signoff.reviewer.email,
             "signed_at": c.signoff.signed_at, "url": reverse("reviews:detail", args=[c.pk])} for c in cycles]
