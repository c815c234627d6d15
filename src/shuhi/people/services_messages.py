"""Writes for management messages: who in management said what, to whom, when, through which channel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.audit.services import audit_record, snapshot
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import enforces
from shuhi.people import permissions as can
from shuhi.people.models import ManagementMessage

FIELDS = ["speaker", "speaker_title", "said_on", "channel", "audience", "subject", "content", "evidence"]
REQUIRED = {"speaker": gettext_lazy("Give who said it."), "audience": gettext_lazy("Give to whom it was said."),
            "subject": gettext_lazy("Give the subject."), "content": gettext_lazy("Say what was said.")}


def _check(fields: dict[str, Any]) -> dict[str, Any]:
    errors = {}
    for name in ("speaker", "audience", "subject", "content"):
        if name in fields and not str(fields[name] or "").strip():
            errors[name] = str(REQUIRED[name])
    if "channel" in fields and fields["channel"] not in ManagementMessage.Channel.values:
        errors["channel"] = _("Choose the channel.")
    said_on = fields.get("said_on")
    if "said_on" in fields and not isinstance(said_on, dt.date):
        errors["said_on"] = _("Give the date.")
    elif isinstance(said_on, dt.date) and said_on > dt.date.today() + dt.timedelta(days=1):
        errors["said_on"] = _("A message is recorded once it has been given: the date is in the future.")
    if errors:
        raise ValidationError(errors)
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}


@enforces(can.can_record_management_message, obj="organisation")
@transaction.atomic
def management_message_record(*, actor: Any, organisation: Organisation, **fields: Any) -> ManagementMessage:
    if not organisation.is_home:
        raise ValidationError(_("Management messages belong to the outsourcer."))
    fields = {k: v for k, v in fields.items() if k in FIELDS}
    missing = [name for name in ("speaker", "said_on", "channel", "audience", "subject", "content")
               if name not in fields]
    if missing:
        raise ValidationError({name: _("This field is required.") for name in missing})
    message = ManagementMessage.objects.create(organisation=organisation, recorded_by=actor if isinstance(actor, User)
                                               else None, **_check(fields))
    audit_record(actor=actor, action="management_message.record", obj=message, after=snapshot(message))
    return message


@enforces(can.can_record_management_message, obj="message")
@transaction.atomic
def management_message_update(*, actor: Any, message: ManagementMessage, **fields: Any) -> ManagementMessage:
    fields = _check({k: v for k, v in fields.items() if k in FIELDS})
    before = snapshot(message)
    for name, value in fields.items():
        setattr(message, name, value)
    message.save()
    audit_record(actor=actor, action="management_message.update", obj=message, before=before,
                 after=snapshot(message))
    return message
