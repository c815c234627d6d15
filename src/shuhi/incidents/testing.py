"""Rows of this app's models for the isolation world, and small builders for the app's tests.

The security manager and HR handle the channel. The home organisation: a named report by the
employee (with a question and an answer, and an attachment), an anonymous one, and one about the
security manager, which only HR handles. Suppliers A and B and A's sub-supplier each filed a named
report with a question, an answer and an attachment. One incident with a timeline entry and an
overdue action owned by the employee.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shuhi.incidents import services, services_incidents
from shuhi.incidents.models import Cause, DataKind


def evidence(name: str = "memo.txt", text: str = "見たことのメモ") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def setup_channel(cast, handlers=None):
    return services.channel_update(actor=cast.admin, organisation=cast.home,
                                   handlers=handlers or [cast.security, cast.hr], retention_days=365)


def build_incident_world(cast) -> None:
    setup_channel(cast)
    for reporter in (cast.employee, cast.rep_a, cast.rep_b, cast.rep_sub_a):
        report, _code = services.report_file(actor=reporter, anonymous=False, subject="不審な持ち出し",
                                             body="図面の複製を見ました。", attachments=[evidence()])
        services.report_ask(actor=cast.hr, report=report, body="いつ頃ですか。")
        services.report_answer(actor=reporter, report=report, body="先週です。")
    services.report_file(actor=cast.sales_employee, anonymous=True, subject="匿名の通報", body="噂を聞きました。")
    services.report_file(actor=cast.employee, anonymous=False, subject="管理者について", body="権限の濫用。",
                         concerned=cast.security)
    incident = services_incidents.incident_create(
        actor=cast.security, organisation=cast.home, title="誤送信", cause=Cause.INTERNAL_MISTAKE,
        data_kind=DataKind.TRADE_SECRET, suppliers=[cast.supplier_a])
    services_incidents.incident_entry_add(actor=cast.security, incident=incident, text="送付先に削除を依頼した。")
    services_incidents.incident_action_add(actor=cast.security, incident=incident, title="手順の周知",
                                           owner=cast.employee, due_on=timezone.localdate() - dt.timedelta(days=1))
