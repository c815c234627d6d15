"""Pledge pages: HR's review (scope, send, paper copy, follow-up), the person's answer, the PDF,
and "my pledges" for every user whose account is linked to a person.

Suppliers' users never see pledges: every page here answers them 404 (the gate gives them none).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.downloads import private_download
from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.storage import EVIDENCE_TYPES
from shuhi.core.viewutils import gated, page_for
from shuhi.people import permissions as can
from shuhi.people import selectors, services
from shuhi.people.forms import FollowUpForm, PaperForm, RefuseForm, RemoveItemForm
from shuhi.people.models import Person, Pledge
from shuhi.people.pdf import render_pledge
from shuhi.people.pledging import pledge_verify


def _back(pledge: Pledge):
    return redirect("people:pledge", pk=pledge.pk)


def _errors(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
@require_GET
def my_pledges(request):
    user = request.user
    page_for(is_home_member(user))
    person = Person.objects.filter(user=user).first()
    rows = selectors.my_pledges(user)
    return render(request, "people/my_pledges.html", {"person": person, "pledges": rows,
                                                      "to_answer": rows.filter(status=Pledge.Status.SENT)})


@login_required
@require_GET
@gated(Pledge)
def pledge_detail(request, pk: int):
    user = request.user
    pledge = access_object(user, Pledge, pk)
    verification = pledge_verify(pledge) if pledge.status in Pledge.SIGNED else None
    return render(request, "people/pledge_detail.html", {
        "pledge": pledge, "verification": verification,
        "can_review": can.can_review_pledge(user, pledge), "can_answer": can.can_answer_pledge(user, pledge),
        "can_paper": can.can_record_paper_pledge(user, pledge),
        "can_follow_up": can.can_follow_up_pledge(user, pledge),
        "remove_form": RemoveItemForm(), "refuse_form": RefuseForm(), "paper_form": PaperForm(),
        "follow_up_form": FollowUpForm(initial={"steps": pledge.follow_up}),
    })


@login_required
@require_GET
@gated(Pledge)
def pledge_pdf(request, pk: int) -> HttpResponse:
    pledge = access_object(request.user, Pledge, pk)
    response = HttpResponse(render_pledge(pledge), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pledge-{pledge.pk}.pdf"'
    return private_download(response)


@login_required
@require_POST
@gated(Pledge)
def pledge_remove_item_view(request, pk: int):
    pledge = access_object(request.user, Pledge, pk, may=can.can_review_pledge)
    form = RemoveItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the item is removed."))
        return _back(pledge)
    try:
        services.pledge_remove_item(actor=request.user, pledge=pledge, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The item has been removed from the scope."))
    return _back(pledge)


@login_required
@require_POST
@gated(Pledge)
def pledge_send_view(request, pk: int):
    pledge = access_object(request.user, Pledge, pk, may=can.can_review_pledge)
    services.pledge_send(actor=request.user, pledge=pledge)
    messages.success(request, _("The pledge has been sent to %(name)s.") % {"name": pledge.person.name})
    return _back(pledge)


@login_required
@require_POST
@gated(Pledge)
def pledge_acknowledge_view(request, pk: int):
    pledge = access_object(request.user, Pledge, pk, may=can.can_answer_pledge)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you have read the pledge."))
        return _back(pledge)
    services.pledge_acknowledge(actor=request.user, pledge=pledge)
    messages.success(request, _("Thank you: your acknowledgement has been recorded."))
    return _back(pledge)


@login_required
@require_POST
@gated(Pledge)
def pledge_refuse_view(request, pk: int):
    pledge = access_object(request.user, Pledge, pk, may=can.can_answer_pledge)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you refuse."))
        return _back(pledge)
    services.pledge_refuse(actor=request.user, pledge=pledge, reason=form.cleaned_data["reason"])
    messages.success(request, _("Your refusal has been recorded; HR will contact you."))
    return _back(pledge)


@login_required
@require_POST
@gated(Pledge)
def pledge_follow_up_view(request, pk: int):
    pledge = access_object(request.user, Pledge, pk, may=can.can_follow_up_pledge)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Describe the follow-up steps."))
        return _back(pledge)
    services.pledge_follow_up(actor=request.user, pledge=pledge, steps=form.cleaned_data["steps"])
    messages.success(request, _("The follow-up steps have been saved."))
    return _back(pledge)


@login_required
@require_http_methods(["GET", "POST"])
@gated(Pledge)
def pledge_paper(request, pk: int):
    """GET: the signed paper copy, for anyone who can see the pledge. POST: upload it (HR)."""
    user = request.user
    if request.method == "POST":
        pledge = access_object(user, Pledge, pk, may=can.can_record_paper_pledge)
        form = PaperForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose the scanned file and the signing date."))
            return _back(pledge)
        try:
            services.pledge_record_paper(actor=user, pledge=pledge, upload=form.cleaned_data["file"],
                                         signed_on=form.cleaned_data["signed_on"])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The signed paper copy has been recorded."))
        return _back(pledge)
    pledge = access_object(user, Pledge, pk)
    if not pledge.paper_copy:
        raise Http404(_("Not found."))
    try:
        handle = pledge.paper_copy.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Not found.")) from exc
    suffix = "." + pledge.paper_copy.name.rsplit(".", 1)[-1].lower() if "." in pledge.paper_copy.name else ""
    response = FileResponse(handle, as_attachment=True, filename=pledge.paper_name or f"pledge-{pledge.pk}{suffix}",
                            content_type=EVIDENCE_TYPES.get(suffix, ("application/octet-stream",))[0])
    response["X-Content-Type-Options"] = "nosniff"
    return private_download(response)
