"""The management interview sheet, filled in by the outsourcer while talking with a supplier's executive."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shuhi.core.permissions import access_object
from shuhi.core.viewutils import gated
from shuhi.suppliers import permissions as can
from shuhi.suppliers.models import Framework, Interview, SupplierProfile
from shuhi.suppliers.presenters import question_rows
from shuhi.suppliers.scoring import score
from shuhi.suppliers.services import interview_save


def _values(request, doc) -> dict:
    values = {}
    for question in doc.questions():
        key = f"q-{question.id}"
        values[question.id] = request.POST.getlist(key) if question.type == "multiple" else request.POST.get(key, "")
    return values


def _render(request, *, profile, framework, interview, errors=None, posted=None, status=200):
    answers = interview.answers if interview else {}
    return render(request, "suppliers/interview.html", {
        "profile": profile, "framework": framework, "interview": interview, "errors": errors or {},
        "sections": question_rows(framework.doc, answers, errors=errors, posted=posted),
        "result": score(framework.doc, answers) if interview else None, "today": timezone.localdate(),
    }, status=status)


def _handle(request, profile: SupplierProfile, framework: Framework, interview: Interview | None):
    if request.method == "GET":
        return _render(request, profile=profile, framework=framework, interview=interview)
    if not can.can_manage_suppliers(request.user):
        raise Http404(_("Not found."))
    values = _values(request, framework.doc)
    try:
        held_on = timezone.datetime.fromisoformat(request.POST.get("held_on", "")).date()
    except ValueError:
        held_on = timezone.localdate()
    try:
        saved = interview_save(actor=request.user, supplier=profile.organisation, framework=framework,
                               held_on=held_on, values=values, interview=interview)
    except ValidationError as exc:
        errors = {qid: " ".join(msgs) for qid, msgs in exc.message_dict.items()}
        return _render(request, profile=profile, framework=framework, interview=interview, errors=errors,
                       posted=values, status=400)
    messages.success(request, _("The interview notes have been saved."))
    return redirect("suppliers:interview", pk=saved.pk)


@login_required
@require_http_methods(["GET", "POST"])
@gated(SupplierProfile)
def interview_new(request, pk: int):
    profile = access_object(request.user, SupplierProfile, pk)
    if not can.can_manage_suppliers(request.user) or profile.organisation.is_home:
        raise Http404(_("Not found."))
    framework = Framework.objects.visible_to(request.user).filter(kind=Framework.Kind.INTERVIEW).first()
    if framework is None:
        messages.error(request, _("No interview sheet is installed; open the frameworks page first."))
        return redirect("suppliers:detail", pk=pk)
    return _handle(request, profile, framework, None)


@login_required
@require_http_methods(["GET", "POST"])
@gated(Interview)
def interview_detail(request, pk: int):
    interview = access_object(request.user, Interview, pk)
    profile = SupplierProfile.objects.visible_to(request.user).filter(organisation=interview.supplier).first()
    if profile is None:
        raise Http404(_("Not found."))
    return _handle(request, profile, interview.framework, interview)
