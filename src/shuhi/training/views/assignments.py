"""Training pages about assignments: the list (with filters), taking a module and its quiz, the result
of an attempt with the explanations, a result from paper, cancelling, and the auditors' workbook.

HR and the full-view roles see everyone's; an ordinary employee his own; a supplier's
representative its own staff on site (their record only: the module's text is the outsourcer's).
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shuhi.core.downloads import private_download
from shuhi.core.permissions import access_object
from shuhi.core.viewutils import gated, page_for, paginate
from shuhi.training import forms as f
from shuhi.training import permissions as can
from shuhi.training import quiz, selectors, services, services_assign
from shuhi.training.models import Assignment, Attempt, ModuleVersion
from shuhi.training.spreadsheet import write_completion

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def assignment_list(request):
    user = request.user
    filters = {key: request.GET.get(key, "").strip() for key in ("state", "module", "q")}
    context = paginate(request, selectors.assignments(user, **filters))
    return render(request, "training/assignment_list.html", {
        "filters": filters, "states": [(s, label) for s, label in _state_labels()],
        "modules": [] if user.is_supplier else selectors.modules(user), "today": timezone.localdate(),
        "can_export": can.can_export_training(user), **context,
    })


def _state_labels():
    return [("open", _("To do")), ("overdue", _("Overdue")), ("passed", _("Passed")), ("cancelled", _("Cancelled"))]


@login_required
@require_GET
def my_training(request):
    user = request.user
    page_for(not user.is_supplier)
    # "assignments" holds exactly what the to-do line "Training to take" counts.
    return render(request, "training/my_training.html", {
        "assignments": selectors.my_open_assignments(user), "today": timezone.localdate(),
        "done": selectors.my_assignments(user).filter(status=Assignment.Status.PASSED)})


def _questions_for_form(version: ModuleVersion) -> list[dict]:
    """The quiz as the person sees it before answering: no marks, no explanations."""
    return [{"number": i + 1, "index": i, "text": q["text"], "multiple": quiz.is_multiple(q),
             "choices": [{"index": j, "text": c["text"]} for j, c in enumerate(q["choices"])]}
            for i, q in enumerate(version.questions)]


@login_required
@require_GET
@gated(Assignment)
def assignment_detail(request, pk: int):
    user = request.user
    assignment = access_object(user, Assignment, pk)
    version = assignment.module.current
    taking = can.can_take_training(user, assignment)
    return render(request, "training/assignment_detail.html", {
        "assignment": assignment, "version": version if not user.is_supplier else None,
        "questions": _questions_for_form(version) if taking else [],
        "attempts": selectors.attempts(user, assignment=assignment), "can_take": taking,
        "can_paper": can.can_record_paper_result(user, assignment),
        "can_cancel": can.can_cancel_assignment(user, assignment) and can.can_manage_assignments(user, assignment),
        "paper_form": f.PaperForm(initial={"taken_on": timezone.localdate()}), "cancel_form": f.CancelForm(),
        "today": timezone.localdate(),
    })


@login_required
@require_POST
@gated(Assignment)
def assignment_submit(request, pk: int):
    user = request.user
    assignment = access_object(user, Assignment, pk, may=can.can_take_training)
    try:
        version = ModuleVersion.objects.visible_to(user).get(pk=f.clean_version_id(request.POST.get("version")),
                                                              module=assignment.module)
    except (ValidationError, ModuleVersion.DoesNotExist):
        messages.error(request, _("The module was updated while you were reading it: please read the new version "
                                  "and answer again."))
        return redirect("training:assignment", pk=assignment.pk)
    try:
        attempt = services.attempt_submit(actor=user, assignment=assignment, version=version,
                                          answers=f.answers_from(request.POST))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("training:assignment", pk=assignment.pk)
    return redirect("training:attempt", pk=attempt.pk)


@login_required
@require_GET
@gated(Attempt)
def attempt_detail(request, pk: int):
    user = request.user
    attempt = access_object(user, Attempt, pk)
    review = []
    if attempt.mode == Attempt.Mode.ONLINE and not user.is_supplier:
        marks = quiz.score(attempt.version.questions, attempt.answers, 0).marks
        for i, question in enumerate(attempt.version.questions):
            picked = set(attempt.answers.get(str(i), []))
            review.append({"number": i + 1, "text": question["text"], "right": marks[i],
                           "explanation": question.get("explanation", ""),
                           "choices": [{"text": c["text"], "correct": bool(c.get("correct")), "picked": j in picked}
                                       for j, c in enumerate(question["choices"])]})
    assignment = attempt.assignment
    return render(request, "training/attempt_detail.html", {
        "attempt": attempt, "assignment": assignment, "review": review,
        "pass_mark": assignment.module.pass_mark, "can_retake": can.can_take_training(user, assignment),
    })


@login_required
@require_POST
@gated(Assignment)
def assignment_paper(request, pk: int):
    user = request.user
    assignment = access_object(user, Assignment, pk, may=can.can_record_paper_result)
    form = f.PaperForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the score and the date it was taken."))
        return redirect("training:assignment", pk=assignment.pk)
    try:
        attempt = services.attempt_record_paper(actor=user, assignment=assignment, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The result has been recorded: passed.") if attempt.passed
                         else _("The result has been recorded: not passed; the assignment stays open."))
    return redirect("training:assignment", pk=assignment.pk)


@login_required
@require_POST
@gated(Assignment)
def assignment_cancel(request, pk: int):
    user = request.user
    assignment = access_object(user, Assignment, pk, may=can.can_cancel_assignment)
    form = f.CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the assignment is cancelled."))
        return redirect("training:assignment", pk=assignment.pk)
    services_assign.assignment_cancel(actor=user, assignment=assignment, reason=form.cleaned_data["reason"])
    messages.success(request, _("The assignment has been cancelled."))
    return redirect("training:assignment", pk=assignment.pk)


@login_required
@require_GET
def export(request):
    user = request.user
    page_for(can.can_export_training(user))
    data = write_completion(user)
    name = f"training-completion-{timezone.localdate():%Y%m%d}.xlsx"
    return private_download(FileResponse(io.BytesIO(data), as_attachment=True, filename=name, content_type=XLSX))
