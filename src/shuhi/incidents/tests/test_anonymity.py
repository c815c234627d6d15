"""An anonymous report and its follow-up by code: nobody, handler or auditor, can learn who filed it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from shuhi.core.audit.models import AuditEntry
from shuhi.incidents import codes, services
from shuhi.incidents.models import Report, ReportAccess, ReportMessage
from shuhi.incidents.testing import evidence
from shuhi.jobs.models import Job
from shuhi.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _identifying(user) -> list[str]:
    return [user.email, user.full_name, user.organisation.name]


def _ids_naming(user, report: Report) -> list[str]:
    """Where a row holds the user's id: as the report's reporter, an access, a message's author, an audit
    actor, a notification's recipient (other than as a handler) or a job's starter."""
    found = []
    if report.reporter_id == user.pk:
        found.append("report.reporter")
    if ReportAccess.objects.filter(report=report, user=user).exists():
        found.append("access")
    if ReportMessage.objects.filter(report=report, author=user).exists():
        found.append("message.author")
    if AuditEntry.objects.filter(actor=user).exists():
        found.append("audit.actor")
    if Notification.objects.filter(recipient=user).exists():
        found.append("notification.recipient")
    if Job.objects.filter(created_by=user).exists():
        found.append("job.created_by")
    return found


def _everything_recorded_about(report: Report) -> str:
    """Every field of the report row, its accesses, messages, audit entries, notifications and jobs, as text."""
    rows = [{f.name: str(getattr(report, f.attname)) for f in Report._meta.concrete_fields}]
    rows += list(ReportAccess.objects.filter(report=report).values())
    rows += list(ReportMessage.objects.filter(report=report).values())
    entries = AuditEntry.objects.filter(object_type__startswith="incidents.")
    rows += list(entries.values("actor_id", "actor_label", "organisation_id", "object_repr", "before", "after"))
    rows += list(Notification.objects.values("recipient_id", "subject", "body", "link"))
    rows += list(Job.objects.values("created_by_id", "params", "organisation_id"))
    return json.dumps(rows, ensure_ascii=False, default=str)


def test_an_anonymous_report_leaves_nothing_that_names_its_reporter(cast, channel, django_capture_on_commit_callbacks):
    reporter = cast.sales_employee
    with django_capture_on_commit_callbacks(execute=True):
        report, code = services.report_file(actor=reporter, anonymous=True, subject="持ち出しの噂",
                                            body="顧客リストを自宅へ送っていると聞きました。",
                                            attachments=[evidence("note.txt")])
    assert code and report.follow_up_hash == codes.code_hash(code) and code not in _everything_recorded_about(report)
    assert report.reporter_id is None and report.organisation_id == cast.home.pk
    assert not ReportAccess.objects.filter(report=report, user=reporter).exists()
    entries = AuditEntry.objects.filter(object_type__in=["incidents.report", "incidents.reportattachment"])
    assert entries.count() == 2 and not entries.filter(actor=reporter).exists()
    assert set(entries.values_list("actor_label", flat=True)) == {"anonymous reporter"}
    recorded = _everything_recorded_about(report)
    assert not [word for word in _identifying(reporter) if word in recorded]
    assert _ids_naming(reporter, report) == []
    # The handlers were told, without learning anything of the reporter.
    told = Notification.objects.filter(event="incidents.report_received")
    assert set(told.values_list("recipient", flat=True)) == {cast.security.pk, cast.hr.pk}
    assert not Job.objects.filter(created_by=reporter).exists()


def test_the_reporter_answers_a_handlers_question_with_the_code_alone_and_stays_unknown(cast, channel):
    report, code = services.report_file(actor=cast.employee, anonymous=True, subject="件名", body="本文")
    services.report_ask(actor=cast.hr, report=report, body="いつ頃のことですか。")
    web = Client()  # logged out
    opened = web.post("/incidents/follow-up/", {"step": "open", "code": code.lower().replace("-", " ")})
    assert opened.status_code == 200 and "いつ頃のことですか。" in opened.content.decode()
    answered = web.post("/incidents/follow-up/", {"step": "answer", "code": code, "body": "先週の金曜日です。"})
    assert answered.status_code == 200 and "先週の金曜日です。" in answered.content.decode()
    answer = report.messages.get(kind=ReportMessage.Kind.ANSWER)
    assert answer.author_id is None
    assert AuditEntry.objects.filter(action="report.answer", object_id=str(report.pk)).get().actor_label \
        == "anonymous reporter"
    recorded = _everything_recorded_about(report)
    assert not [word for word in _identifying(cast.employee) if word in recorded]
    assert _ids_naming(cast.employee, report) == []


def test_the_handlers_see_the_report_but_not_who_filed_it_and_others_do_not_see_it(cast, channel, login):
    report, _code = services.report_file(actor=cast.employee, anonymous=True, subject="匿名の件", body="本文")
    page = login(cast.hr).get(f"/incidents/reports/{report.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "匿名の件" in text and cast.employee.email not in text and str(cast.employee) not in text
    for outsider in (cast.admin, cast.auditor, cast.employee, cast.owner, cast.rep_a):
        assert not Report.objects.visible_to(outsider).filter(pk=report.pk).exists(), outsider
        assert login(outsider).get(f"/incidents/reports/{report.pk}/").status_code == 404
        assert not AuditEntry.objects.visible_to(outsider).filter(object_type="incidents.report",
                                                                  object_id=str(report.pk)).exists()


def test_a_named_reporter_is_seen_by_the_handlers_only_and_never_in_the_audit_log(cast, channel, login):
    report, code = services.report_file(actor=cast.employee, anonymous=False, subject="名前ありの件", body="本文")
    assert code == "" and report.reporter == cast.employee
    assert login(cast.security).get(f"/incidents/reports/{report.pk}/").content.decode().count(cast.employee.email)
    assert cast.employee.email not in login(cast.admin).get("/audit/").content.decode()
    assert not AuditEntry.objects.filter(actor=cast.employee, object_type__startswith="incidents.").exists()


def test_a_wrong_code_opens_nothing_and_further_tries_are_throttled(cast, channel):
    secret = "倉庫の鍵が開いていた"
    _report, code = services.report_file(actor=cast.employee, anonymous=True, subject="件名", body=secret)
    web = Client()
    for _ in range(services.FOLLOW_UP_FAILURES):
        response = web.post("/incidents/follow-up/", {"step": "open", "code": "AAAA-BBBB-CCCC-DDDD-EEEE"})
        assert response.status_code == 200 and secret not in response.content.decode()
    refused = web.post("/incidents/follow-up/", {"step": "open", "code": code})
    assert refused.status_code == 429 and secret not in refused.content.decode()
    other_client = Client(REMOTE_ADDR="10.0.0.9")
    assert secret in other_client.post("/incidents/follow-up/", {"step": "open", "code": code}).content.decode()


def test_the_code_has_a_hundred_bits_and_only_its_hash_is_kept(cast, channel):
    drawn = {codes.new_code() for _ in range(200)}
    assert len(drawn) == 200
    assert all(len(codes.normalise(c)) == 20 and set(codes.normalise(c)) <= set(codes.ALPHABET) for c in drawn)
    report, code = services.report_file(actor=cast.employee, anonymous=True, subject="件名", body="本文")
    assert code not in json.dumps([str(v) for v in Report.objects.filter(pk=report.pk).values().get().values()])
    assert services.report_for_code(code) == report
    assert services.report_for_code(code[:-1] + ("A" if code[-1] != "A" else "B")) is None


def test_once_a_report_is_purged_its_audit_entries_name_neither_reporter_nor_person_concerned(cast, channel):
    import datetime as dt

    from django.utils import timezone

    from shuhi.core.permissions import SYSTEM_JOB

    report, _code = services.report_file(actor=cast.employee, anonymous=False, subject="部長の持ち出し",
                                         body="本文", concerned=cast.owner)
    services.report_close(actor=cast.hr, report=report, outcome="調査済み")
    Report.objects.filter(pk=report.pk).update(closed_on=timezone.localdate() - dt.timedelta(days=4000))
    assert services.reports_purge(actor=SYSTEM_JOB) == [report.number]
    entries = AuditEntry.objects.visible_to(cast.auditor).filter(object_type="incidents.report",
                                                                object_id=str(report.pk))
    assert set(entries.values_list("action", flat=True)) == {"report.file", "report.close", "report.purge"}
    assert not entries.filter(actor=cast.employee).exists()
    text = json.dumps(list(entries.values("actor_label", "object_repr", "before", "after")), ensure_ascii=False,
                      default=str)
    assert cast.employee.email not in text and "部長の持ち出し" not in text and "concerned" not in text
