"""Routing: handlers come from the channel's settings; a report about a handler goes to the others."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import PermissionDenied
from shuhi.incidents import permissions as can
from shuhi.incidents import services
from shuhi.incidents.models import Report
from shuhi.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_report_about_a_handler_is_routed_to_another_handler_only(cast, channel, login):
    report, _code = services.report_file(actor=cast.employee, anonymous=True, subject="情報管理者の件",
                                         body="権限を濫用しています。", concerned=cast.security)
    assert set(report.accesses.values_list("user", flat=True)) == {cast.hr.pk}
    assert not Report.objects.visible_to(cast.security).filter(pk=report.pk).exists()
    assert login(cast.security).get(f"/incidents/reports/{report.pk}/").status_code == 404
    assert not can.can_handle_report(cast.security, report)
    with pytest.raises(PermissionDenied):
        services.report_ask(actor=cast.security, report=report, body="?")
    assert not Notification.objects.filter(recipient=cast.security, event="incidents.report_received").exists()
    assert Notification.objects.filter(recipient=cast.hr, event="incidents.report_received").exists()


def test_changing_the_handlers_reroutes_open_reports_but_never_to_the_person_concerned(cast, channel):
    report, _code = services.report_file(actor=cast.employee, anonymous=False, subject="件名", body="本文",
                                         concerned=cast.hr)
    services.channel_update(actor=cast.admin, organisation=cast.home, handlers=[cast.hr, cast.owner],
                            retention_days=400)
    assert set(report.accesses.filter(role="handler").values_list("user", flat=True)) == {cast.owner.pk}
    entry = AuditEntry.objects.filter(action="report_channel.update").latest("pk")
    assert entry.actor == cast.admin and entry.after["retention_days"] == 400


def test_with_the_only_handler_concerned_the_administrators_receive_the_report(cast):
    services.channel_update(actor=cast.admin, organisation=cast.home, handlers=[cast.security], retention_days=365)
    report, _code = services.report_file(actor=cast.employee, anonymous=True, subject="件名", body="本文",
                                         concerned=cast.security)
    assert set(report.accesses.values_list("user", flat=True)) == {cast.admin.pk}


def test_only_administrators_change_the_handlers_and_never_to_nobody(cast, channel, login):
    with pytest.raises(PermissionDenied):
        services.channel_update(actor=cast.security, organisation=cast.home, handlers=[cast.security],
                                retention_days=365)
    with pytest.raises(ValidationError):
        services.channel_update(actor=cast.admin, organisation=cast.home, handlers=[], retention_days=365)
    with pytest.raises(ValidationError):
        services.channel_update(actor=cast.admin, organisation=cast.home, handlers=[cast.rep_a], retention_days=365)
    assert login(cast.security).get("/incidents/settings/").status_code == 404
    page = login(cast.admin).post("/incidents/settings/", {"handlers": [cast.owner.pk], "retention_days": 200})
    assert page.status_code == 302
    assert list(channel.handlers.all()) == [cast.owner]


def test_a_named_reporter_reads_the_question_and_answers_it_and_is_notified(cast, channel, login):
    report, _code = services.report_file(actor=cast.rep_a, anonymous=False, subject="件名", body="本文")
    assert report.organisation == cast.supplier_a
    services.report_ask(actor=cast.security, report=report, body="詳しく教えてください。")
    note = Notification.objects.get(recipient=cast.rep_a, event="incidents.report_question")
    assert report.number not in note.subject + note.body and "件名" not in note.body
    client = login(cast.rep_a)
    assert "詳しく教えてください。" in client.get(f"/incidents/reports/{report.pk}/").content.decode()
    assert client.post(f"/incidents/reports/{report.pk}/answer/", {"body": "先週です。"}).status_code == 302
    assert report.messages.filter(kind="answer", body="先週です。").exists()
    assert not Report.objects.visible_to(cast.rep_b).filter(pk=report.pk).exists()


def test_a_supplier_sees_only_the_reports_it_filed_and_an_employee_only_their_own(cast, channel):
    mine, _ = services.report_file(actor=cast.rep_a, anonymous=False, subject="A", body="本文")
    theirs, _ = services.report_file(actor=cast.rep_b, anonymous=False, subject="B", body="本文")
    staff, _ = services.report_file(actor=cast.employee, anonymous=False, subject="E", body="本文")
    colleague, _ = services.report_file(actor=cast.sales_employee, anonymous=False, subject="S", body="本文")
    assert set(Report.objects.visible_to(cast.rep_a)) == {mine}
    assert set(Report.objects.visible_to(cast.rep_b)) == {theirs}
    assert set(Report.objects.visible_to(cast.employee)) == {staff}
    assert set(Report.objects.visible_to(cast.hr)) == {mine, theirs, staff, colleague}


def test_a_report_needs_a_subject_and_a_text_and_files_of_accepted_types(cast, channel):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        services.report_file(actor=cast.employee, anonymous=True, subject=" ", body="本文")
    with pytest.raises(ValidationError):
        services.report_file(actor=cast.employee, anonymous=True, subject="件名", body="本文",
                             attachments=[SimpleUploadedFile("x.exe", b"MZ....")])
    assert not Report.objects.exists()
