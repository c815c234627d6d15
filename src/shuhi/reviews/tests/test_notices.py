from __future__ import annotations

import pytest

from shuhi.core.permissions import SYSTEM_JOB, PermissionDenied
from shuhi.reviews import selectors, services
from shuhi.reviews.models import LogNotice, NoticeAcknowledgement

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(cast):
    return services.notice_publish(actor=cast.security, organisation=cast.home, title="ログの記録について",
                                   body="利用は記録され、定期的に確認されます。")


def test_each_home_user_acknowledges_the_notice_once(cast, notice):
    first = services.notice_acknowledge(actor=cast.employee, notice=notice)
    again = services.notice_acknowledge(actor=cast.employee, notice=notice)
    assert first.pk == again.pk
    assert NoticeAcknowledgement.objects.filter(notice=notice).count() == 1


def test_a_supplier_user_cannot_acknowledge_the_home_notice(cast, notice):
    with pytest.raises(PermissionDenied):
        services.notice_acknowledge(actor=cast.rep_a, notice=notice)


def test_nobody_acknowledges_on_behalf_of_staff(cast, notice):
    with pytest.raises(PermissionDenied):
        services.notice_acknowledge(actor=SYSTEM_JOB, notice=notice)
    assert not NoticeAcknowledgement.objects.exists()


def test_the_acknowledgement_rate_counts_active_home_staff(cast, notice):
    services.notice_acknowledge(actor=cast.employee, notice=notice)
    services.notice_acknowledge(actor=cast.owner, notice=notice)
    rate = selectors.acknowledgement_rate(user=cast.admin, notice=notice)
    assert rate["total"] == 7 and rate["acknowledged"] == 2 and rate["percent"] == 29
    assert cast.employee not in rate["missing"] and cast.hr in rate["missing"]


def test_a_new_version_of_the_notice_asks_everyone_again(cast, notice):
    services.notice_acknowledge(actor=cast.employee, notice=notice)
    newer = services.notice_publish(actor=cast.admin, organisation=cast.home, title="改訂", body="改訂版")
    assert selectors.current_notice(user=cast.employee) == newer
    assert not selectors.has_acknowledged(user=cast.employee, notice=newer)


def test_staff_acknowledge_on_the_notice_page(cast, login, notice):
    client = login(cast.employee)
    assert "ログの記録について" in client.get("/reviews/notice/").content.decode()
    assert client.post("/reviews/notice/").status_code == 302
    assert NoticeAcknowledgement.objects.filter(notice=notice, user=cast.employee).exists()


def test_the_rate_is_shown_to_admins_not_to_staff(cast, login, notice):
    services.notice_acknowledge(actor=cast.employee, notice=notice)
    assert login(cast.admin).get("/reviews/notice/").context["rate"]["acknowledged"] == 1
    assert login(cast.employee).get("/reviews/notice/").context["rate"] is None


def test_only_review_managers_publish_notices(cast, login):
    login(cast.employee).post("/reviews/notice/publish/", {"title": "x", "body": "y"})
    assert not LogNotice.objects.exists()
    login(cast.security).post("/reviews/notice/publish/", {"title": "ログ", "body": "記録します"})
    assert LogNotice.objects.get().created_by == cast.security
    with pytest.raises(PermissionDenied):
        services.notice_publish(actor=cast.owner, organisation=cast.home, title="x", body="y")
