"""The events of the other apps reach the right people by e-mail, through the mail job."""

from __future__ import annotations

import pytest
from django.core import mail

from shuhi.accounts.services import invitation_create
from shuhi.core.permissions import SYSTEM_JOB
from shuhi.core.roles import Role
from shuhi.notifications.models import Notification
from shuhi.people.models import Policy
from shuhi.people.services_policies import policy_publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _jobs_run_here(settings):
    settings.SHUHI_SYNC_JOBS = True
    settings.SHUHI_MAIL_RETRY_SECONDS = [0, 0]


def test_the_invitation_e_mail_carries_the_link_to_accept(cast, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = invitation_create(actor=cast.admin, email="new@a.example", full_name="新人",
                                               organisation=cast.supplier_a, role=Role.SUPPLIER_REP)
    [message] = mail.outbox
    assert message.to == ["new@a.example"]
    assert f"/accounts/invite/{token}/" in message.body
    # Nobody's inbox holds it, and only administrators see that it was sent.
    row = Notification.objects.get(email="new@a.example")
    assert not Notification.objects.visible_to(cast.rep_a).filter(pk=row.pk).exists()
    assert Notification.objects.visible_to(cast.admin).filter(pk=row.pk).exists()


def test_a_new_notice_asks_every_member_of_staff_to_acknowledge_it(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        policy_publish(actor=cast.security, organisation=cast.home, kind=Policy.Kind.LOG_MONITORING,
                       title="ログ取得のお知らせ", body="本文")
    told = set(Notification.objects.filter(event="people.policy_published").values_list("recipient__email",
                                                                                        flat=True))
    assert cast.employee.email in told and cast.security.email not in told  # not the publisher
    assert not told & {cast.rep_a.email, cast.rep_b.email}
    assert {m.to[0] for m in mail.outbox} == told


def test_assigning_an_assessment_and_its_reminders_e_mail_the_suppliers_representatives(
        cast, django_capture_on_commit_callbacks):
    import datetime as dt

    from shuhi.suppliers.models import Framework
    from shuhi.suppliers.services import campaign_create, framework_install_builtin, reminders_record

    framework_install_builtin(actor=SYSTEM_JOB, organisation=cast.home)
    framework = Framework.objects.filter(organisation=cast.home, kind=Framework.Kind.QUESTIONNAIRE).first()
    due = dt.date(2026, 5, 1)
    with django_capture_on_commit_callbacks(execute=True):
        campaign_create(actor=cast.security, framework=framework, title="年次調査", due_date=due,
                        suppliers=[cast.supplier_a])
    [assigned] = mail.outbox
    assert assigned.to == [cast.rep_a.email] and "年次調査" in assigned.subject
    assert "/suppliers/assessments/" in assigned.body
    with django_capture_on_commit_callbacks(execute=True):
        reminders_record(actor=SYSTEM_JOB, today=due + dt.timedelta(days=1))
    overdue = mail.outbox[1]
    assert overdue.to == [cast.rep_a.email] and "年次調査" in overdue.subject


def test_an_overdue_assessment_is_a_to_do_of_its_supplier_and_e_mailed_once(
        cast, login, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    from shuhi.core.registry import todos_for
    from shuhi.suppliers.models import Framework
    from shuhi.suppliers.services import campaign_create, framework_install_builtin, reminders_record

    framework_install_builtin(actor=SYSTEM_JOB, organisation=cast.home)
    framework = Framework.objects.get(ref_id="shuhi-supplier-quick-2024")
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        late = campaign_create(actor=cast.security, framework=framework, title="遅れた調査",
                               due_date=today - dt.timedelta(days=2), suppliers=[cast.supplier_a]).assessments.get()
        campaign_create(actor=cast.security, framework=framework, title="まだ先の調査",
                        due_date=today + dt.timedelta(days=30), suppliers=[cast.supplier_a, cast.supplier_b])
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            reminders_record(actor=SYSTEM_JOB)
    overdue = [m for m in mail.outbox if "期限超過" in m.subject]
    assert [m.to for m in overdue] == [[cast.rep_a.email]] and "遅れた調査" in overdue[0].subject

    [todo] = [t for t in todos_for(cast.rep_a) if "overdue=1" in t.url]
    assert todo.count == 1 and str(todo.label).startswith("期限")
    page = login(cast.rep_a).get(todo.url)
    assert [a.pk for a, _due, _journey in page.context["rows"]] == [late.pk]
    assert 'data-testid="overdue-filter"' in page.content.decode()
    home = login(cast.rep_a).get("/").content.decode()
    assert f'data-testid="home-assessment-{late.pk}"' in home and "期限超過" in home
    assert not [t for t in todos_for(cast.rep_b) if "overdue=1" in t.url]
