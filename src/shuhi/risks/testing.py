"""Rows of this app's models for the isolation world, and small builders for the app's tests.

The home organisation: two insider risks (one with an overdue review, one deleted), their measures
and versions, and one leak case. No supplier has any row: the register and the library are the
outsourcer's alone.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuhi.risks import services
from shuhi.risks.models import InsiderRisk


def make_risk(cast, **fields) -> InsiderRisk:
    values = {"title": "退職予定者による技術情報の持ち出し", "likelihood": 4, "impact": 5,
              "asset_categories": ["technical"], **fields}
    return services.risk_create(actor=cast.security, organisation=cast.home, **values)


def build_risk_world(cast) -> None:
    today = timezone.localdate()
    risk = make_risk(cast, owner=cast.security, review_date=today - dt.timedelta(days=3),
                     measures=[{"principle": "difficult", "description": "退職申出時に権限を外す"}])
    services.measure_add(actor=cast.security, risk=risk, principle="caught", description="操作ログを確認する",
                         status="in_place")
    gone = make_risk(cast, title="共有アカウントの利用", likelihood=2, impact=2)
    services.risk_delete(actor=cast.security, risk=gone, reason="重複")
    services.case_create(actor=cast.security, organisation=cast.home, title="ある委託先からの顧客情報流出",
                         occurred_on=today - dt.timedelta(days=400), summary="委託先の要員が顧客情報を持ち出した。",
                         principles=["caught"], source_name="裁判所 判決")
