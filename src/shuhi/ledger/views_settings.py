"""Where administrators and security managers write the tiers and the identification criteria."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shuhi.core.permissions import access_object
from shuhi.core.viewutils import attach_errors, gated, page_for
from shuhi.ledger import permissions as can
from shuhi.ledger import services
from shuhi.ledger.forms_settings import RuleForm, TierForm
from shuhi.ledger.models import ClassificationRule, Tier
from shuhi.ledger.tier_rules import tier_rules


def _fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.fields if not form.fields[name].disabled}


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    user = request.user
    page_for(can.can_manage_ledger(user))
    org = user.organisation
    tier_form = TierForm(request.POST if request.POST.get("form") == "tier" else None, organisation=org)
    rule_form = RuleForm(request.POST if request.POST.get("form") == "rule" else None, organisation=org, user=user)
    try:
        if tier_form.is_bound and tier_form.is_valid():
            services.tier_create(actor=user, organisation=org, **_fields(tier_form))
            messages.success(request, _("The tier has been added."))
            return redirect("ledger:settings")
        if rule_form.is_bound and rule_form.is_valid():
            services.rule_create(actor=user, organisation=org, **_fields(rule_form))
            messages.success(request, _("The criterion has been added."))
            return redirect("ledger:settings")
    except ValidationError as exc:
        attach_errors(tier_form if tier_form.is_bound else rule_form, exc)
    return render(request, "ledger/settings.html", {
        "tiers": tier_rules(Tier.objects.visible_to(user).filter(organisation=org)),
        "rules": ClassificationRule.objects.visible_to(user).filter(organisation=org).select_related("tier_if_yes"),
        "tier_form": tier_form, "rule_form": rule_form,
    })


@login_required
@require_http_methods(["GET", "POST"])
@gated(Tier)
def tier_edit(request, pk: int):
    page_for(can.can_manage_ledger(request.user))
    tier = access_object(request.user, Tier, pk)
    form = TierForm(request.POST or None, instance=tier, organisation=tier.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.tier_update(actor=request.user, tier=Tier.objects.get(pk=tier.pk), **_fields(form))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("ledger:settings")
    return render(request, "ledger/settings_form.html", {"form": form, "title": tier.name})


@login_required
@require_http_methods(["GET", "POST"])
@gated(ClassificationRule)
def rule_edit(request, pk: int):
    page_for(can.can_manage_ledger(request.user))
    rule = access_object(request.user, ClassificationRule, pk)
    form = RuleForm(request.POST or None, instance=rule, organisation=rule.organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_update(actor=request.user, rule=ClassificationRule.objects.get(pk=rule.pk),
                                 **_fields(form))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("ledger:settings")
    return render(request, "ledger/settings_form.html", {"form": form, "title": rule.question, "rule": rule})


@login_required
@require_POST
@gated(ClassificationRule)
def rule_delete(request, pk: int):
    page_for(can.can_manage_ledger(request.user))
    rule = access_object(request.user, ClassificationRule, pk)
    services.rule_delete(actor=request.user, rule=rule)
    messages.success(request, _("The criterion has been removed. The change is in the audit log."))
    return redirect("ledger:settings")
