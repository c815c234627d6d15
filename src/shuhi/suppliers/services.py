"""Writes of the suppliers app: the register, frameworks and campaigns; answers, evidence,
submission, review and reminders; improvement plans and a supplier's own
self-assessment. Each is atomic, guarded by suppliers/permissions.py and records itself in the audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from shuhi.accounts.services import invitation_create
from shuhi.core.audit.services import audit_record, snapshot
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import enforces, require
from shuhi.core.roles import Role
from shuhi.core.services import organisation_create
from shuhi.core.storage import check_private_upload, delete_unless_committed
from shuhi.suppliers import notify as notices
from shuhi.suppliers import permissions as can
from shuhi.suppliers.models import (
    Assessment,
    AssessmentVersion,
    Campaign,
    Certification,
    Evidence,
    Framework,
    ImprovementItem,
    Interview,
    Reminder,
    SupplierProfile,
)
from shuhi.suppliers.schema import (
    FrameworkError,
    builtin_contents,
    clean_answer,
    is_shown,
    normalise,
    pick,
    unknown_mark,
)
from shuhi.suppliers.scoring import gaps, is_answered, score

PROFILE_FIELDS = ("legal_name", "size_band", "industry", "certifications", "other_certifications", "contacts",
                  "contract_status", "notes")


MANAGERS_ONLY = gettext_lazy("Only administrators and security managers can do this.")


def _clean_profile(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    codes = set(Certification.values)
    bad = [c for c in fields.get("certifications") or [] if c not in codes]
    if bad:
        raise ValidationError({"certifications": _("Unknown certification: %(codes)s") % {"codes": ", ".join(bad)}})
    return fields


@enforces(can.can_manage_suppliers, message=MANAGERS_ONLY)
@transaction.atomic
def profile_create(*, actor: Any, organisation: Organisation, **fields: Any) -> SupplierProfile:
    fields = _clean_profile(fields)
    fields.setdefault("legal_name", organisation.name)
    profile = SupplierProfile(organisation=organisation, **fields)
    profile.full_clean()
    profile.save()
    audit_record(actor=actor, action="supplier_profile.create", obj=profile, after=snapshot(profile))
    return profile


@enforces(can.can_manage_suppliers, message=MANAGERS_ONLY)
@transaction.atomic
def profile_update(*, actor: Any, profile: SupplierProfile, **fields: Any) -> SupplierProfile:
    fields = _clean_profile(fields)
    before = snapshot(profile)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    audit_record(actor=actor, action="supplier_profile.update", obj=profile, before=before, after=snapshot(profile))
    return profile


@enforces(can.can_manage_suppliers, message=MANAGERS_ONLY)
@transaction.atomic
def supplier_register(*, actor: Any, name: str, parent: Organisation | None = None,
                      **fields: Any) -> SupplierProfile:
    """A new supplier (or sub-supplier under `parent`) with its profile, in one step."""
    organisation = organisation_create(actor=actor, name=name, parent=parent)
    return profile_create(actor=actor, organisation=organisation, **fields)


@enforces(can.can_manage_suppliers, message=MANAGERS_ONLY)
def representative_invite(*, actor: User, profile: SupplierProfile, email: str, full_name: str):
    """An expiring, single-use link for a supplier representative; returns (invitation, token)."""
    if profile.organisation.is_home:
        raise ValidationError(_("Invite representatives for suppliers only."))
    return invitation_create(actor=actor, email=email, full_name=full_name, organisation=profile.organisation,
                             role=Role.SUPPLIER_REP)


@enforces(can.can_manage_suppliers, obj="organisation", message=MANAGERS_ONLY)
@transaction.atomic
def framework_import(*, actor: Any, organisation: Organisation, content: dict[str, Any],
                     builtin: bool = False) -> Framework:
    """Stores a framework; the same name and version may be replaced only while no assessment uses it."""
    content = normalise(content)
    existing = Framework.objects.filter(organisation=organisation, ref_id=content["id"],
                                        version=content["version"]).first()
    if existing is not None:
        if existing.content == content:
            return existing
        if Assessment.objects.filter(framework=existing).exists():
            raise FrameworkError([_("%(name)s version %(version)s is already in use; give the changed file a "
                                    "higher version.") % {"name": content["id"], "version": content["version"]}])
    framework = existing or Framework(organisation=organisation, ref_id=content["id"], version=content["version"])
    before = snapshot(framework) if existing else None
    framework.urn, framework.kind, framework.content = content["urn"], content["kind"], content
    framework.name_ja = content["name"].get("ja") or content["name"].get("en", "")
    framework.name_en = content["name"].get("en", "")
    framework.builtin = builtin or framework.builtin
    framework.full_clean()
    framework.save()
    audit_record(actor=actor, action="framework.update" if existing else "framework.import", obj=framework,
                 before=before, after={"ref_id": framework.ref_id, "version": framework.version,
                                       "questions": len(framework.doc.questions())})
    return framework


@enforces(can.can_manage_suppliers, obj="organisation", message=MANAGERS_ONLY)
def framework_install_builtin(*, actor: Any, organisation: Organisation) -> list[Framework]:
    return [framework_import(actor=actor, organisation=organisation, content=c, builtin=True)
            for c in builtin_contents()]


@enforces(can.can_manage_suppliers, message=MANAGERS_ONLY)
@transaction.atomic
def campaign_create(*, actor: User, framework: Framework, title: str, due_date: dt.date,
                    suppliers: list[Organisation], message: str = "") -> Campaign:
    """Sends the framework to each chosen organisation: one draft assessment each."""
    if framework.kind != Framework.Kind.QUESTIONNAIRE:
        raise ValidationError({"framework": _("Interview sheets are filled in by the outsourcer, not sent.")})
    if not suppliers:
        raise ValidationError({"suppliers": _("Choose at least one supplier.")})
    campaign = Campaign(organisation=framework.organisation, framework=framework, title=title.strip(),
                        message=message, due_date=due_date, created_by=actor)
    campaign.full_clean()
    campaign.save()
    for supplier in suppliers:
        assessment = Assessment.objects.create(campaign=campaign, framework=framework, supplier=supplier,
                                               due_date=due_date)
        notices.assessment_event(actor=actor, assessment=assessment, what="assigned")
    audit_record(actor=actor, action="campaign.create", obj=campaign, after={
        "framework": framework.pk, "due_date": due_date, "suppliers": sorted(s.pk for s in suppliers),
    })
    return campaign


@enforces(can.can_manage_suppliers, message=MANAGERS_ONLY)
@transaction.atomic
def self_assessment_create(*, actor: User, framework: Framework, due_date: dt.date | None = None) -> Assessment:
    """The outsourcer's own self-check with the same framework (no campaign)."""
    assessment = Assessment.objects.create(framework=framework, supplier=actor.organisation, due_date=due_date)
    audit_record(actor=actor, action="assessment.create", obj=assessment, after={"framework": framework.pk})
    return assessment


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
        entry = answers.setdefault(qid, {})
        mark = unknown_mark(question, raw)
        if mark:
            # 未実施 / わからない: an answer in itself; a value typed beside it is dropped, not guessed at.
            entry["unknown"] = mark
            entry.pop("value", None)
            continue
        entry.pop("unknown", None)
        if question.type == "file":
            continue
        try:
            entry["value"] = clean_answer(question, raw)
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
    content_type, data = check_private_upload(upload)
    upload.seek(0)
    evidence = Evidence(assessment=assessment, question_id=question_id, original_name=Path(upload.name).name[:255],
                        content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                        uploaded_by=actor)
    evidence.file.save(upload.name, upload, save=False)
    delete_unless_committed(evidence.file.storage, evidence.file.name)
    evidence.save()
    entry = assessment.answers.setdefault(question_id, {})
    entry["evidence"] = [*entry.get("evidence", []), evidence.pk]
    entry.pop("unknown", None)  # a file given answers the question
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
    return [question.id for question in doc.questions()
            if question.weight > 0 and is_shown(question, answers)
            and not is_answered(question, answers.get(question.id) or {})]


