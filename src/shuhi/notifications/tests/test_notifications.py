"""Notifications: stored for the recipient, e-mailed by the mail job, in their language, as they chose."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail

from shuhi.core.permissions import SYSTEM_JOB, PermissionDenied
from shuhi.jobs.models import Job
from shuhi.notifications import services
from shuhi.notifications.models import Delivery, Notification
from shuhi.notifications.testing import FlakyBackend
from shuhi.testing.cast import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _jobs_run_here(settings):
    settings.SHUHI_SYNC_JOBS = True
    settings.SHUHI_MAIL_RETRY_SECONDS = [0, 0]


def _notify(users, run, event="suppliers.assessment_returned", **context):
    with run(execute=True):
        return services.notify(actor=SYSTEM_JOB, event=event, recipients=users,
                               context={"title": "品質調査", "outsourcer": "本社", **context},
                               link="/suppliers/portal/")


def test_notify_stores_a_row_and_the_mail_job_writes_the_e_mail_as_a_file(cast, settings, tmp_path,
                                                                         django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    [row] = _notify([cast.rep_a], django_capture_on_commit_callbacks)
    row.refresh_from_db()
    assert row.recipient == cast.rep_a and row.mail_status == Notification.MailStatus.SENT
    assert Job.objects.filter(kind="notifications.send", status=Job.Status.DONE).exists()
    [written] = list(Path(tmp_path).iterdir())
    text = written.read_text()
    assert "rep@a.example" in text and "/suppliers/portal/" in text


def test_it_writes_in_the_recipients_language(cast, django_capture_on_commit_callbacks):
    cast.rep_b.language = "en"
    cast.rep_b.save()
    ja, en = _notify([cast.rep_a, cast.rep_b], django_capture_on_commit_callbacks)
    assert "差し戻" in ja.subject
    assert "returned" in en.subject.lower()
    sent = {m.to[0]: m.subject for m in mail.outbox}
    assert sent[cast.rep_a.email] == ja.subject and sent[cast.rep_b.email] == en.subject


def test_it_retries_and_succeeds_on_the_third_attempt(cast, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "shuhi.notifications.testing.FlakyBackend"
    FlakyBackend.FAILURES, FlakyBackend.calls = 2, 0
    [row] = _notify([cast.rep_a], django_capture_on_commit_callbacks)
    row.refresh_from_db()
    assert row.mail_status == Notification.MailStatus.SENT and row.mail_attempts == 3
    assert len(mail.outbox) == 1


def test_a_mail_that_fails_three_times_is_shown_to_administrators_only(cast, settings, client,
                                                                       django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "shuhi.notifications.testing.FlakyBackend"
    FlakyBackend.FAILURES, FlakyBackend.calls = 99, 0
    [row] = _notify([cast.rep_a], django_capture_on_commit_callbacks)
    row.refresh_from_db()
    assert row.mail_status == Notification.MailStatus.FAILED and row.mail_attempts == 3
    assert "refused" in row.mail_error
    sign_in(client, cast.admin)
    page = client.get("/notifications/failures/")
    assert page.status_code == 200 and cast.rep_a.email in page.content.decode()
    for user in (cast.security, cast.employee, cast.rep_a):
        sign_in(client, user)
        assert client.get("/notifications/failures/").status_code == 404
    FlakyBackend.FAILURES = 0
    sign_in(client, cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/notifications/failures/{row.pk}/resend/").status_code == 302
    row.refresh_from_db()
    assert row.mail_status == Notification.MailStatus.SENT


def test_a_digest_reader_gets_one_summary_from_the_daily_job_and_nothing_at_once(
        cast, django_capture_on_commit_callbacks):
    services.preference_set(actor=cast.rep_a, user=cast.rep_a, delivery=Delivery.DIGEST)
    _notify([cast.rep_a, cast.rep_b], django_capture_on_commit_callbacks)
    _notify([cast.rep_a], django_capture_on_commit_callbacks, event="suppliers.assessment_accepted")
    assert [m.to for m in mail.outbox] == [[cast.rep_b.email]]
    with django_capture_on_commit_callbacks(execute=True):
        services.digest_enqueue(organisation_id=cast.home.pk)
    assert [m.to for m in mail.outbox][1:] == [[cast.rep_a.email]]
    assert "2" in mail.outbox[1].subject
    assert set(Notification.objects.filter(recipient=cast.rep_a).values_list("mail_status", flat=True)) == {"sent"}
    with django_capture_on_commit_callbacks(execute=True):
        services.digest_enqueue(organisation_id=cast.home.pk)
    assert len(mail.outbox) == 2  # nothing twice


def test_a_digest_leaves_out_what_was_already_read(cast, client, django_capture_on_commit_callbacks):
    services.preference_set(actor=cast.employee, user=cast.employee, delivery=Delivery.DIGEST)
    [row] = _notify([cast.employee], django_capture_on_commit_callbacks, event="reviews.notice_published")
    sign_in(client, cast.employee)
    client.post(f"/notifications/{row.pk}/open/")
    with django_capture_on_commit_callbacks(execute=True):
        services.digest_enqueue(organisation_id=cast.home.pk)
    assert mail.outbox == []
    row.refresh_from_db()
    assert row.mail_status == Notification.MailStatus.SKIPPED


def test_the_inbox_shows_only_the_users_own_notifications_and_counts_the_unread(
        cast, client, django_capture_on_commit_callbacks):
    mine, theirs = _notify([cast.employee, cast.sales_employee], django_capture_on_commit_callbacks,
                           event="reviews.notice_published", title="告知A", organisation="本社")
    sign_in(client, cast.employee)
    page = client.get("/notifications/").content.decode()
    assert f"/notifications/{mine.pk}/open/" in page and f"/notifications/{theirs.pk}/open/" not in page
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    header = client.get("/").content.decode()
    assert 'class="badge"' in header
    client.post("/notifications/read-all/")
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert Notification.objects.get(pk=mine.pk).read_at is not None


def test_suppliers_colleagues_do_not_read_each_others_notifications(cast, django_capture_on_commit_callbacks):
    from shuhi.core.models import User
    from shuhi.core.roles import Role

    colleague = User.objects.create_user("second@a.example", "x", organisation=cast.supplier_a,
                                         role=Role.SUPPLIER_REP)
    [row] = _notify([colleague], django_capture_on_commit_callbacks)
    assert not Notification.objects.visible_to(cast.rep_a).filter(pk=row.pk).exists()
    assert Notification.objects.visible_to(colleague).filter(pk=row.pk).exists()


def test_only_the_recipient_marks_a_notification_read(cast, django_capture_on_commit_callbacks):
    [row] = _notify([cast.rep_a], django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.notification_mark_read(actor=cast.rep_b, notification=row)


def test_the_account_page_saves_the_e_mail_preference(cast, client):
    sign_in(client, cast.employee)
    client.post("/accounts/profile/", {"form": "notifications", "delivery": "digest"})
    from shuhi.notifications.selectors import delivery_of

    assert delivery_of(cast.employee) == Delivery.DIGEST
    assert 'value="digest" checked' in client.get("/accounts/profile/").content.decode()


def test_an_unknown_event_is_refused(cast):
    with pytest.raises(ValueError):
        services.notify(actor=SYSTEM_JOB, event="nope.nothing", recipients=[cast.rep_a])
