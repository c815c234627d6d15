"""Account writes: invitations, two-factor devices, API tokens, log-in records."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from shuhi.accounts import notify as notices
from shuhi.accounts import permissions as can
from shuhi.accounts.models import Invitation
from shuhi.core.audit.services import audit_record
from shuhi.core.models import Department, Organisation, User
from shuhi.core.permissions import SystemActor, can_change_own_account, can_grant_role, enforces, require
from shuhi.core.services import check_department_fits_organisation, check_role_fits_organisation, user_insert

INVITATION_DAYS = 7


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@enforces(can.can_invite)
@transaction.atomic
def invitation_create(
    *, actor: User, email: str, full_name: str, organisation: Organisation, role: str,
    department: Department | None = None, days: int = INVITATION_DAYS, language: str = "ja",
) -> tuple[Invitation, str]:
    """Returns the invitation and its secret token; only the token's hash is kept."""
    require(can_grant_role(actor, role), _("You may not give this role."))
    check_role_fits_organisation(role, organisation)
    check_department_fits_organisation(department, organisation)
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email, full_name=full_name.strip(), organisation=organisation, role=role,
        department=department, token_hash=_token_hash(token),
        expires_at=timezone.now() + timedelta(days=days), created_by=actor,
    )
    audit_record(actor=actor, action="invitation.create", obj=invitation, after={
        "email": email, "role": role, "organisation": organisation.pk, "expires_at": invitation.expires_at,
    })
    notices.invitation_sent(actor=actor, invitation=invitation, token=token, language=language)
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation for this token, or None when unknown, used, revoked or expired."""
    invitation = Invitation.objects.filter(token_hash=_token_hash(token)).select_related("organisation").first()
    if invitation is None or invitation.status != "open":
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    # Lock the row so two tabs submitting at once cannot both use one link.
    invitation = (
        Invitation.objects.select_for_update().filter(token_hash=_token_hash(token)).first()
    )
    if invitation is None or invitation.status != "open":
        raise ValidationError(_("This invitation link is invalid, expired or already used."))
    user = User(email=invitation.email, full_name=invitation.full_name)
    validate_password(password, user)
    # The invitation was authorised when it was made; its holder is not a user yet.
    user = user_insert(
        actor=SystemActor("invitation"), email=invitation.email, full_name=invitation.full_name,
        organisation=invitation.organisation, role=invitation.role, department=invitation.department,
        password=password,
    )
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit_record(actor=user, action="invitation.accept", obj=invitation, after={"user": user.pk})
    return user


@enforces(can.can_revoke_invitation, obj="invitation")
@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    if invitation.status != "open":
        raise ValidationError(_("Only open invitations can be revoked."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="invitation.revoke", obj=invitation)
    return invitation


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed device; it counts only after the user proves it with a code."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(code.strip().replace(" ", "")):
        return False
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="user.2fa.enable", obj=user, after={"device": device.pk})
    return True


@enforces(can_change_own_account, obj="user")
@transaction.atomic
def user_password_change(*, actor: Any, user: User, password: str) -> User:
    """The caller has checked the old password and the new one's strength (PasswordChangeForm)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    # The hash itself stays out of the log: the entry says only that it changed.
    audit_record(actor=actor, action="user.password", obj=user)
    return user


@enforces(can_change_own_account, obj="user")
@transaction.atomic
def totp_device_remove(*, actor: User, user: User) -> None:
    if user.two_factor_required:
        raise ValidationError(_("Two-factor authentication is required for your role."))
    TOTPDevice.objects.filter(user=user).delete()
    # Backup codes are a way past the second factor: without the factor they must not linger.
    StaticDevice.objects.filter(user=user).delete()
    audit_record(actor=actor, action="user.2fa.disable", obj=user)


@enforces(can_change_own_account, obj="user")
@transaction.atomic
def api_token_create(*, actor: Any, user: User, days: int | None = None) -> tuple[AuthToken, str]:
    expiry = timedelta(days=days) if days else None
    instance, token = AuthToken.objects.create(user=user, expiry=expiry)
    audit_record(actor=actor, action="token.create", obj=user, after={
        "token": instance.token_key, "expiry": instance.expiry,
    })
    return instance, token


@enforces(can_change_own_account, obj="user")
@transaction.atomic
def api_token_revoke(*, actor: User, user: User, token_key: str) -> int:
    deleted, _rows = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    if deleted:
        audit_record(actor=actor, action="token.revoke", obj=user, before={"token": token_key})
    return deleted


def record_login(*, user: User, method: str) -> None:
    audit_record(actor=user, action="user.login", obj=user, after={"method": method})
