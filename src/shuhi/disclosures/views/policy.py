"""The disclosure policy: read by the full-view roles, changed by those who manage NDAs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.viewutils import attach_errors, page_for
from shuhi.disclosures import permissions as can
from shuhi.disclosures import services
from shuhi.disclosures.forms import PolicyForm
from shuhi.disclosures.models import DisclosurePolicy
from shuhi.disclosures.views.disclosures import nav


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request):
    user = request.user
    page_for(is_home_member(user))
    organisation = user.organisation
    # 404 unless the user may read the policy; created with its defaults the first time.
    policy = access_object(user, DisclosurePolicy, services.policy_for(organisation).pk)
    may_edit = can.can_manage_ndas(user, policy)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied(_("You may view this but not change it."))
    form = PolicyForm(request.POST or None, organisation=organisation, policy=policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(actor=user, organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The disclosure policy has been saved."))
            return redirect("disclosures:policy")
    if not may_edit:
        for field in form.fields.values():
            field.disabled = True
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "disclosures/policy.html", {"form": form, "policy": policy, "may_edit": may_edit,
                                                        **nav(user)}, status=status)
