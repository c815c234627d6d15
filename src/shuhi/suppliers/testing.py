"""Rows of this app's models for the isolation test's world (see shuhi/testing/world.py)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from shuhi.suppliers.models import Framework
from shuhi.suppliers.services import (
    assessment_review,
    assessment_save,
    assessment_submit,
    campaign_create,
    evidence_add,
    framework_install_builtin,
    interview_save,
    item_update,
    plan_create,
    profile_create,
    reminders_record,
    self_assessment_create,
    supplier_self_assessment_create,
)
from shuhi.testing.cast import SYSTEM_TEST

PDF = b"%PDF-1.4\n% evidence\n"


def _answer_everything(assessment) -> dict:
    values = {}
    for question in assessment.framework.doc.questions():
        if question.type == "yes_no":
            values[question.id] = "yes"
        elif question.type in {"single", "multiple"}:
            values[question.id] = question.choices[0].id if question.type == "single" else [question.choices[0].id]
        elif question.type == "number":
            values[question.id] = 12
        elif question.type == "date":
            values[question.id] = dt.date.today().isoformat()
        elif question.type == "text":
            values[question.id] = "記入済み"
    return values


def _submitted(actor, assessment):
    assessment_save(actor=actor, assessment=assessment, values=_answer_everything(assessment))
    for question in assessment.framework.doc.questions():
        if question.type == "file":
            evidence_add(actor=actor, assessment=assessment, question_id=question.id,
                         upload=SimpleUploadedFile("方針.pdf", PDF, content_type="application/pdf"))
    return assessment_submit(actor=actor, assessment=assessment)


def build_supplier_world(cast) -> None:
    """Create rows of every suppliers-app model for the home organisation and for suppliers A and B."""
    admin = cast.admin
    for organisation in (cast.home, cast.supplier_a, cast.supplier_b, cast.sub_supplier_a):
        profile_create(actor=admin, organisation=organisation, industry="製造業", size_band="21-50")
    questionnaire, interview_sheet, _quick = framework_install_builtin(actor=admin, organisation=cast.home)
    assert questionnaire.kind == Framework.Kind.QUESTIONNAIRE
    campaign = campaign_create(actor=admin, framework=questionnaire, title="2024年度 委託先点検",
                               due_date=dt.date.today() - dt.timedelta(days=1),
                               suppliers=[cast.supplier_a, cast.supplier_b, cast.sub_supplier_a])
    by_supplier = {a.supplier_id: a for a in campaign.assessments.all()}
    own = self_assessment_create(actor=cast.security, framework=questionnaire)
    _submitted(cast.security, own)
    _submitted(cast.rep_a, by_supplier[cast.supplier_a.pk])
    assessment_review(actor=cast.security, assessment=by_supplier[cast.supplier_a.pk], accept=False,
                      comments={"MA-1": "根拠を添えてください"})
    _submitted(cast.rep_b, by_supplier[cast.supplier_b.pk])
    _submitted(cast.rep_sub_a, by_supplier[cast.sub_supplier_a.pk])
    # Open ones get reminders: A's returned assessment is overdue, the home organisation's is due soon.
    own_open = self_assessment_create(actor=cast.security, framework=questionnaire,
                                      due_date=dt.date.today() + dt.timedelta(days=3))
    assert own_open.pk
    reminders_record(actor=SYSTEM_TEST)
    campaign_create(actor=admin, framework=questionnaire, title="追加点検",
                    due_date=dt.date.today() - dt.timedelta(days=2), suppliers=[cast.supplier_b, cast.sub_supplier_a])
    reminders_record(actor=SYSTEM_TEST)
    interview_save(actor=admin, supplier=cast.supplier_a, framework=interview_sheet, held_on=dt.date.today(),
                   values={"MI-1": "concrete", "MI-8": "代表取締役"})
    _build_plans(cast, own, by_supplier)


def _build_plans(cast, own, by_supplier) -> None:
    """Plans for home, A and B; private self-assessments of A and B with their own plans."""
    # Every answer is "yes" or the first choice, so MA-4 (one certification of several) is the gap.
    plan_create(actor=cast.security, assessment=own, question_ids=["MA-4"], owner=cast.owner)
    plan_create(actor=cast.security, assessment=by_supplier[cast.sub_supplier_a.pk], question_ids=["MA-4"])
    for supplier, rep in ((cast.supplier_a, cast.rep_a), (cast.supplier_b, cast.rep_b)):
        [item] = plan_create(actor=cast.admin, assessment=by_supplier[supplier.pk], question_ids=["MA-4"],
                             due_date=dt.date.today() + dt.timedelta(days=30), owner_name="工場長")
        item_update(actor=rep, item=item, status="in_progress", notes="ISMS の見積りを依頼")
        private = supplier_self_assessment_create(actor=rep)
        _submitted(rep, private)
        plan_create(actor=rep, assessment=private, question_ids=["MA-4"], owner=rep)
