"""Re-identification with a second person's approval (the four-eyes rule), and the setting that
turns it off.

The flow: the security manager asks, with a reason → another administrator or security manager
approves or refuses, with a reason → the requester, and only the requester, is shown the identity
once. Each step writes its own audit entry; none of them, nor the row, holds the identity.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.audit.services import audit_record
from shuhi.core.models import Organisation
from shuhi.core.permissions import enforces, is_member, require
from shuhi.reviews import notify as notices
from shuhi.reviews import permissions as can
from shuhi.reviews.models import Reidentification, ReviewCycle, ReviewSettings
from shuhi.reviews.services import REIDENTIFY_MESSAGE, check_pseudonym

DECIDE_MESSAGE = gettext_lazy("Only another administrator or security manager can decide on this request; "
                              "nobody approves their own.")
REVEAL_MESSAGE = gettext_lazy("Only the person who made the request sees the identity.")
SETTINGS_MESSAGE = gettext_lazy("Only administrators change the log-review settings.")


@enforces(can.can_reidentify, obj="cycle", message=REIDENTIFY_MESSAGE)
@transaction.atomic
def reidentification_request(*, actor: Any, cycle: ReviewCycle, pseudonym: str, reason: str) -> Reidentification:
    """A request that waits for another person's approval; nothing is looked up yet."""
    require(is_member(actor), REIDENTIFY_MESSAGE)
    alias = check_pseudonym(cycle, pseudonym)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for re-identifying this person.")})
    if Reidentification.objects.filter(cycle=cycle, pseudonym=alias, actor=actor,
                                       status=Reidentification.Status.PENDING).exists():
        raise ValidationError(_("You have already asked to re-identify this pseudonym; the request is waiting "
                                "for approval."))
    row = Reidentification.objects.create(cycle=cycle, pseudonym=alias, reason=reason.strip()[:500], actor=actor,
                                          status=Reidentification.Status.PENDING)
    audit_record(actor=actor, action="pseudonym.reidentify_request", obj=row,
                 after={"cycle": cycle.pk, "pseudonym": alias, "reason": row.reason})
    notices.reidentification_requested(actor=actor, request=row)
    return row


@enforces(can.can_decide_reidentification, obj="request", message=DECIDE_MESSAGE)
@transaction.atomic
def reidentification_decide(*, actor: Any, request: Reidentification, approve: bool,
                            reason: str) -> Reidentification:
    """Approval or refusal by a second person, with a reason either way."""
    require(is_member(actor), DECIDE_MESSAGE)
    request = Reidentification.objects.select_for_update().get(pk=request.pk)
    # Checked again on the locked row: the gate above saw the row as the caller fetched it.
    require(request.actor_id != actor.pk, DECIDE_MESSAGE)
    if request.status != Reidentification.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for your decision.")})
    request.status = Reidentification.Status.APPROVED if approve else Reidentification.Status.REFUSED
    request.approver, request.decided_at, request.decision_reason = actor, timezone.now(), reason.strip()[:500]
    request.save(update_fields=["status", "approver", "decided_at", "decision_reason"])
    audit_record(actor=actor, action="pseudonym.reidentify_approve" if approve else "pseudonym.reidentify_refuse",
                 obj=request, after={"pseudonym": request.pseudonym, "requested_by": request.actor_id,
                                     "reason": request.decision_reason})
    notices.reidentification_decided(actor=actor, request=request)
    return request


@enforces(can.can_reveal_reidentification, obj="request", message=REVEAL_MESSAGE)
def reidentification_reveal(*, actor: Any, request: Reidentification) -> tuple[Reidentification,
                                                                                list[dict[str, str]]]:
    """The identity behind an approved request, returned once to the requester; then the request is spent."""
    from shuhi.reviews.runner import find_identities, person_details

    require(is_member(actor), REVEAL_MESSAGE)
    with transaction.atomic():
        request = Reidentification.objects.select_for_update().select_related("cycle__source").get(pk=request.pk)
        if request.status != Reidentification.Status.APPROVED:
            raise ValidationError(_("Only an approved request that has not been used yet shows the identity."))
        source = request.cycle.source
        matches = find_identities(source, request.pseudonym)
        request.status, request.revealed_at, request.found = (Reidentification.Status.REVEALED, timezone.now(),
                                                              bool(matches))
        request.save(update_fields=["status", "revealed_at", "found"])
        audit_record(actor=actor, action="pseudonym.reidentify", obj=request,
                     after={"cycle": request.cycle_id, "pseudonym": request.pseudonym, "reason": request.reason,
                            "found": request.found, "approved_by": request.approver_id})
    return request, [person_details(source, user_id) for user_id in matches]


@enforces(can.can_change_review_settings, obj="organisation", message=SETTINGS_MESSAGE)
@transaction.atomic
def review_settings_update(*, actor: Any, organisation: Organisation,
                           reidentify_needs_approval: bool) -> ReviewSettings:
    settings, _created = ReviewSettings.objects.select_for_update().get_or_create(organisation=organisation)
    before = {"reidentify_needs_approval": settings.reidentify_needs_approval}
    settings.reidentify_needs_approval = bool(reidentify_needs_approval)
    settings.save()
    audit_record(actor=actor, action="review_settings.update", obj=settings, before=before,
                 after={"reidentify_needs_approval": settings.reidentify_needs_approval})
    return settings
