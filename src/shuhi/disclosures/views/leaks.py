"""The outsourcer's leak response: trace a leaked copy, open a response that reaches every holder in the
chain, follow their answers; who holds an asset now; the evidence pack of an asset.

Suppliers never see these pages (404): they answer their notices in the portal.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.permissions import access_object
from shuhi.core.rest.params import parse_int
from shuhi.core.viewutils import attach_errors, gated, page_for, paginate
from shuhi.disclosures import permissions as can
from shuhi.disclosures import selectors
from shuhi.disclosures.forms_leaks import CloseForm, LeakNewForm, NoteForm, TraceForm
from shuhi.disclosures.models import DisclosedFile, LeakResponse
from shuhi.disclosures.services_leak import (
    TraceResult,
    leak_response_close,
    leak_response_note,
    leak_response_open,
    leaked_file_trace,
)
from shuhi.ledger.models import InformationAsset

# The last trace, kept between the upload and the opening of a response: never the file itself.
TRACE_KEY = "disclosures.leak_trace"


def _channel_names() -> dict[str, str]:
    return {
        "pdf_info": _("PDF document properties"), "xmp": _("XMP metadata"),
        "custom_property": _("Custom document property"), "visible_reference": _("Reference printed in the mark"),
        "hidden_text": _("Hidden text"), "zero_width": _("Invisible characters in the text"),
    }


def _channels(trace: dict | None) -> list[dict]:
    """The channels of a trace result with a name a manager reads."""
    names = _channel_names()
    rows = (trace or {}).get("channels") or []
    return [{**c, "label": names.get(c.get("channel"), c.get("channel"))} for c in rows if isinstance(c, dict)]


@login_required
@require_GET
def leak_list(request):
    user = request.user
    page_for(can.can_read_holders(user))
    status = request.GET.get("status", "")
    rows = selectors.leak_responses(user, status=status if status in LeakResponse.Status.values else "")
    return render(request, "disclosures/leak_list.html", {
        "status": status, "statuses": LeakResponse.Status.choices, "can_respond": can.can_respond_to_leak(user),
        **paginate(request, rows.order_by("status", "-opened_at", "-pk")),
    })


def _stored_trace(request) -> dict | None:
    stored = request.session.get(TRACE_KEY)
    return stored if isinstance(stored, dict) and isinstance(stored.get("trace"), dict) else None


def _traced_file(user, stored: dict | None) -> DisclosedFile | None:
    file_id = parse_int(stored.get("file_id")) if stored and stored.get("file_id") is not None else None
    if file_id is None:
        return None
    return (DisclosedFile.objects.visible_to(user).select_related("disclosure", "disclosure__recipient",
                                                                   "disclosure__supplier", "asset")
            .filter(pk=file_id).first())


def _open_form(user, stored: dict, found: DisclosedFile | None, data=None) -> LeakNewForm:
    """The response form after a trace: the asset among the traced disclosure's, the title from the file."""
    asset = found.asset if found else None
    form = LeakNewForm(data, user=user, initial={
        "asset": asset.pk if asset else None,
        "title": _("Leaked copy of %(name)s") % {"name": stored.get("name", "")},
    })
    if found is not None:
        assets = form.fields["asset"].queryset.filter(pk__in=found.disclosure.assets.values("pk"))
        form.fields["asset"].queryset = assets
        if asset is None and assets.count() == 1:
            form.initial["asset"] = assets.first().pk
    return form


