"""The incident register: cause statistics, Excel export, actions and their to-dos, indicators, purge."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import SYSTEM_JOB, PermissionDenied
from shuhi.core.registry import REGISTRY, todos_for
from shuhi.incidents import selectors, services, services_incidents
from shuhi.incidents.models import Cause, DataKind, Incident, Report, ReportAttachment
from shuhi.incidents.testing import evidence

pytestmark = pytest.mark.django_db


def _incident(cast, cause, kind=DataKind.TRADE_SECRET, days_ago=10, **extra):
    return services_incidents.incident_create(
        actor=cast.security, organisation=cast.home, title=f"{cause} {kind}", cause=cause, data_kind=kind,
        detected_on=timezone.localdate() - dt.timedelta(days=days_ago), **extra)


def test_cause_statistics_count_by_cause_kind_and_survey_group_within_the_period(cast):
    _incident(cast, Cause.INTERNAL_MALICIOUS)
    _incident(cast, Cause.INTERNAL_MISTAKE)
    _incident(cast, Cause.INTERNAL_MISTAKE, DataKind.PERSONAL_DATA)
    _incident(cast, Cause.EXTERNAL_CYBER, DataKind.PERSONAL_DATA)
    _incident(cast, Cause.EXTERNAL_OTHER, DataKind.OTHER, days_ago=400)
    stats = selectors.incident_cause_statistics(cast.security)
    assert stats["total"] == 5
    assert stats["by_group"] == {"internal-malicious": 1, "internal-mistake": 2, "internal-ignorance": 0,
                                 "external": 2}
    assert stats["matrix"][Cause.INTERNAL_MISTAKE] == {"trade_secret": 1, "personal_data": 1, "other": 0}
    assert stats["by_kind"] == {"trade_secret": 2, "personal_data": 2, "other": 1}
    recent = selectors.incident_cause_statistics(cast.security, since=timezone.localdate() - dt.timedelta(days=365))
    assert recent["total"] == 4 and recent["by_group"]["external"] == 1
    # An employee on no incident's team counts nothing: the statistics read through the gate.
    assert selectors.incident_cause_statistics(cast.employee)["total"] == 0


def test_the_register_filters_by_survey_group_and_exports_the_same_rows_to_excel(cast, login, register_assets):
    linked = _incident(cast, Cause.INTERNAL_IGNORANCE, assets=[register_assets], suppliers=[cast.supplier_a])
    _incident(cast, Cause.EXTERNAL_CYBER)
    client = login(cast.security)
    page = client.get("/incidents/register/", {"group": "internal-ignorance"})
    assert page.status_code == 200 and list(page.context["page_obj"].object_list) == [linked]
    export = client.get("/incidents/register/export.xlsx", {"group": "internal-ignorance"})
    assert export.status_code == 200 and "no-store" in export["Cache-Control"]
    book = load_workbook(io.BytesIO(export.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == linked.number
    assert "アルファ工業" in rows[1][10] and register_assets.name in rows[1][9]
    counts = {row[0]: row[-1] for row in book.worksheets[1].iter_rows(values_only=True) if row and row[0]}
    assert counts[str(Cause(Cause.EXTERNAL_CYBER).label)] == 1


def test_the_register_is_not_for_employees_on_no_incident(cast, login):
    _incident(cast, Cause.INTERNAL_MISTAKE)
    assert login(cast.employee).get("/incidents/register/").status_code == 404
    assert login(cast.rep_a).get("/incidents/register/").status_code == 404
    assert login(cast.auditor).get("/incidents/register/").status_code == 200


def test_an_overdue_action_is_a_to_do_of_its_owner_until_it_is_done(cast, login):
    incident = _incident(cast, Cause.INTERNAL_MISTAKE)
    item = services_incidents.incident_action_add(actor=cast.security, incident=incident, title="周知する",
                                                  owner=cast.employee,
                                                  due_on=timezone.localdate() - dt.timedelta(days=2))
    todo = [t for t in todos_for(cast.employee) if "incident" in t.url and "actions" in t.url]
    assert len(todo) == 1 and todo[0].count == 1
    page = login(cast.employee).get(todo[0].url)
    assert list(page.context["actions"]) == [item]
    services_incidents.incident_action_complete(actor=cast.employee, item=item)
    assert not [t for t in todos_for(cast.employee) if "actions" in t.url]


def test_an_incident_is_closed_only_with_lessons_learned_and_every_change_is_audited(cast):
    incident = _incident(cast, Cause.INTERNAL_MALICIOUS)
    with pytest.raises(ValidationError):
        services_incidents.incident_update(actor=cast.security, incident=incident, status=Incident.Status.CLOSED)
    incident.refresh_from_db()
    services_incidents.incident_update(actor=cast.security, incident=incident, status=Incident.Status.CLOSED,
                                       lessons="持ち出しの監視を強化する。")
    entry = AuditEntry.objects.filter(action="incident.update").latest("pk")
    assert entry.after["status"] == "closed" and entry.actor == cast.security
    with pytest.raises(PermissionDenied):
        services_incidents.incident_update(actor=cast.employee, incident=incident, title="x")


def test_a_handler_opens_an_incident_from_a_report_once(cast, channel, login):
    report, _code = services.report_file(actor=cast.employee, anonymous=True, subject="漏えいの疑い", body="本文")
    client = login(cast.hr)
    form = client.get(f"/incidents/register/new/?report={report.pk}")
    assert form.status_code == 200 and form.context["form"].initial["title"] == "漏えいの疑い"
    done = client.post(f"/incidents/register/new/?report={report.pk}", {
        "title": "漏えいの疑い", "cause": Cause.INTERNAL_MALICIOUS, "data_kind": DataKind.TRADE_SECRET,
        "severity": "high", "detected_on": timezone.localdate().isoformat()})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.incident is not None and cast.hr in report.incident.team.all()
    assert client.get(f"/incidents/register/new/?report={report.pk}").status_code == 403


def test_a_leak_response_preselects_its_asset_in_a_new_incident(cast, login, register_assets):
    from shuhi.disclosures.services_leak import leak_response_open

    response = leak_response_open(actor=cast.security, organisation=cast.home, asset=register_assets, title="流出",
                                  steps="確認してください。")
    client = login(cast.security)
    assert f"/incidents/register/new/?leak_response={response.pk}" in client.get(
        f"/disclosures/leaks/{response.pk}/").content.decode()
    form = client.get(f"/incidents/register/new/?leak_response={response.pk}").context["form"]
    assert form.initial["leak_response"] == response and form.initial["assets"] == [register_assets.pk]


def test_closed_reports_are_purged_after_the_retention_period_with_their_files(cast, channel, private_media):
    old, _ = services.report_file(actor=cast.employee, anonymous=True, subject="古い", body="本文",
                                  attachments=[evidence()])
    recent, _ = services.report_file(actor=cast.employee, anonymous=True, subject="新しい", body="本文")
    services.report_close(actor=cast.hr, report=old, outcome="対応済み")
    services.report_close(actor=cast.hr, report=recent, outcome="対応済み")
    stored = ReportAttachment.objects.get(report=old).file.path
    Report.objects.filter(pk=old.pk).update(closed_on=timezone.localdate() - dt.timedelta(days=366))
    from django.db import transaction  # noqa: F401 — files leave on commit

    purged = services.reports_purge(actor=SYSTEM_JOB)
    assert purged == [old.number]
    assert list(Report.objects.all()) == [recent]
    entry = AuditEntry.objects.get(action="report.purge")
    assert entry.object_repr == old.number and "古い" not in str(entry.after)
    assert services.reports_purge(actor=SYSTEM_JOB) == []
    with pytest.raises(PermissionDenied):
        services.reports_purge(actor=cast.admin)
    assert stored  # the path existed; on commit the file is removed (see the job test)


def test_the_purge_job_deletes_the_expired_reports_files(cast, channel, django_capture_on_commit_callbacks):
    from pathlib import Path

    from shuhi.jobs.registry import JOB_KINDS
    from shuhi.jobs.services import job_enqueue

    old, _ = services.report_file(actor=cast.employee, anonymous=True, subject="古い", body="本文",
                                  attachments=[evidence()])
    services.report_close(actor=cast.hr, report=old, outcome="対応済み")
    path = Path(ReportAttachment.objects.get(report=old).file.path)
    assert path.exists()
    Report.objects.filter(pk=old.pk).update(closed_on=timezone.localdate() - dt.timedelta(days=3000))
    assert JOB_KINDS["incidents.purge"][0] == "shuhi.incidents.jobs.purge_job"
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=SYSTEM_JOB, kind="incidents.purge", organisation_id=cast.home.pk)
    job.refresh_from_db()
    assert job.status == "done", job.error if hasattr(job, "error") else job.status
    assert not Report.objects.filter(pk=old.pk).exists() and not path.exists()


def test_the_indicators_count_reports_open_incidents_and_each_cause_group(cast, channel):
    services.report_file(actor=cast.employee, anonymous=True, subject="件名", body="本文")
    _incident(cast, Cause.INTERNAL_MISTAKE)
    _incident(cast, Cause.EXTERNAL_CYBER, days_ago=500)
    indicators = {key: i for key, i in REGISTRY.indicators.items() if key.startswith("incidents.")}
    assert set(indicators) == {"incidents.reports_30d", "incidents.open", "incidents.12m.internal-malicious",
                               "incidents.12m.internal-mistake", "incidents.12m.internal-ignorance",
                               "incidents.12m.external"}
    values = {key: i.value(cast.home) for key, i in indicators.items()}
    assert values["incidents.reports_30d"] == 1 and values["incidents.open"] == 2
    assert values["incidents.12m.internal-mistake"] == 1 and values["incidents.12m.external"] == 0
    assert all(i.unit == "count" and i.url_name.startswith("incidents:") for i in indicators.values())
