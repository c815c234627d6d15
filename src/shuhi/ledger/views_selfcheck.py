"""The outsourcer's self-check report (委託元セルフチェック) and the classification rules page."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shuhi.core.permissions import is_home_member
from shuhi.core.viewutils import paginate
from shuhi.ledger import checks, indicators
from shuhi.ledger import permissions as can
from shuhi.ledger.models import ClassificationRule, InformationAsset, StorageLocation, Tier
from shuhi.ledger.tier_rules import tier_rules


@login_required
@require_GET
def selfcheck(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can.can_self_check(user):
        raise Http404(_("Not found."))
    organisation = user.organisation
    snapshot = checks.load_snapshot(organisation, assets=InformationAsset.objects.visible_to(user))
    findings = checks.run_checks(organisation, snapshot=snapshot)
    counts = Counter(f.kind for f in findings)
    kind = request.GET.get("kind", "")
    if kind not in checks.ALL_FINDING_KINDS:
        kind = ""
    shown = [f for f in findings if f.kind == kind] if kind else findings
    return render(request, "ledger/selfcheck.html", {
        "kinds": [
            {"key": key, "label": label, "count": counts.get(key, 0),
             "severity_label": checks.SEVERITIES[checks.KIND_SEVERITY[key]],
             "severity_class": checks.SEVERITY_CLASSES[checks.KIND_SEVERITY[key]]}
            for key, label in checks.ALL_FINDING_KINDS.items()
        ],
        "kind": kind,
        "kind_label": checks.ALL_FINDING_KINDS.get(kind, ""),
        "total": len(findings),
        "asset_count": len(snapshot.rows),
        "flagged_assets": len({f.asset_id for f in findings if f.asset_id is not None}),
        "indicators": indicators.indicators(organisation, snapshot=snapshot),
        "source": indicators.survey_citation(),
        **paginate(request, shown),
    })


@login_required
@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    """What counts as secret and how each tier is marked and handled: the rules communicated to all staff."""
    user = request.user
    if not is_home_member(user):
        raise Http404(_("Not found."))
    organisation = user.organisation
    tiers = list(Tier.objects.visible_to(user).filter(organisation=organisation).order_by("-rank"))
    locations = StorageLocation.objects.visible_to(user).filter(organisation=organisation).order_by("name")
    by_tier: dict[int, list[StorageLocation]] = {}
    for location in locations:
        by_tier.setdefault(location.tier_id, []).append(location)
    return render(request, "ledger/rules.html", {
        "tiers": [{"tier": r.tier, "locations": by_tier.get(r.tier.pk, []), "is_secret": r.is_secret, "rule": r}
                  for r in tier_rules(tiers)],
        "rules": ClassificationRule.objects.visible_to(user).filter(organisation=organisation)
        .select_related("tier_if_yes"),
        "can_self_check": can.can_self_check(user),
    })
