"""Pages of the insider-fraud risk register: the register with its heat map, one risk with its
measures and history, the forms, delete (with confirmation) and restore, and the starter set."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.charts import heat_grid
from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.rest.params import parse_int
from shuhi.core.viewutils import attach_errors, gated, page_for, paginate
from shuhi.people import permissions as people_can
from shuhi.people import selectors as people_selectors
from shuhi.people.models import Policy
from shuhi.risks import permissions as can
from shuhi.risks import selectors, services
from shuhi.risks.forms import MeasureForm, ReasonForm, RiskForm
from shuhi.risks.models import BAND_LABELS, InsiderRisk, Principle, heat_level
from shuhi.risks.versions import state_diff

FILTER_KEYS = ("q", "band", "status", "principle", "review", "likelihood", "impact", "sort")


def heat_map(user) -> object:
    return heat_grid(selectors.heat_counts(user), heat_level)


@login_required
@require_GET
def index(request):
    """The menu's entry: the register for those who read it, the case library for other staff."""
    user = request.user
    page_for(is_home_member(user))
    if not can.can_read_insider_risks(user):
        return redirect("risks:cases")
    return risk_list(request)


@login_required
@require_GET
def risk_list(request):
    user = request.user
    page_for(can.can_read_insider_risks(user))
    filters = {key: request.GET.get(key, "").strip() for key in FILTER_KEYS}
    deleted = request.GET.get("deleted") == "1"
    rows = selectors.risks(user, deleted=deleted, **filters)
    return render(request, "risks/risk_list.html", {
        "filters": filters, "deleted": deleted, "grid": heat_map(user),
        "bands": list(BAND_LABELS.items()), "statuses": InsiderRisk.Status.choices, "principles": Principle.choices,
        "coverage": selectors.principle_coverage(user), "today": timezone.localdate(),
        "deleted_count": selectors.risks(user, deleted=True).count(),
        "can_add": can.can_add_insider_risk(user), **paginate(request, rows),
        "basic_policy": people_selectors.current_policy(user, Policy.Kind.INSIDER_FRAUD),
        "can_publish_policy": people_can.can_publish_policy(user),
    })


@login_required
@require_GET
@gated(InsiderRisk)
def risk_detail(request, pk: int):
    user = request.user
    risk = access_object(user, InsiderRisk, pk)
    page_for(can.can_read_insider_risks(user, risk))
    history = list(selectors.versions(user, risk=risk))
    by_number = {v.number: v for v in history}
    # Default: the latest change against the version before it; ?a=&b= compares any two.
    newest = history[0].number if history else 0
    b = by_number.get(parse_int(request.GET.get("b", "")) or newest)
    a = by_number.get(parse_int(request.GET.get("a", "")) or (b.number - 1 if b else 0))
    measures = list(selectors.measures(user, risk=risk))
    return render(request, "risks/risk_detail.html", {
        "risk": risk, "history": history, "diff_from": a, "diff_to": b,
        "diff": state_diff(a.state if a else None, b.state) if b else [],
        "groups": [(value, label, [m for m in measures if m.principle == value]) for value, label in Principle.choices],
        "assets": list(risk.assets.all()), "today": timezone.localdate(),
        "can_edit": can.can_edit_insider_risk(user, risk), "can_restore": can.can_restore_insider_risk(user, risk),
        "measure_form": MeasureForm(user=user) if can.can_edit_insider_risk(user, risk) else None,
    })


def _save_risk(request, form: RiskForm, risk: InsiderRisk | None):
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("assets", "reason")}
    try:
        if risk is None:
            return services.risk_create(actor=request.user, organisation=request.user.organisation,
                                        assets=form.cleaned_data["assets"], reason=form.cleaned_data["reason"], **data)
        return services.risk_update(actor=request.user, risk=risk, assets=form.cleaned_data["assets"],
                                    reason=form.cleaned_data["reason"], **data)
    except ValidationError as exc:
        attach_errors(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def risk_new(request):
    user = request.user
    page_for(is_home_member(user) and can.can_add_insider_risk(user))
    form = RiskForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        risk = _save_risk(request, form, None)
        if risk is not None:
            messages.success(request, _("The risk has been added to the register."))
            return redirect("risks:detail", pk=risk.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "risks/risk_form.html", {"form": form, "risk": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@gated(InsiderRisk)
def risk_edit(request, pk: int):
    user = request.user
    risk = access_object(user, InsiderRisk, pk, may=can.can_edit_insider_risk)
    form = RiskForm(request.POST or None, user=user, editing=True, initial=RiskForm.initial_for(risk))
    if request.method == "POST" and form.is_valid() and _save_risk(request, form, risk) is not None:
        messages.success(request, _("The changes have been saved; the previous version is kept."))
        return redirect("risks:detail", pk=risk.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "risks/risk_form.html", {"form": form, "risk": risk}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@gated(InsiderRisk)
def risk_delete(request, pk: int):
    """GET asks for confirmation; POST deletes (the risk can be restored from the deleted list)."""
    user = request.user
    risk = access_object(user, InsiderRisk, pk, may=can.can_edit_insider_risk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.risk_delete(actor=user, risk=risk, reason=form.cleaned_data["reason"])
        messages.success(request, _("「%(title)s」 has been deleted. You can restore it from the deleted risks.")
                         % {"title": risk.title})
        return redirect("risks:list")
    return render(request, "risks/risk_delete.html", {"form": form, "risk": risk})


@login_required
@require_POST
@gated(InsiderRisk)
def risk_restore(request, pk: int):
    user = request.user
    risk = access_object(user, InsiderRisk, pk, may=can.can_restore_insider_risk)
    services.risk_restore(actor=user, risk=risk, reason=request.POST.get("reason", "")[:500])
    messages.success(request, _("「%(title)s」 has been restored.") % {"title": risk.title})
    return redirect("risks:detail", pk=risk.pk)


@login_required
@require_POST
def starter_load(request):
    user = request.user
    page_for(is_home_member(user) and can.can_add_insider_risk(user))
    made = services.risk_load_starter_set(actor=user, organisation=user.organisation)
    if made:
        messages.success(request, _("%(n)s insider risks of the starter set have been added.") % {"n": len(made)})
    else:
        messages.info(request, _("Every risk of the starter set has been loaded before; nothing was added."))
    return redirect("risks:list")
