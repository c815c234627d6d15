"""Measures of a risk: add, change, remove. Each change adds a version of the risk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shuhi.core.permissions import access_object
from shuhi.core.viewutils import attach_errors, gated
from shuhi.risks import permissions as can
from shuhi.risks import services
from shuhi.risks.forms import MeasureForm, ReasonForm
from shuhi.risks.models import InsiderRisk, RiskMeasure


def _fields(form: MeasureForm) -> dict:
    return {k: v for k, v in form.cleaned_data.items()}


@login_required
@require_POST
@gated(InsiderRisk)
def measure_new(request, pk: int):
    user = request.user
    risk = access_object(user, InsiderRisk, pk, may=can.can_edit_insider_risk)
    form = MeasureForm(request.POST, user=user)
    if form.is_valid():
        try:
            services.measure_add(actor=user, risk=risk, **_fields(form))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The measure has been added."))
            return redirect("risks:detail", pk=risk.pk)
    return render(request, "risks/measure_form.html", {"form": form, "risk": risk, "measure": None}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
@gated(RiskMeasure)
def measure_edit(request, pk: int):
    user = request.user
    measure = access_object(user, RiskMeasure, pk, may=can.can_edit_risk_measure)
    form = MeasureForm(request.POST or None, user=user, initial=MeasureForm.initial_for(measure))
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(actor=user, measure=measure, **_fields(form))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The measure has been saved."))
            return redirect("risks:detail", pk=measure.risk_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "risks/measure_form.html", {"form": form, "risk": measure.risk, "measure": measure},
                  status=status)


@login_required
@require_http_methods(["GET", "POST"])
@gated(RiskMeasure)
def measure_remove(request, pk: int):
    """GET asks for confirmation; POST removes it (the risk's previous version keeps its text)."""
    user = request.user
    measure = access_object(user, RiskMeasure, pk, may=can.can_edit_risk_measure)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        risk_id = measure.risk_id
        services.measure_remove(actor=user, measure=measure, reason=form.cleaned_data["reason"])
        messages.success(request, _("The measure has been removed; the previous version of the risk keeps it."))
        return redirect("risks:detail", pk=risk_id)
    return render(request, "risks/measure_remove.html", {"form": form, "measure": measure})
