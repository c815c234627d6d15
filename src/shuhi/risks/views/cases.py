"""The case library: public leak cases every member of staff may read; managers keep it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.viewutils import attach_errors, gated, page_for, paginate
from shuhi.risks import permissions as can
from shuhi.risks import selectors, services
from shuhi.risks.forms import CaseForm
from shuhi.risks.models import LeakCase, Principle


@login_required
@require_GET
def case_list(request):
    user = request.user
    page_for(is_home_member(user) and can.can_read_leak_cases(user))
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "principle")}
    return render(request, "risks/case_list.html", {
        "filters": filters, "principles": Principle.choices, "can_manage": can.can_manage_leak_cases(user),
        "can_read_register": can.can_read_insider_risks(user),
        **paginate(request, selectors.cases(user, **filters), per_page=20),
    })


@login_required
@require_GET
@gated(LeakCase)
def case_detail(request, pk: int):
    user = request.user
    case = access_object(user, LeakCase, pk)
    return render(request, "risks/case_detail.html", {"case": case,
                                                      "can_manage": can.can_manage_leak_cases(user, case)})


def _save(request, form: CaseForm, case: LeakCase | None):
    try:
        if case is None:
            return services.case_create(actor=request.user, organisation=request.user.organisation,
                                        **form.cleaned_data)
        return services.case_update(actor=request.user, case=case, **form.cleaned_data)
    except ValidationError as exc:
        attach_errors(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request):
    user = request.user
    page_for(is_home_member(user) and can.can_manage_leak_cases(user))
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = _save(request, form, None)
        if case is not None:
            messages.success(request, _("The case has been added to the library."))
            return redirect("risks:case", pk=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "risks/case_form.html", {"form": form, "case": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@gated(LeakCase)
def case_edit(request, pk: int):
    user = request.user
    case = access_object(user, LeakCase, pk, may=can.can_manage_leak_cases)
    form = CaseForm(request.POST or None, initial=CaseForm.initial_for(case))
    if request.method == "POST" and form.is_valid() and _save(request, form, case) is not None:
        messages.success(request, _("The changes have been saved."))
        return redirect("risks:case", pk=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "risks/case_form.html", {"form": form, "case": case}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@gated(LeakCase)
def case_delete(request, pk: int):
    user = request.user
    case = access_object(user, LeakCase, pk, may=can.can_manage_leak_cases)
    if request.method == "POST":
        services.case_delete(actor=user, case=case)
        messages.success(request, _("「%(title)s」 has been deleted from the library.") % {"title": case.title})
        return redirect("risks:cases")
    return render(request, "risks/case_delete.html", {"case": case})


@login_required
@require_POST
def cases_starter_load(request):
    user = request.user
    page_for(is_home_member(user) and can.can_manage_leak_cases(user))
    made = services.cases_load_starter_set(actor=user, organisation=user.organisation)
    if made:
        messages.success(request, _("%(n)s public cases have been added to the library.") % {"n": len(made)})
    else:
        messages.info(request, _("Every shipped case has been loaded before; nothing was added."))
    return redirect("risks:cases")
