"""Report versions, who may see the dashboard and the reports, downloads on record, the REST routes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import PermissionDenied
from shuhi.notifications.models import Notification
from shuhi.reports.models import ManagementReport
from shuhi.reports.months import last_month
from shuhi.reports.services import report_generate, snapshots_record
from shuhi.testing.cast import SYSTEM_TEST, api_client

pytestmark = pytest.mark.django_db

OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture
def report(cast):
    snapshots_record(actor=SYSTEM_TEST, organisation=cast.home, month=OCTOBER)
    return report_generate(actor=cast.security, organisation=cast.home, month=OCTOBER)


def test_each_generation_keeps_a_new_version_with_its_own_file(cast, report):
    second = report_generate(actor=cast.admin, organisation=cast.home, month=OCTOBER)
    assert (report.version, second.version) == (1, 2)
    assert report.file.name != second.file.name
    for version in (report, second):
        with version.file.open("rb") as handle:
            assert handle.read().startswith(b"%PDF")
    assert (report.generated_by, second.generated_by) == (cast.security, cast.admin)
    assert ManagementReport.objects.filter(month=OCTOBER).count() == 2
    assert AuditEntry.objects.filter(action="management_report.generate").count() == 2


def test_a_past_month_keeps_its_stored_figures_when_its_report_is_made_again(cast, report):
    from shuhi.reports.models import IndicatorSnapshot

    row = IndicatorSnapshot.objects.filter(month=OCTOBER).first()
    IndicatorSnapshot.objects.filter(pk=row.pk).update(value=12.5)
    report_generate(actor=cast.security, organisation=cast.home, month=OCTOBER)
    assert IndicatorSnapshot.objects.get(pk=row.pk).value == 12.5


def test_the_management_roles_are_told_a_report_is_ready(cast, report):
    told = set(Notification.objects.filter(event="reports.monthly_ready").values_list("recipient__email", flat=True))
    # The security manager made it, and is not told of their own action.
    assert told == {cast.admin.email, cast.auditor.email}


def test_only_the_management_roles_open_the_dashboard_and_the_reports(cast, report, login, client):
    pages = [reverse("reports:dashboard"), reverse("reports:reports"),
             reverse("reports:indicator", args=["ledger.label_coverage"]),
             reverse("reports:download", args=[report.pk])]
    for user in (cast.admin, cast.security, cast.auditor):
        login(user)
        for page in pages:
            assert client.get(page).status_code == 200, (user, page)
        client.logout()
    for user in (cast.employee, cast.owner, cast.hr, cast.rep_a, cast.rep_b):
        login(user)
        for page in pages:
            assert client.get(page).status_code == 404, (user, page)
        assert client.post(reverse("reports:generate"), {"month": "2026-10"}).status_code == 404
        client.logout()


def test_the_dashboard_shows_each_indicator_beside_the_survey_with_a_trend_and_a_link(cast, report, login, client):
    login(cast.security)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert page.count("<svg class=\"trend\"") >= 5
    assert "21.5–22.2%" in page and "35.1–50.7%" in page
    assert reverse("reports:indicator", args=["ledger.label_coverage"]) in page
    assert reverse("reports:download", args=[report.pk]) in page
    detail = client.get(reverse("reports:indicator", args=["ledger.label_coverage"])).content.decode()
    assert reverse("ledger:selfcheck") in detail
    assert client.get(reverse("reports:indicator", args=["no.such"])).status_code == 404


def test_the_nav_and_the_dashboard_card_lead_there_only_for_the_management_roles(cast, login, client):
    login(cast.security)
    home = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="card-management"' in home and reverse("reports:dashboard") in home
    client.logout()
    login(cast.employee)
    home = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("reports:dashboard") not in home


def test_a_download_is_recorded_and_an_auditor_may_read_but_not_generate(cast, report, login, client):
    login(cast.auditor)
    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf" and b"".join(response.streaming_content)[:5] == b"%PDF-"
    entry = AuditEntry.objects.get(action="management_report.download")
    assert entry.actor == cast.auditor and entry.object_id == str(report.pk)
    assert client.post(reverse("reports:generate"), {"month": "2026-10"}).status_code == 403
    with pytest.raises(PermissionDenied):
        report_generate(actor=cast.auditor, organisation=cast.home, month=OCTOBER)


def test_the_page_button_makes_a_new_version_and_refuses_a_month_to_come(cast, report, login, client):
    login(cast.security)
    response = client.post(reverse("reports:generate"), {"month": "2026-10"}, follow=True)
    assert response.status_code == 200 and ManagementReport.objects.filter(month=OCTOBER, version=2).exists()
    response = client.post(reverse("reports:generate"), {"month": "2999-01"}, follow=True)
    assert "2999-01" in response.content.decode() and not ManagementReport.objects.filter(month__year=2999).exists()


def test_the_api_lists_snapshots_and_reports_to_the_management_roles_only(cast, report):
    for user in (cast.security, cast.auditor):
        client = api_client(user)
        snapshots = client.get("/api/v1/indicator-snapshots/?key=ledger.label_coverage").json()
        assert snapshots["count"] == 1 and snapshots["results"][0]["month"] == "2026-10-01"
        reports = client.get("/api/v1/management-reports/").json()
        assert [r["version"] for r in reports["results"]] == [1] and "file" not in reports["results"][0]
        assert client.post("/api/v1/management-reports/", {}).status_code == 405
    for user in (cast.employee, cast.rep_a):
        client = api_client(user)
        assert client.get("/api/v1/indicator-snapshots/").json()["count"] == 0
        assert client.get(f"/api/v1/management-reports/{report.pk}/").status_code == 404


def test_last_month_is_offered_by_default(cast, login, client):
    login(cast.security)
    assert f'value="{last_month():%Y-%m}"' in client.get(reverse("reports:reports")).content.decode()
