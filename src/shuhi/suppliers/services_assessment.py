"""Writes on assessments: answers, evidence, submission, review and due-date reminders."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import weakref
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.audit.services import audit_record
from shuhi.core.models import User
from shuhi.core.permissions import enforces, require
from shuhi.suppliers import permissions as can
from shuhi.suppliers.models import Assessment, AssessmentVersion, Evidence, Interview, Reminder
from shuhi.suppliers.schema import clean_answer, is_shown
from shuhi.suppliers.scoring import score

EVIDENCE_MAX_BYTES = getattr(settings, "SHUHI_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# Extension → the leading bytes a genuine file of that kind starts with (None: plain text).
EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}


ANSWERERS_ONLY = gettext_lazy("You may view this assessment but not answer it.")
MANAGERS_REVIEW = gettext_lazy("Only administrators and security managers review assessments.")
MANAGERS_INTERVIEW = gettext_lazy("Only administrators and security managers record interviews.")


def _require_answerer(actor: User, assessment: Assessment) -> None:
    require(can.can_answer_assessment(actor, assessment), ANSWERERS_ONLY)
    if not assessment.editable:
        raise ValidationError(_("This assessment has been submitted and can no longer be changed."))


def merge_answers(assessment: Assessment, values: dict[str, Any], comments: dict[str, str] | None = None
                  ) -> tuple[dict[str, Any], dict[str, str]]:
    """The assessment's answers with `values` applied, and an error per question that does not fit."""
    doc = assessment.framework.doc
    answers = {qid: dict(entry) for qid, entry in (assessment.answers or {}).items()}
    errors: dict[str, str] = {}
    for qid, raw in values.items():
        question = doc.question(qid)
        if question is None:
            errors[qid] = _("There is no question %(id)s in this framework.") % {"id": qid}
            continue
        if question.type == "file":
            continue
        try:
            answers.setdefault(qid, {})["value"] = clean_answer(question, raw)
        except ValueError as exc:
            errors[qid] = str(exc)
    for qid, comment in (comments or {}).items():
        if doc.question(qid) is not None:
            answers.setdefault(qid, {})["comment"] = str(comment or "").strip()[:2000]
    return answers, errors


@enforces(can.can_answer_assessment, obj="assessment", message=ANSWERERS_ONLY)
@transaction.atomic
def assessment_save(*, actor: User, assessment: Assessment, values: dict[str, Any],
                    comments: dict[str, str] | None = None, source: str = "portal") -> Assessment:
    """Saves a draft. All or nothing: one bad answer rejects the whole save with every error listed."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_answerer(actor, assessment)
    answers, errors = merge_answers(assessment, values, comments)
    if errors:
        raise ValidationError({qid: [message] for qid, message in errors.items()})
    changed = sorted(q for q in answers if answers[q] != (assessment.answers or {}).get(q))
    assessment.answers = answers
    assessment.save(update_fields=["answers", "updated_at"])
    audit_record(actor=actor, action="assessment.save", obj=assessment, after={"changed": changed, "source": source})
    return assessment


def _check_upload(upload) -> tuple[str, bytes]:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(_("This type of file is not accepted. Use one of: %(types)s.")
                              % {"types": ", ".join(sorted(EVIDENCE_TYPES))})
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The file is too large (at most %(mb)s MB).") % {"mb": EVIDENCE_MAX_BYTES // 2**20})
    data = upload.read()
    content_type, magic = EVIDENCE_TYPES[suffix]
    if magic is not None and not data.startswith(magic):
        raise ValidationError(_("The file's content does not match its extension %(ext)s.") % {"ext": suffix})
    if magic is None and b"\x00" in data[:4096]:
        raise ValidationError(_("The file's content does not match its extension %(ext)s.") % {"ext": suffix})
    return content_type, data


def _delete_unless_committed(storage, name: str) -> None:
    """Delete the file `name` if the current transaction rolls back, keep it if it commits.

    Django has no rollback hook, but it drops the on_commit callbacks of a transaction (or
    savepoint) that rolls back; the finaliser of the dropped callback deletes the file. Without it
    a form that saves one file and then fails on the next one would leave a file with no row.
    """
    kept = [False]

    def keep() -> None:
        kept[0] = True

    weakref.finalize(keep, _delete_if_dropped, storage, name, kept)
    transaction.on_commit(keep)


def _delete_if_dropped(storage, name: str, kept: list[bool]) -> None:
    if not kept[0]:
        with contextlib.suppress(OSError):
            storage.delete(name)


@enforces(can.can_answer_assessment, obj="assessment", message=ANSWERERS_ONLY)
@transaction.atomic
def evidence_add(*, actor: User, assessment: Assessment, question_id: str, upload) -> Evidence:
    """Stores an evidence file after checking its question, its size and that its content matches its type.

    The file reaches the disk only once every check has passed, and leaves it again if the
    transaction around this call rolls back.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_answerer(actor, assessment)
    question = assessment.framework.doc.question(question_id)
    if question is None:
        raise ValidationError(_("There is no question %(id)s in this framework.") % {"id": question_id})
    if question.type != "file":
        raise ValidationError(_("Question %(id)s takes no file: answer it in the form.") % {"id": question_id})
    content_type, data = _check_upload(upload)
    upload.seek(0)
    evidence = Evidence(assessment=assessment, question_id=question_id, original_name=Path(upload.name).name[:255],
                        content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                        uploaded_by=actor)
    evidence.file.save(upload.name, upload, save=False)
    _delete_unless_committed(evidence.file.storage, evidence.file.name)
    evidence.save()
    entry = assessment.answers.setdefault(question_id, {})
    entry["evidence"] = [*entry.get("evidence", []), evidence.pk]
    assessment.save(update_fields=["answers", "updated_at"])
    audit_record(actor=actor, action="evidence.add", obj=evidence, after={
        "question": question_id, "name": evidence.original_name, "size": evidence.size, "sha256": evidence.sha256,
    })
    return evidence


