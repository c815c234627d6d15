"""Policies in versions: acknowledged once per version, asked again on a new version, counted."""

from __future__ import annotations

import pytest

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import SYSTEM_JOB, PermissionDenied
from shuhi.core.registry import todos_for
from shuhi.notifications.models import Notification
from shuhi.people import indicators, selectors
from shuhi.people import services_policies as services
from shuhi.people.models import Policy, PolicyAcknowledgement

pytestmark = pytest.mark.django_db


@pytest.fixture
def policies(cast):
    return {p.kind: p for p in services.policies_setup_defaults(actor=cast.hr, organisation=cast.home)}


def test_the_three_starter_policies_are_published_in_japanese_once(cast, policies):
    assert set(policies) == {"insider_fraud", "log_monitoring", "penalties"}
    assert policies["insider_fraud"].title == "内部不正防止基本方針"
    assert "情報セキュリティ基本方針とは別に" in policies["insider_fraud"].body
    assert services.policies_setup_defaults(actor=cast.hr, organisation=cast.home) == []
    assert AuditEntry.objects.filter(action="policy.publish").count() == 3


def test_a_new_version_asks_everyone_to_acknowledge_again(cast, policies, django_capture_on_commit_callbacks):
    first = policies["penalties"]
    ack = services.policy_acknowledge(actor=cast.employee, policy=first)
    assert len(ack.sha256) == 64 and selectors.has_acknowledged(cast.employee, first)
    assert first not in selectors.policies_to_acknowledge(cast.employee)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.policy_publish(actor=cast.hr, organisation=cast.home, kind="penalties",
                                         title="内部不正に関する罰則規程", body="改訂版の本文")
    first.refresh_from_db()
    assert second.version == 2 and second.is_current and not first.is_current
    assert second in selectors.policies_to_acknowledge(cast.employee)
    assert Notification.objects.filter(event="people.policy_published", recipient=cast.employee).exists()
    todo = next(t for t in todos_for(cast.employee) if "polic" in str(t.label).lower() or "方針" in str(t.label))
    assert todo.count == 3  # the insider-fraud policy, the notice, and the new penalty rules
    # The old version cannot be acknowledged any more; the new one can, with its own hash.
    with pytest.raises(PermissionDenied):
        services.policy_acknowledge(actor=cast.owner, policy=first)
    again = services.policy_acknowledge(actor=cast.employee, policy=second)
    assert again.sha256 != ack.sha256
    assert PolicyAcknowledgement.objects.filter(user=cast.employee).count() == 2


def test_the_share_acknowledged_counts_only_staff_who_read_every_current_version(cast, policies):
    assert indicators.acknowledged_share(cast.home) == 0
    for user in (cast.employee, cast.owner):
        for policy in policies.values():
            services.policy_acknowledge(actor=user, policy=policy)
    done, staff, current = indicators.acknowledgement_counts(cast.home)
    assert (done, current) == (2, 3) and indicators.acknowledged_share(cast.home) == round(200 / staff, 1)
    services.policy_publish(actor=cast.hr, organisation=cast.home, kind="insider_fraud", title="改訂", body="改訂")
    assert indicators.acknowledged_share(cast.home) == 0


def test_nobody_acknowledges_for_someone_else_and_suppliers_not_at_all(cast, policies):
    with pytest.raises(PermissionDenied):
        services.policy_acknowledge(actor=SYSTEM_JOB, policy=policies["insider_fraud"])
    with pytest.raises(PermissionDenied):
        services.policy_acknowledge(actor=cast.rep_a, policy=policies["insider_fraud"])
    with pytest.raises(PermissionDenied):
        services.policy_publish(actor=cast.employee, organisation=cast.home, kind="penalties", title="x", body="y")


def test_staff_acknowledge_on_the_page_after_ticking_the_box(cast, login, policies):
    client = login(cast.employee)
    policy = policies["insider_fraud"]
    assert "内部不正防止基本方針" in client.get("/people/policies/").content.decode()
    client.post(f"/people/policies/{policy.pk}/acknowledge/")
    assert not selectors.has_acknowledged(cast.employee, policy)
    client.post(f"/people/policies/{policy.pk}/acknowledge/", {"confirm": "yes"})
    assert selectors.has_acknowledged(cast.employee, policy)
    assert client.get(f"/people/policies/{policy.pk}/").context["rate"] is None
    assert login(cast.hr).get(f"/people/policies/{policy.pk}/").context["rate"]["acknowledged"] == 1


def test_hr_publishes_a_new_version_on_the_page(cast, login, policies):
    client = login(cast.hr)
    assert client.get("/people/policies/publish/?kind=penalties").context["form"].initial["title"]
    response = client.post("/people/policies/publish/",
                           {"kind": "penalties", "title": "罰則規程 第2版", "body": "本文"})
    assert response.status_code == 302
    assert Policy.objects.get(kind="penalties", is_current=True).version == 2
    assert login(cast.employee).get("/people/policies/publish/").status_code == 404


def test_the_api_lists_acknowledges_and_publishes(cast, api_client_for, policies):
    employee = api_client_for(cast.employee)
    assert {row["kind"] for row in employee.get("/api/v1/policies/?current=yes").json()["results"]} == set(policies)
    answer = employee.post(f"/api/v1/policies/{policies['log_monitoring'].pk}/acknowledge/")
    assert answer.status_code == 200 and len(answer.json()["sha256"]) == 64
    assert [r["user"] for r in employee.get("/api/v1/policy-acknowledgements/").json()["results"]] == [cast.employee.pk]
    assert employee.post("/api/v1/policies/", {"kind": "penalties", "title": "x", "body": "y"},
                         format="json").status_code == 403
    hr = api_client_for(cast.hr)
    made = hr.post("/api/v1/policies/", {"kind": "penalties", "title": "罰則 v2", "body": "本文"}, format="json")
    assert made.status_code == 201 and made.json()["version"] == 2
