"""The assessment page: answer (portal), attach evidence, submit; review (outsourcer); versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.permissions import access_object
from shuhi.core.viewutils import gated
from shuhi.suppliers import permissions as can
from shuhi.suppliers import selectors
from shuhi.suppliers.models import Assessment, AssessmentVersion, Evidence
from shuhi.suppliers.presenters import answer_diff, question_rows, returned_rows
from shuhi.suppliers.scoring import progress, score
from shuhi.suppliers.services import (
    assessment_review,
    assessment_save,
    assessment_submit,
    evidence_add,
    evidence_remove,
    missing_answers,
)
from shuhi.suppliers.suggestions import apply as apply_suggestions
from shuhi.suppliers.suggestions import suggestions_for


def _posted_values(request, assessment: Assessment) -> tuple[dict, dict]:
    values, comments = {}, {}
    for question in assessment.framework.doc.questions():
        key = f"q-{question.id}"
        mark = request.POST.get(f"u-{question.id}", "").strip()
        if mark:
            values[question.id] = mark  # 未実施 / わからない, whatever was typed beside it
        elif question.type == "multiple":
            values[question.id] = request.POST.getlist(key)
        elif key in request.POST:
            values[question.id] = request.POST.get(key, "").strip()
        elif question.type == "file" and f"u-{question.id}" in request.POST:
            values[question.id] = ""  # the mark taken off a file question
        if f"c-{question.id}" in request.POST:
            comments[question.id] = request.POST[f"c-{question.id}"]
    return values, comments


def _save_posted(request, assessment: Assessment) -> dict:
    """Saves answers and any attached files together; returns the errors per question (empty on success)."""
    values, comments = _posted_values(request, assessment)
    try:
        with transaction.atomic():
            assessment_save(actor=request.user, assessment=assessment, values=values, comments=comments)
            for key, upload in request.FILES.items():
                if key.startswith("f-"):
                    try:
                        evidence_add(actor=request.user, assessment=assessment, question_id=key[2:], upload=upload)
                    except ValidationError as exc:
                        raise ValidationError({key[2:]: exc.messages}) from exc
    except ValidationError as exc:
        return {qid: " ".join(msgs) for qid, msgs in exc.message_dict.items()} if hasattr(exc, "error_dict") \
            else {"": " ".join(exc.messages)}
    return {}


def _context(request, assessment: Assessment, errors: dict | None = None, posted: dict | None = None) -> dict:
    user = request.user
    versions = list(selectors.versions_of(user=user, assessment=assessment))
    latest = versions[0] if versions else None
    review = latest.review_comments if latest and latest.outcome == AssessmentVersion.Outcome.RETURNED else {}
    evidence: dict[str, list] = {}
    for item in selectors.evidence_of(user=user, assessment=assessment):
        if item.pk in (assessment.answers.get(item.question_id) or {}).get("evidence", []):
            evidence.setdefault(item.question_id, []).append(item)
    doc = assessment.framework.doc
    can_review = can.can_review_assessment(user, assessment) and assessment.status == Assessment.Status.SUBMITTED
    answered, total = progress(score(doc, assessment.answers or {}))
    sections = question_rows(doc, assessment.answers or {}, evidence=evidence, review=review, errors=errors,
                             posted=posted)
    if posted is None and assessment.editable:
        apply_suggestions(sections, suggestions_for(assessment))
    return {
        "assessment": assessment, "versions": versions, "latest": latest,
        "sections": sections,
        "can_answer": assessment.editable and can.can_answer_assessment(user, assessment),
        "can_review": can_review, "returned": returned_rows(doc, review) if assessment.editable else [],
        # What the reviewer is asked to judge: the answers changed since the version before.
        "diff": answer_diff(doc, versions[1].answers, versions[0].answers) if can_review and len(versions) > 1
        else None, "diff_from": versions[1] if len(versions) > 1 else None,
        "evidence_items": [item for items in evidence.values() for item in items],
        "answered": answered, "total": total,
        "due_state": assessment.due_state(timezone.localdate()), "errors": errors or {},
    }


@login_required
@require_http_methods(["GET", "POST"])
@gated(Assessment)
def assessment_detail(request, pk: int):
    assessment = access_object(request.user, Assessment, pk)
    if request.method == "GET":
        return render(request, "suppliers/assessment.html", _context(request, assessment))
    assessment = access_object(request.user, Assessment, pk, change=True)
    if not assessment.editable:
        raise Http404(_("Not found."))
    errors = _save_posted(request, assessment)
    if errors:
        messages.error(request, _("Nothing was saved: correct the answers marked below."))
        posted, _comments = _posted_values(request, assessment)
        return render(request, "suppliers/assessment.html", _context(request, assessment, errors, posted),
                      status=400)
    if request.POST.get("action") != "submit":
        messages.success(request, _("Your draft has been saved."))
        return redirect("suppliers:assessment", pk=pk)
    # Submitting is one more step: the answers are saved, and the supplier confirms on the next page.
    return redirect("suppliers:submit", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
@gated(Assessment)
def assessment_submit_view(request, pk: int):
    """The confirmation before submitting: what is answered, what is missing, and that it cannot be undone."""
    assessment = access_object(request.user, Assessment, pk, change=True)
    if not assessment.editable or not can.can_answer_assessment(request.user, assessment):
        raise Http404(_("Not found."))
    if request.method == "POST":
        try:
            version = assessment_submit(actor=request.user, assessment=assessment)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("suppliers:submit", pk=pk)
        messages.success(request, _("Version %(n)s has been submitted.") % {"n": version.number})
        if assessment.campaign_id is None:
            # A self-assessment is complete when submitted: its scores and survey placement at once.
            return redirect("suppliers:report", pk=pk)
        return redirect("suppliers:assessment", pk=pk)
    doc = assessment.framework.doc
    answered, total = progress(score(doc, assessment.answers or {}))
    missing = [doc.question(qid) for qid in missing_answers(assessment)]
    return render(request, "suppliers/submit_confirm.html", {
        "assessment": assessment, "answered": answered, "total": total, "missing": missing,
        "latest": assessment.versions.order_by("-number").first(),
    })


@login_required
@require_POST
@gated(Assessment)
def assessment_review_view(request, pk: int):
    assessment = access_object(request.user, Assessment, pk)
    if not can.can_manage_suppliers(request.user):
        raise Http404(_("Not found."))
    comments = {key[2:]: value for key, value in request.POST.items() if key.startswith("r-")}
    accept = request.POST.get("decision") == "accept"
    if accept and request.POST.get("confirmed") != "yes":
        # Accepting is final: a second page asks again, and its only button is the one that accepts.
        if assessment.status != Assessment.Status.SUBMITTED:
            messages.error(request, _("Only a submitted assessment can be reviewed."))
            return redirect("suppliers:assessment", pk=pk)
        return render(request, "suppliers/review_confirm.html", {
            "assessment": assessment, "note": request.POST.get("note", ""),
            "dropped": [qid for qid, text in comments.items() if text.strip()],
            "latest": assessment.versions.order_by("-number").first(),
        })
    try:
        assessment_review(actor=request.user, assessment=assessment, accept=accept, comments=comments,
                          note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The assessment has been accepted.") if accept
                         else _("The assessment has been returned to the supplier with your comments."))
    return redirect("suppliers:assessment", pk=pk)


@login_required
@require_GET
@gated(AssessmentVersion)
def version_detail(request, pk: int):
    version = access_object(request.user, AssessmentVersion, pk)
    assessment = version.assessment
    evidence: dict[str, list] = {}
    for item in selectors.evidence_of(user=request.user, assessment=assessment):
        if item.pk in (version.answers.get(item.question_id) or {}).get("evidence", []):
            evidence.setdefault(item.question_id, []).append(item)
    doc = assessment.framework.doc
    previous = selectors.versions_of(user=request.user, assessment=assessment).filter(
        number__lt=version.number).first()
    return render(request, "suppliers/version.html", {
        "version": version, "assessment": assessment, "previous": previous,
        "latest": selectors.versions_of(user=request.user, assessment=assessment).first(),
        "diff": answer_diff(doc, previous.answers, version.answers) if previous else None,
        "sections": question_rows(doc, version.answers, evidence=evidence, review=version.review_comments),
    })


@login_required
@require_GET
@gated(Evidence)
def evidence_download(request, pk: int):
    evidence = access_object(request.user, Evidence, pk)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
@gated(Evidence)
def evidence_delete(request, pk: int):
    evidence = access_object(request.user, Evidence, pk, change=True)
    try:
        evidence_remove(actor=request.user, evidence=evidence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("suppliers:assessment", pk=evidence.assessment_id)