@enforces(can.can_answer_assessment, obj="assessment", message=ANSWERERS_ONLY)
@transaction.atomic
def assessment_submit(*, actor: User, assessment: Assessment, today: dt.date | None = None) -> AssessmentVersion:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_answerer(actor, assessment)
    missing = missing_answers(assessment)
    if missing:
        raise ValidationError(_("Answer every question before submitting (\"not done\" and \"don't know\" are "
                                "answers). Missing: %(ids)s") % {"ids": ", ".join(missing)})
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
    notices.assessment_event(actor=actor, assessment=assessment, what=assessment.status, comment=version.review_note)
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
        notices.assessment_event(actor=actor, assessment=assessment, what=kind)
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


ITEM_FIELDS = ("status", "notes", "owner", "owner_name", "due_date", "practice")
# What a supplier may change on an item the outsourcer planned: how it is getting on, not what was agreed.
SUPPLIER_ITEM_FIELDS = frozenset({"status", "notes", "owner", "owner_name"})


PLANNERS_ONLY = gettext_lazy("Only administrators and security managers make improvement plans.")


def _item_snapshot(item: ImprovementItem) -> dict[str, Any]:
    # Notes are free text a private plan may want kept to itself: the log records only that they changed.
    return {"status": item.status, "due_date": item.due_date, "owner": item.owner_id, "owner_name": item.owner_name,
            "question": item.question_id}


def _check_owner(item_org_id: int, owner: User | None) -> None:
    if owner is not None and owner.organisation_id != item_org_id:
        raise ValidationError({"owner": _("The person in charge must be a user of the organisation the plan is for.")})


