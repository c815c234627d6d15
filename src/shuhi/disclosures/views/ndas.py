"""NDA pages: list, register, edit, put in force, terminate, and the signed document."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
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
from shuhi.disclosures.forms import DocumentForm, NdaForm, TerminateForm
from shuhi.disclosures.models import Nda
from shuhi.disclosures.views.disclosures import nav
from shuhi.ledger.models import InformationAsset


def _with_state(ndas, today):
    for nda in ndas:
        nda.state_now = nda.state(today)
        nda.state_text = nda.state_label(today)
    return ndas


@login_required
@require_GET
def nda_list(request):
    user = request.user
    if user.is_supplier:
        return redirect("disclosures:portal")
    page_for(is_home_member(user))
    today = timezone.localdate()
    filters = {key: request.GET.get(key, "").strip() for key in ("supplier", "state")}
    context = paginate(request, selectors.ndas(user, today=today, **filters))
    _with_state(context["page_obj"].object_list, today)
    return render(request, "disclosures/nda_list.html", {
        "filters": filters, "states": list(Nda.STATES.items()), "today": today,
        "suppliers": Organisation.objects.visible_to(user).filter(kind=Organisation.Kind.SUPPLIER)
        .select_related("parent").order_by("name"),
        "can_add": can.can_manage_ndas(user), **context, **nav(user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def nda_new(request):
    user = request.user
    page_for(can.can_manage_ndas(user))
    initial = {"supplier": int(request.GET["supplier"])} if request.GET.get("supplier", "").isdigit() else None
    form = NdaForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nda = services.nda_create(actor=user, organisation=user.organisation, supplier=data["supplier"],
                                      sub_supplier=data["sub_supplier"], activate=data["activate"],
                                      **form.nda_fields())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("NDA %(reference)s has been registered.") % {"reference": nda.reference})
            return redirect("disclosures:nda", pk=nda.pk)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "disclosures/nda_form.html", {"form": form, "nda": None, **nav(user)}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@gated(Nda)
def nda_edit(request, pk: int):
    user = request.user
    page_for(is_home_member(user))
    nda = access_object(user, Nda, pk, may=can.can_manage_ndas)
    form = NdaForm(request.POST or None, user=user, nda=nda)
    if request.method == "POST" and form.is_valid():
        try:
            services.nda_update(actor=user, nda=nda, **form.nda_fields())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("disclosures:nda", pk=nda.pk)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "disclosures/nda_form.html", {"form": form, "nda": nda, **nav(user)}, status=status)


@login_required
@require_GET
@gated(Nda)
def nda_detail(request, pk: int):
    user = request.user
    page_for(is_home_member(user))
    nda = access_object(user, Nda, pk)
    today = timezone.localdate()
    manage = can.can_manage_ndas(user, nda)
    return render(request, "disclosures/nda_detail.html", {
        "nda": nda, "state": nda.state(today), "state_text": nda.state_label(today), "today": today,
        "categories": [label for value, label in InformationAsset.Category.choices
                       if value in (nda.scope_categories or [])],
        "projects": nda.scope_projects.order_by("name"),
        "assets": nda.scope_assets.select_related("tier").order_by("code"),
        "reminders": nda.reminders.all(), "disclosures": selectors.disclosures(user).filter(nda=nda),
        "can_manage": manage, "can_edit": manage and nda.status != Nda.Status.TERMINATED,
        "can_activate": manage and nda.status == Nda.Status.DRAFT,
        "terminate_form": TerminateForm() if manage and nda.status != Nda.Status.TERMINATED else None,
        "document_form": DocumentForm() if manage else None, **nav(user),
    })


@login_required
@require_POST
@gated(Nda)
def nda_activate_view(request, pk: int):
    user = request.user
    nda = access_object(user, Nda, pk, may=can.can_manage_ndas)
    try:
        services.nda_activate(actor=user, nda=nda)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("NDA %(reference)s is now in force.") % {"reference": nda.reference})
    return redirect("disclosures:nda", pk=nda.pk)


@login_required
@require_POST
@gated(Nda)
def nda_terminate_view(request, pk: int):
    user = request.user
    nda = access_object(user, Nda, pk, may=can.can_manage_ndas)
    form = TerminateForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the NDA ends early."))
        services.nda_terminate(actor=user, nda=nda, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("NDA %(reference)s has been terminated.") % {"reference": nda.reference})
    return redirect("disclosures:nda", pk=nda.pk)


@login_required
@require_http_methods(["GET", "POST"])
@gated(Nda)
def nda_document(request, pk: int):
    """GET: the signed copy, for anyone who can see the NDA. POST: upload it (NDA managers)."""
    user = request.user
    if request.method == "POST":
        return _document_upload(request, access_object(user, Nda, pk, may=can.can_manage_ndas))
    nda = access_object(user, Nda, pk)
    if not nda.document:
        raise Http404(_("Not found."))
    try:
        handle = nda.document.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Not found.")) from exc
    suffix = "." + nda.document.name.rsplit(".", 1)[-1].lower() if "." in nda.document.name else ""
    content_type = EVIDENCE_TYPES.get(suffix, ("application/octet-stream",))[0]
    response = FileResponse(handle, as_attachment=True, filename=nda.document_name or f"{nda.reference}{suffix}",
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return private_download(response)


def _document_upload(request, nda: Nda):
    form = DocumentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose the file of the signed contract."))
        services.nda_attach_document(actor=request.user, nda=nda, upload=form.cleaned_data["file"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The signed document has been attached."))
    return redirect("disclosures:nda", pk=nda.pk)
