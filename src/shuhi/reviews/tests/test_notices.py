"""The notice on log monitoring, now the people app's policy of that kind, seen from the log review."""

from __future__ import annotations

import pytest

from shuhi.core.permissions import SYSTEM_JOB, PermissionDenied
from shuhi.people import services_policies as services
from shuhi.people.models import Policy, PolicyAcknowledgement
from shuhi.reviews import selectors

pytestmark = pytest.mark.django_db

LOG = Policy.Kind.LOG_MONITORING


@pytest.fixture
def notice(cast):
    return services.policy_publish(actor=cast.security, organisation=cast.home, kind=LOG, title="ログの記録について",
                                   body="利用は記録され、定期的に確認されます。")


def test_each_home_user_acknowledges_the_notice_once(cast, notice):
    first = services.policy_acknowledge(actor=cast.employee, policy=notice)
    again = services.policy_acknowledge(actor=cast.employee, policy=notice)
    assert first.pk == again.pk
    assert PolicyAcknowledgement.objects.filter(policy=notice).count() == 1


def test_a_supplier_user_cannot_acknowledge_the_home_notice(cast, notice):
    with pytest.raises(PermissionDenied):
        services.policy_acknowledge(actor=cast.rep_a, policy=notice)


def test_nobody_acknowledges_on_behalf_of_staff(cast, notice):
    with pytest.raises(PermissionDenied):
        services.policy_acknowledge(actor=SYSTEM_JOB, policy=notice)
    assert not PolicyAcknowledgement.objects.exists()


def test_the_acknowledgement_rate_counts_active_home_staff(cast, notice):
    services.policy_acknowledge(actor=cast.employee, policy=notice)
    services.policy_acknowledge(actor=cast.owner, policy=notice)
    rate = selectors.acknowledgement_rate(user=cast.admin, notice=notice)
    assert rate["total"] == 7 and rate["acknowledged"] == 2 and rate["percent"] == 29
    assert cast.employee not in rate["missing"] and cast.hr in rate["missing"]


def test_a_new_version_of_the_notice_asks_everyone_again(cast, notice):
    services.policy_acknowledge(actor=cast.employee, policy=notice)
    newer = services.policy_publish(actor=cast.admin, organisation=cast.home, kind=LOG, title="改訂", body="改訂版")
    assert selectors.current_notice(user=cast.employee) == newer
    assert not selectors.has_acknowledged(user=cast.employee, notice=newer)


def test_staff_acknowledge_on_the_notice_page(cast, login, notice):
    client = login(cast.employee)
    assert "ログの記録について" in client.get("/reviews/notice/").content.decode()
    assert client.post("/reviews/notice/").status_code == 302
    assert PolicyAcknowledgement.objects.filter(policy=notice, user=cast.employee).exists()


def test_the_rate_is_shown_to_admins_not_to_staff(cast, login, notice):
    services.policy_acknowledge(actor=cast.employee, policy=notice)
    assert login(cast.admin).get("/reviews/notice/").context["rate"]["acknowledged"] == 1
    assert login(cast.employee).get("/reviews/notice/").context["rate"] is None


def test_only_policy_publishers_publish_the_notice(cast, login):
    login(cast.employee).post("/reviews/notice/publish/", {"title": "x", "body": "y"})
    assert not Policy.objects.exists()
    login(cast.security).post("/reviews/notice/publish/", {"title": "ログ", "body": "記録します"})
    assert Policy.objects.get(kind=LOG).published_by == cast.security
    with pytest.raises(PermissionDenied):
        services.policy_publish(actor=cast.owner, organisation=cast.home, kind=LOG, title="x", body="y")
