"""Consistency checks over the ledger (the outsourcer's self-check, 委託元セルフチェック).

The checks run over a snapshot loaded in a handful of queries (tiers, locations, asset rows,
the asset-location through table) and work in Python, so that a ledger of 100,000 assets is
checked in seconds rather than with one query per asset.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.db.models import F, Min, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.ledger.models import InformationAsset, StorageLocation, Tier
from shuhi.ledger.similarity import similar_groups

# Findings about single assets, in display order: those that expose a secret come first.
FINDING_KINDS: dict[str, Any] = {
    "location_below_tier": gettext_lazy("Stored in a location of a lower tier"),
    "trade_secret_public": gettext_lazy("Trade secret in the lowest tier"),
    "below_suggested_tier": gettext_lazy("Tier below the one the criteria suggest"),
    "no_label": gettext_lazy("Secret without a label"),
    "inconsistent_tier": gettext_lazy("Similar assets with different tiers"),
    "no_owner": gettext_lazy("No owner"),
    "no_location": gettext_lazy("No storage location"),
    "no_retention": gettext_lazy("No retention period"),
    "no_disposal": gettext_lazy("No disposal method"),
    "review_overdue": gettext_lazy("Review overdue"),
}
# Findings about the ledger as a whole (asset_id None): shown in the report, not offered as a list filter.
LEDGER_FINDING_KINDS: dict[str, Any] = {
    "trade_secrets_outnumbered": gettext_lazy("Fewer trade secrets than personal-data assets"),
}
ALL_FINDING_KINDS: dict[str, Any] = {**FINDING_KINDS, **LEDGER_FINDING_KINDS}

SEVERITIES: dict[str, Any] = {
    "high": gettext_lazy("High"),
    "medium": gettext_lazy("Medium"),
    "low": gettext_lazy("Low"),
}

SEVERITY_CLASSES = {"high": "badge-bad", "medium": "badge-warn", "low": ""}

KIND_SEVERITY = {
    "location_below_tier": "high", "trade_secret_public": "high", "below_suggested_tier": "high",
    "no_label": "medium", "inconsistent_tier": "medium", "no_owner": "medium", "no_location": "medium",
    "no_retention": "low", "no_disposal": "low", "review_overdue": "low", "trade_secrets_outnumbered": "medium",
}

ROW_FIELDS = (
    "id", "code", "name", "category", "department_id", "owner_id", "tier_id", "suggested_tier_id", "retention",
    "disposal_method", "label_status", "is_trade_secret", "is_personal_data", "review_date",
    "usefulness_reason", "non_public_reason",
)


@dataclass(slots=True)
class Finding:
    kind: str
    asset_id: int | None
    asset_code: str
    message: str
    fix_url: str
    severity: str

    @property
    def label(self) -> str:
        return str(ALL_FINDING_KINDS.get(self.kind, self.kind))

    @property
    def severity_label(self) -> str:
        return str(SEVERITIES.get(self.severity, self.severity))

    @property
    def severity_class(self) -> str:
        return SEVERITY_CLASSES.get(self.severity, "")


class TierInfo(NamedTuple):
    name: str
    rank: int


class LocationInfo(NamedTuple):
    name: str
    tier_id: int


@dataclass
class Snapshot:
    """Everything the checks read, loaded once."""

    rows: list[Any]
    tiers: dict[int, TierInfo]
    locations: dict[int, LocationInfo]
    locations_by_asset: dict[int, list[int]]
    today: date

    @property
    def min_rank(self) -> int | None:
        return min((t.rank for t in self.tiers.values()), default=None)


def load_snapshot(organisation: Any, *, assets: QuerySet | None = None) -> Snapshot:
    """Four queries whatever the size of the ledger."""
    base = InformationAsset.objects.filter(organisation=organisation)
    if assets is not None:
        base = base.filter(pk__in=assets.order_by().values("pk"))
    rows = list(base.order_by("code").values_list(*ROW_FIELDS, named=True))
    tiers = {pk: TierInfo(name, rank) for pk, name, rank in
             Tier.objects.filter(organisation=organisation).values_list("pk", "name", "rank")}
    locations = {pk: LocationInfo(name, tier_id) for pk, name, tier_id in
                 StorageLocation.objects.filter(organisation=organisation).values_list("pk", "name", "tier_id")}
    through = InformationAsset.locations.through.objects.filter(informationasset__in=base.values("pk"))
    by_asset: dict[int, list[int]] = defaultdict(list)
    for asset_id, location_id in through.values_list("informationasset_id", "storagelocation_id").iterator(
            chunk_size=20_000):
        by_asset[asset_id].append(location_id)
    return Snapshot(rows, tiers, locations, dict(by_asset), timezone.localdate())


class _FixUrls:
    """Reverses the edit URL once and substitutes each pk: reverse() per finding costs seconds at 100k."""

    SENTINEL = 987654321

    def __init__(self) -> None:
        try:
            self.template = reverse("ledger:edit", args=[self.SENTINEL])
        except NoReverseMatch:
            self.template = ""

    def __call__(self, pk: int) -> str:
        return self.template.replace(str(self.SENTINEL), str(pk)) if self.template else ""


Check = Callable[[Snapshot, _FixUrls], Iterator[Finding]]


def _finding(kind: str, row: Any, message: str, fix: _FixUrls) -> Finding:
    return Finding(kind, row.id, row.code, message, fix(row.id), KIND_SEVERITY[kind])


def check_location_below_tier(snap: Snapshot, fix: _FixUrls) -> Iterator[Finding]:
    text = _("Stored in %(location)s, a location of a lower tier (%(tier)s).")
    # Locations are often named after their tier (部門共有フォルダ（社外秘）): then the name says it.
    named = _("Stored in %(location)s, a location of a lower tier.")
    for row in snap.rows:
        rank = snap.tiers[row.tier_id].rank
        for location_id in snap.locations_by_asset.get(row.id, ()):
            location = snap.locations.get(location_id)
            if location is None:
                continue
            location_tier = snap.tiers[location.tier_id]
            if location_tier.rank < rank:
                wording = named if location_tier.name in location.name else text
                message = wording % {"location": location.name, "tier": location_tier.name}
                yield _finding("location_below_tier", row, message, fix)


def check_no_location(snap: Snapshot, fix: _FixUrls) -> Iterator[Finding]:
    text = _("No storage location is recorded, so nobody can tell whether it is kept safely.")
    for row in snap.rows:
        if not snap.locations_by_asset.get(row.id):
            yield _finding("no_location", row, text, fix)


def check_no_owner(snap: Snapshot, fix: _FixUrls) -> Iterator[Finding]:
    text = _("No owner is responsible for this asset.")
    for row in snap.rows:
        if row.owner_id is None:
            yield _finding("no_owner", row, text, fix)


def check_no_retention(snap: Snapshot, fix: _FixUrls) -> Iterator[Finding]:
    text = _("No retention period is set.")
    for row in snap.rows:
        if row.retention == InformationAsset.Retention.UNSET:
            yield _finding("no_retention", row, text, fix)


def check_no_disposal(snap: Snapshot, fix: _FixUrls) -> Iterator[Finding]:
    text = _("No disposal method is set.")
    for row in snap.rows:
        if not row.disposal_method.strip():
            yield _finding("no_disposal", row, text, fix)


def check_no_label(snap: Snapshot, fix: _FixUrls) -> Iterator[Finding]:
    """Any tier above the lowest must be marked, or staff cannot recognise the secret."""
    texts = {
        InformationAsset.Label.NOT_APPLIED: _("Classified as %(tier)s, but its documents carry no label."),
        InformationAsset.Label.NOT_NEEDED: _("Classified as %(tier)s, but recorded as needing no label."),
    }
    min_rank = snap.min_rank
    for row in snap.rows:
        tier = snap.tiers[row.tier_id]
        if tier.rank > min_rank and row.label_status in texts:
            yield _finding("no_label", row, texts[row.label_status] % {"tier": tier.name}, fix)


def check_trade_secret_public(snap: Snapshot, fix: _FixUrls) -> Iterator[Finding]:
    text = _("Marked as a trade secret but classified in the lowest tier (%(tier)s): it cannot be managed as a "
             "secret.")
    min_rank = snap.min_rank
    for row in snap.rows:
        tier = snap.tiers[row.tier_id]
        if row.is_trade_secret and tier.rank == min_rank:
            yield _finding("trade_secret_public", row, text % {"tier": tier.name}, fix)


def check_below_suggested_tier(snap: Snapshot, fix: _FixUrls) -> Iterator[Finding]:
    text = _("Classified as %(tier)s, but the answers to the criteria suggest %(suggested)s.")
    for row in snap.rows:
        suggested = snap.tiers.get(row.suggested_tier_id) if row.suggested_tier_id else None
        tier = snap.tiers[row.tier_id]
        if suggested is not None and suggested.rank > tier.rank:
            yield _finding("below_suggested_tier", row, text % {"tier": tier.name, "suggested": suggested.name}, fix)


def check_review_overdue(snap: Snapshot, fix: _FixUrls) -> Iterator[Finding]:
    text = _("The review was due on %(date)s.")
    for row in snap.rows:
        if row.review_date is not None and row.review_date < snap.today:
            yield _finding("review_overdue", row, text % {"date": row.review_date.isoformat()}, fix)


def check_inconsistent_tier(snap: Snapshot, fix: _FixUrls) -> Iterator[Finding]:
    """ブレ: similar assets of one category and department ought to share a tier."""
    text = _("Classified as %(tier)s, but similar assets are classified differently: %(others)s.")
    more = _("%(list)s and %(count)s more")
    groups: dict[tuple, list[Any]] = defaultdict(list)
    for row in snap.rows:
        groups[(row.category, row.department_id)].append(row)
    for rows in groups.values():
        for row, others, hidden in similar_groups(rows):
            listed = ", ".join(f"{o.code} ({snap.tiers[o.tier_id].name})" for o in others)
            if hidden:
                listed = more % {"list": listed, "count": hidden}
            message = text % {"tier": snap.tiers[row.tier_id].name, "others": listed}
            yield _finding("inconsistent_tier", row, message, fix)


def check_trade_secrets_outnumbered(snap: Snapshot, fix: _FixUrls) -> Iterator[Finding]:
    """The survey's first viewpoint: firms that value trade secrets beyond personal data protect them better."""
    secrets = sum(1 for row in snap.rows if row.is_trade_secret)
    personal = sum(1 for row in snap.rows if row.is_personal_data)
    if secrets < personal:
        message = _("The ledger lists %(secrets)s trade secrets against %(personal)s personal-data assets: "
                    "trade secrets may be missing from it.") % {"secrets": secrets, "personal": personal}
        try:
            url = reverse("ledger:list") + "?trade_secret=no"
        except NoReverseMatch:
            url = ""
        yield Finding("trade_secrets_outnumbered", None, "", message, url, KIND_SEVERITY["trade_secrets_outnumbered"])