@login_required
@require_http_methods(["GET", "POST"])
def leak_trace(request):
    """Step 1: upload a copy found outside and read its fingerprint. Step 2: open a response from it."""
    user = request.user
    page_for(can.can_respond_to_leak(user))
    trace_form = TraceForm()
    stored = _stored_trace(request)
    found = _traced_file(user, stored)
    open_form = _open_form(user, stored, found) if stored else None
    status = 200
    if request.method == "POST" and request.POST.get("step") == "open" and stored:
        open_form = _open_form(user, stored, found, request.POST)
        if open_form.is_valid():
            traced = TraceResult(name=stored["name"], sha256=stored["sha256"], trace=stored["trace"], file=found)
            try:
                response = leak_response_open(actor=user, organisation=user.organisation, traced=traced,
                                              **open_form.cleaned_data)
            except ValidationError as exc:
                attach_errors(open_form, exc)
            else:
                request.session.pop(TRACE_KEY, None)
                messages.success(request, _("Response %(number)s opened: %(n)s holders notified.")
                                 % {"number": response.number, "n": response.notices.count()})
                return redirect("disclosures:leak", pk=response.pk)
        status = 400
    elif request.method == "POST":
        trace_form = TraceForm(request.POST, request.FILES)
        if trace_form.is_valid():
            try:
                result = leaked_file_trace(actor=user, upload=trace_form.cleaned_data["file"])
            except ValidationError as exc:
                attach_errors(trace_form, exc, "file")
            else:
                request.session[TRACE_KEY] = {"name": result.name, "sha256": result.sha256,
                                              "trace": json.loads(json.dumps(result.trace, default=str)),
                                              "file_id": result.file.pk if result.file else None}
                return redirect("disclosures:leak_trace")
        status = 400
    return render(request, "disclosures/leak_trace.html", {
        "trace_form": trace_form, "stored": stored, "found": found, "open_form": open_form,
        "channels": _channels((stored or {}).get("trace")),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def leak_new(request):
    """A response started from an asset, without a leaked copy."""
    user = request.user
    page_for(can.can_respond_to_leak(user))
    initial = {}
    asset_id = parse_int(request.GET.get("asset", ""))
    if asset_id is not None:
        initial["asset"] = asset_id
    form = LeakNewForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            response = leak_response_open(actor=user, organisation=user.organisation, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Response %(number)s opened: %(n)s holders notified.")
                             % {"number": response.number, "n": response.notices.count()})
            return redirect("disclosures:leak", pk=response.pk)
    return render(request, "disclosures/leak_new.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _notice_rows(response: LeakResponse) -> list[dict]:
    now = timezone.now()
    rows = []
    for notice in response.notices.select_related("holder", "supplier", "acknowledged_by").prefetch_related(
            "disclosures"):
        deadline = notice.deadline
        late = deadline is not None and (notice.acknowledged_at > deadline if notice.acknowledged_at
                                         else now > deadline)
        rows.append({"notice": notice, "late": late, "sub": notice.holder_id != notice.supplier_id,
                     "numbers": ", ".join(d.number for d in notice.disclosures.all()),
                     "reports": [b for b in (notice.report or "").split("\n\n") if b.strip()]})
    return rows


@login_required
@require_GET
@gated(LeakResponse)
def leak_detail(request, pk: int):
    user = request.user
    page_for(can.can_read_holders(user))
    response = access_object(user, LeakResponse, pk)
    notices = _notice_rows(response)
    may = can.can_respond_to_leak(user, response) and response.status == LeakResponse.Status.OPEN
    return render(request, "disclosures/leak_detail.html", {
        "response": response, "holders": selectors.holders(response.asset), "notices": notices,
        "acknowledged": sum(1 for n in notices if n["notice"].acknowledged_at),
        "events": response.events.all(), "traced": response.traced_disclosure,
        "channels": _channels(response.trace),
        "note_form": NoteForm() if may else None, "close_form": CloseForm() if may else None,
    })


@login_required
@require_POST
@gated(LeakResponse)
def leak_note(request, pk: int):
    user = request.user
    page_for(can.can_read_holders(user))
    response = access_object(user, LeakResponse, pk, may=can.can_respond_to_leak)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what happened."))
        return redirect("disclosures:leak", pk=pk)
    try:
        leak_response_note(actor=user, response=response, text=form.cleaned_data["text"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Added to the timeline."))
    return redirect("disclosures:leak", pk=pk)


@login_required
@require_POST
@gated(LeakResponse)
def leak_close(request, pk: int):
    user = request.user
    page_for(can.can_read_holders(user))
    response = access_object(user, LeakResponse, pk, may=can.can_respond_to_leak)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Sum up the outcome before closing."))
        return redirect("disclosures:leak", pk=pk)
    try:
        leak_response_close(actor=user, response=response, summary=form.cleaned_data["summary"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The response has been closed."))
    return redirect("disclosures:leak", pk=pk)


def _asset_for_holders(request, pk: int) -> InformationAsset:
    page_for(can.can_read_holders(request.user))
    return access_object(request.user, InformationAsset, pk, may=can.can_read_holders)


@login_required
@require_GET
@gated(InformationAsset)
def holders_view(request, pk: int):
    """Who holds this asset now, at every tier of the chain."""
    asset = _asset_for_holders(request, pk)
    found = selectors.holders(asset)
    return render(request, "disclosures/holders.html", {
        "asset": asset, "holders": found, "today": timezone.localdate(),
        "can_respond": can.can_respond_to_leak(request.user),
        "responses": LeakResponse.objects.visible_to(request.user).filter(asset=asset).order_by("-opened_at")[:10],
    })


def _pack(request, pk: int) -> tuple[InformationAsset, dict]:
    from shuhi.disclosures.evidence import build_pack

    asset = _asset_for_holders(request, pk)
    return asset, build_pack(asset, user=request.user)


@login_required
@require_GET
@gated(InformationAsset)
def evidence_pack(request, pk: int):
    """The evidence pack of an asset: its ledger record, NDAs, disclosures, files and holders."""
    asset, pack = _pack(request, pk)
    return render(request, "disclosures/evidence.html", {"asset": asset, "pack": pack,
                                                         "pack_json": json.dumps(pack, ensure_ascii=False, indent=2,
                                                                                 default=str)})


@login_required
@require_GET
@gated(InformationAsset)
def evidence_pack_pdf(request, pk: int):
    from shuhi.disclosures.evidence import render_pack_pdf

    asset, pack = _pack(request, pk)
    response = HttpResponse(render_pack_pdf(pack), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="evidence-{asset.pk}.pdf"'
    return response


@login_required
@require_GET
@gated(InformationAsset)
def evidence_pack_json(request, pk: int):
    asset, pack = _pack(request, pk)
    response = JsonResponse(pack, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="evidence-{asset.pk}.json"'
    return response
