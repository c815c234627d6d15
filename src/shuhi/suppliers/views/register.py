"""Supplier register pages: list (tree), detail, create, edit, invite a representative."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.permissions import access_object, can_change, is_home_member
from shuhi.core.viewutils import attach_errors, gated, page_for, paginate
from shuhi.suppliers import permissions as can
from shuhi.suppliers import selectors, services
from shuhi.suppliers.forms import InviteForm, ProfileForm, SupplierCreateForm
from shuhi.suppliers.models import Assessment, Certification, SizeBand, SupplierProfile


@login_required
@require_GET
def supplier_list(request):
    user = request.user
    if user.is_supplier:
        return redirect("suppliers:portal")
    filters = {key: request.GET.get(key, "").strip() for key in selectors.LIST_FILTERS}
    rows = selectors.supplier_rows(user=user, filters=filters)
    return render(request, "suppliers/supplier_list.html", {
        "filters": filters, "sizes": SizeBand.choices, "certifications": Certification.choices,
        "contracts": SupplierProfile.ContractStatus.choices, "statuses": Assessment.Status.choices,
        "can_add": can.can_manage_suppliers(user), "today": timezone.localdate(), **paginate(request, rows),
    })


@login_required
@require_GET
@gated(SupplierProfile)
def supplier_detail(request, pk: int):
    user = request.user
    profile = access_object(user, SupplierProfile, pk)
    organisation = profile.organisation
    assessments = selectors.assessment_list(user=user).filter(supplier=organisation)
    subs = [row for row in selectors.supplier_rows(user=user) if row["org"].parent_id == organisation.pk]
    return render(request, "suppliers/supplier_detail.html", {
        "profile": profile, "organisation": organisation, "assessments": assessments, "subs": subs,
        "interviews": selectors.interviews_about(user=user, supplier=organisation),
        "can_edit": can.can_manage_suppliers(user) and can_change(user, profile),
        "invite_form": InviteForm() if can.can_manage_suppliers(user) and not organisation.is_home else None,
        "today": timezone.localdate(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def supplier_create(request):
    user = request.user
    page_for(can.can_manage_suppliers(user))
    form = SupplierCreateForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.supplier_register(actor=user, name=form.cleaned_data["name"],
                                                 parent=form.cleaned_data["parent"], **form.profile_fields())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been registered.") % {"name": profile.organisation.name})
            return redirect("suppliers:detail", pk=profile.pk)
    return render(request, "suppliers/supplier_form.html", {"form": form, "profile": None})


@login_required
@require_http_methods(["GET", "POST"])
@gated(SupplierProfile)
def supplier_edit(request, pk: int):
    user = request.user
    profile = access_object(user, SupplierProfile, pk, change=True)
    page_for(is_home_member(user))
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(actor=user, profile=SupplierProfile.objects.get(pk=pk), **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("suppliers:detail", pk=pk)
    return render(request, "suppliers/supplier_form.html", {"form": form, "profile": profile})


@login_required
@require_POST
@gated(SupplierProfile)
def supplier_invite(request, pk: int):
    user = request.user
    profile = access_object(user, SupplierProfile, pk)
    page_for(can.can_manage_suppliers(user))
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the representative's name and e-mail address."))
        return redirect("suppliers:detail", pk=pk)
    try:
        _invitation, token = services.representative_invite(actor=user, profile=profile, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("suppliers:detail", pk=pk)
    link = request.build_absolute_uri(redirect("accounts:accept", token=token).url)
    # The invitation e-mail has gone out (accounts.notify); the link is shown too, for when it does not arrive.
    messages.success(request, _("An invitation e-mail has been sent to %(email)s; its link works once, for 7 days. "
                                "If it does not arrive, give %(name)s this link: %(link)s")
                     % {"email": form.cleaned_data["email"], "name": form.cleaned_data["full_name"], "link": link})
    return redirect("suppliers:detail", pk=pk)
