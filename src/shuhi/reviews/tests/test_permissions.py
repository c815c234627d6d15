"""The review app's actions (reviews/permissions.py), as the services and pages enforce them."""

from __future__ import annotations

import datetime as dt

import pytest

from shuhi.core.permissions import SYSTEM_JOB, PermissionDenied
from shuhi.core.roles import Role
from shuhi.reviews import permissions as can
from shuhi.reviews import services
from shuhi.reviews.models import ReviewCycle
from shuhi.reviews.testing import sample_report
from shuhi.testing.cast import SYSTEM_TEST

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned_cycle(cast, settings):
    settings.SHUHI_LOG_ROOTS = ["/srv"]
    source = services.source_create(actor=cast.security, organisation=cast.home, name="ログ", path="/srv/logs")
    return services.cycle_create(actor=cast.security, source=source, period_start=dt.date(2010, 2, 1),
                                 period_end=dt.date(2010, 2, 7), reviewer=cast.owner)


def _who(cast, check, obj=None) -> set[str]:
    names = ("admin", "security", "owner", "hr", "auditor", "employee", "rep_a", "rep_b")
    return {name for name in names if check(getattr(cast, name), obj)}


def test_only_administrators_and_security_managers_manage_reviews(cast, owned_cycle):
    assert _who(cast, can.can_manage_reviews, cast.home) == {"admin", "security"}
    assert _who(cast, can.can_manage_reviews, owned_cycle) == {"admin", "security"}
    assert not can.can_manage_reviews(cast.admin, cast.supplier_a)


def test_the_assigned_reviewer_and_the_managers_work_on_a_cycle_and_auditors_never(cast, owned_cycle):
    assert _who(cast, can.can_work_on_cycle, owned_cycle) == {"admin", "security", "owner"}
    case_like = type("Case", (), {"cycle": owned_cycle})()
    assert _who(cast, can.can_handle_case, case_like) == {"admin", "security", "owner"}


def test_a_reviewer_who_became_an_auditor_no_longer_works_on_the_cycle(cast, owned_cycle):
    assert can.can_work_on_cycle(cast.owner, owned_cycle)
    cast.owner.role = Role.AUDITOR
    assert not can.can_work_on_cycle(cast.owner, owned_cycle)
    assert not can.can_sign_off(cast.owner, owned_cycle)


def test_only_the_assigned_reviewer_signs_off(cast, owned_cycle):
    assert _who(cast, can.can_sign_off, owned_cycle) == {"owner"}


def test_only_the_security_manager_re_identifies(cast, owned_cycle):
    assert _who(cast, can.can_reidentify, owned_cycle) == {"security"}


def test_home_staff_acknowledge_the_notice_and_hr_and_full_viewers_read_the_rate(cast):
    from shuhi.people import permissions as people_can
    from shuhi.people.models import Policy
    from shuhi.people.services_policies import policy_publish

    notice = policy_publish(actor=cast.security, organisation=cast.home, kind=Policy.Kind.LOG_MONITORING,
                            title="t", body="b")
    assert _who(cast, people_can.can_acknowledge_policy, notice) == {"admin", "security", "owner", "hr", "auditor",
                                                                     "employee"}
    assert _who(cast, people_can.can_read_acknowledgement_rate, notice) == {"admin", "security", "hr", "auditor"}


def test_only_the_review_job_stores_a_report_or_a_failure(cast, owned_cycle):
    for person in (cast.admin, cast.security, cast.owner):
        with pytest.raises(PermissionDenied):
            services.cycle_store_report(actor=person, cycle=owned_cycle, report=sample_report(), html="")
        with pytest.raises(PermissionDenied):
            services.cycle_fail(actor=person, cycle=owned_cycle, error="x")
    assert ReviewCycle.objects.get(pk=owned_cycle.pk).status == ReviewCycle.Status.SCHEDULED
    services.cycle_store_report(actor=SYSTEM_TEST, cycle=owned_cycle, report=sample_report(), html="")
    assert ReviewCycle.objects.get(pk=owned_cycle.pk).status == ReviewCycle.Status.READY


def test_follow_up_cases_and_re_identifications_name_a_person_never_the_installation(cast, owned_cycle):
    ready = services.cycle_store_report(actor=SYSTEM_TEST, cycle=owned_cycle, report=sample_report(), html="")
    alias = ready.report["windows"][0]["ranking"][0]["user"]
    with pytest.raises(PermissionDenied):
        services.followup_open(actor=SYSTEM_JOB, cycle=ready, pseudonym=alias, reason_summary="x")
    with pytest.raises(PermissionDenied):
        services.reidentify(actor=SYSTEM_JOB, cycle=ready, pseudonym=alias, reason="x")
    case = services.followup_open(actor=cast.owner, cycle=ready, pseudonym=alias, reason_summary="x")
    with pytest.raises(PermissionDenied):
        services.followup_close(actor=SYSTEM_JOB, case=case, notes="done")
    with pytest.raises(PermissionDenied):
        services.followup_close(actor=cast.auditor, case=case, notes="done")
