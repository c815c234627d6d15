"""On the demo data, `shuhi reminders` e-mails the suppliers that still owe answers, in Japanese, once.

The demo's campaign is due in five days: 佐藤製作所 has a draft and 鈴木金型工業 has not started,
山田精工 has submitted. The e-mails are written by the mail job to the file backend that an
installation without EMAIL_URL uses.
"""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.utils import timezone

from shuhi.cli import main
from shuhi.core.demo import load_demo
from shuhi.notifications.models import Notification

pytestmark = pytest.mark.django_db

SATO, SUZUKI, YAMADA = "rep@sato-ss.example", "rep@suzuki-kanagata.example", "rep@yamada-seiko.example"
TITLE = "2024年度 委託先セルフチェック"


@pytest.fixture
def demo(settings, tmp_path, monkeypatch):
    from django.db import connections

    # `shuhi` closes every connection when a command ends; on PostgreSQL that would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.SHUHI_SYNC_JOBS = True
    settings.SHUHI_MAIL_RETRY_SECONDS = [0, 0]
    monkeypatch.setenv("SHUHI_LANG", "ja")
    assert load_demo(employees=10)
    return tmp_path / "mail"


def written(folder: Path) -> list:
    messages = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(message_from_bytes(chunk.strip() + b"\n", policy=policy.default))
    return messages


def reminders_in(folder: Path, words: str) -> dict[str, object]:
    return {str(m["To"]): m for m in written(folder) if words in str(m["Subject"])}


def run_reminders(capture, *argv: str) -> int:
    with capture(execute=True):
        return main(["reminders", *argv])


def test_shuhi_reminders_e_mails_the_demo_suppliers_that_owe_answers_in_japanese_once(
        demo, django_capture_on_commit_callbacks):
    due = timezone.localdate() + dt.timedelta(days=5)

    assert run_reminders(django_capture_on_commit_callbacks) == 0
    soon = reminders_in(demo, "ご案内")
    assert set(soon) == {SATO, SUZUKI}
    for message in soon.values():
        assert str(message["Subject"]).strip() == f"ご案内：「{TITLE}」の期限は{due.isoformat()}です"
        body = message.get_content()
        assert f"調査票「{TITLE}」" in body and due.isoformat() in body, body
        assert "/suppliers/assessments/" in body and "Reminder" not in body
    assert not Notification.objects.filter(email=YAMADA, event="suppliers.assessment_due_soon").exists()

    # Past the due date: one overdue e-mail each, and a second run the same day sends nothing more.
    later = (due + dt.timedelta(days=1)).isoformat()
    assert run_reminders(django_capture_on_commit_callbacks, "--date", later) == 0
    assert run_reminders(django_capture_on_commit_callbacks, "--date", later) == 0
    overdue = [m for m in written(demo) if "期限超過" in str(m["Subject"])]
    assert sorted(str(m["To"]) for m in overdue) == [SATO, SUZUKI]
    for message in overdue:
        assert str(message["Subject"]).strip() == f"期限超過：「{TITLE}」が未提出です"
        assert f"期限（{due.isoformat()}）を過ぎています" in message.get_content()
    assert Notification.objects.filter(event__startswith="suppliers.assessment_",
                                       mail_status=Notification.MailStatus.SENT).exclude(
        event="suppliers.assessment_assigned").count() == 4
