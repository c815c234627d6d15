"""The registry of events a person can be notified of.

An event has a key ("suppliers.assessment_assigned"), a label for the inbox and the failure page,
and a text template `notifications/email/<key>.txt`: its first line is the subject, the rest the
body, written with {% translate %} so that each recipient reads it in their own language.

Apps call `register_event` from their AppConfig.ready() for the events they add; the events of the
apps that existed when notifications were built are registered here by name (this module imports
none of them: apps import notifications, never the reverse).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    key: str
    label: Any
    template: str
    # Who receives it: "home" (staff of the outsourcer), "supplier" (supplier representatives),
    # "any" (both), "address" (someone without an account yet: an invitation).
    audience: str = "any"


EVENTS: dict[str, Event] = {}


def register_event(key: str, label: Any, *, template: str | None = None, audience: str = "any") -> Event:
    event = Event(key=key, label=label, template=template or f"notifications/email/{key}.txt", audience=audience)
    EVENTS[key] = event
    return event


def event(key: str) -> Event:
    try:
        return EVENTS[key]
    except KeyError:
        raise ValueError(f"unknown notification event {key!r}: register it with register_event") from None


DIGEST_TEMPLATE = "notifications/email/digest.txt"


def register_builtin_events() -> None:
    register_event("accounts.invitation", _("Invitation to shuhi"), audience="address")
    register_event("suppliers.assessment_assigned", _("Assessment to answer"), audience="supplier")
    register_event("suppliers.assessment_returned", _("Assessment returned for changes"), audience="supplier")
    register_event("suppliers.assessment_accepted", _("Assessment accepted"), audience="supplier")
    register_event("suppliers.assessment_due_soon", _("Assessment due soon"), audience="supplier")
    register_event("suppliers.assessment_overdue", _("Assessment overdue"), audience="supplier")
    register_event("reviews.notice_published", _("Notice to acknowledge"), audience="home")
    register_event("reviews.cycle_ready", _("Log review ready for you"), audience="home")
    register_event("reviews.reidentification_requested", _("Re-identification request to approve or refuse"),
                   audience="home")
    register_event("reviews.reidentification_decided", _("Your re-identification request was decided"),
                   audience="home")
    register_event("disclosures.request_waiting", _("Disclosure request waiting for a decision"), audience="home")
    register_event("disclosures.handed_over", _("Secret handed over: confirm receipt"), audience="supplier")
    register_event("disclosures.leak_notice", _("Leak notice to answer"), audience="supplier")
