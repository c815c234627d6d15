"""`shuhi demo` fills the reporting channel and the incident register: a named and an anonymous report,
and incidents of three causes, one linked to the demo leak response."""

from __future__ import annotations

import pytest

from shuhi.core.audit.models import AuditEntry
from shuhi.core.demo import load_demo
from shuhi.core.models import User
from shuhi.disclosures.models import LeakResponse
from shuhi.incidents.models import Incident, Report

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_reports_one_anonymous_and_incidents_of_three_causes(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert load_demo(employees=10)
    reports = list(Report.objects.order_by("pk"))
    assert [r.anonymous for r in reports] == [False, True]
    assert reports[1].reporter_id is None and reports[0].messages.filter(kind="question").exists()
    employee = User.objects.get(email="employee@minato-seiki.example")
    assert not AuditEntry.objects.filter(actor=employee, object_type__startswith="incidents.").exists()
    causes = set(Incident.objects.values_list("cause", flat=True))
    assert {"internal_mistake", "internal_malicious", "external_cyber"} <= causes
    leak = LeakResponse.objects.first()
    if leak is not None:
        assert Incident.objects.filter(leak_response=leak, cause="internal_malicious").exists()
    closed = Incident.objects.get(cause="internal_mistake")
    assert closed.status == "closed" and closed.lessons
