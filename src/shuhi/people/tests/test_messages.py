"""Management messages: recorded by HR or managers, read by every member of staff, filtered, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import PermissionDenied
from shuhi.people import selectors
from shuhi.people import services_messages as services

pytestmark = pytest.mark.django_db


def _record(cast, **extra):
    fields = {"speaker": "港 太郎", "speaker_title": "代表取締役", "said_on": dt.date(2026, 4, 1),
              "channel": "morning_meeting", "audience": "全従業員", "subject": "営業秘密の保護",
              "content": "図面は社外に持ち出さないこと。", **extra}
    return services.management_message_record(actor=cast.hr, organisation=cast.home, **fields)


def test_a_message_is_recorded_audited_and_corrected(cast):
    message = _record(cast)
    assert AuditEntry.objects.filter(action="management_message.record").exists()
    services.management_message_update(actor=cast.security, message=message, audience="開発部")
    entry = AuditEntry.objects.get(action="management_message.update")
    assert "開発部" in str(entry.after) and "全従業員" in str(entry.before)


def test_it_refuses_missing_fields_future_dates_and_unknown_channels(cast):
    with pytest.raises(ValidationError):
        _record(cast, speaker=" ")
    with pytest.raises(ValidationError):
        _record(cast, said_on=dt.date.today() + dt.timedelta(days=10))
    with pytest.raises(ValidationError):
        _record(cast, channel="fax")


def test_ordinary_staff_read_but_do_not_record(cast):
    _record(cast)
    assert selectors.management_messages(cast.employee).count() == 1
    assert selectors.management_messages(cast.rep_a).count() == 0
    with pytest.raises(PermissionDenied):
        services.management_message_record(actor=cast.employee, organisation=cast.home, speaker="x")


def test_the_list_filters_by_channel_speaker_text_and_dates(cast, login):
    _record(cast)
    _record(cast, speaker="港 花子", channel="newsletter", subject="社内報4月号", said_on=dt.date(2026, 5, 1))
    client = login(cast.employee)
    count = lambda query: client.get("/people/messages/" + query).context["page_obj"].paginator.count  # noqa: E731
    assert count("") == 2
    assert count("?channel=newsletter") == 1
    assert count("?speaker=花子") == 1
    assert count("?q=社内報") == 1
    assert count("?since=2026-04-15") == 1 and count("?until=2026-04-15") == 1
    assert client.get("/people/messages/new/").status_code == 404


def test_hr_records_through_the_page_and_the_api(cast, login, api_client_for):
    response = login(cast.hr).post("/people/messages/new/", {
        "said_on": "2026-06-01", "speaker": "港 太郎", "channel": "email", "audience": "管理職",
        "subject": "退職者対応", "content": "退職時の誓約書を必ず取ること。"})
    assert response.status_code == 302
    api = api_client_for(cast.hr)
    body = {"said_on": "2026-06-02", "speaker": "港 太郎", "channel": "training", "audience": "新入社員",
            "subject": "研修", "content": "内容"}
    made = api.post("/api/v1/management-messages/", body, format="json")
    assert made.status_code == 201
    assert api_client_for(cast.employee).post("/api/v1/management-messages/", {}, format="json").status_code == 403
