"""What other apps lend the people register, without the people app importing them.

The log review (the reviews app) owns the log sources, their event stores and the signed-off review
cycles; it imports the people app (for the log-monitoring notice), so the people app cannot import
it back. Instead the reviews app registers a `LogReviewProvider` here from its AppConfig.ready(),
and the exit scope and the exit checklist ask it. Without one registered (or without a log source
configured), the exit scope names only the ledger's secrets and the checklist's log-review item is
recorded by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LogReviewProvider:
    # touched(organisation, identities, start, end, locations) -> [{"location", "events", "first",
    # "last", "examples"}]: the locations (name -> path patterns) the person, known in the logs by
    # any of `identities` (employee number, e-mail), touched from start to end inclusive.
    touched: Callable[[Any, list[str], dt.date, dt.date, dict[str, list[str]]], list[dict[str, Any]]]
    # reviews(user, organisation, start, end) -> [{"id", "label", "signed_by", "signed_at"}]: the
    # signed-off review cycles `user` may see that cover part of the period, newest first.
    reviews: Callable[[Any, Any, dt.date, dt.date], list[dict[str, Any]]]


_PROVIDERS: dict[str, LogReviewProvider] = {}


def register_log_review_provider(key: str, provider: LogReviewProvider) -> None:
    _PROVIDERS[key] = provider


def log_review_providers() -> list[LogReviewProvider]:
    return list(_PROVIDERS.values())