@enforces(can.can_answer_assessment, message=ANSWERERS_ONLY)
@transaction.atomic
def evidence_remove(*, actor: User, evidence: Evidence) -> None:
    """Detaches a draft's file. Files of submitted versions stay, since versions refer to them."""
    assessment = Assessment.objects.select_for_update().get(pk=evidence.assessment_id)
    _require_answerer(actor, assessment)
    entry = assessment.answers.get(evidence.question_id, {})
    entry["evidence"] = [pk for pk in entry.get("evidence", []) if pk != evidence.pk]
    assessment.save(update_fields=["answers", "updated_at"])
    audit_record(actor=actor, action="evidence.remove", obj=evidence, before={"name": evidence.original_name})


def missing_answers(assessment: Assessment) -> list[str]:
    """Shown questions that count for the score but have no answer yet."""
    doc, answers = assessment.framework.doc, assessment.answers or {}
    missing = []
    for question in doc.questions():
        if question.weight <= 0 or not is_shown(question, answers):
            continue
        entry = answers.get(question.id) or {}
        filled = entry.get("evidence") if question.type == "file" else entry.get("value") not in (None, "", [])
        if not filled:
            missing.append(question.id)
    return missing


@enforces(can.can_answer_assessment, obj="assessment", message=ANSWERERS_ONLY)
@transaction.atomic
def assessment_submit(*, actor: User, assessment: Assessment, today: dt.date | None = None) -> AssessmentVersion:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_answerer(actor, assessment)
    missing = missing_answers(assessment)
    if missing:
        raise ValidationError(_("Answer every question before submitting (\"don't know\" is an answer). "
                                "Missing: %(ids)s") % {"ids": ", ".join(missing)})
    number = assessment.versions.count() + 1
    # A self-assessment (no campaign) has nobody else to review it: it is complete when submitted.
    own = assessment.campaign_id is None
    version = AssessmentVersion.objects.create(
        assessment=assessment, number=number, answers=assessment.answers, submitted_by=actor,
        scores=score(assessment.framework.doc, assessment.answers, today).as_dict(),
        **({"outcome": AssessmentVersion.Outcome.ACCEPTED, "reviewed_by": actor, "reviewed_at": timezone.now()}
           if own else {}),
    )
    assessment.status = Assessment.Status.ACCEPTED if own else Assessment.Status.SUBMITTED
    assessment.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="assessment.submit", obj=assessment, after={
        "version": number, "overall": version.scores.get("overall"),
    })
    return version


@enforces(can.can_review_assessment, obj="assessment", message=MANAGERS_REVIEW)
@transaction.atomic
def assessment_review(*, actor: User, assessment: Assessment, accept: bool,
                      comments: dict[str, str] | None = None, note: str = "") -> AssessmentVersion:
    """Accepts the submitted version, or returns it with comments per question."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment can be reviewed."))
    comments = {qid: text.strip() for qid, text in (comments or {}).items() if text and text.strip()}
    if not accept and not comments and not note.strip():
        raise ValidationError(_("Say what must change: comment on at least one question."))
    version = assessment.versions.order_by("-number").first()
    version.outcome = AssessmentVersion.Outcome.ACCEPTED if accept else AssessmentVersion.Outcome.RETURNED
    version.review_comments, version.review_note = comments, note.strip()
    version.reviewed_by, version.reviewed_at = actor, timezone.now()
    version.save(update_fields=["outcome", "review_comments", "review_note", "reviewed_by", "reviewed_at"])
    assessment.status = Assessment.Status.ACCEPTED if accept else Assessment.Status.RETURNED
    assessment.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="assessment.accept" if accept else "assessment.return", obj=assessment,
                 after={"version": version.number, "comments": comments, "note": version.review_note})
    return version


@enforces(can.can_record_reminders)
@transaction.atomic
def reminders_record(*, actor: Any, today: dt.date | None = None) -> list[Reminder]:
    """Records a "due soon" or "overdue" reminder for every open assessment that needs one.

    There is no mail server: the reminders are rows that the portal and the campaign pages show,
    and a later notifier can send them. Running this twice on one day records nothing new.
    """
    today = today or timezone.localdate()
    created = []
    open_ones = Assessment.objects.filter(status__in=[Assessment.Status.DRAFT, Assessment.Status.RETURNED],
                                          due_date__isnull=False)
    for assessment in open_ones:
        kind = assessment.due_state(today)
        if not kind:
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(assessment=assessment, kind=kind, due_date=assessment.due_date)
        except IntegrityError:
            continue
        audit_record(actor=actor, action="reminder.create", obj=reminder, after={"kind": kind})
        created.append(reminder)
    return created


@enforces(can.can_manage_suppliers, message=MANAGERS_INTERVIEW)
@transaction.atomic
def interview_save(*, actor: User, supplier, framework, held_on: dt.date, values: dict[str, Any],
                   interview: Interview | None = None) -> Interview:
    doc, errors, answers = framework.doc, {}, dict(interview.answers if interview else {})
    for qid, raw in values.items():
        question = doc.question(qid)
        try:
            answers[qid] = {"value": clean_answer(question, raw)} if question else None
        except ValueError as exc:
            errors[qid] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    interview = interview or Interview(organisation=actor.organisation, supplier=supplier, framework=framework,
                                       interviewer=actor, held_on=held_on)
    interview.held_on, interview.answers = held_on, {k: v for k, v in answers.items() if v}
    interview.save()
    audit_record(actor=actor, action="interview.save", obj=interview, after={"supplier": supplier.pk,
                                                                              "held_on": held_on})
    return interview
