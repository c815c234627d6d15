"""Who may act on NDAs, disclosures and leak responses."""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action, can_change, of_own_organisation
from shuhi.core.roles import ASSET_OWNERS, FULL_VIEW_ROLES, MANAGERS, SUPPLIER_ROLES, Role


def _own_chain(user: Any, obj: Any) -> bool:
    """A supplier's user acts only on rows of its own chain; home users on their organisation's."""
    if obj is None:
        return True
    if user.is_supplier:
        return obj.supplier_id == user.organisation_id
    return obj.organisation_id == user.organisation_id


def _holder_or_chain(user: Any, disclosure: Any) -> bool:
    """What the holder itself may do (confirm, certify): its own users, its supplier's, or the outsourcer's."""
    if user.is_supplier and disclosure.recipient_id == user.organisation_id:
        return True
    return _own_chain(user, disclosure)


@action(roles=MANAGERS, rule="NDAs and the disclosure policy of their own organisation")
def can_manage_ndas(user: Any, obj: Any = None) -> bool:
    return of_own_organisation(user, obj)


@action(roles=ASSET_OWNERS,
        rule="department managers: assets of their own department; managers: any asset they can see")
def can_request_disclosure(user: Any, asset: Any = None) -> bool:
    if asset is None or user.role in MANAGERS:
        return True
    return user.role == Role.DEPT_MANAGER and asset.department_id == user.department_id


@action(roles=MANAGERS, rule="requests of their own organisation that wait for a decision")
def can_decide_disclosure(user: Any, disclosure: Any = None) -> bool:
    return disclosure is None or (of_own_organisation(user, disclosure)
                                  and disclosure.status == disclosure.Status.REQUESTED)


@action(roles=ASSET_OWNERS | SUPPLIER_ROLES,
        rule="their own requests before the hand-over; a supplier its own re-disclosure requests")
def can_withdraw_disclosure(user: Any, disclosure: Any = None) -> bool:
    if disclosure is None:
        return True
    if disclosure.status not in (disclosure.Status.REQUESTED, disclosure.Status.APPROVED):
        return False
    if user.is_supplier:
        return disclosure.is_redisclosure and _own_chain(user, disclosure)
    return user.role in MANAGERS or disclosure.requested_by_id == user.pk


@action(roles=MANAGERS | SUPPLIER_ROLES,
        rule="approved disclosures: the outsourcer hands over to its supplier, a supplier to its sub-supplier")
def can_hand_over(user: Any, disclosure: Any = None) -> bool:
    if disclosure is None:
        return True
    if disclosure.status != disclosure.Status.APPROVED or not _own_chain(user, disclosure):
        return False
    return disclosure.is_redisclosure == bool(user.is_supplier)


@action(roles=MANAGERS | SUPPLIER_ROLES,
        rule="the holder, or its supplier for its chain; managers record a receipt given on paper")
def can_confirm_receipt(user: Any, disclosure: Any = None) -> bool:
    if disclosure is None:
        return True
    return disclosure.status == disclosure.Status.HANDED_OVER and _holder_or_chain(user, disclosure)


@action(roles=MANAGERS | SUPPLIER_ROLES,
        rule="the holder, or its supplier for its chain; managers record a certificate given on paper")
def can_certify_end(user: Any, disclosure: Any = None) -> bool:
    if disclosure is None:
        return True
    return disclosure.is_held and _holder_or_chain(user, disclosure)


@action(roles=SUPPLIER_ROLES, rule="secrets their own organisation holds, to one of its own sub-suppliers")
def can_request_redisclosure(user: Any, disclosure: Any = None) -> bool:
    if disclosure is None:
        return True
    return (not disclosure.is_redisclosure and disclosure.is_held
            and disclosure.recipient_id == user.organisation_id)


@action(roles=MANAGERS | SUPPLIER_ROLES,
        rule="files of approved disclosures: the outsourcer adds them, a supplier for its re-disclosures")
def can_add_disclosed_file(user: Any, disclosure: Any = None) -> bool:
    if disclosure is None:
        return True
    if disclosure.status != disclosure.Status.APPROVED or not _own_chain(user, disclosure):
        return False
    return disclosure.is_redisclosure == bool(user.is_supplier)


@action(roles=FULL_VIEW_ROLES | SUPPLIER_ROLES | {Role.DEPT_MANAGER},
        rule="files they can see; a supplier only once they are handed over")
def can_download_disclosed_file(user: Any, file: Any = None) -> bool:
    if file is None or not user.is_supplier:
        return True
    disclosure = file.disclosure
    return _holder_or_chain(user, disclosure) and (disclosure.status in (*disclosure.HELD, *disclosure.ENDED)
                                             or disclosure.is_redisclosure)


@action(roles=FULL_VIEW_ROLES, rule="who holds a secret, and the evidence pack of an asset they can see")
def can_read_holders(user: Any, obj: Any = None) -> bool:
    return True


@action(roles=MANAGERS, rule="leak responses of their own organisation")
def can_respond_to_leak(user: Any, response: Any = None) -> bool:
    return of_own_organisation(user, response)


@action(roles=MANAGERS | SUPPLIER_ROLES,
        rule="a supplier its own chain's notices, a sub-supplier its own; managers record an answer")
def can_answer_leak_notice(user: Any, notice: Any = None) -> bool:
    if notice is None:
        return True
    if notice.response.status != notice.response.Status.OPEN:
        return False
    if user.is_supplier:
        return user.organisation_id in (notice.supplier_id, notice.holder_id)
    return can_change(user, notice)


@action(roles=MANAGERS, rule="through the reminders job or command")
def can_record_nda_reminders(user: Any, obj: Any = None) -> bool:
    return True
