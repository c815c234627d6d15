"""Exit checklist pages: the list, one checklist (tick items, attach the log review, close or
override), and the administrators' list of systems an exit must close."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.viewutils import gated, page_for, paginate
from shuhi.people import exits, selectors, services_exit
from shuhi.people import permissions as can
from shuhi.people.forms_more import ChecklistForm, ExitSystemsForm, OverrideForm, ReviewAttachForm
from shuhi.people.models import ExitChecklist


def _back(checklist: ExitChecklist):
    return redirect("people:exit", pk=checklist.pk)


def _errors(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
@require_GET
def exit_list(request):
    user = request.user
    page_for(is_home_member(user))
    status = request.GET.get("status", "")
    return render(request, "people/exit_list.html", {
        "status": status, "statuses": ExitChecklist.Status.choices,
        "can_edit_systems": can.can_edit_exit_systems(user, user.organisation),
        **paginate(request, selectors.exit_checklists(user, status=status)),
    })


@login_required
@require_GET
@gated(ExitChecklist)
def exit_detail(request, pk: int):
    user = request.user
    checklist = access_object(user, ExitChecklist, pk)
    may_update = can.can_update_exit_checklist(user, checklist)
    reviews = exits.signed_reviews(user, checklist) if may_update else []
    initial = {"assets_returned": checklist.assets_returned, "assets_note": checklist.assets_note,
               **{f"account_{i}": done for i, done in enumerate(checklist.accounts.values())}}
    return render(request, "people/exit_detail.html", {
        "checklist": checklist, "items": exits.items(checklist), "open_items": exits.open_items(checklist),
        "review_period": exits.review_period(checklist), "exit_pledges": checklist.person.pledges.filter(kind="exit"),
        "can_update": may_update, "can_override": can.can_override_exit_checklist(user, checklist),
        "form": ChecklistForm(initial=initial, systems=list(checklist.accounts)),
        "review_form": ReviewAttachForm(reviews=reviews), "override_form": OverrideForm(),
    })


@login_required
@require_POST
@gated(ExitChecklist)
def exit_update(request, pk: int):
    checklist = access_object(request.user, ExitChecklist, pk, may=can.can_update_exit_checklist)
    form = ChecklistForm(request.POST, systems=list(checklist.accounts))
    if form.is_valid():
        services_exit.exit_checklist_update(actor=request.user, checklist=checklist,
                                            assets_returned=form.cleaned_data["assets_returned"],
                                            assets_note=form.cleaned_data["assets_note"], accounts=form.accounts())
        messages.success(request, _("The checklist has been saved."))
    else:
        messages.error(request, _("Check the form."))
    return _back(checklist)


@login_required
@require_POST
@gated(ExitChecklist)
def exit_attach_review(request, pk: int):
    user = request.user
    checklist = access_object(user, ExitChecklist, pk, may=can.can_update_exit_checklist)
    form = ReviewAttachForm(request.POST, reviews=exits.signed_reviews(user, checklist))
    if not form.is_valid():
        messages.error(request, _("Choose a signed-off log review covering the last 30 days."))
        return _back(checklist)
    try:
        services_exit.exit_checklist_attach_review(actor=user, checklist=checklist, cycle_id=form.cleaned_data["cycle"],
                                                   result=form.cleaned_data["result"],
                                                   signed_by=form.cleaned_data["signed_by"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The log review has been attached."))
    return _back(checklist)


@login_required
@require_POST
@gated(ExitChecklist)
def exit_close(request, pk: int):
    checklist = access_object(request.user, ExitChecklist, pk, may=can.can_update_exit_checklist)
    try:
        services_exit.exit_checklist_close(actor=request.user, checklist=checklist)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The case has been closed."))
    return _back(checklist)


@login_required
@require_POST
@gated(ExitChecklist)
def exit_override(request, pk: int):
    checklist = access_object(request.user, ExitChecklist, pk, may=can.can_override_exit_checklist)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the case closes with items open."))
        return _back(checklist)
    services_exit.exit_checklist_override(actor=request.user, checklist=checklist, reason=form.cleaned_data["reason"])
    messages.success(request, _("The case has been closed with an override; the reason is recorded."))
    return _back(checklist)


@login_required
@require_http_methods(["GET", "POST"])
def exit_systems(request):
    user = request.user
    page_for(can.can_edit_exit_systems(user, user.organisation))
    row = selectors.exit_systems(user, user.organisation)
    if request.method == "POST":
        form = ExitSystemsForm(request.POST)
        if form.is_valid():
            try:
                services_exit.exit_systems_update(actor=user, organisation=user.organisation,
                                                  systems=form.cleaned_data["systems"])
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("The list of systems has been saved; new exit checklists use it."))
                return redirect("people:exit_systems")
    else:
        form = ExitSystemsForm(initial={"systems": row.systems if row else ""})
    return render(request, "people/exit_systems.html", {"form": form, "row": row})