CHECKS: dict[str, Check] = {
    "location_below_tier": check_location_below_tier,
    "trade_secret_public": check_trade_secret_public,
    "below_suggested_tier": check_below_suggested_tier,
    "no_label": check_no_label,
    "inconsistent_tier": check_inconsistent_tier,
    "no_owner": check_no_owner,
    "no_location": check_no_location,
    "no_retention": check_no_retention,
    "no_disposal": check_no_disposal,
    "review_overdue": check_review_overdue,
    "trade_secrets_outnumbered": check_trade_secrets_outnumbered,
}


def run_checks(organisation: Any, *, assets: QuerySet | None = None, kinds: Iterable[str] | None = None,
               snapshot: Snapshot | None = None) -> list[Finding]:
    """Findings over the organisation's ledger, or over `assets` (a queryset already through the gate).

    Similar assets are looked for only among `assets`, so a finding never names an asset the
    reader may not see.
    """
    snap = snapshot or load_snapshot(organisation, assets=assets)
    if not snap.tiers:
        return []
    fix = _FixUrls()
    findings: list[Finding] = []
    for kind, check in CHECKS.items():
        if kinds is None or kind in kinds:
            findings.extend(check(snap, fix))
    return findings


def findings_by_asset(organisation: Any, *, assets: QuerySet | None = None) -> dict[int, list[Finding]]:
    grouped: dict[int, list[Finding]] = defaultdict(list)
    for finding in run_checks(organisation, assets=assets):
        if finding.asset_id is not None:
            grouped[finding.asset_id].append(finding)
    return dict(grouped)


