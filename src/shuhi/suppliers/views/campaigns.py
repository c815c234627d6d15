"""Campaigns (sending an assessment to suppliers) and the supplier's portal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.viewutils import attach_errors, gated, page_for, paginate
from shuhi.suppliers import permissions as can
from shuhi.suppliers import selectors, services
from shuhi.suppliers.forms import CampaignForm
from shuhi.suppliers.models import Assessment, AssessmentVersion, Campaign, ImprovementItem
from shuhi.suppliers.presenters import returned_rows
from shuhi.suppliers.scoring import progress, score


@login_required
@require_http_methods(["GET", "POST"])
def campaign_list(request):
    user = request.user
    page_for(is_home_member(user))
    form = CampaignForm(request.POST or None, user=user) if can.can_manage_suppliers(user) else None
    if request.method == "POST":
        if form is None:
            raise Http404(_("Not found."))
        if form.is_valid():
            if form.cleaned_data["due_date"] < timezone.localdate():
                form.add_error("due_date", _("The due date cannot be in the past."))
            else:
                try:
                    campaign = services.campaign_create(actor=user, **form.cleaned_data)
                except ValidationError as exc:
                    attach_errors(form, exc)
                else:
                    messages.success(request, _("The assessment has been sent to %(n)s suppliers.")
                                     % {"n": campaign.assessments.count()})
                    return redirect("suppliers:campaign", pk=campaign.pk)
    return render(request, "suppliers/campaign_list.html", {
        "form": form, **paginate(request, selectors.campaign_list(user=user)),
    })


@login_required
@require_GET
@gated(Campaign)
def campaign_detail(request, pk: int):
    campaign = access_object(request.user, Campaign, pk)
    assessments = selectors.assessment_list(user=request.user).filter(campaign=campaign)
    today = timezone.localdate()
    return render(request, "suppliers/campaign_detail.html", {
        "campaign": campaign, "rows": [(a, a.due_state(today)) for a in assessments],
    })


@login_required
@require_GET
def portal(request):
    """The organisation's own assessments and reminders; for a supplier, the only suppliers page."""
    user = request.user
    today = timezone.localdate()
    overdue = request.GET.get("overdue") == "1"
    assessments = selectors.portal_assessments(user=user, open_only=request.GET.get("open") == "1",
                                               overdue_on=today if overdue else None)
    profile = getattr(user.organisation, "profile", None) if user.is_supplier else None
    return render(request, "suppliers/portal.html", {
        "overdue_only": overdue, "rows": [(a, a.due_state(today), _journey(user, a)) for a in assessments],
        "reminders": selectors.reminders_for(user=user).filter(assessment__supplier_id=user.organisation_id)[:10],
        "profile": profile,
        "open_items": selectors.improvement_items(user=user).filter(
            assessment__supplier_id=user.organisation_id).exclude(status=ImprovementItem.Status.DONE).count(),
    })


def _journey(user, assessment: Assessment) -> dict:
    """Where one assessment stands for the supplier, and what it should do next."""
    doc = assessment.framework.doc
    answered, total = progress(score(doc, assessment.answers or {}))
    latest = selectors.versions_of(user=user, assessment=assessment).first()
    stage = assessment.status
    if stage == Assessment.Status.DRAFT:
        stage = "new" if answered == 0 else "in_progress"
    returned = []
    if stage == Assessment.Status.RETURNED and latest and latest.outcome == AssessmentVersion.Outcome.RETURNED:
        returned = returned_rows(doc, latest.review_comments or {})
    labels = {
        "new": (_("New"), _("Start answering: %(n)s questions.") % {"n": total}, _("Start answering")),
        "in_progress": (_("Answering"), _("Answer the rest and submit."), _("Continue")),
        "returned": (_("Returned"), _("Change the answers the outsourcer commented on and submit again."),
                     _("Fix and resubmit")),
        "submitted": (_("Submitted"), _("Nothing to do: the outsourcer is reviewing your answers."), _("View")),
        "accepted": (_("Accepted"), _("See your scores and the good practices proposed."), _("See the results")),
    }
    if stage == "accepted" and assessment.campaign_id is None:
        labels["accepted"] = (_("Completed"), _("See your scores and the good practices proposed."),
                              _("See the results"))
    label, next_step, action = labels[stage]
    return {"stage": stage, "label": label, "next": next_step, "action": action, "answered": answered,
            "total": total, "returned": returned, "note": latest.review_note if latest else "",
            "link_report": stage in {"accepted"}}
