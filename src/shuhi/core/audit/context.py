"""Where a write comes from (web, api, cli, job), so each audit entry can say so."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

current_source: ContextVar[str] = ContextVar("audit_source", default="system")


@contextlib.contextmanager
def audit_source(source: str) -> Iterator[None]:
    token = current_source.set(source)
    try:
        yield
    finally:
        current_source.reset(token)