def _sql_conditions(min_rank: int, today: date) -> dict[str, Q]:
    """Kinds whose check is one WHERE clause: the list page's filter then needs no snapshot.

    Each must select exactly what the Python check flags; a test holds the two side by side.
    """
    return {
        "location_below_tier": Q(locations__tier__rank__lt=F("tier__rank")),
        "trade_secret_public": Q(is_trade_secret=True, tier__rank=min_rank),
        "below_suggested_tier": Q(suggested_tier__rank__gt=F("tier__rank")),
        "no_label": Q(tier__rank__gt=min_rank, label_status__in=["not_applied", "not_needed"]),
        "no_owner": Q(owner__isnull=True),
        "no_location": Q(locations__isnull=True),
        "no_retention": Q(retention=InformationAsset.Retention.UNSET),
        "review_overdue": Q(review_date__lt=today),
    }


def asset_ids_with(kind: str, organisation: Any, *, assets: QuerySet | None = None) -> set[int]:
    """Ids of the assets with a finding of one kind; one query where the check allows, else only that check."""
    if kind not in CHECKS:
        return set()
    min_rank = Tier.objects.filter(organisation=organisation).aggregate(low=Min("rank"))["low"]
    if min_rank is None:
        return set()
    condition = _sql_conditions(min_rank, timezone.localdate()).get(kind)
    if condition is not None:
        base = InformationAsset.objects.filter(organisation=organisation)
        if assets is not None:
            base = base.filter(pk__in=assets.order_by().values("pk"))
        return set(base.filter(condition).values_list("pk", flat=True).distinct())
    return {f.asset_id for f in run_checks(organisation, assets=assets, kinds={kind}) if f.asset_id is not None}
