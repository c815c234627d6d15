"""Policy pages: the current policies with what the user has acknowledged, one policy with its
versions and acknowledgement rate, publishing a new version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.viewutils import attach_errors, gated, page_for
from shuhi.people import permissions as can
from shuhi.people import selectors, services_policies
from shuhi.people.defaults_policies import DEFAULT_POLICIES
from shuhi.people.forms_more import PolicyForm
from shuhi.people.models import Policy


@login_required
@require_GET
def policy_list(request):
    user = request.user
    page_for(is_home_member(user))
    current = list(selectors.policies(user).filter(organisation_id=user.organisation_id))
    pending = list(selectors.policies_to_acknowledge(user))
    rows = [{"policy": p, "acknowledged": p not in pending,
             "rate": selectors.acknowledgement_rate(user, p) if can.can_read_acknowledgement_rate(user, p) else None}
            for p in current]
    return render(request, "people/policy_list.html", {
        "rows": rows, "to_acknowledge": pending, "can_publish": can.can_publish_policy(user, user.organisation),
        "missing_kinds": [label for value, label in Policy.Kind.choices if value not in {p.kind for p in current}],
    })


@login_required
@require_GET
@gated(Policy)
def policy_detail(request, pk: int):
    user = request.user
    policy = access_object(user, Policy, pk)
    rate = selectors.acknowledgement_rate(user, policy) if can.can_read_acknowledgement_rate(user, policy) else None
    return render(request, "people/policy_detail.html", {
        "policy": policy, "versions": selectors.policy_versions(user, policy), "rate": rate,
        "acknowledged": selectors.has_acknowledged(user, policy),
        "can_acknowledge": can.can_acknowledge_policy(user, policy),
        "can_publish": can.can_publish_policy(user, policy),
    })


@login_required
@require_POST
@gated(Policy)
def policy_acknowledge_view(request, pk: int):
    policy = access_object(request.user, Policy, pk, may=can.can_acknowledge_policy)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you have read the policy."))
        return redirect("people:policy", pk=policy.pk)
    services_policies.policy_acknowledge(actor=request.user, policy=policy)
    messages.success(request, _("Thank you: your acknowledgement has been recorded."))
    return redirect("people:policy", pk=policy.pk)


@login_required
@require_http_methods(["GET", "POST"])
def policy_publish_view(request):
    user = request.user
    page_for(can.can_publish_policy(user, user.organisation))
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            try:
                policy = services_policies.policy_publish(actor=user, organisation=user.organisation,
                                                          **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Version %(version)s has been published; staff are asked to "
                                            "acknowledge it.") % {"version": policy.version})
                return redirect("people:policy", pk=policy.pk)
    else:
        kind = request.GET.get("kind") if request.GET.get("kind") in Policy.Kind.values else Policy.Kind.INSIDER_FRAUD
        current = selectors.current_policy(user, kind)
        title, body = (current.title, current.body) if current else DEFAULT_POLICIES[kind]
        form = PolicyForm(initial={"kind": kind, "title": title, "body": body})
    return render(request, "people/policy_form.html", {"form": form})
