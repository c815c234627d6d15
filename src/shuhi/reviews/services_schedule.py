"""Unattended scheduling: every source's chain of cycles follows the calendar without a person
pressing "Schedule the next cycle" each week or month.

A chain is the cycles of one source; its head is the cycle with the latest period. Run daily
(`shuhi reviews roll` from cron, or the job `reviews.roll_forward`), this keeps one cycle ahead
of the calendar: once the head's period has ended, the next period is scheduled — through
`cycle_schedule_next`, so it is the same cycle a person would have scheduled, with its audit entry.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from shuhi.core.permissions import enforces, is_system
from shuhi.reviews import permissions as can
from shuhi.reviews.models import LogSource, ReviewCycle
from shuhi.reviews.services import MANAGE_MESSAGE, cycle_schedule_next, cycle_start

logger = logging.getLogger(__name__)

# A source left alone for years must not fill the list with hundreds of cycles (and engine runs)
# in one night; the rest follow on the next runs, twelve at a time.
MAX_CYCLES_PER_RUN = 12


def _chain_heads(*, actor: Any, today: dt.date) -> list[ReviewCycle]:
    """The latest cycle of every automatically scheduled source, where that cycle's period has ended."""
    sources = LogSource.objects.filter(auto_schedule=True)
    if not is_system(actor):
        # A person rolls their own organisation's chains; the installation's jobs roll them all.
        sources = sources.filter(organisation_id=actor.organisation_id)
    latest = ReviewCycle.objects.filter(source=OuterRef("pk")).order_by("-period_end", "-pk").values("pk")[:1]
    heads = sources.annotate(head=Subquery(latest)).filter(head__isnull=False).values("head")
    return list(ReviewCycle.objects.filter(pk__in=heads, period_end__lt=today)
                .select_related("source", "reviewer").order_by("source__name", "pk"))


def _never_run(cycle: ReviewCycle, today: dt.date) -> bool:
    # A cycle that failed keeps its job and error: a person fixes the cause and runs it again,
    # rather than the nightly run failing on it every day.
    return cycle.period_end < today and cycle.status == ReviewCycle.Status.SCHEDULED and cycle.job_id is None


@transaction.atomic
def _roll_chain(*, actor: Any, head: ReviewCycle, today: dt.date, run: bool) -> list[ReviewCycle]:
    created: list[ReviewCycle] = []
    cycle = head
    while cycle.period_end < today and len(created) < MAX_CYCLES_PER_RUN:
        cycle = cycle_schedule_next(actor=actor, cycle=cycle)
        created.append(cycle)
    if cycle.period_end < today:
        logger.warning("log source %s: %s cycles scheduled, more periods follow on the next run",
                       head.source, len(created))
    if run:
        # The head is the cycle whose period has just ended: its report is the one due now.
        for ended in [head, *created]:
            if _never_run(ended, today):
                cycle_start(actor=actor, cycle=ended)
    return created


@enforces(can.can_manage_reviews, message=MANAGE_MESSAGE)
def cycles_roll_forward(*, actor: Any, today: dt.date | None = None, run: bool = True) -> list[ReviewCycle]:
    """Schedules every period that has begun, for each source whose latest cycle has ended.

    Running it twice on one day schedules nothing the second time. With `run`, each cycle whose
    period has ended and that was never run is started, so the reviewer finds a ready report.
    """
    today = today or timezone.localdate()
    created: list[ReviewCycle] = []
    for head in _chain_heads(actor=actor, today=today):
        try:
            created += _roll_chain(actor=actor, head=head, today=today, run=run)
        except ValidationError as exc:
            # One source with a departed reviewer must not stop the others; cron mails the warning.
            logger.warning("log source %s: not rolled forward: %s", head.source, " ".join(exc.messages))
    return created