@enforces(can.can_plan_improvements, obj="assessment", message=PLANNERS_ONLY)
@transaction.atomic
def plan_create(*, actor: Any, assessment: Assessment, question_ids: list[str], due_date: dt.date | None = None,
                owner: User | None = None, owner_name: str = "") -> list[ImprovementItem]:
    """One item per chosen gap of the latest submitted version, with the framework's good practice.

    A question that already has an item in this assessment's plan is skipped, so submitting the
    form twice does not double the plan.
    """
    version = assessment.versions.order_by("-number").first()
    if version is None:
        raise ValidationError(_("Submit the assessment first: a plan is made from its scored answers."))
    _check_owner(assessment.supplier_id, owner)
    found = {g.question.id: g for g in gaps(score(assessment.framework.doc, version.answers))}
    unknown = [qid for qid in question_ids if qid not in found]
    if unknown:
        raise ValidationError(_("Not a gap of this assessment: %(ids)s") % {"ids": ", ".join(unknown)})
    if not question_ids:
        raise ValidationError(_("Choose at least one gap."))
    existing = set(assessment.improvements.values_list("question_id", flat=True))
    lang = (get_language() or "ja")[:2]
    created = []
    for qid in question_ids:
        if qid in existing:
            continue
        gap = found[qid]
        item = ImprovementItem.objects.create(
            assessment=assessment, question_id=qid, due_date=due_date, owner=owner, owner_name=owner_name.strip(),
            practice=pick(gap.question.practice, lang) or pick(gap.question.text, lang),
            answer_then=(version.answers.get(qid) or {}).get("value"), share_then=gap.share,
            created_by=actor if isinstance(actor, User) else None,
        )
        audit_record(actor=actor, action="improvement.create", obj=item, after=_item_snapshot(item))
        created.append(item)
    return created


@enforces(can.can_update_improvement, obj="item", message=gettext_lazy("You may view this item but not change it."))
@transaction.atomic
def item_update(*, actor: Any, item: ImprovementItem, **fields: Any) -> ImprovementItem:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not improvement item fields: {sorted(unknown)}")
    item = ImprovementItem.objects.select_for_update().select_related("assessment").get(pk=item.pk)
    own_plan = item.assessment.private and actor.organisation_id == item.assessment.supplier_id
    if actor.is_supplier and not own_plan:
        fields = {k: v for k, v in fields.items() if k in SUPPLIER_ITEM_FIELDS}
    _check_owner(item.assessment.supplier_id, fields.get("owner"))
    before = _item_snapshot(item)
    notes_changed = "notes" in fields and fields["notes"] != item.notes
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="improvement.update", obj=item, before=before,
                 after={**_item_snapshot(item), "notes_changed": notes_changed})
    return item


FULL_REF, QUICK_REF = "shuhi-supplier-2024", "shuhi-supplier-quick-2024"


def self_assessment_framework(*, quick: bool = False) -> Framework | None:
    """The built-in questionnaire a supplier assesses itself with: the full one, or the quick one.

    Read outside the gate on purpose: frameworks are the outsourcer's rows, and a supplier reads
    the questions only through the assessment made here, never the framework list.
    """
    return (Framework.objects.filter(kind=Framework.Kind.QUESTIONNAIRE, builtin=True,
                                     ref_id=QUICK_REF if quick else FULL_REF,
                                     organisation__kind=Organisation.Kind.HOME)
            .order_by("-version").first())


@enforces(can.can_start_self_assessment,
          message=gettext_lazy("Only a supplier's representative starts a self-assessment from the portal."))
@transaction.atomic
def supplier_self_assessment_create(*, actor: User, quick: bool = False) -> Assessment:
    """A supplier representative assesses their own organisation, privately; reuses an open draft
    of the same questionnaire (the quick one or the full one)."""
    framework = self_assessment_framework(quick=quick)
    if framework is None:
        raise ValidationError(_("No questionnaire is installed yet; ask the outsourcer's administrator."))
    open_one = Assessment.objects.filter(supplier=actor.organisation, campaign=None, private=True,
                                         framework__ref_id=framework.ref_id,
                                         status__in=[Assessment.Status.DRAFT, Assessment.Status.RETURNED]).first()
    if open_one is not None:
        return open_one
    assessment = Assessment.objects.create(framework=framework, supplier=actor.organisation, private=True)
    audit_record(actor=actor, action="assessment.create", obj=assessment,
                 after={"framework": framework.pk, "private": True})
    return assessment


@enforces(can.can_share_assessment, obj="assessment",
          message=gettext_lazy("Only the assessed organisation shares its own self-assessment."))
@transaction.atomic
def assessment_share(*, actor: User, assessment: Assessment) -> Assessment:
    """The supplier shows its private self-assessment (and its plan) to the outsourcer. Cannot be undone:
    once shared, the outsourcer may already have read or printed it."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    require(can.can_share_assessment(actor, assessment),
            gettext_lazy("Only the assessed organisation shares its own self-assessment."))
    assessment.private = False
    assessment.save(update_fields=["private", "updated_at"])
    audit_record(actor=actor, action="assessment.share", obj=assessment, after={"private": False})
    return assessment
