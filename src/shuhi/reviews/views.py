"""Pages of the review app: the list of cycles, a cycle with its ranking, running and signing off."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.viewutils import attach_errors, gated, page_for, paginate
from shuhi.jobs.models import Job
from shuhi.reviews import permissions as can
from shuhi.reviews import presenters, selectors, services
from shuhi.reviews.forms import CycleForm, FollowUpForm, ReidentifyForm, SignOffForm, SourceForm
from shuhi.reviews.models import FollowUpCase, ReviewCycle, ReviewSettings

RUNNABLE = {ReviewCycle.Status.SCHEDULED, ReviewCycle.Status.READY}


@login_required
@require_GET
def cycle_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    page_for(is_home_member(user))
    status = request.GET.get("status", "")
    manager = can.can_manage_reviews(user, user.organisation)
    notice = selectors.current_notice(user=user)
    return render(request, "reviews/cycle_list.html", {
        "status": status,
        "statuses": [*ReviewCycle.Status.choices, ("overdue", _("Overdue"))],
        "can_manage": manager,
        "can_change_settings": can.can_change_review_settings(user, user.organisation),
        "sources": selectors.source_list(user=user) if manager else [],
        "open_cases": selectors.open_case_count(user=user),
        "notice": notice,
        "acknowledged": notice is not None and selectors.has_acknowledged(user=user, notice=notice),
        "why": _("Periodic log review is practised by %(with)s of firms that treat insider fraud separately "
                 "from cybersecurity, against %(without)s of the rest (IPA FY2023 survey).")
        % {"with": "47.7%", "without": "21.4%"},
        **paginate(request, selectors.cycle_list(user=user, status=status, mine=request.GET.get("mine") == "1")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def source_create_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    page_for(can.can_manage_reviews(user, user.organisation))
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.source_create(actor=user, organisation=user.organisation, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The log source has been added."))
            return redirect("reviews:cycle_create")
    return render(request, "reviews/form.html", {"form": form, "title": _("Add a log source"),
                                                 "submit": _("Add")})


@login_required
@require_http_methods(["GET", "POST"])
def cycle_create_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    page_for(can.can_manage_reviews(user, user.organisation))
    # ?source= comes from the page of a just-uploaded source; the form's queryset still gates it.
    form = CycleForm(request.POST or None, user=user, initial={"source": request.GET.get("source")})
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The review cycle has been scheduled."))
            return redirect("reviews:detail", pk=cycle.pk)
    return render(request, "reviews/form.html", {"form": form, "title": _("Schedule a review cycle"),
                                                 "submit": _("Schedule"), "source_link": True})


def detail_context(request: HttpRequest, cycle: ReviewCycle, **extra: Any) -> dict[str, Any]:
    user = request.user
    cases = selectors.cycle_cases(user=user, cycle=cycle)
    open_cases = {c.pseudonym for c in cases if c.status == FollowUpCase.Status.OPEN}
    works = can.can_work_on_cycle(user, cycle)
    try:
        top = max(1, min(int(request.GET.get("top", presenters.TOP)), 500))
    except ValueError:
        top = presenters.TOP
    job = Job.objects.visible_to(user).filter(pk=cycle.job_id).first() if cycle.job_id else None
    return {
        "cycle": cycle,
        "windows": presenters.ranking(cycle.report, top=top, open_cases=open_cases),
        "stats": (cycle.report or {}).get("stats", {}),
        "top": top,
        "job": job,
        "signoff": getattr(cycle, "signoff", None),
        "cases": cases,
        "reidentifications": selectors.cycle_reidentifications(user=user, cycle=cycle),
        "can_run": works and cycle.status in RUNNABLE,
        "can_sign": can.can_sign_off(user, cycle) and cycle.status == ReviewCycle.Status.READY,
        "can_follow": works and bool(cycle.report),
        "can_reidentify": can.can_reidentify(user, cycle),
        "reidentify_needs_approval": ReviewSettings.needs_approval(cycle.organisation_id),
        "can_manage": can.can_manage_reviews(user, cycle),
        "signoff_form": extra.pop("signoff_form", None) or SignOffForm(),
        "followup_form": FollowUpForm(),
        "reidentify_form": extra.pop("reidentify_form", None) or ReidentifyForm(),
        **extra,
    }


@login_required
@require_GET
@gated(ReviewCycle)
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access_object(request.user, ReviewCycle, pk)
    return render(request, "reviews/cycle_detail.html", detail_context(request, cycle))


@login_required
@require_POST
@gated(ReviewCycle)
def cycle_run(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access_object(request.user, ReviewCycle, pk, may=can.can_work_on_cycle)
    try:
        services.cycle_start(actor=request.user, cycle=cycle)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The review has started; this page shows its progress."))
    return redirect("reviews:detail", pk=cycle.pk)


@login_required
@require_POST
@gated(ReviewCycle)
def cycle_next(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access_object(request.user, ReviewCycle, pk, may=can.can_manage_reviews)
    try:
        following = services.cycle_schedule_next(actor=request.user, cycle=cycle)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reviews:detail", pk=cycle.pk)
    messages.success(request, _("The next cycle has been scheduled."))
    return redirect("reviews:detail", pk=following.pk)


@login_required
@require_POST
@gated(ReviewCycle)
def cycle_signoff(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access_object(request.user, ReviewCycle, pk, may=can.can_sign_off)
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            services.signoff_create(actor=request.user, cycle=cycle, notes=form.cleaned_data["notes"])
        except ValidationError as exc:
            attach_errors(form, exc, "notes")
        else:
            messages.success(request, _("Signed off. The record is kept as evidence of the review."))
            return redirect("reviews:detail", pk=cycle.pk)
    return render(request, "reviews/cycle_detail.html", detail_context(request, cycle, signoff_form=form),
                  status=400)


@login_required
@require_GET
@gated(ReviewCycle)
def cycle_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The engine's HTML report (pseudonymised), as a download: it carries its own styles, which
    the site's content security policy would block inline."""
    cycle = access_object(request.user, ReviewCycle, pk)
    if not cycle.report_html:
        raise Http404(_("Not found."))
    response = HttpResponse(cycle.report_html, content_type="text/html; charset=utf-8")
    name = f"log-review-{cycle.period_start:%Y%m%d}-{cycle.period_end:%Y%m%d}.html"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

