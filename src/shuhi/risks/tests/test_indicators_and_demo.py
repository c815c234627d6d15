"""The management indicators, the to-do line, and the demo data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shuhi.core.registry import management_indicators, todos_for
from shuhi.risks import indicators, services
from shuhi.risks.testing import make_risk

pytestmark = pytest.mark.django_db


def test_the_indicators_count_live_risks_and_the_share_of_measures_in_place(cast):
    today = timezone.localdate()
    high = make_risk(cast, likelihood=4, impact=5, review_date=today - dt.timedelta(days=1),
                     measures=[{"principle": "difficult", "description": "a", "status": "in_place"},
                               {"principle": "caught", "description": "b"},
                               {"principle": "excuse", "description": "c"},
                               {"principle": "reward", "description": "d", "status": "in_place"}])
    make_risk(cast, title="低", likelihood=1, impact=2)
    gone = make_risk(cast, title="削除", likelihood=5, impact=5, measures=[{"principle": "caught", "description": "e"}])
    services.risk_delete(actor=cast.security, risk=gone)
    assert indicators.open_risks(cast.home) == 2
    assert indicators.high_risks(cast.home) == 1
    assert indicators.overdue_reviews(cast.home) == 1
    assert indicators.measures_in_place(cast.home) == 50.0
    assert indicators.measures_in_place(cast.supplier_a) is None
    keys = {i.key: i for i in management_indicators()}
    assert keys["risks.review_overdue"].higher_is_better is False and keys["risks.open"].unit == "count"
    assert str(keys["risks.open"].area) and keys["risks.open"].url_name == "risks:list"
    assert high.pk


def test_overdue_reviews_are_a_to_do_of_the_managers_only(cast):
    make_risk(cast, review_date=timezone.localdate() - dt.timedelta(days=2))
    labels = {str(t.label): t.count for t in todos_for(cast.security)}
    assert any((count == 1 and "review" in label.lower()) or "見直し" in label for label, count in labels.items())
    assert not any("risks" in t.url for t in todos_for(cast.auditor))
    assert not any("risks" in t.url for t in todos_for(cast.employee))


def test_the_demo_has_the_starter_risks_with_some_measures_in_place_and_the_ten_cases(cast):
    from shuhi.risks.demo import load_demo_risks
    from shuhi.risks.models import InsiderRisk, LeakCase, RiskMeasure

    load_demo_risks(cast.home)
    assert InsiderRisk.objects.filter(organisation=cast.home).count() == 12
    assert LeakCase.objects.filter(organisation=cast.home).count() == 10
    in_place = RiskMeasure.objects.filter(status="in_place").count()
    assert 0 < in_place < RiskMeasure.objects.count()
    assert indicators.overdue_reviews(cast.home) == 2
    load_demo_risks(cast.home)
    assert InsiderRisk.objects.count() == 12
