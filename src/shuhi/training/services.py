"""Writes for training modules and attempts. Each is guarded, atomic and audited.

A module's text and quiz live in versions: a change (by hand, or a refresh of the module built
from the ledger) makes a new version and re-opens the assignments passed on an earlier one, so
that "trained" always means "passed the current version". An attempt is scored against the
version the person read; a failed one leaves the assignment open for a retake, and every attempt
is kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from shuhi.core.audit.services import audit_record
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import enforces, require
from shuhi.training import classification, content, quiz
from shuhi.training import permissions as can
from shuhi.training.models import Assignment, Attempt, Module, ModuleVersion


def _user(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None


def _today() -> dt.date:
    return timezone.localdate()


def _check_settings(pass_mark: int, due_days: int) -> None:
    errors = {}
    if not 1 <= int(pass_mark) <= 100:
        errors["pass_mark"] = _("The pass mark is a percentage between 1 and 100.")
    if not 1 <= int(due_days) <= 365:
        errors["due_days"] = _("Give between 1 and 365 days.")
    if errors:
        raise ValidationError(errors)


def _check_text(title: str, sections: list, questions: list) -> None:
    if not title.strip():
        raise ValidationError({"title": _("Give the title.")})
    if not sections:
        raise ValidationError({"sections": _("Write the module's text: sections start with a “## heading” line.")})
    try:
        quiz.check(questions)
    except ValidationError as exc:
        raise ValidationError({"questions": exc.messages}) from exc


def _publish(actor: Any, module: Module, *, title: str, summary: str, sections: list, questions: list,
             source: dict | None = None) -> ModuleVersion:
    """A new current version; the assignments passed on an earlier one open again."""
    versions = ModuleVersion.objects.select_for_update().filter(module=module)
    last = versions.order_by("-version").first()
    versions.update(is_current=False)
    version = ModuleVersion.objects.create(
        module=module, version=(last.version + 1) if last else 1, title=title.strip()[:200], summary=summary,
        sections=sections, questions=questions, source=source or {}, created_by=_user(actor))
    module.title = version.title
    module.save(update_fields=["title"])
    if last is not None:
        _reopen_passed(actor, module, version)
    return version


def _reopen_passed(actor: Any, module: Module, version: ModuleVersion) -> None:
    due = _today() + dt.timedelta(days=module.due_days)
    has_open = Assignment.objects.filter(module=module, status=Assignment.Status.OPEN).values("person_id")
    reopened = list(Assignment.objects.filter(module=module, status=Assignment.Status.PASSED)
                    .exclude(person__status="left").exclude(person_id__in=has_open).order_by("person_id", "-pk"))
    seen: set[int] = set()
    for assignment in reopened:
        if assignment.person_id in seen:
            continue
        seen.add(assignment.person_id)
        assignment.status, assignment.due_on = Assignment.Status.OPEN, due
        assignment.reminders_sent, assignment.last_reminded_on = 0, None
        assignment.save()
        audit_record(actor=actor, action="training_assignment.reopen", obj=assignment,
                     after={"module": module.pk, "version": version.version, "due_on": due})


# ---- modules ------------------------------------------------------------------------------------


@enforces(can.can_manage_modules, obj="organisation")
@transaction.atomic
def training_setup_defaults(*, actor: Any, organisation: Organisation) -> list[Module]:
    """Install the two modules shuhi ships, where the organisation has none with their code; safe to repeat."""
    if not organisation.is_home:
        raise ValidationError(_("Training modules belong to the outsourcer."))
    made = []
    if not Module.objects.filter(organisation=organisation, code=content.TRADE_SECRETS_CODE).exists():
        module = Module.objects.create(organisation=organisation, code=content.TRADE_SECRETS_CODE,
                                       title=content.TRADE_SECRETS["title"], pass_mark=80)
        _publish(actor, module, **content.TRADE_SECRETS)
        made.append(module)
    if not Module.objects.filter(organisation=organisation, code=content.CLASSIFICATION_CODE).exists():
        module = Module.objects.create(organisation=organisation, code=content.CLASSIFICATION_CODE,
                                       kind=Module.Kind.CLASSIFICATION, title=content.CLASSIFICATION_TITLE,
                                       pass_mark=80)
        _publish(actor, module, **classification.build(organisation))
        made.append(module)
    if made:
        audit_record(actor=actor, action="training_module.setup", obj=organisation,
                     after={"modules": [m.code for m in made]})
    return made


@enforces(can.can_manage_modules, obj="organisation")
@transaction.atomic
def module_create(*, actor: Any, organisation: Organisation, title: str, sections: list, questions: list,
                  summary: str = "", code: str = "", pass_mark: int = 80, due_days: int = 30) -> Module:
    if not organisation.is_home:
        raise ValidationError(_("Training modules belong to the outsourcer."))
    _check_text(title, sections, questions)
    _check_settings(pass_mark, due_days)
    code = slugify(code or title, allow_unicode=False)[:60] or f"module-{Module.objects.count() + 1}"
    if Module.objects.filter(organisation=organisation, code=code).exists():
        code = f"{code[:50]}-{Module.objects.filter(organisation=organisation).count() + 1}"
    module = Module.objects.create(organisation=organisation, code=code, title=title.strip()[:200],
                                   pass_mark=pass_mark, due_days=due_days)
    version = _publish(actor, module, title=title, summary=summary, sections=sections, questions=questions)
    audit_record(actor=actor, action="training_module.create", obj=module,
                 after={"code": code, "title": module.title, "version": version.version, "pass_mark": pass_mark,
                        "questions": len(questions)})
    return module


@enforces(can.can_manage_modules, obj="module")
@transaction.atomic
def module_revise(*, actor: Any, module: Module, title: str, sections: list, questions: list,
                  summary: str = "") -> ModuleVersion:
    """A new version of a module written by hand (the one built from the ledger is refreshed instead)."""
    if module.kind == Module.Kind.CLASSIFICATION:
        raise ValidationError(_("This module is built from the ledger's criteria: change the criteria in the ledger, "
                                "then refresh the module."))
    _check_text(title, sections, questions)
    before = module.current
    version = _publish(actor, module, title=title, summary=summary, sections=sections, questions=questions)
    audit_record(actor=actor, action="training_module.revise", obj=version,
                 before={"version": getattr(before, "version", None)},
                 after={"version": version.version, "title": version.title, "questions": len(questions)})
    return version


@enforces(can.can_manage_modules, obj="module")
@transaction.atomic
def module_update_settings(*, actor: Any, module: Module, pass_mark: int, due_days: int,
                           is_active: bool = True) -> Module:
    _check_settings(pass_mark, due_days)
    before = {"pass_mark": module.pass_mark, "due_days": module.due_days, "is_active": module.is_active}
    module.pass_mark, module.due_days, module.is_active = int(pass_mark), int(due_days), bool(is_active)
    module.save(update_fields=["pass_mark", "due_days", "is_active"])
    audit_record(actor=actor, action="training_module.update", obj=module, before=before,
                 after={"pass_mark": module.pass_mark, "due_days": module.due_days, "is_active": module.is_active})
    return module


def is_out_of_date(module: Module, version: ModuleVersion | None = None) -> bool:
    """Whether the ledger's criteria changed since the current version of a module built from them."""
    if module.kind != Module.Kind.CLASSIFICATION:
        return False
    version = version or module.current
    digest = classification.ledger_criteria(module.organisation)["digest"]
    return version is None or version.source.get("digest") != digest


