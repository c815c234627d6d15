"""The supplier's side of the disclosure register: what it holds, its NDAs, the leak notices it must answer.

Only supplier users come here; the outsourcer's staff are sent to the register. Nothing the
outsourcer keeps for itself is shown: no policy warnings, no executive exception, no requester's
name (only 委託元), no decision reason unless the request was rejected. The list page names no
other organisation, not even the supplier's own sub-suppliers (the detail pages do).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from shuhi.core.permissions import access_object
from shuhi.core.viewutils import attach_errors, gated, page_for
from shuhi.disclosures import permissions as can
from shuhi.disclosures import selectors
from shuhi.disclosures.forms import EndForm, FileForm, HandOverForm
from shuhi.disclosures.forms_portal import NoticeAnswerForm, RedisclosureForm
from shuhi.disclosures.models import DisclosedFile, Disclosure, LeakNotice, LeakResponse, Nda
from shuhi.disclosures.services import disclosure_request_redisclosure
from shuhi.disclosures.services_leak import leak_notice_answer

ENDED_SHOWN = 50
IN_PROGRESS = (Disclosure.Status.REQUESTED, Disclosure.Status.APPROVED, Disclosure.Status.REJECTED)


def _is_own(user, disclosure: Disclosure) -> bool:
    return disclosure.recipient_id == user.organisation_id


@login_required
@require_GET
def portal(request):
    """The supplier's disclosures grouped by what it must do, its NDAs, and its open leak notices first."""
    user = request.user
    if not user.is_supplier:
        return redirect("disclosures:list")
    today = timezone.localdate()
    rows = list(selectors.disclosures(user).order_by("due_date", "pk"))
    # The outsourcer's own requests stay its business until the hand-over; a supplier follows its own
    # requests to pass secrets on.
    mine = [(d, _is_own(user, d)) for d in rows]
    ended = sorted([r for r in mine if r[0].status in Disclosure.ENDED],
                   key=lambda r: (r[0].ended_on or today, r[0].pk), reverse=True)
    notices = (selectors.leak_notices(user).filter(response__status=LeakResponse.Status.OPEN)
               .order_by("deadline", "pk"))
    ndas = list(selectors.ndas(user, today=today).order_by("ends_on", "pk"))
    return render(request, "disclosures/portal.html", {
        "today": today,
        "to_confirm": [r for r in mine if r[0].status == Disclosure.Status.HANDED_OVER],
        "held": [r for r in mine if r[0].status == Disclosure.Status.RECEIVED],
        "requests": [r for r in mine if r[0].is_redisclosure and r[0].status in IN_PROGRESS],
        "ended": ended[:ENDED_SHOWN], "ended_more": max(len(ended) - ENDED_SHOWN, 0),
        "notices": [(n, n.holder_id == user.organisation_id) for n in notices],
        "ndas": [(n, n.state(today), n.state_label(today)) for n in ndas],
    })


def _files(user, disclosure: Disclosure) -> list[tuple[DisclosedFile, bool]]:
    files = DisclosedFile.objects.visible_to(user).filter(disclosure=disclosure).select_related("asset")
    return [(f, can.can_download_disclosed_file(user, f)) for f in files]


def _detail_context(request, disclosure: Disclosure, *, end_form: EndForm | None = None) -> dict:
    user = request.user
    may_end = can.can_certify_end(user, disclosure)
    may_add = can.can_add_disclosed_file(user, disclosure)
    nda = disclosure.nda if disclosure.nda_id and Nda.objects.visible_to(user).filter(
        pk=disclosure.nda_id).exists() else None
    children = []
    if not disclosure.is_redisclosure:
        children = list(Disclosure.objects.visible_to(user).filter(parent=disclosure).select_related("recipient"))
    parent_visible = disclosure.is_redisclosure and Disclosure.objects.visible_to(user).filter(
        pk=disclosure.parent_id).exists()
    return {
        "disclosure": disclosure, "today": timezone.localdate(), "own": _is_own(user, disclosure),
        "assets": disclosure.assets.select_related("tier").order_by("code"),
        "files": _files(user, disclosure), "nda": nda, "children": children, "parent_visible": parent_visible,
        "overdue": disclosure.is_overdue(timezone.localdate()),
        "can_confirm": can.can_confirm_receipt(user, disclosure),
        "end_form": (end_form or EndForm(disclosure=disclosure)) if may_end else None,
        "can_redisclose": can.can_request_redisclosure(user, disclosure),
        "file_form": FileForm(disclosure=disclosure) if may_add else None,
        "hand_over_form": HandOverForm() if can.can_hand_over(user, disclosure) else None,
        "ended": disclosure.status in Disclosure.ENDED,
        "rejected": disclosure.status == Disclosure.Status.REJECTED,
    }


