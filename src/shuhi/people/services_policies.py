"""Writes for policies and their acknowledgements. Each is guarded, atomic and audited.

A policy is published in versions: publishing a kind again makes a new current version and every
member of staff is asked to acknowledge it again (a notification and a to-do). An acknowledgement
records the time, the account and the SHA-256 of the exact title and text read.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.audit.services import audit_record
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import enforces, is_member, is_system, require
from shuhi.people import notify
from shuhi.people import permissions as can
from shuhi.people.defaults_policies import DEFAULT_POLICIES
from shuhi.people.models import Policy, PolicyAcknowledgement

ACKNOWLEDGE_MESSAGE = gettext_lazy("Each member of staff acknowledges a policy for themselves.")


def policy_digest(title: str, body: str) -> str:
    blob = json.dumps({"title": title, "text": body}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@enforces(can.can_publish_policy, obj="organisation")
@transaction.atomic
def policy_publish(*, actor: Any, organisation: Organisation, kind: str, title: str, body: str) -> Policy:
    """A new current version of the organisation's policy of `kind`; staff are asked to acknowledge it."""
    if not organisation.is_home:
        raise ValidationError(_("Policies belong to the outsourcer."))
    if kind not in Policy.Kind.values:
        raise ValidationError({"kind": _("Choose a policy.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the title.")})
    if not body.strip():
        raise ValidationError({"body": _("Give the text.")})
    versions = Policy.objects.select_for_update().filter(organisation=organisation, kind=kind).order_by("-version")
    last = versions.first()
    versions.update(is_current=False)
    policy = Policy.objects.create(
        organisation=organisation, kind=kind, version=(last.version + 1) if last else 1, title=title.strip()[:200],
        body=body.strip(), published_at=timezone.now(), published_by=None if is_system(actor) else actor)
    audit_record(actor=actor, action="policy.publish", obj=policy,
                 before={"version": last.version} if last else None,
                 after={"kind": kind, "version": policy.version, "title": policy.title,
                        "sha256": policy_digest(policy.title, policy.body)})
    notify.policy_published(actor=actor, policy=policy)
    return policy


@enforces(can.can_publish_policy, obj="organisation")
@transaction.atomic
def policies_setup_defaults(*, actor: Any, organisation: Organisation) -> list[Policy]:
    """Publish shuhi's starter text of each policy the organisation has not published yet; safe to repeat."""
    made = []
    for kind, (title, body) in DEFAULT_POLICIES.items():
        if not Policy.objects.filter(organisation=organisation, kind=kind).exists():
            made.append(policy_publish(actor=actor, organisation=organisation, kind=kind, title=title, body=body))
    return made


@enforces(can.can_acknowledge_policy, obj="policy")
@transaction.atomic
def policy_acknowledge(*, actor: User, policy: Policy) -> PolicyAcknowledgement:
    """The actor has read this version. Once per version: a repeat returns the first acknowledgement."""
    require(is_member(actor), ACKNOWLEDGE_MESSAGE)  # nobody acknowledges on someone else's behalf
    existing = PolicyAcknowledgement.objects.filter(policy=policy, user=actor).first()
    if existing is not None:
        return existing
    ack = PolicyAcknowledgement.objects.create(policy=policy, user=actor, acknowledged_at=timezone.now(),
                                               sha256=policy_digest(policy.title, policy.body))
    audit_record(actor=actor, action="policy.acknowledge", obj=ack,
                 after={"policy": policy.pk, "kind": policy.kind, "version": policy.version, "sha256": ack.sha256})
    return ack
