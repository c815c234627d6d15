"""Re-identification with a second person's approval (on by default), and the setting that turns it off."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import PermissionDenied
from shuhi.notifications.models import Notification
from shuhi.reviews import services
from shuhi.reviews import services_reidentify as four_eyes
from shuhi.reviews.models import Reidentification, ReviewSettings
from shuhi.reviews.pseudonyms import pseudonym
from shuhi.reviews.tests.conftest import top_pseudonym

pytestmark = pytest.mark.django_db


def ask(cast, cycle, reason="退職予定者の持ち出し疑い"):
    return four_eyes.reidentification_request(actor=cast.security, cycle=cycle, pseudonym=top_pseudonym(cycle),
                                              reason=reason)


def test_approval_is_on_by_default(cast):
    assert ReviewSettings.needs_approval(cast.home.pk)


def test_one_person_alone_cannot_re_identify_when_approval_is_on(cast, ready_cycle):
    with pytest.raises(ValidationError):
        services.reidentify(actor=cast.security, cycle=ready_cycle, pseudonym=top_pseudonym(ready_cycle),
                            reason="確認")
    request = ask(cast, ready_cycle)
    assert request.status == Reidentification.Status.PENDING
    with pytest.raises(ValidationError):
        four_eyes.reidentification_reveal(actor=cast.security, request=request)
    with pytest.raises(PermissionDenied):
        four_eyes.reidentification_decide(actor=cast.security, request=request, approve=True, reason="自分で承認")
    request.refresh_from_db()
    assert request.status == Reidentification.Status.PENDING and request.revealed_at is None


def test_a_second_person_approves_and_only_the_requester_is_shown_the_identity(cast, ready_cycle):
    request = ask(cast, ready_cycle)
    approved = four_eyes.reidentification_decide(actor=cast.admin, request=request, approve=True,
                                                 reason="就業規則に基づく調査として妥当")
    assert approved.status == Reidentification.Status.APPROVED and approved.approver == cast.admin
    for outsider in (cast.admin, cast.auditor, cast.owner):
        with pytest.raises(PermissionDenied):
            four_eyes.reidentification_reveal(actor=outsider, request=approved)
    row, people = four_eyes.reidentification_reveal(actor=cast.security, request=approved)
    assert row.status == Reidentification.Status.REVEALED and row.found
    assert len(people) == 1 and pseudonym(people[0]["user"]) == row.pseudonym
    with pytest.raises(ValidationError):
        four_eyes.reidentification_reveal(actor=cast.security, request=row)
    steps = list(AuditEntry.objects.filter(action__startswith="pseudonym.reidentify").order_by("pk")
                 .values_list("action", flat=True))
    assert steps == ["pseudonym.reidentify_request", "pseudonym.reidentify_approve", "pseudonym.reidentify"]
    logged = json.dumps([e.after for e in AuditEntry.objects.filter(action__startswith="pseudonym.")])
    assert people[0]["user"] not in logged


def test_a_refused_request_never_shows_the_identity(cast, ready_cycle):
    request = ask(cast, ready_cycle)
    with pytest.raises(ValidationError):
        four_eyes.reidentification_decide(actor=cast.admin, request=request, approve=False, reason=" ")
    refused = four_eyes.reidentification_decide(actor=cast.admin, request=request, approve=False,
                                                reason="理由が具体的でない")
    assert refused.status == Reidentification.Status.REFUSED
    with pytest.raises(ValidationError):
        four_eyes.reidentification_reveal(actor=cast.security, request=refused)
    with pytest.raises(ValidationError):
        four_eyes.reidentification_decide(actor=cast.admin, request=refused, approve=True, reason="やはり承認")
    assert AuditEntry.objects.filter(action="pseudonym.reidentify_refuse", actor=cast.admin).exists()
    assert Notification.objects.filter(recipient=cast.security, event="reviews.reidentification_decided").exists()


def test_the_approvers_are_notified_and_see_the_request_as_a_to_do(cast, ready_cycle, login):
    ask(cast, ready_cycle)
    assert Notification.objects.filter(recipient=cast.admin, event="reviews.reidentification_requested").exists()
    assert not Notification.objects.filter(recipient=cast.security, event="reviews.reidentification_requested").exists()
    page = login(cast.admin).get("/reviews/reidentifications/?todo=decide")
    assert len(page.context["page_obj"]) == 1 and page.context["page_obj"][0].may_decide
    own = login(cast.security).get("/reviews/reidentifications/?todo=decide")
    assert len(own.context["page_obj"]) == 0


def test_the_pages_run_the_whole_flow(cast, ready_cycle, login):
    alias = top_pseudonym(ready_cycle)
    security = login(cast.security)
    response = security.post(f"/reviews/{ready_cycle.pk}/reidentify/", {"pseudonym": alias, "reason": "案件 #4"})
    assert response.status_code == 302
    request = Reidentification.objects.get()
    assert security.post(f"/reviews/reidentifications/{request.pk}/decide/",
                         {"decision": "approve", "reason": "x"}).status_code == 403
    admin = login(cast.admin)
    admin.post(f"/reviews/reidentifications/{request.pk}/decide/", {"decision": "approve", "reason": "妥当"})
    assert admin.post(f"/reviews/reidentifications/{request.pk}/reveal/").status_code == 403
    shown = login(cast.security).post(f"/reviews/reidentifications/{request.pk}/reveal/")
    assert shown.status_code == 200 and shown.context["revealed"]["people"]
    assert shown.context["revealed"]["people"][0]["user"] in shown.content.decode()


def test_turning_the_setting_off_restores_one_step_and_only_administrators_may(cast, ready_cycle):
    with pytest.raises(PermissionDenied):
        four_eyes.review_settings_update(actor=cast.security, organisation=cast.home, reidentify_needs_approval=False)
    four_eyes.review_settings_update(actor=cast.admin, organisation=cast.home, reidentify_needs_approval=False)
    row, people = services.reidentify(actor=cast.security, cycle=ready_cycle, pseudonym=top_pseudonym(ready_cycle),
                                      reason="確認")
    assert row.status == Reidentification.Status.REVEALED and people
    entry = AuditEntry.objects.get(action="review_settings.update")
    assert entry.before == {"reidentify_needs_approval": True} and entry.after == {"reidentify_needs_approval": False}
