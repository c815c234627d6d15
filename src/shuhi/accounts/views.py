from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from shuhi.accounts import selectors, services
from shuhi.accounts import services_backup_codes as backup_codes
from shuhi.accounts.forms import (
    AcceptInvitationForm,
    ConfirmIdentityForm,
    InvitationForm,
    LoginForm,
    OTPForm,
    SecondStepForm,
)
from shuhi.accounts.models import Invitation
from shuhi.accounts.permissions import can_invite
from shuhi.core.permissions import access_object, can_change_own_account
from shuhi.core.services import user_set_language
from shuhi.core.viewutils import attach_errors, gated, page_for, paginate, safe_next
from shuhi.notifications.models import Delivery
from shuhi.notifications.selectors import delivery_of
from shuhi.notifications.services import preference_set


def locked_out(request, credentials=None, *args, **kwargs):
    return render(request, "accounts/locked_out.html", status=429)


@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(safe_next(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"].lower(), password=form.cleaned_data["password"]
        )
        if user is None:
            form.add_error(None, _("The e-mail address or the password is wrong."))
        else:
            login(request, user)
            if user_has_device(user, confirmed=True):
                return redirect(f"{redirect('accounts:otp').url}?next={safe_next(request)}")
            services.record_login(user=user, method="password")
            if user.two_factor_required:
                messages.info(request, _("Your role requires two-factor authentication. Set it up now."))
                return redirect("accounts:setup_2fa")
            return redirect(safe_next(request))
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


@login_required
@require_http_methods(["GET", "POST"])
def otp_view(request):
    if request.user.is_verified():
        return redirect(safe_next(request))
    form = SecondStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        if backup_codes.looks_like_backup_code(code):
            device, method = backup_codes.backup_code_use(user=request.user, code=code), "password+backup-code"
        else:
            code = code.replace(" ", "")
            device = next(
                (d for d in TOTPDevice.objects.filter(user=request.user, confirmed=True) if d.verify_token(code)),
                None,
            )
            method = "password+totp"
        if device is None:
            form.add_error("code", _("That code is not valid. Check the time on your phone and try again."))
        else:
            otp_login(request, device)
            services.record_login(user=request.user, method=method)
            if method == "password+backup-code":
                left = backup_codes.remaining(request.user)
                messages.warning(request, _("You logged in with a backup code; it cannot be used again. "
                                            "%(left)s codes remain.") % {"left": left})
                return redirect("accounts:backup_codes")
            return redirect(safe_next(request))
    return render(request, "accounts/otp.html", {"form": form, "next": request.GET.get("next", "")})


@login_required
@require_http_methods(["GET", "POST"])
def setup_2fa(request):
    user = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect("accounts:otp")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    form = OTPForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        if services.totp_device_confirm(user=user, device=device, code=form.cleaned_data["code"]):
            otp_login(request, device)
            codes = backup_codes.backup_codes_generate(actor=user, user=user)
            messages.success(request, _("Two-factor authentication is on."))
            # Rendered, not redirected: the codes exist in clear only in this one response.
            return _show_codes(request, codes, first=True)
        form.add_error("code", _("That code is not valid. Check the time on your phone and try again."))
    if device is None or request.method == "GET":
        device = services.totp_device_start(user=user)
    qr = segno.make(device.config_url, micro=False).svg_data_uri(scale=4)
    return render(request, "accounts/setup_2fa.html", {
        "form": form, "qr": qr, "secret": _base32(device), "required": user.two_factor_required,
    })


def _show_codes(request, codes: list[str], *, first: bool = False):
    response = render(request, "accounts/backup_codes_new.html", {"codes": codes, "first": first})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def backup_codes_page(request):
    """How many codes remain, and new ones after the password or a current code is given again."""
    user = request.user
    page_for(user_has_device(user, confirmed=True) and can_change_own_account(user, user))
    form = ConfirmIdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _confirms_identity(request, form.cleaned_data["confirmation"]):
            return _show_codes(request, backup_codes.backup_codes_generate(actor=user, user=user))
        form.add_error("confirmation", _("That is neither your password nor a current code."))
    return render(request, "accounts/backup_codes.html", {
        "form": form, "remaining": backup_codes.remaining(user), "has_codes": backup_codes.device_of(user) is not None,
    })


def _confirms_identity(request, given: str) -> bool:
    digits = given.replace(" ", "")
    if digits.isdigit() and len(digits) == 6:
        return any(d.verify_token(digits) for d in TOTPDevice.objects.filter(user=request.user, confirmed=True))
    # Through authenticate(), so that guessing here counts towards the same lock-out as the log-in page.
    return authenticate(request, username=request.user.email, password=given) is not None


@login_required
@require_POST
def backup_codes_download(request):
    """The codes just shown, as a text file; only codes that are the user's own and unused."""
    codes = request.POST.getlist("code")
    if not backup_codes.codes_belong_to(request.user, codes):
        raise Http404(_("Not found."))
    lines = [_("shuhi backup codes for %(email)s") % {"email": request.user.email},
             _("Each code can be used once, in place of the code from your authenticator app."), "", *codes, ""]
    response = HttpResponse("\r\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="shuhi-backup-codes.txt"'
    response["Cache-Control"] = "no-store"
    return response


def _base32(device: TOTPDevice) -> str:
    """The key in groups of four, for typing into an app when the QR code cannot be scanned."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("accounts:login")


@require_POST
def language_view(request):
    language = request.POST.get("language", "")
    if language not in {"ja", "en"}:
        language = "ja"
    if request.user.is_authenticated:
        user_set_language(actor=request.user, user=request.user, language=language)
    response = redirect(safe_next(request))
    # The cookie carries the choice to the log-in page and for visitors without an account.
    response.set_cookie("django_language", language, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    password_form = PasswordChangeForm(user, request.POST if request.POST.get("form") == "password" else None)
    new_token = None
    if request.method == "POST":
        action = request.POST.get("form")
        if action == "password" and password_form.is_valid():
            services.user_password_change(actor=user, user=user, password=password_form.cleaned_data["new_password1"])
            update_session_auth_hash(request, password_form.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("accounts:profile")
        if action == "token-create":
            _instance, new_token = services.api_token_create(actor=user, user=user, days=90)
        if action == "token-revoke":
            services.api_token_revoke(actor=user, user=user, token_key=request.POST.get("token_key", ""))
            messages.success(request, _("The token has been revoked."))
            return redirect("accounts:profile")
        if action == "notifications" and request.POST.get("delivery") in Delivery.values:
            preference_set(actor=user, user=user, delivery=request.POST["delivery"])
            messages.success(request, _("Your e-mail preference has been saved."))
            return redirect("accounts:profile")
        if action == "2fa-off":
            try:
                services.totp_device_remove(actor=user, user=user)
                messages.success(request, _("Two-factor authentication is off."))
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {
        "password_form": password_form,
        "has_2fa": user_has_device(user, confirmed=True),
        "backup_codes_left": backup_codes.remaining(user),
        "tokens": AuthToken.objects.filter(user=user).order_by("-created"),
        "new_token": new_token,
        "delivery": delivery_of(user), "deliveries": Delivery.choices,
    })


def _require_inviter(user) -> None:
    if not can_invite(user):
        raise Http404(_("Not found."))


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request):
    _require_inviter(request.user)
    form = InvitationForm(request.POST or None, user=request.user)
    link = None
    if request.method == "POST" and form.is_valid():
        try:
            _invitation, token = services.invitation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            link = request.build_absolute_uri(redirect("accounts:accept", token=token).url)
            form = InvitationForm(user=request.user)
    listing = selectors.invitation_list(user=request.user)
    return render(request, "accounts/invitations.html", {"form": form, "link": link, **paginate(request, listing)})


@login_required
@require_POST
@gated(Invitation)
def invitation_revoke(request, pk: int):
    _require_inviter(request.user)
    invitation = access_object(request.user, Invitation, pk, change=True)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
        messages.success(request, _("The invitation has been revoked."))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("accounts:invitations")


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["password1"])
        except ValidationError as exc:
            attach_errors(form, exc, default_field="password1")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to shuhi."))
            return redirect("accounts:setup_2fa" if user.two_factor_required else "core:dashboard")
    return render(request, "accounts/accept.html", {"form": form, "invitation": invitation})
