"""What an exit checklist still lacks. Nothing here writes; services_exit.py and the page read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from shuhi.people.hooks import log_review_providers
from shuhi.people.models import ExitChecklist, Pledge, PledgeKind
from shuhi.people.pledging import home_of

# The log review attached at exit covers the last 30 days before the leaving date.
REVIEW_DAYS = 30


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    done: bool


def exit_pledge_signed(checklist: ExitChecklist) -> bool:
    return checklist.person.pledges.filter(kind=PledgeKind.EXIT, status__in=Pledge.SIGNED).exists()


def review_period(checklist: ExitChecklist) -> tuple[dt.date, dt.date]:
    event = checklist.event
    end = checklist.person.left_on or (event.occurred_on if event is not None else checklist.created_at.date())
    return end - dt.timedelta(days=REVIEW_DAYS), end


def items(checklist: ExitChecklist) -> list[Item]:
    """Every mandatory item, in the order the page shows them."""
    found = [Item("assets", _("Assets returned"), checklist.assets_returned)]
    found += [Item(f"account:{name}", _("Account disabled: %(system)s") % {"system": name}, bool(done))
              for name, done in checklist.accounts.items()]
    found.append(Item("pledge", _("Exit pledge signed"), exit_pledge_signed(checklist)))
    found.append(Item("review", _("Last 30 days' log review attached with the reviewer's sign-off"),
                      bool(checklist.review_cycle_id or checklist.review_result)))
    return found


def open_items(checklist: ExitChecklist) -> list[Item]:
    return [item for item in items(checklist) if not item.done]


def signed_reviews(user: Any, checklist: ExitChecklist) -> list[dict[str, Any]]:
    """The signed-off review cycles of the last 30 days that `user` may see, from the log review."""
    start, end = review_period(checklist)
    home = home_of(checklist.person.organisation)
    return [row for provider in log_review_providers() for row in provider.reviews(user, home, start, end)]
