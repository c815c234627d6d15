"""Re-identification requests: the list, a second person's decision, the requester's one look at the
identity, and the administrators' setting that switches the approval off."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.viewutils import gated, page_for, paginate
from shuhi.reviews import permissions as can
from shuhi.reviews import selectors
from shuhi.reviews import services_reidentify as services
from shuhi.reviews.forms import DecisionForm, ReviewSettingsForm
from shuhi.reviews.models import Reidentification, ReviewSettings

PENDING, APPROVED = Reidentification.Status.PENDING, Reidentification.Status.APPROVED


def _rows(request: HttpRequest) -> Any:
    user, todo = request.user, request.GET.get("todo", "")
    if todo == "decide":
        return selectors.reidentifications_to_decide(user=user)
    if todo == "view":
        return selectors.reidentifications_to_view(user=user)
    return selectors.reidentification_list(user=user, status=request.GET.get("status", ""))


def _page(request: HttpRequest, *, status: int = 200, **extra: Any) -> HttpResponse:
    user = request.user
    context = paginate(request, _rows(request))
    for row in context["page_obj"]:
        row.may_decide = row.status == PENDING and can.can_decide_reidentification(user, row)
        row.may_reveal = row.status == APPROVED and can.can_reveal_reidentification(user, row)
    return render(request, "reviews/reidentifications.html", {
        **context, "status": request.GET.get("status", ""), "todo": request.GET.get("todo", ""),
        "statuses": Reidentification.Status.choices,
        "needs_approval": ReviewSettings.needs_approval(user.organisation_id),
        "can_change_settings": can.can_change_review_settings(user, user.organisation),
        "decision_form": extra.pop("decision_form", None) or DecisionForm(), **extra,
    }, status=status)


@login_required
@require_GET
def reidentification_list(request: HttpRequest) -> HttpResponse:
    page_for(is_home_member(request.user))
    return _page(request)


@login_required
@require_POST
@gated(Reidentification)
def reidentification_decide(request: HttpRequest, pk: int) -> HttpResponse:
    row = access_object(request.user, Reidentification, pk, may=can.can_decide_reidentification)
    form = DecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.reidentification_decide(actor=request.user, request=row, approve=approve,
                                             reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The request has been approved.") if approve
                             else _("The request has been refused."))
            return redirect("reviews:reidentifications")
    else:
        messages.error(request, _("Choose approve or refuse and give your reason."))
    return redirect("reviews:reidentifications")


@never_cache
@login_required
@require_POST
@gated(Reidentification)
def reidentification_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The identity, in this response only: nothing stores it, and the request is spent."""
    row = access_object(request.user, Reidentification, pk, may=can.can_reveal_reidentification)
    try:
        row, people = services.reidentification_reveal(actor=request.user, request=row)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reviews:reidentifications")
    return _page(request, revealed={"row": row, "people": people})


@login_required
@require_http_methods(["GET", "POST"])
def review_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    page_for(can.can_change_review_settings(user, user.organisation))
    current = ReviewSettings.needs_approval(user.organisation_id)
    form = ReviewSettingsForm(request.POST or None, initial={"reidentify_needs_approval": current})
    if request.method == "POST" and form.is_valid():
        services.review_settings_update(actor=user, organisation=user.organisation, **form.cleaned_data)
        messages.success(request, _("The log-review settings have been saved."))
        return redirect("reviews:settings")
    return render(request, "reviews/form.html", {"form": form, "title": _("Log-review settings"),
                                                 "submit": _("Save")})
