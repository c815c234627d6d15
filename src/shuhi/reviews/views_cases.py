"""Follow-up cases opened from a ranked row, and the security manager's re-identification (a request
where the organisation needs a second approval, see views_reidentify)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shuhi.core.permissions import access_object
from shuhi.core.viewutils import attach_errors, gated
from shuhi.reviews import permissions as can
from shuhi.reviews import services, services_reidentify
from shuhi.reviews.forms import CloseCaseForm, FollowUpForm, ReidentifyForm
from shuhi.reviews.models import FollowUpCase, ReviewCycle, ReviewSettings
from shuhi.reviews.views import detail_context


@login_required
@require_POST
@gated(ReviewCycle)
def case_open(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access_object(request.user, ReviewCycle, pk, may=can.can_work_on_cycle)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why this needs a follow-up."))
        return redirect("reviews:detail", pk=cycle.pk)
    try:
        services.followup_open(actor=request.user, cycle=cycle, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("A follow-up case has been opened for %(who)s.")
                         % {"who": form.cleaned_data["pseudonym"]})
    return redirect("reviews:detail", pk=cycle.pk)


@login_required
@require_POST
@gated(FollowUpCase)
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_object(request.user, FollowUpCase, pk, may=can.can_handle_case)
    form = CloseCaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what was found and done."))
    else:
        try:
            services.followup_close(actor=request.user, case=case, notes=form.cleaned_data["notes"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The case has been closed."))
    return redirect("reviews:detail", pk=case.cycle_id)


@never_cache
@login_required
@require_POST
@gated(ReviewCycle)
def reidentify(request: HttpRequest, pk: int) -> HttpResponse:
    """Shows the identity once, in this response only: nothing stores it, a reload asks again."""
    cycle = access_object(request.user, ReviewCycle, pk, may=can.can_reidentify)
    form = ReidentifyForm(request.POST)
    if form.is_valid() and ReviewSettings.needs_approval(cycle.organisation_id):
        try:
            services_reidentify.reidentification_request(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc, "reason")
        else:
            messages.success(request, _("Your request has been sent. The identity is shown to you once another "
                                        "administrator or security manager approves it."))
            return redirect("reviews:reidentifications")
    elif form.is_valid():
        try:
            row, people = services.reidentify(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc, "reason")
        else:
            context = detail_context(request, cycle, revealed={"row": row, "people": people})
            return render(request, "reviews/cycle_detail.html", context)
    context = detail_context(request, cycle, reidentify_form=form, reidentify_failed=True)
    return render(request, "reviews/cycle_detail.html", context, status=400)
