from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.audit.selectors import object_history
from shuhi.core.models import Department, Project
from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.rest.params import parse_int
from shuhi.core.viewutils import attach_errors, gated, page_for, paginate, safe_next
from shuhi.ledger import permissions as can
from shuhi.ledger import selectors, services
from shuhi.ledger.classification import suggest_tier, trade_secret_requirements
from shuhi.ledger.forms import AssetForm, LocationForm, RetierForm
from shuhi.ledger.models import ClassificationRule, InformationAsset, StorageLocation

FILTER_KEYS = ("q", "tier", "department", "category", "trade_secret", "finding", "sort")


@login_required
@require_GET
def asset_list(request):
    user = request.user
    page_for(is_home_member(user))
    filters = {key: request.GET.get(key, "").strip() for key in FILTER_KEYS}
    assets = selectors.asset_list(user=user, filters=filters)
    finding_kinds = {}
    if can.can_self_check(user):
        from shuhi.ledger import checks

        finding_kinds = checks.FINDING_KINDS
        if filters["finding"] in finding_kinds:
            # Checked over everything the user may see, not the filtered page: a tier filter would
            # otherwise hide the other side of an inconsistent pair.
            visible = InformationAsset.objects.visible_to(user)
            assets = assets.filter(pk__in=checks.asset_ids_with(filters["finding"], user.organisation, assets=visible))
    context = {
        "filters": filters,
        "tiers": selectors.tier_list(user=user),
        "departments": Department.objects.visible_to(user).filter(organisation=user.organisation),
        "categories": InformationAsset.Category.choices,
        "finding_kinds": finding_kinds,
        "can_add": can.can_add_asset(user),
        "can_retier": can.can_manage_ledger(user),
        "retier_form": RetierForm(user=user) if can.can_manage_ledger(user) else None,
        **paginate(request, assets),
    }
    template = "ledger/asset_rows.html" if request.htmx else "ledger/asset_list.html"
    return render(request, template, context)


@login_required
@require_GET
@gated(InformationAsset)
def asset_detail(request, pk: int):
    user = request.user
    asset = access_object(user, InformationAsset, pk)
    locations = selectors.asset_locations(user=user, asset=asset)
    tiers = list(selectors.tier_list(user=user).filter(organisation=asset.organisation))
    min_rank = min((t.rank for t in tiers), default=0)
    rules = ClassificationRule.objects.visible_to(user).filter(organisation=asset.organisation)
    return render(request, "ledger/asset_detail.html", {
        "asset": asset,
        "locations": locations,
        "projects": Project.objects.visible_to(user).filter(assets=asset),
        "requirements": trade_secret_requirements(asset, locations, min_rank),
        "suggestion": suggest_tier(rules.select_related("tier_if_yes"), asset.rule_answers or {}, tiers),
        "history": object_history(user=user, obj=asset)[:50],
        "can_edit": can.can_edit_asset(user, asset),
    })


def _save_asset(request, form: AssetForm, asset: InformationAsset | None):
    data = form.service_fields()
    projects, locations = data.pop("projects"), data.pop("locations")
    try:
        with transaction.atomic():
            if asset is None:
                return services.asset_create(actor=request.user, organisation=request.user.organisation,
                                             projects=projects, locations=locations, rule_answers=form.answers(),
                                             **data)
            return services.asset_update(actor=request.user, asset=asset, reason=form.cleaned_data["reason"],
                                         projects=projects, locations=locations, rule_answers=form.answers(),
                                         **data)
    except ValidationError as exc:
        attach_errors(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def asset_create_view(request):
    user = request.user
    page_for(is_home_member(user))
    page_for(can.can_add_asset(user))
    # A department manager adds to their own department: start the form there.
    initial = {} if can.can_manage_ledger(user) else {"department": user.department, "owner": user}
    form = AssetForm(request.POST or None, user=user, organisation=user.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        asset = _save_asset(request, form, None)
        if asset is not None:
            messages.success(request, _("%(code)s has been added to the ledger.") % {"code": asset.code})
            return redirect("ledger:detail", pk=asset.pk)
    return render(request, "ledger/asset_form.html", {"form": form, "asset": None})


@login_required
@require_http_methods(["GET", "POST"])
@gated(InformationAsset)
def asset_edit(request, pk: int):
    asset = access_object(request.user, InformationAsset, pk, may=can.can_edit_asset)
    form = AssetForm(request.POST or None, instance=asset, user=request.user, organisation=asset.organisation)
    if request.method == "POST" and form.is_valid():
        # The form validated a copy; reload so the service records the true "before".
        saved = _save_asset(request, form, InformationAsset.objects.get(pk=asset.pk))
        if saved is not None:
            messages.success(request, _("The changes have been saved."))
            return redirect("ledger:detail", pk=saved.pk)
    return render(request, "ledger/asset_form.html", {"form": form, "asset": asset})


@login_required
@require_POST
def bulk_retier(request):
    user = request.user
    page_for(can.can_manage_ledger(user))
    form = RetierForm(request.POST, user=user)
    ids = [n for n in (parse_int(v) for v in request.POST.getlist("asset")) if n is not None]
    if not ids:
        messages.error(request, _("Select the assets to re-tier."))
    elif not form.is_valid():
        messages.error(request, _("Choose the new tier and give a reason."))
    else:
        assets = selectors.asset_list(user=user).filter(pk__in=ids)
        changed = services.asset_bulk_retier(actor=user, assets=list(assets), tier=form.cleaned_data["tier"],
                                             reason=form.cleaned_data["reason"])
        messages.success(request, _("%(n)s assets moved to %(tier)s.") % {"n": changed,
                                                                          "tier": form.cleaned_data["tier"]})
    return redirect(safe_next(request, "ledger:list"))


@login_required
@require_http_methods(["GET", "POST"])
def location_list(request):
    user = request.user
    page_for(is_home_member(user))
    form = None
    if can.can_manage_ledger(user):
        form = LocationForm(request.POST or None, user=user, organisation=user.organisation)
        if request.method == "POST" and form.is_valid():
            try:
                services.location_create(actor=user, organisation=user.organisation, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The storage location has been added."))
                return redirect("ledger:locations")
    elif request.method == "POST":
        raise Http404(_("Not found."))
    return render(request, "ledger/locations.html", {"locations": selectors.location_list(user=user), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@gated(StorageLocation)
def location_edit(request, pk: int):
    location = access_object(request.user, StorageLocation, pk, may=can.can_edit_location)
    form = LocationForm(request.POST or None, instance=location, user=request.user,
                        organisation=location.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_update(actor=request.user, location=StorageLocation.objects.get(pk=location.pk),
                                     **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("ledger:locations")
    return render(request, "ledger/location_form.html", {"form": form, "location": location})