@enforces(can.can_manage_modules, obj="module")
@transaction.atomic
def module_refresh(*, actor: Any, module: Module) -> ModuleVersion | None:
    """Rebuild the classification module from the ledger as it stands: a new version when the
    criteria changed, None when they did not."""
    if module.kind != Module.Kind.CLASSIFICATION:
        raise ValidationError(_("Only the module built from the ledger's criteria can be refreshed."))
    if not is_out_of_date(module):
        return None
    built = classification.build(module.organisation)
    before = module.current
    version = _publish(actor, module, **built)
    audit_record(actor=actor, action="training_module.refresh", obj=version,
                 before={"version": getattr(before, "version", None),
                         "digest": getattr(before, "source", {}).get("digest")},
                 after={"version": version.version, "digest": built["source"]["digest"],
                        "criteria": len(built["source"]["rules"])})
    return version


# ---- attempts -----------------------------------------------------------------------------------


def _locked(assignment: Assignment) -> Assignment:
    list(Assignment.objects.select_for_update().filter(pk=assignment.pk).values_list("pk"))
    assignment.refresh_from_db()
    return assignment


def _pass(assignment: Assignment, attempt: Attempt) -> None:
    assignment.status, assignment.passed_version = Assignment.Status.PASSED, attempt.version
    assignment.passed_at, assignment.score = timezone.now(), attempt.score
    assignment.save()


@enforces(can.can_take_training, obj="assignment")
@transaction.atomic
def attempt_submit(*, actor: Any, assignment: Assignment, version: ModuleVersion,
                   answers: dict[str, Any]) -> Attempt:
    """Score the answers to the version the person read; pass the assignment at the pass mark."""
    assignment = _locked(assignment)
    require(can.can_take_training(actor, assignment))
    # Read again: the version the person was shown may have been replaced since the page was drawn.
    current = ModuleVersion.objects.filter(module_id=assignment.module_id, is_current=True).first()
    if current is None or version.pk != current.pk:
        raise ValidationError(_("The module was updated while you were reading it: please read the new version "
                                "and answer again."))
    cleaned = quiz.clean_answers(version.questions, answers)
    result = quiz.score(version.questions, cleaned, assignment.module.pass_mark)
    attempt = Attempt.objects.create(assignment=assignment, version=version, answers=cleaned, correct=result.correct,
                                     total=result.total, score=result.score, passed=result.passed,
                                     taken_on=_today(), recorded_by=_user(actor))
    if result.passed:
        _pass(assignment, attempt)
    audit_record(actor=actor, action="training_attempt.submit", obj=attempt,
                 after={"assignment": assignment.pk, "version": version.version, "score": result.score,
                        "passed": result.passed, "attempt": assignment.attempts.count()})
    return attempt


@enforces(can.can_record_paper_result, obj="assignment")
@transaction.atomic
def attempt_record_paper(*, actor: Any, assignment: Assignment, score: int, taken_on: dt.date,
                         note: str = "") -> Attempt:
    """HR records the result of a quiz taken on paper (the current version), e.g. for someone without a log-in."""
    assignment = _locked(assignment)
    require(can.can_record_paper_result(actor, assignment))
    errors = {}
    if not 0 <= int(score) <= 100:
        errors["score"] = _("The score is a percentage between 0 and 100.")
    if taken_on > _today():
        errors["taken_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    version = assignment.module.current
    passed = int(score) >= assignment.module.pass_mark
    attempt = Attempt.objects.create(assignment=assignment, version=version, mode=Attempt.Mode.PAPER,
                                     total=len(version.questions), score=int(score), passed=passed,
                                     taken_on=taken_on, note=note.strip()[:500], recorded_by=_user(actor))
    if passed:
        _pass(assignment, attempt)
    audit_record(actor=actor, action="training_attempt.paper", obj=attempt,
                 after={"assignment": assignment.pk, "version": version.version, "score": attempt.score,
                        "passed": passed, "taken_on": taken_on})
    return attempt
