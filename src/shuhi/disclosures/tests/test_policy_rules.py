"""Every rule of the disclosure policy, first on plain facts (policy.check_request), then through the
services with the database, including the edges: an NDA that ends the day before the due date, scope
by category and by project, drafts and terminated NDAs, re-disclosure, the executive exception,
justification, volume and stamping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shuhi.disclosures import policy
from shuhi.disclosures.models import Disclosure
from shuhi.disclosures.services import (
    disclosed_file_add,
    disclosure_decide,
    disclosure_hand_over,
    disclosure_request,
    disclosure_request_redisclosure,
    nda_create,
    nda_terminate,
    policy_for,
    policy_update,
)
from shuhi.disclosures.testing import nda_for, pdf_upload

TODAY = dt.date(2026, 4, 1)
DUE = dt.date(2026, 6, 30)
POLICY = policy.PolicyFacts(exception_tier_ids=frozenset({3}), nda_tier_ids=frozenset({2, 3}),
                            stamp_tier_ids=frozenset({2, 3}), require_justification=True, warn_over_assets=2)
DRAWING = policy.AssetFacts(pk=1, label="T-1 金型図面", tier_id=2, tier_name="社外秘", category="technical",
                            project_ids=frozenset({7}))
SECRET = policy.AssetFacts(pk=2, label="W-1 設計秘伝書", tier_id=3, tier_name="極秘", category="technical")
PUBLIC = policy.AssetFacts(pk=3, label="P-1 カタログ", tier_id=1, tier_name="一般", category="sales")


def nda(**changes) -> policy.NdaFacts:
    facts = {"pk": 1, "reference": "NDA-1", "active": True, "starts_on": dt.date(2026, 1, 1), "ends_on": DUE,
             "categories": frozenset({"technical"})}
    return policy.NdaFacts(**(facts | changes))


def request(*assets, **changes) -> policy.RequestFacts:
    facts = {"recipient": "アルファ工業", "assets": assets or (DRAWING,), "purpose": "試作",
             "justification": "金型設計に必要", "due_date": DUE, "today": TODAY, "ndas": (nda(),)}
    return policy.RequestFacts(**(facts | changes))


def rules(verdict, level=None) -> set[str]:
    return {f.rule for f in verdict.findings if level is None or f.level == level}


# ---- plain facts ---------------------------------------------------------------------------------


def test_a_request_covered_by_an_nda_in_force_until_the_due_date_is_allowed_without_findings():
    verdict = policy.check_request(request(), POLICY)
    assert verdict.allowed and verdict.findings == []


def test_an_nda_ending_the_day_before_the_due_date_is_refused_naming_the_nda_and_both_dates():
    verdict = policy.check_request(request(ndas=(nda(ends_on=DUE - dt.timedelta(days=1)),)), POLICY)
    [finding] = verdict.errors
    assert finding.rule == "nda"
    assert "NDA-1" in finding.message and "2026-06-29" in finding.message and "2026-06-30" in finding.message


def test_an_nda_ending_on_the_due_date_is_enough():
    assert policy.check_request(request(ndas=(nda(ends_on=DUE),)), POLICY).allowed


def test_an_nda_covers_by_category_and_refuses_an_asset_of_another_category():
    assert policy.check_request(request(ndas=(nda(categories=frozenset({"technical"})),)), POLICY).allowed
    verdict = policy.check_request(request(ndas=(nda(categories=frozenset({"sales"})),)), POLICY)
    assert rules(verdict, policy.ERROR) == {"nda"} and "T-1" in verdict.errors[0].message


def test_an_nda_covers_by_project_and_by_naming_the_asset():
    assert policy.check_request(request(ndas=(nda(categories=frozenset(), project_ids=frozenset({7})),)),
                                POLICY).allowed
    assert policy.check_request(request(ndas=(nda(categories=frozenset(), asset_ids=frozenset({1})),)),
                                POLICY).allowed
    assert not policy.check_request(request(ndas=(nda(categories=frozenset(), project_ids=frozenset({8})),)),
                                    POLICY).allowed


def test_a_draft_or_terminated_nda_or_one_not_yet_started_covers_nothing():
    for facts in (nda(active=False), nda(starts_on=TODAY + dt.timedelta(days=1))):
        verdict = policy.check_request(request(ndas=(facts,)), POLICY)
        assert rules(verdict, policy.ERROR) == {"nda"} and "NDA-1" not in verdict.errors[0].message


def test_no_nda_at_all_is_refused_naming_the_recipient():
    verdict = policy.check_request(request(ndas=()), POLICY)
    assert rules(verdict, policy.ERROR) == {"nda"} and "アルファ工業" in verdict.errors[0].message


def test_a_tier_outside_the_nda_tiers_needs_no_nda():
    assert policy.check_request(request(PUBLIC, ndas=()), POLICY).allowed


def test_the_executive_exception_is_a_warning_at_the_request_and_an_error_at_the_decision():
    at_request = policy.check_request(request(SECRET), POLICY)
    assert at_request.allowed and rules(at_request, policy.WARNING) == {"exception"}
    at_decision = policy.check_request(request(SECRET), POLICY, deciding=True)
    assert rules(at_decision, policy.ERROR) == {"exception"} and "W-1" in at_decision.errors[0].message
    given = policy.check_request(request(SECRET, exception_given=True), POLICY, deciding=True)
    assert given.allowed and given.findings == []


def test_purpose_and_justification_are_required_unless_the_policy_drops_the_rule():
    verdict = policy.check_request(request(purpose=" ", justification=""), POLICY)
    assert [f.rule for f in verdict.errors] == ["justification", "justification"]
    relaxed = policy.PolicyFacts(**{**POLICY.__dict__, "require_justification": False})
    assert policy.check_request(request(purpose="", justification=""), relaxed).allowed


def test_more_assets_than_the_limit_is_a_warning_and_none_is_an_error():
    many = (DRAWING, PUBLIC, policy.AssetFacts(pk=4, label="P-2", tier_id=1, tier_name="一般", category="sales"))
    verdict = policy.check_request(request(*many), POLICY)
    assert verdict.allowed and rules(verdict, policy.WARNING) == {"volume"} and "3" in verdict.warnings[0].message
    off = policy.PolicyFacts(**{**POLICY.__dict__, "warn_over_assets": 0})
    assert policy.check_request(request(*many), off).findings == []
    empty = policy.RequestFacts(**{**request().__dict__, "assets": ()})
    assert rules(policy.check_request(empty, POLICY), policy.ERROR) == {"volume"}


def test_a_redisclosure_needs_a_parent_nda_that_allows_it():
    refused = policy.check_request(request(redisclosure=True, parent_nda=nda(reference="NDA-P")), POLICY)
    assert rules(refused, policy.ERROR) == {"redisclosure"} and "NDA-P" in refused.errors[0].message
    allowed = request(redisclosure=True, parent_nda=nda(reference="NDA-P", allows_redisclosure=True))
    assert policy.check_request(allowed, POLICY).allowed
    orphan = policy.check_request(request(redisclosure=True, parent_nda=None), POLICY)
    assert rules(orphan, policy.ERROR) == {"redisclosure"}


def test_every_finding_names_its_rule_in_its_message():
    verdict = policy.check_request(request(SECRET, purpose="", ndas=()), POLICY, deciding=True)
    names = policy.rule_names()
    assert rules(verdict) == {"justification", "exception", "nda"}
    assert all(f.message.startswith(names[f.rule]) for f in verdict.findings)


def test_only_the_stamp_tiers_must_be_stamped():
    assert policy.must_stamp(2, POLICY) and not policy.must_stamp(1, POLICY)


# ---- through the services ------------------------------------------------------------------------


@pytest.fixture
def due():
    return timezone.localdate() + dt.timedelta(days=30)


def _ask(cast, assets, due, **extra):
    values = {"purpose": "試作", "justification": "金型設計に必要", "due_date": due} | extra
    return disclosure_request(actor=cast.security, organisation=cast.home, supplier=cast.supplier_a,
                              assets=assets, **values)


@pytest.mark.django_db
def test_the_service_refuses_an_nda_that_ends_the_day_before_the_due_date_and_allows_one_ending_on_it(
        cast, register, due):
    nda_for(cast, cast.supplier_b, reference="NDA-B-SHORT", categories=["technical"], days=29)
    with pytest.raises(ValidationError) as refused:
        disclosure_request(actor=cast.security, organisation=cast.home, supplier=cast.supplier_b,
                           assets=[register.drawing], purpose="試作", justification="必要", due_date=due)
    message = " ".join(refused.value.messages)
    assert "NDA-B-SHORT" in message and (due - dt.timedelta(days=1)).isoformat() in message
    assert due.isoformat() in message
    nda_for(cast, cast.supplier_b, reference="NDA-B-EXACT", categories=["technical"], days=30)
    d = disclosure_request(actor=cast.security, organisation=cast.home, supplier=cast.supplier_b,
                           assets=[register.drawing], purpose="試作", justification="必要", due_date=due)
    assert d.nda.reference == "NDA-B-EXACT"


@pytest.mark.django_db
def test_the_service_allows_a_category_the_nda_covers_and_refuses_one_it_does_not(cast, register, due):
    assert _ask(cast, [register.drawing], due).nda == register.nda
    with pytest.raises(ValidationError) as refused:
        _ask(cast, [register.sales_memo], due)
    assert "S-1" in " ".join(refused.value.messages)


@pytest.mark.django_db
def test_the_service_allows_an_asset_of_a_project_the_nda_covers(cast, register, due):
    from shuhi.ledger.services import asset_create

    plan = asset_create(actor=cast.admin, organisation=cast.home, code="P-9", name="新製品計画",
                        tier=register.tiers["confidential"], department=cast.dev, category="management",
                        projects=[cast.project])
    with pytest.raises(ValidationError):
        _ask(cast, [plan], due)
    nda_create(actor=cast.security, organisation=cast.home, supplier=cast.supplier_a, reference="NDA-PROJ",
               title="新製品", starts_on=timezone.localdate(), ends_on=due, projects=[cast.project], activate=True)
    assert _ask(cast, [plan], due).nda.reference == "NDA-PROJ"


@pytest.mark.django_db
def test_the_service_refuses_under_a_draft_nda_and_under_a_terminated_one(cast, register, due):
    nda_create(actor=cast.security, organisation=cast.home, supplier=cast.supplier_b, reference="NDA-DRAFT",
               title="草案", starts_on=timezone.localdate(), ends_on=due, scope_categories=["technical"])
    with pytest.raises(ValidationError):
        disclosure_request(actor=cast.security, organisation=cast.home, supplier=cast.supplier_b,
                           assets=[register.drawing], purpose="試作", justification="必要", due_date=due)
    nda_terminate(actor=cast.security, nda=register.nda, reason="取引終了")
    with pytest.raises(ValidationError):
        _ask(cast, [register.drawing], due)


@pytest.mark.django_db
def test_an_nda_that_lapses_between_the_request_and_the_decision_stops_the_approval(cast, register, due):
    nda_terminate(actor=cast.security, nda=register.nda, reason="取引終了")
    with pytest.raises(ValidationError):
        disclosure_decide(actor=cast.security, disclosure=register.requested, approve=True)
    register.requested.refresh_from_db()
    assert register.requested.status == Disclosure.Status.REQUESTED


@pytest.mark.django_db
def test_a_redisclosure_is_refused_unless_the_parent_nda_allows_it(cast, register):
    nda_for(cast, cast.supplier_a, sub_supplier=cast.sub_supplier_a, reference="NDA-A1", categories=["technical"])
    values = {"parent": register.held, "sub_supplier": cast.sub_supplier_a, "assets": [register.drawing],
              "purpose": "金型", "justification": "加工に必要",
              "due_date": timezone.localdate() + dt.timedelta(days=10)}
    with pytest.raises(ValidationError) as refused:
        disclosure_request_redisclosure(actor=cast.rep_a, **values)
    assert "NDA-A" in " ".join(refused.value.messages)
    register.nda.allows_redisclosure = True
    register.nda.save()
    register.held.refresh_from_db()
    sub = disclosure_request_redisclosure(actor=cast.rep_a, **values)
    assert sub.parent == register.held and sub.nda.reference == "NDA-A1"


@pytest.mark.django_db
def test_a_top_secret_request_warns_and_its_approval_needs_both_executive_and_reason(cast, register, due):
    nda_for(cast, cast.supplier_a, reference="NDA-W1", assets=[register.top_secret], days=60)
    d = _ask(cast, [register.top_secret], due)
    assert [w["rule"] for w in d.warnings] == ["exception"]
    with pytest.raises(ValidationError):
        disclosure_decide(actor=cast.security, disclosure=d, approve=True)
    with pytest.raises(ValidationError):
        disclosure_decide(actor=cast.security, disclosure=d, approve=True, exception_executive="取締役")
    with pytest.raises(ValidationError):
        disclosure_decide(actor=cast.security, disclosure=d, approve=True, exception_reason="量産に不可欠")
    d.refresh_from_db()
    assert d.status == Disclosure.Status.REQUESTED
    disclosure_decide(actor=cast.security, disclosure=d, approve=True, exception_executive="取締役",
                      exception_reason="量産に不可欠")
    d.refresh_from_db()
    assert d.status == Disclosure.Status.APPROVED and d.exception_reason == "量産に不可欠"


@pytest.mark.django_db
def test_the_service_requires_purpose_and_justification(cast, register, due):
    with pytest.raises(ValidationError):
        _ask(cast, [register.drawing], due, justification="  ")
    with pytest.raises(ValidationError):
        _ask(cast, [register.drawing], due, purpose="")


@pytest.mark.django_db
def test_more_assets_than_the_policy_limit_stores_a_warning_on_the_disclosure(cast, register, due):
    tiers = register.tiers
    policy_update(actor=cast.security, organisation=cast.home, exception_tiers=[tiers["top_secret"]],
                  nda_tiers=[tiers["confidential"], tiers["top_secret"]],
                  stamp_tiers=[tiers["confidential"], tiers["top_secret"]], require_justification=True,
                  warn_over_assets=1)
    nda_for(cast, cast.supplier_a, reference="NDA-ALL", categories=["technical", "sales"], days=60)
    d = _ask(cast, [register.drawing, register.sales_memo], due)
    assert [w["rule"] for w in d.warnings] == ["volume"] and d.status == Disclosure.Status.REQUESTED


@pytest.mark.django_db
def test_a_text_file_of_a_confidential_asset_is_refused_by_the_stamping_rule(cast, register):
    upload = SimpleUploadedFile("memo.txt", "社外秘のメモ".encode(), content_type="text/plain")
    with pytest.raises(ValidationError) as refused:
        disclosed_file_add(actor=cast.security, disclosure=register.approved, upload=upload, asset=register.drawing)
    message = " ".join(refused.value.messages)
    # In either language: the compiled catalogue now translates the message.
    assert "memo.txt" in message and "社外秘" in message and ("stamp" in message.lower() or "秘密表示" in message)
    assert not register.approved.files.exists()


@pytest.mark.django_db
def test_a_text_file_is_accepted_unstamped_when_the_policy_does_not_require_stamping_its_tier(cast, register):
    tiers = register.tiers
    policy_update(actor=cast.security, organisation=cast.home, exception_tiers=[tiers["top_secret"]],
                  nda_tiers=[tiers["confidential"]], stamp_tiers=[tiers["top_secret"]], require_justification=True,
                  warn_over_assets=5)
    upload = SimpleUploadedFile("memo.txt", b"notes", content_type="text/plain")
    record = disclosed_file_add(actor=cast.security, disclosure=register.approved, upload=upload)
    assert not record.stamped and record.fingerprint == ""
    assert policy_for(cast.home).stamp_tiers.get() == tiers["top_secret"]


@pytest.mark.django_db
def test_a_stamped_pdf_carries_the_fingerprint_and_a_scan_of_the_stored_copy_finds_its_tier(cast, register):
    from shuhi.documents.scan import scan_file

    first = disclosed_file_add(actor=cast.security, disclosure=register.approved, upload=pdf_upload("a.pdf"),
                               asset=register.drawing)
    second = disclosed_file_add(actor=cast.security, disclosure=register.approved, upload=pdf_upload("b.pdf"))
    assert first.fingerprint == f"{register.approved.number}.1"
    assert second.fingerprint == f"{register.approved.number}.2"
    assert first.stamped and first.sha256 != first.original_sha256
    result = scan_file(first.file.path)
    assert result["tier"] == "confidential", result
    disclosure_hand_over(actor=cast.security, disclosure=register.approved)
