"""Per-user language and the two-factor requirement, applied to every page."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django_otp import user_has_device

from shuhi import i18n


class UserLanguageMiddleware:
    """A signed-in user's chosen language wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        # Messages of the engines called while answering (shuhi.i18n) in the page's language too.
        with i18n.override(translation.get_language()):
            return self.get_response(request)


class TwoFactorMiddleware:
    """Until the second factor is given, a signed-in user can only reach the two-factor pages."""

    ALLOWED = ("accounts:otp", "accounts:setup_2fa", "accounts:logout", "accounts:language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            target = self._target(request, user)
            if target:
                return redirect(target)
        return self.get_response(request)

    def _target(self, request, user) -> str | None:
        path = request.path
        allowed = [reverse(name) for name in self.ALLOWED]
        if path in allowed or path.startswith(("/static/", "/api/")):
            # The API answers for itself (see shuhi.core.rest.permissions): no redirects there.
            return None
        if user_has_device(user, confirmed=True):
            return reverse("accounts:otp")
        if user.two_factor_required:
            return reverse("accounts:setup_2fa")
        return None
