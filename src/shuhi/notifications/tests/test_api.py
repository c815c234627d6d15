"""/api/v1/notifications/: a person's own notifications, read and marked read through the API."""

from __future__ import annotations

import pytest

from shuhi.core.permissions import SYSTEM_JOB
from shuhi.notifications.models import Notification
from shuhi.notifications.services import notify
from shuhi.testing.cast import api_client

pytestmark = pytest.mark.django_db


def _tell(*users):
    return notify(actor=SYSTEM_JOB, event="suppliers.assessment_returned", recipients=users,
                  context={"title": "品質調査", "outsourcer": "本社"}, link="/suppliers/portal/")


def test_the_list_holds_only_the_users_own_notifications_even_for_an_administrator(cast):
    mine = _tell(cast.admin) + _tell(cast.admin)
    theirs = _tell(cast.rep_a, cast.employee)
    body = api_client(cast.admin).get("/api/v1/notifications/").json()
    assert {row["id"] for row in body["results"]} == {row.pk for row in mine}
    first = body["results"][0]
    assert first["subject"].startswith("調査票が差し戻されました") and first["unread"] is True
    assert first["event_label"] and first["link"] == "/suppliers/portal/"
    assert "email" not in first and "mail_status" not in first
    for row in theirs:
        assert api_client(cast.admin).get(f"/api/v1/notifications/{row.pk}/").status_code == 404


def test_read_marks_one_notification_read_and_the_unread_filter_leaves_it_out(cast):
    first, second = _tell(cast.rep_a) + _tell(cast.rep_a)
    client = api_client(cast.rep_a)
    answer = client.post(f"/api/v1/notifications/{first.pk}/read/")
    assert answer.status_code == 200 and answer.json()["unread"] is False and answer.json()["read_at"]
    first.refresh_from_db()
    assert first.read_at is not None
    unread = client.get("/api/v1/notifications/", {"unread": "1"}).json()["results"]
    assert [row["id"] for row in unread] == [second.pk]
    assert len(client.get("/api/v1/notifications/").json()["results"]) == 2


def test_nobody_marks_someone_elses_notification_read(cast):
    [other] = _tell(cast.rep_b)
    for user in (cast.rep_a, cast.admin, cast.security):
        assert api_client(user).post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_read_all_marks_every_unread_notification_of_the_user_and_no_one_elses(cast):
    _tell(cast.rep_a)
    _tell(cast.rep_a)
    [other] = _tell(cast.rep_b)
    answer = api_client(cast.rep_a).post("/api/v1/notifications/read-all/")
    assert answer.status_code == 200 and answer.json() == {"marked": 2}
    assert not Notification.objects.filter(recipient=cast.rep_a, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None
    assert api_client(cast.rep_a).post("/api/v1/notifications/read-all/").json() == {"marked": 0}


def test_an_anonymous_caller_reads_nothing(client):
    assert client.get("/api/v1/notifications/").status_code in (401, 403)
    assert client.post("/api/v1/notifications/read-all/").status_code in (401, 403)


def test_an_unread_filter_other_than_0_or_1_is_refused(cast):
    answer = api_client(cast.rep_a).get("/api/v1/notifications/", {"unread": "yes"})
    assert answer.status_code == 400 and "unread" in answer.json()["error"]["fields"]
