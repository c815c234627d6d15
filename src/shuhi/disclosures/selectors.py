"""Reads of the disclosure register, each starting from the gate."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from shuhi.core.models import Organisation
from shuhi.disclosures.models import (
    EXPIRING_DAYS,
    CarriedOverHolding,
    Disclosure,
    LeakNotice,
    LeakResponse,
    Nda,
)
from shuhi.ledger.models import InformationAsset, Tier

STATUS_FILTERS = {"open": [Disclosure.Status.REQUESTED, Disclosure.Status.APPROVED],
                  "held": list(Disclosure.HELD), "ended": list(Disclosure.ENDED)}


def ndas(user: Any, *, supplier: str = "", state: str = "", today: dt.date | None = None):
    today = today or timezone.localdate()
    rows = Nda.objects.visible_to(user).select_related("supplier", "sub_supplier")
    if supplier.isdigit():
        rows = rows.filter(Q(supplier_id=int(supplier)) | Q(sub_supplier_id=int(supplier)))
    soon = today + dt.timedelta(days=EXPIRING_DAYS)
    active = Q(status=Nda.Status.ACTIVE)
    states = {
        "draft": Q(status=Nda.Status.DRAFT), "terminated": Q(status=Nda.Status.TERMINATED),
        "expired": active & Q(ends_on__lt=today), "expiring": active & Q(ends_on__gte=today, ends_on__lte=soon),
        "active": active & Q(ends_on__gt=soon),
    }
    if state in states:
        rows = rows.filter(states[state])
    return rows


def disclosures(user: Any, *, status: str = "", supplier: str = "", asset: str = "", q: str = ""):
    rows = Disclosure.objects.visible_to(user).select_related("supplier", "recipient", "nda", "requested_by")
    if status in STATUS_FILTERS:
        rows = rows.filter(status__in=STATUS_FILTERS[status])
    elif status in Disclosure.Status.values:
        rows = rows.filter(status=status)
    if supplier.isdigit():
        rows = rows.filter(Q(supplier_id=int(supplier)) | Q(recipient_id=int(supplier)))
    if asset.isdigit():
        rows = rows.filter(assets=int(asset))
    if q.strip():
        rows = rows.filter(Q(number__icontains=q.strip()) | Q(purpose__icontains=q.strip()))
    return rows.distinct()


def waiting_for_decision(user: Any):
    return Disclosure.objects.visible_to(user).filter(status=Disclosure.Status.REQUESTED)


def current_holders(asset: InformationAsset):
    """Every disclosure through which someone holds `asset` now, first tier first.

    Not gated: the leak response must reach every holder whoever opens it; callers check
    `can_read_holders` or `can_respond_to_leak` first.
    """
    return (Disclosure.objects.filter(assets=asset, status__in=Disclosure.HELD)
            .select_related("supplier", "recipient", "nda", "parent")
            .order_by("parent_id", "recipient__name", "handed_over_on"))


@dataclass
class Holder:
    organisation: Organisation
    tier_in_chain: int  # 1: the outsourcer's supplier, 2: its sub-supplier
    through: Organisation | None
    disclosures: list[Disclosure] = field(default_factory=list)

    @property
    def since(self) -> dt.date | None:
        dates = [d.handed_over_on for d in self.disclosures if d.handed_over_on]
        return min(dates) if dates else None

    @property
    def copies(self) -> int:
        return sum(d.copies for d in self.disclosures)

    def as_dict(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation.name, "organisation_id": self.organisation.pk,
            "tier_in_chain": self.tier_in_chain, "through": self.through.name if self.through else None,
            "since": self.since.isoformat() if self.since else None, "copies": self.copies,
            "disclosures": [{"number": d.number, "status": d.status, "handed_over_on":
                             d.handed_over_on.isoformat() if d.handed_over_on else None,
                             "due_date": d.due_date.isoformat(), "nda": d.nda.reference if d.nda_id else None}
                            for d in self.disclosures],
        }


def holders(asset: InformationAsset) -> list[Holder]:
    """Who holds `asset` now, one entry per organisation, suppliers before their sub-suppliers."""
    found: dict[int, Holder] = {}
    for disclosure in current_holders(asset):
        holder = found.get(disclosure.recipient_id)
        if holder is None:
            sub = disclosure.recipient_id != disclosure.supplier_id
            holder = found[disclosure.recipient_id] = Holder(
                organisation=disclosure.recipient, tier_in_chain=2 if sub else 1,
                through=disclosure.supplier if sub else None)
        holder.disclosures.append(disclosure)
    return sorted(found.values(), key=lambda h: (h.tier_in_chain, h.organisation.name))


def leak_responses(user: Any, *, status: str = ""):
    rows = LeakResponse.objects.visible_to(user).select_related("asset")
    if status in LeakResponse.Status.values:
        rows = rows.filter(status=status)
    return rows.annotate(holders=Count("notices"),
                         acknowledged=Count("notices", filter=Q(notices__acknowledged_at__isnull=False)))


def leak_notices(user: Any):
    return LeakNotice.objects.visible_to(user).select_related("response", "response__asset", "holder")


def exposure(organisation_ids: list[int] | None = None) -> dict[int, dict[int, int]]:
    """Per holder organisation, the number of distinct assets it holds now by tier id.

    Counted from the register, plus the holdings carried over from the hand-entered figures.
    The caller has already limited itself to the suppliers the user may compare.
    """
    rows = (Disclosure.objects.filter(status__in=Disclosure.HELD)
            .values("recipient_id", "assets__tier_id").annotate(n=Count("assets", distinct=True)))
    if organisation_ids is not None:
        rows = rows.filter(recipient_id__in=organisation_ids)
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row["assets__tier_id"] is not None:
            counts[row["recipient_id"]][row["assets__tier_id"]] += row["n"]
    carried = CarriedOverHolding.objects.all()
    if organisation_ids is not None:
        carried = carried.filter(supplier_id__in=organisation_ids)
    for row in carried:
        counts[row.supplier_id][row.tier_id] += row.count
    return counts


def carried_over(user: Any):
    return CarriedOverHolding.objects.visible_to(user).select_related("supplier", "tier")


def dashboard_figures(user: Any) -> dict[str, Any] | None:
    from shuhi.disclosures import permissions as can

    if not can.can_read_holders(user):
        return None
    today = timezone.localdate()
    visible = Disclosure.objects.visible_to(user)
    return {
        "waiting": visible.filter(status=Disclosure.Status.REQUESTED).count(),
        "held": visible.filter(status__in=Disclosure.HELD).count(),
        "overdue": visible.filter(status__in=Disclosure.HELD, due_date__lt=today).count(),
        "expiring": ndas(user, state="expiring", today=today).count(),
        "open_leaks": LeakResponse.objects.visible_to(user).filter(status=LeakResponse.Status.OPEN).count(),
    }


def tiers_by_rank(organisation: Organisation) -> list[Tier]:
    return list(Tier.objects.filter(organisation=organisation).order_by("-rank"))
