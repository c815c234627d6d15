"""Demo data of the risk register: the starter insider risks with owners, review dates and some
measures in place (two reviews overdue, so the to-do list and the reminder show), linked to the
demo ledger's assets of their categories, and the ten public cases. Every write goes through the
services, so the demo also has each risk's versions.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuhi.core.models import Organisation, User
from shuhi.core.permissions import SYSTEM_DEMO
from shuhi.core.roles import Role
from shuhi.ledger.models import InformationAsset
from shuhi.risks import services
from shuhi.risks.models import InsiderRisk, LeakCase, RiskMeasure

# Which measures the demo company already has: the first one or two of the first risks.
IN_PLACE = {"leaver-technical": 2, "usb-bulk-copy": 1, "personal-mail": 2, "stale-access": 1, "privileged-id": 1,
            "shared-account": 1}
OVERDUE = {"stale-access", "shared-account"}


def load_demo_risks(home: Organisation) -> None:
    if InsiderRisk.objects.filter(organisation=home).exists() or LeakCase.objects.filter(organisation=home).exists():
        return
    actor, today = SYSTEM_DEMO, timezone.localdate()
    services.risk_load_starter_set(actor=actor, organisation=home)
    services.cases_load_starter_set(actor=actor, organisation=home)
    owner = User.objects.filter(organisation=home, role=Role.SECURITY_MANAGER).order_by("pk").first()
    assets = list(InformationAsset.objects.filter(organisation=home).order_by("code"))
    for index, risk in enumerate(InsiderRisk.objects.filter(organisation=home).order_by("pk")):
        concerned = [a for a in assets if a.category in (risk.asset_categories or [])][:3]
        review = today - dt.timedelta(days=10 + index) if risk.starter_key in OVERDUE else \
            today + dt.timedelta(days=30 * (1 + index % 6))
        services.risk_update(actor=actor, risk=risk, owner=owner, review_date=review, assets=concerned,
                             reason="初回評価（デモ）")
        for measure in list(risk.measures.order_by("pk"))[:IN_PLACE.get(risk.starter_key, 0)]:
            services.measure_update(actor=actor, measure=measure, status=RiskMeasure.Status.IN_PLACE,
                                    owner=owner, reason="導入済み（デモ）")
