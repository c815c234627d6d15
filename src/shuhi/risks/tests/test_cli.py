"""`shuhi risks`: the daily review reminders and loading the starter set from the command line."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from shuhi.cli import main
from shuhi.risks.models import InsiderRisk, LeakCase, RiskReviewReminder
from shuhi.risks.testing import make_risk

pytestmark = pytest.mark.django_db


def test_the_command_records_each_overdue_review_once(cast):
    risk = make_risk(cast, owner=cast.security, review_date=timezone.localdate() - dt.timedelta(days=1))
    out = io.StringIO()
    call_command("risks", "reminders", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == f"{risk.review_date}\trisk {risk.pk}"
    call_command("risks", "reminders", stdout=io.StringIO(), stderr=io.StringIO())
    assert RiskReviewReminder.objects.count() == 1


def test_the_command_loads_the_starter_set_into_the_home_organisation_once(cast, monkeypatch):
    from django.core.management import base

    # `shuhi` closes every connection when a command ends; on PostgreSQL that would end the test's transaction.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    assert main(["risks", "starter"]) == 0
    assert main(["risks", "starter"]) == 0
    assert InsiderRisk.objects.filter(organisation=cast.home).count() == 12
    assert LeakCase.objects.filter(organisation=cast.home).count() == 10
