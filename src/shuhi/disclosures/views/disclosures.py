"""The outsourcer's disclosure register: list, request, detail and the workflow steps.

The steps a holder takes too (confirm the receipt, certify the end) and those a supplier takes for
its own re-disclosures (add a file, hand over, withdraw) answer suppliers as well: the `can_`
function is the gate, and a supplier is sent back to its portal.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.downloads import private_download
from shuhi.core.models import Organisation
from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.storage import EVIDENCE_TYPES
from shuhi.core.viewutils import attach_errors, gated, page_for, paginate
from shuhi.disclosures import permissions as can
from shuhi.disclosures import selectors, services
from shuhi.disclosures.forms import (
    DecideForm,
    DisclosureRequestForm,
    EndForm,
    FileForm,
    HandOverForm,
    WithdrawForm,
)
from shuhi.disclosures.models import DisclosedFile, Disclosure
from shuhi.ledger.models import InformationAsset

LIST_FILTERS = ("status", "supplier", "asset", "q")


def _back(user, disclosure: Disclosure):
    """Where an action returns: the supplier's portal page or the register's detail page."""
    if user.is_supplier:
        return redirect("disclosures:portal_disclosure", pk=disclosure.pk)
    return redirect("disclosures:detail", pk=disclosure.pk)


def nav(user) -> dict:
    """The sub-navigation shows the policy and the leak responses only to those who may read them."""
    return {"nav_full": can.can_read_holders(user)}


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
@require_GET
def disclosure_list(request):
    user = request.user
    if user.is_supplier:
        return redirect("disclosures:portal")
    page_for(is_home_member(user))
    filters = {key: request.GET.get(key, "").strip() for key in LIST_FILTERS}
    rows = selectors.disclosures(user, **filters).prefetch_related("assets__tier")
    return render(request, "disclosures/disclosure_list.html", {
        "filters": filters, "statuses": Disclosure.Status.choices,
        "groups": [("open", _("Open (requested or approved)")), ("held", _("Held by the supplier")),
                   ("ended", _("Returned or destroyed"))],
        "suppliers": Organisation.objects.visible_to(user).filter(kind=Organisation.Kind.SUPPLIER)
        .select_related("parent").order_by("name"),
        "assets": InformationAsset.objects.visible_to(user).order_by("code"),
        "can_request": can.can_request_disclosure(user), "today": timezone.localdate(),
        **paginate(request, rows), **nav(user),
    })


def _initial_request(request) -> dict:
    initial = {}
    if request.GET.get("supplier", "").isdigit():
        initial["supplier"] = int(request.GET["supplier"])
    if request.GET.get("asset", "").isdigit():
        initial["assets"] = [int(request.GET["asset"])]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_new(request):
    user = request.user
    page_for(can.can_request_disclosure(user))
    form = DisclosureRequestForm(request.POST or None, user=user, initial=_initial_request(request))
    verdict = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "check":
            verdict = services.check_policy(organisation=user.organisation, **form.policy_fields())
        else:
            try:
                disclosure = services.disclosure_request(actor=user, organisation=user.organisation,
                                                         **form.service_fields())
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Disclosure %(number)s has been requested.")
                                 % {"number": disclosure.number})
                if disclosure.warnings:
                    messages.warning(request, _("The policy raised warnings: see them below."))
                return redirect("disclosures:detail", pk=disclosure.pk)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "disclosures/disclosure_new.html", {"form": form, "verdict": verdict, **nav(user)},
                  status=status)


def _timeline(d: Disclosure) -> list[dict]:
    steps = [{"label": _("Requested"), "by": d.requested_by, "at": d.requested_at, "note": ""}]
    if d.decided_at:
        label = _("Rejected") if d.status == Disclosure.Status.REJECTED else _("Approved")
        steps.append({"label": label, "by": d.decided_by, "at": d.decided_at, "note": d.decision_reason})
    if d.handed_over_on:
        steps.append({"label": _("Handed over"), "by": d.handed_over_by, "at": d.handed_over_on, "note": "",
                      "day": True})
    if d.received_at:
        steps.append({"label": _("Receipt confirmed"), "by": d.received_by, "at": d.received_at, "note": ""})
    if d.ended_on:
        steps.append({"label": d.get_status_display(), "by": d.ended_by, "at": d.ended_on,
                      "note": d.end_statement, "day": True})
    if d.status == Disclosure.Status.CANCELLED:
        steps.append({"label": _("Withdrawn"), "by": None, "at": d.updated_at, "note": d.decision_reason})
    return steps


def _exception_assets(d: Disclosure, assets: list) -> list:
    policy = services.policy_for(d.organisation)
    tiers = set(policy.exception_tiers.values_list("pk", flat=True))
    return [a for a in assets if a.tier_id in tiers]


def _flags(user, d: Disclosure) -> dict:
    return {
        "can_decide": can.can_decide_disclosure(user, d), "can_add_file": can.can_add_disclosed_file(user, d),
        "can_hand_over": can.can_hand_over(user, d), "can_withdraw": can.can_withdraw_disclosure(user, d),
        "can_receipt": can.can_confirm_receipt(user, d), "can_end": can.can_certify_end(user, d),
        "can_request": can.can_request_disclosure(user),
    }


@login_required
@require_GET
@gated(Disclosure)
def disclosure_detail(request, pk: int):
    user = request.user
    page_for(is_home_member(user))
    d = access_object(user, Disclosure, pk)
    assets = list(d.assets.select_related("tier", "department").order_by("code"))
    today = timezone.localdate()
    flags = _flags(user, d)
    exception_assets = _exception_assets(d, assets) if flags["can_decide"] else []
    # What would stop an approval besides the exception, which the form below asks for.
    decision_check = services.check_policy(d, deciding=True, exception_given=True) if flags["can_decide"] else None
    return render(request, "disclosures/disclosure_detail.html", {
        "d": d, "assets": assets, "files": list(d.files.select_related("asset", "added_by")),
        "redisclosures": selectors.disclosures(user).filter(parent=d).select_related("recipient"),
        "parent": Disclosure.objects.visible_to(user).filter(pk=d.parent_id).first() if d.parent_id else None,
        "nda": d.nda, "nda_state": d.nda.state_label(today) if d.nda_id else "", "timeline": _timeline(d),
        "today": today,
        "ended": d.status in Disclosure.ENDED, "exception_assets": exception_assets,
        "decision_check": decision_check, **flags,
        "decide_form": DecideForm(exception=bool(exception_assets)) if flags["can_decide"] else None,
        "file_form": FileForm(disclosure=d) if flags["can_add_file"] else None,
        "hand_over_form": HandOverForm() if flags["can_hand_over"] else None,
        "withdraw_form": WithdrawForm() if flags["can_withdraw"] else None,
        "end_form": EndForm(disclosure=d) if flags["can_end"] else None, **nav(user),
    })


@login_required
@require_POST
@gated(Disclosure)
def disclosure_decide_view(request, pk: int):
    user = request.user
    d = access_object(user, Disclosure, pk, may=can.can_decide_disclosure)
    form = DecideForm(request.POST, exception=True)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to reject."))
        return _back(user, d)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.disclosure_decide(actor=user, disclosure=d, approve=approve, reason=form.cleaned_data["reason"],
                                   exception_executive=form.cleaned_data["exception_executive"],
                                   exception_reason=form.cleaned_data["exception_reason"])
    except ValidationError as exc:
        _error(request, exc)
    else:
        text = _("Disclosure %(number)s has been approved.") if approve \
            else _("Disclosure %(number)s has been rejected.")
        messages.success(request, text % {"number": d.number})
    return _back(user, d)


@login_required
@require_POST
@gated(Disclosure)
def disclosure_file_add(request, pk: int):
    user = request.user
    d = access_object(user, Disclosure, pk, may=can.can_add_disclosed_file)
    form = FileForm(request.POST, request.FILES, disclosure=d)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(user, d)
    try:
        record = services.disclosed_file_add(actor=user, disclosure=d, upload=form.cleaned_data["file"],
                                             asset=form.cleaned_data["asset"])
    except ValidationError as exc:
        _error(request, exc)
    else:
        if record.stamped:
            messages.success(request, _("%(name)s has been stamped and added as %(fingerprint)s.")
                             % {"name": record.original_name, "fingerprint": record.fingerprint})
        else:
            messages.success(request, _("%(name)s has been added without a stamp (the policy does not require one "
                                        "for its tier).") % {"name": record.original_name})
    return _back(user, d)


@login_required
@require_POST
@gated(DisclosedFile)
def disclosed_file_remove_view(request, pk: int):
    user = request.user
    record = access_object(user, DisclosedFile, pk)
    d = access_object(user, Disclosure, record.disclosure_id, may=can.can_add_disclosed_file)
    try:
        services.disclosed_file_remove(actor=user, disclosure=d, file=record)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("%(name)s has been removed.") % {"name": record.original_name})
    return _back(user, d)


@login_required
@require_GET
@gated(DisclosedFile)
def disclosed_file_download(request, pk: int):
    user = request.user
    record = access_object(user, DisclosedFile, pk, may=can.can_download_disclosed_file)
    handle = services.open_file(record)
    if handle is None:
        raise Http404(_("Not found."))
    services.disclosed_file_downloaded(actor=user, file=record)
    content_type = EVIDENCE_TYPES.get(Path(record.original_name).suffix.lower(), ("application/octet-stream",))[0]
    response = FileResponse(handle, as_attachment=True, filename=record.original_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return private_download(response)


@login_required
@require_POST
@gated(Disclosure)
def disclosure_hand_over_view(request, pk: int):
    user = request.user
    d = access_object(user, Disclosure, pk, may=can.can_hand_over)
    form = HandOverForm(request.POST)
    on = form.cleaned_data["on"] if form.is_valid() else None
    try:
        services.disclosure_hand_over(actor=user, disclosure=d, on=on)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Disclosure %(number)s has been handed over.") % {"number": d.number})
    return _back(user, d)


@login_required
@require_POST
@gated(Disclosure)
def disclosure_withdraw_view(request, pk: int):
    user = request.user
    d = access_object(user, Disclosure, pk, may=can.can_withdraw_disclosure)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.disclosure_withdraw(actor=user, disclosure=d, reason=reason)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Disclosure %(number)s has been withdrawn.") % {"number": d.number})
    return _back(user, d)


@login_required
@require_POST
@gated(Disclosure)
def disclosure_receipt_view(request, pk: int):
    user = request.user
    d = access_object(user, Disclosure, pk, may=can.can_confirm_receipt)
    try:
        services.disclosure_confirm_receipt(actor=user, disclosure=d)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The receipt of %(number)s has been recorded.") % {"number": d.number})
    return _back(user, d)


@login_required
@require_POST
@gated(Disclosure)
def disclosure_end_view(request, pk: int):
    user = request.user
    d = access_object(user, Disclosure, pk, may=can.can_certify_end)
    form = EndForm(request.POST, disclosure=d)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(user, d)
    try:
        services.disclosure_certify_end(actor=user, disclosure=d, method=form.cleaned_data["method"],
                                        statement=form.cleaned_data["statement"], on=form.cleaned_data["on"])
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The return or destruction of %(number)s has been certified.")
                         % {"number": d.number})
    return _back(user, d)


@login_required
@require_GET
@gated(Disclosure)
def disclosure_certificate(request, pk: int):
    from shuhi.disclosures.certificate import render_certificate

    d = access_object(request.user, Disclosure, pk)
    if d.status not in Disclosure.ENDED:
        raise Http404(_("Not found."))
    response = HttpResponse(render_certificate(d), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{d.number}-certificate.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return private_download(response)

