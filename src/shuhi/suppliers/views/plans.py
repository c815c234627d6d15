"""Improvement plans: made from an assessment's gaps, tracked item by item in the portal.

Also a supplier's own private self-assessment: started from the portal, shared when it chooses.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.models import User
from shuhi.core.permissions import PermissionDenied, access_object
from shuhi.core.rest.params import parse_int
from shuhi.core.viewutils import attach_errors, gated, paginate
from shuhi.suppliers import permissions as can
from shuhi.suppliers import selectors, services
from shuhi.suppliers.forms import ImprovementItemForm
from shuhi.suppliers.models import Assessment, ImprovementItem


def _date_or_none(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@login_required
@require_POST
@gated(Assessment)
def plan_create(request, pk: int):
    assessment = access_object(request.user, Assessment, pk)
    owner = None
    owner_id = parse_int(request.POST.get("owner", ""))
    if owner_id is not None:
        owner = User.objects.visible_to(request.user).filter(pk=owner_id).first()
    try:
        items = services.plan_create(
            actor=request.user, assessment=assessment, question_ids=request.POST.getlist("q"),
            due_date=_date_or_none(request.POST.get("due_date", "")), owner=owner,
            owner_name=request.POST.get("owner_name", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("suppliers:report", pk=pk)
    messages.success(request, ngettext("%(n)s improvement item has been planned.",
                                       "%(n)s improvement items have been planned.", len(items)) % {"n": len(items)})
    return redirect(f"{reverse('suppliers:improvements')}?assessment={assessment.pk}")


@login_required
@require_GET
def improvement_list(request):
    """The plan: every item the user may see; a supplier's representative sees only their own organisation's."""
    user = request.user
    filters = {key: request.GET.get(key, "").strip() for key in selectors.ITEM_FILTERS}
    items = selectors.improvement_items(user=user, filters=filters)
    today = timezone.localdate()
    return render(request, "suppliers/improvement_list.html", {
        "filters": filters, "statuses": ImprovementItem.Status.choices, "today": today,
        "counts": {status: items.filter(status=status).count() for status, _label in ImprovementItem.Status.choices},
        **paginate(request, items),
    })


def _actor_name(viewer, entry) -> str:
    """Who made a change; a supplier sees the outsourcer's staff as "the outsourcer", not their addresses."""
    actor = entry.actor
    if actor is not None and (not viewer.is_supplier or actor.organisation_id == viewer.organisation_id):
        return actor.full_name or actor.email
    return _("The outsourcer") if viewer.is_supplier else entry.actor_label


def _may_edit_plan(user, item: ImprovementItem) -> bool:
    """Whether the user may change what was agreed (not only the progress): the planner's side."""
    return can.can_plan_improvements(user, item.assessment)


@login_required
@require_http_methods(["GET", "POST"])
@gated(ImprovementItem)
def improvement_detail(request, pk: int):
    user = request.user
    item = access_object(user, ImprovementItem, pk)
    editable = can.can_update_improvement(user, item)
    form = None
    if editable:
        form = ImprovementItemForm(request.POST or None, user=user, item=item,
                                   may_edit_plan=_may_edit_plan(user, item))
    if request.method == "POST":
        item = access_object(user, ImprovementItem, pk, change=True)
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if not form.fields[k].disabled}
            try:
                services.item_update(actor=user, item=item, **fields)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("suppliers:improvement", pk=pk)
    labels = dict(ImprovementItem.Status.choices)
    history = [(entry, _actor_name(user, entry), labels.get((entry.after or {}).get("status"), ""))
               for entry in selectors.item_history(user=user, item=item)]
    question = item.assessment.framework.doc.question(item.question_id)
    return render(request, "suppliers/improvement_detail.html", {
        "item": item, "form": form, "history": history, "question": question,
        "today": timezone.localdate(),
    })


@login_required
@require_POST
def supplier_self_assessment_start(request):
    try:
        assessment = services.supplier_self_assessment_create(actor=request.user,
                                                              quick=request.POST.get("kind") == "quick")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("suppliers:portal")
    messages.success(request, _("Your self-assessment has been started. Only your organisation sees it."))
    return redirect("suppliers:assessment", pk=assessment.pk)


@login_required
@require_POST
@gated(Assessment)
def assessment_share_view(request, pk: int):
    assessment = access_object(request.user, Assessment, pk, change=True)
    try:
        services.assessment_share(actor=request.user, assessment=assessment)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The outsourcer can now see this self-assessment and its plan."))
    return redirect("suppliers:report", pk=pk)
