from __future__ import annotations

from django_otp import user_has_device
from knox.auth import TokenAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission

from shuhi.core.permissions import can_change


class IsVerifiedUser(BasePermission):
    """Signed in, and through two-factor where the account has or needs it.

    A token was created by a verified user (or by an administrator on the server), so requests
    carrying one count as verified; a session must have passed the second factor.
    """

    message = "Authentication with a second factor is required."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if isinstance(request.successful_authenticator, TokenAuthentication):
            return True
        if getattr(user, "is_verified", lambda: False)():
            return True
        return not (user.two_factor_required or user_has_device(user, confirmed=True))


class CanChangeObject(BasePermission):
    message = "You may view this but not change it."

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or can_change(request.user, obj)