@login_required
@require_GET
@gated(Disclosure)
def portal_disclosure(request, pk: int):
    disclosure = access_object(request.user, Disclosure, pk)
    if not request.user.is_supplier:
        return redirect("disclosures:detail", pk=disclosure.pk)
    return render(request, "disclosures/portal_disclosure.html", _detail_context(request, disclosure))


@login_required
@require_http_methods(["GET", "POST"])
@gated(Disclosure)
def portal_redisclose(request, pk: int):
    """A supplier asks the outsourcer to let it pass secrets it holds on to one of its sub-suppliers."""
    user = request.user
    page_for(user.is_supplier)
    parent = access_object(user, Disclosure, pk, may=can.can_request_redisclosure)
    form = RedisclosureForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = disclosure_request_redisclosure(actor=user, parent=parent, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Request %(number)s has been sent to the outsourcer for a decision.")
                             % {"number": disclosure.number})
            return redirect("disclosures:portal_disclosure", pk=disclosure.pk)
    return render(request, "disclosures/portal_redisclose.html", {"parent": parent, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_GET
@gated(Nda)
def portal_nda(request, pk: int):
    nda = access_object(request.user, Nda, pk)
    if not request.user.is_supplier:
        return redirect("disclosures:nda", pk=nda.pk)
    today = timezone.localdate()
    held = (Disclosure.objects.visible_to(request.user).filter(nda=nda, status__in=Disclosure.HELD)
            .order_by("due_date", "pk"))
    return render(request, "disclosures/portal_nda.html", {
        "nda": nda, "state": nda.state(today), "state_label": nda.state_label(today), "held": held,
        "categories": _category_labels(nda.scope_categories or []),
        "assets": nda.scope_assets.select_related("tier").order_by("code"),
        "projects": nda.scope_projects.order_by("name"),
        "with_sub": nda.sub_supplier_id is not None,
    })


def _category_labels(values: list[str]) -> list[str]:
    from shuhi.ledger.models import InformationAsset

    names = dict(InformationAsset.Category.choices)
    return [str(names.get(v, v)) for v in values]


@login_required
@require_http_methods(["GET", "POST"])
@gated(LeakNotice)
def portal_notice(request, pk: int):
    """A leak notice: what the outsourcer asks, by when; the holder acknowledges and reports."""
    user = request.user
    notice = access_object(user, LeakNotice, pk)
    if not user.is_supplier:
        return redirect("disclosures:leak", pk=notice.response_id)
    form = NoticeAnswerForm(request.POST or None)
    may_answer = can.can_answer_leak_notice(user, notice)
    if request.method == "POST":
        notice = access_object(user, LeakNotice, pk, may=can.can_answer_leak_notice)
        if form.is_valid():
            first = notice.acknowledged_at is None
            try:
                leak_notice_answer(actor=user, notice=notice, report=form.cleaned_data["report"])
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Acknowledged. The outsourcer has been told.") if first
                                 and not form.cleaned_data["report"].strip() else _("Your report has been sent."))
                return redirect("disclosures:portal_notice", pk=notice.pk)
    now = timezone.now()
    held = notice.disclosures.filter(pk__in=Disclosure.objects.visible_to(user).values("pk")).order_by("number")
    return render(request, "disclosures/portal_notice.html", {
        "notice": notice, "response": notice.response, "held": held, "form": form if may_answer else None,
        "own": notice.holder_id == user.organisation_id,
        "late": notice.deadline is not None and (
            notice.acknowledged_at > notice.deadline if notice.acknowledged_at else now > notice.deadline),
        "reports": [block for block in (notice.report or "").split("\n\n") if block.strip()],
    }, status=400 if request.method == "POST" else 200)
