"""The outsourcer's disclosure pages: list, request, detail and each workflow step, by role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from shuhi.disclosures.models import DisclosedFile, Disclosure
from shuhi.disclosures.testing import pdf_upload

pytestmark = pytest.mark.django_db


def _due(days: int = 30) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_the_list_shows_the_register_to_a_manager_with_the_request_button(cast, login, register):
    page = login(cast.security).get(reverse("disclosures:list"))
    assert page.status_code == 200
    html = page.content.decode()
    for d in (register.requested, register.approved, register.held):
        assert d.number in html
    assert reverse("disclosures:new") in html and "NDA-A" in html


def test_a_supplier_is_sent_from_the_list_to_its_portal(cast, login, register):
    page = login(cast.rep_a).get(reverse("disclosures:list"))
    assert page.status_code == 302 and page["Location"] == reverse("disclosures:portal")


def test_an_employee_sees_an_empty_register_without_a_request_button(cast, login, register):
    html = login(cast.employee).get(reverse("disclosures:list")).content.decode()
    assert register.held.number not in html
    assert reverse("disclosures:new") not in html
    assert reverse("disclosures:policy") not in html and reverse("disclosures:leaks") not in html


def test_the_list_filters_by_status_group_and_by_number(cast, login, register):
    client = login(cast.security)
    html = client.get(reverse("disclosures:list"), {"status": "held"}).content.decode()
    assert register.held.number in html and register.requested.number not in html
    html = client.get(reverse("disclosures:list"), {"status": "requested"}).content.decode()
    assert register.requested.number in html and register.held.number not in html
    html = client.get(reverse("disclosures:list"), {"q": register.approved.number}).content.decode()
    assert register.approved.number in html and register.held.number not in html


def test_the_list_highlights_an_overdue_disclosure(cast, login, register):
    Disclosure.objects.filter(pk=register.held.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    html = login(cast.security).get(reverse("disclosures:list"), {"status": "held"}).content.decode()
    assert "badge-bad" in html


def test_the_list_shows_a_redisclosure_as_supplier_arrow_sub_supplier(cast, login, register):
    from shuhi.disclosures.models import Nda
    from shuhi.disclosures.services import disclosure_request_redisclosure
    from shuhi.disclosures.testing import nda_for

    Nda.objects.filter(pk=register.nda.pk).update(allows_redisclosure=True)
    nda_for(cast, cast.supplier_a, sub_supplier=cast.sub_supplier_a, reference="NDA-A1", categories=["technical"])
    sub = disclosure_request_redisclosure(actor=cast.rep_a, parent=register.held, sub_supplier=cast.sub_supplier_a,
                                          assets=[register.drawing], purpose="金型", justification="加工",
                                          due_date=timezone.localdate() + dt.timedelta(days=10))
    html = login(cast.security).get(reverse("disclosures:list")).content.decode()
    assert f"{cast.supplier_a.name} → {cast.sub_supplier_a.name}" in html
    detail = login(cast.security).get(reverse("disclosures:detail", args=[register.held.pk])).content.decode()
    assert sub.number in detail


# ---- the request form ---------------------------------------------------------------------------


def test_a_department_manager_may_choose_only_his_departments_assets_and_first_tier_suppliers(cast, login, register):
    form = login(cast.owner).get(reverse("disclosures:new")).context["form"]
    assert set(form.fields["assets"].queryset) == {register.top_secret, register.drawing}
    suppliers = set(form.fields["supplier"].queryset)
    assert cast.supplier_a in suppliers and cast.sub_supplier_a not in suppliers and cast.home not in suppliers


@pytest.mark.parametrize("who", ["employee", "auditor", "rep_a", "hr"])
def test_the_request_form_is_not_found_for_those_who_may_not_request(cast, login, register, who):
    assert login(getattr(cast, who)).get(reverse("disclosures:new")).status_code == 404


def _request_data(cast, *assets, **extra):
    return {"supplier": cast.supplier_a.pk, "assets": [a.pk for a in assets], "purpose": "試作",
            "justification": "金型設計に必要", "channel": "portal", "copies": 1, "due_date": _due(),
            "end_action": "either", **extra}


def test_a_request_is_saved_and_its_policy_warnings_are_shown_on_the_detail_page(cast, login, register):
    client = login(cast.owner)
    page = client.post(reverse("disclosures:new"), _request_data(cast, register.top_secret), follow=True)
    d = Disclosure.objects.get(purpose="試作", assets=register.top_secret)
    assert page.redirect_chain[-1][0] == reverse("disclosures:detail", args=[d.pk])
    assert d.status == Disclosure.Status.REQUESTED and d.requested_by == cast.owner
    html = page.content.decode()
    assert 'data-testid="policy-warnings"' in html and register.top_secret.name in html


def test_a_request_the_policy_refuses_is_shown_on_the_form_with_the_rule_and_nothing_is_saved(cast, login, register):
    before = Disclosure.objects.count()
    page = login(cast.security).post(reverse("disclosures:new"), _request_data(cast, register.sales_memo))
    assert page.status_code == 400 and Disclosure.objects.count() == before
    html = page.content.decode()
    assert "NDA" in html and register.sales_memo.code in html


def test_a_request_without_a_due_date_is_shown_with_the_field_error(cast, login, register):
    page = login(cast.owner).post(reverse("disclosures:new"), _request_data(cast, register.drawing, due_date=""))
    assert page.status_code == 400 and page.context["form"].errors["due_date"]


def test_checking_against_the_policy_lists_the_findings_without_saving(cast, login, register):
    before = Disclosure.objects.count()
    page = login(cast.owner).post(reverse("disclosures:new"),
                                  _request_data(cast, register.top_secret, justification="", action="check"))
    assert page.status_code == 200 and Disclosure.objects.count() == before
    verdict = page.context["verdict"]
    assert {f.rule for f in verdict.errors} == {"justification"}
    assert {f.rule for f in verdict.warnings} == {"exception"}
    assert 'data-testid="policy-check"' in page.content.decode()


# ---- the detail page ----------------------------------------------------------------------------


def test_the_requester_sees_the_detail_with_withdraw_but_not_decide(cast, login, register):
    page = login(cast.owner).get(reverse("disclosures:detail", args=[register.requested.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("disclosures:withdraw", args=[register.requested.pk]) in html
    assert reverse("disclosures:decide", args=[register.requested.pk]) not in html


def test_an_auditor_reads_the_detail_and_sees_no_button(cast, login, register):
    client = login(cast.auditor)
    for d in (register.requested, register.approved, register.held):
        page = client.get(reverse("disclosures:detail", args=[d.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-testid="actions"' not in html and "/remove/" not in html
        assert reverse("disclosures:file_add", args=[d.pk]) not in html


@pytest.mark.parametrize("who", ["rep_a", "rep_b", "employee", "sales_employee", "hr"])
def test_the_detail_is_not_found_for_suppliers_and_those_who_cannot_see_it(cast, login, register, who):
    assert login(getattr(cast, who)).get(reverse("disclosures:detail", args=[register.held.pk])).status_code == 404


def test_the_detail_lists_the_stamped_file_with_its_fingerprint_and_hash(cast, login, register):
    record = register.held.files.get()
    html = login(cast.security).get(reverse("disclosures:detail", args=[register.held.pk])).content.decode()
    assert record.fingerprint == f"{register.held.number}.1" and record.fingerprint in html
    assert record.sha256[:12] in html and reverse("disclosures:file", args=[record.pk]) in html
    assert reverse("disclosures:end", args=[register.held.pk]) in html


# ---- decide -------------------------------------------------------------------------------------


def test_a_manager_approves_a_request(cast, login, register):
    url = reverse("disclosures:decide", args=[register.requested.pk])
    page = login(cast.security).post(url, {"decision": "approve"})
    assert page.status_code == 302
    register.requested.refresh_from_db()
    assert register.requested.status == Disclosure.Status.APPROVED and register.requested.decided_by == cast.security


def test_a_rejection_needs_a_reason(cast, login, register):
    client = login(cast.security)
    url = reverse("disclosures:decide", args=[register.requested.pk])
    page = client.post(url, {"decision": "reject", "reason": ""}, follow=True)
    register.requested.refresh_from_db()
    assert register.requested.status == Disclosure.Status.REQUESTED
    assert [m.level_tag for m in page.context["messages"]] == ["error"]
    client.post(url, {"decision": "reject", "reason": "範囲が広すぎる"})
    register.requested.refresh_from_db()
    assert register.requested.status == Disclosure.Status.REJECTED


@pytest.mark.parametrize(("who", "status"), [("auditor", 403), ("owner", 403), ("rep_a", 403), ("rep_b", 404),
                                             ("employee", 404)])
def test_only_a_manager_may_decide(cast, login, register, who, status):
    url = reverse("disclosures:decide", args=[register.requested.pk])
    assert login(getattr(cast, who)).post(url, {"decision": "approve"}).status_code == status
    register.requested.refresh_from_db()
    assert register.requested.status == Disclosure.Status.REQUESTED


def test_a_top_secret_request_shows_the_exception_fields_and_needs_both_to_be_approved(cast, login, register):
    from shuhi.disclosures.services import disclosure_request

    d = disclosure_request(actor=cast.owner, organisation=cast.home, supplier=cast.supplier_a,
                           assets=[register.top_secret], purpose="試作", justification="必要",
                           due_date=timezone.localdate() + dt.timedelta(days=30))
    client = login(cast.security)
    html = client.get(reverse("disclosures:detail", args=[d.pk])).content.decode()
    assert 'name="exception_executive"' in html and 'name="exception_reason"' in html
    url = reverse("disclosures:decide", args=[d.pk])
    client.post(url, {"decision": "approve"})
    client.post(url, {"decision": "approve", "exception_executive": "取締役"})
    d.refresh_from_db()
    assert d.status == Disclosure.Status.REQUESTED
    client.post(url, {"decision": "approve", "exception_executive": "取締役", "exception_reason": "量産に不可欠"})
    d.refresh_from_db()
    assert d.status == Disclosure.Status.APPROVED and d.exception_executive == "取締役"


def test_a_request_without_an_exception_tier_shows_no_exception_fields(cast, login, register):
    html = login(cast.security).get(reverse("disclosures:detail", args=[register.requested.pk])).content.decode()
    assert reverse("disclosures:decide", args=[register.requested.pk]) in html
    assert 'name="exception_executive"' not in html


# ---- files --------------------------------------------------------------------------------------


def test_a_manager_adds_a_pdf_which_is_stamped_with_a_fingerprint(cast, login, register):
    url = reverse("disclosures:file_add", args=[register.approved.pk])
    page = login(cast.security).post(url, {"file": pdf_upload("図面.pdf"), "asset": register.drawing.pk})
    assert page.status_code == 302
    record = register.approved.files.get()
    assert record.stamped and record.fingerprint == f"{register.approved.number}.1"


def test_a_text_file_of_a_confidential_asset_is_refused_naming_the_stamping_rule(cast, login, register):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("disclosures:file_add", args=[register.approved.pk])
    upload = SimpleUploadedFile("memo.txt", "秘密のメモ".encode(), content_type="text/plain")
    page = login(cast.security).post(url, {"file": upload}, follow=True)
    assert not register.approved.files.exists()
    [error] = [str(m) for m in page.context["messages"] if m.level_tag == "error"]
    assert "memo.txt" in error and register.drawing.tier.name in error


@pytest.mark.parametrize(("who", "status"), [("auditor", 403), ("rep_a", 403), ("rep_b", 404), ("employee", 404)])
def test_only_the_outsourcers_managers_add_files_to_its_disclosures(cast, login, register, who, status):
    url = reverse("disclosures:file_add", args=[register.approved.pk])
    assert login(getattr(cast, who)).post(url, {"file": pdf_upload()}).status_code == status
    assert not register.approved.files.exists()


def test_a_file_can_be_removed_before_the_hand_over_but_not_after(cast, login, register):
    from shuhi.disclosures.services import disclosed_file_add

    record = disclosed_file_add(actor=cast.security, disclosure=register.approved, upload=pdf_upload())
    client = login(cast.security)
    html = client.get(reverse("disclosures:detail", args=[register.approved.pk])).content.decode()
    assert reverse("disclosures:file_remove", args=[record.pk]) in html
    assert client.post(reverse("disclosures:file_remove", args=[record.pk])).status_code == 302
    assert not DisclosedFile.objects.filter(pk=record.pk).exists()
    held_file = register.held.files.get()
    assert client.post(reverse("disclosures:file_remove", args=[held_file.pk])).status_code == 403
    assert DisclosedFile.objects.filter(pk=held_file.pk).exists()


def test_a_download_is_a_private_attachment_and_a_suppliers_download_is_counted(cast, login, register):
    record = register.held.files.get()
    url = reverse("disclosures:file", args=[record.pk])
    response = login(cast.security).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
    record.refresh_from_db()
    assert record.downloads == 0
    response = login(cast.rep_a).get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    record.refresh_from_db()
    assert record.downloads == 1


@pytest.mark.parametrize("who", ["rep_b", "employee", "sales_employee"])
def test_a_file_is_not_found_for_those_who_cannot_see_it(cast, login, register, who):
    url = reverse("disclosures:file", args=[register.held.files.get().pk])
    assert login(getattr(cast, who)).get(url).status_code == 404


# ---- hand-over, withdraw, receipt, end ----------------------------------------------------------


def test_a_portal_disclosure_without_files_cannot_be_handed_over(cast, login, register):
    page = login(cast.security).post(reverse("disclosures:hand_over", args=[register.approved.pk]), follow=True)
    register.approved.refresh_from_db()
    assert register.approved.status == Disclosure.Status.APPROVED
    assert page.redirect_chain[-1][0] == reverse("disclosures:detail", args=[register.approved.pk])


def test_a_manager_hands_over_an_approved_disclosure_on_the_date_given(cast, login, register):
    from shuhi.disclosures.services import disclosed_file_add

    disclosed_file_add(actor=cast.security, disclosure=register.approved, upload=pdf_upload())
    day = timezone.localdate() - dt.timedelta(days=1)
    login(cast.security).post(reverse("disclosures:hand_over", args=[register.approved.pk]), {"on": day.isoformat()})
    register.approved.refresh_from_db()
    assert register.approved.status == Disclosure.Status.HANDED_OVER and register.approved.handed_over_on == day


@pytest.mark.parametrize(("who", "status"), [("auditor", 403), ("owner", 403), ("rep_a", 403), ("rep_b", 404)])
def test_others_may_not_hand_over(cast, login, register, who, status):
    url = reverse("disclosures:hand_over", args=[register.approved.pk])
    assert login(getattr(cast, who)).post(url).status_code == status


def test_the_requester_withdraws_his_request(cast, login, register):
    login(cast.owner).post(reverse("disclosures:withdraw", args=[register.requested.pk]), {"reason": "不要になった"})
    register.requested.refresh_from_db()
    assert register.requested.status == Disclosure.Status.CANCELLED


def test_the_supplier_confirms_the_receipt_and_returns_to_its_portal(cast, login, register):
    page = login(cast.rep_a).post(reverse("disclosures:receipt", args=[register.held.pk]))
    assert page["Location"] == reverse("disclosures:portal_disclosure", args=[register.held.pk])
    register.held.refresh_from_db()
    assert register.held.status == Disclosure.Status.RECEIVED and register.held.received_by == cast.rep_a


def test_a_manager_records_a_receipt_given_on_paper(cast, login, register):
    page = login(cast.security).post(reverse("disclosures:receipt", args=[register.held.pk]))
    assert page["Location"] == reverse("disclosures:detail", args=[register.held.pk])
    register.held.refresh_from_db()
    assert register.held.status == Disclosure.Status.RECEIVED


def test_the_end_is_certified_and_then_the_certificate_is_a_pdf(cast, login, register):
    client = login(cast.security)
    url = reverse("disclosures:end", args=[register.held.pk])
    client.post(url, {"method": "destroyed", "statement": "", "on": timezone.localdate().isoformat()})
    register.held.refresh_from_db()
    assert register.held.status == Disclosure.Status.HANDED_OVER
    client.post(url, {"method": "destroyed", "statement": "シュレッダーで裁断", "on": timezone.localdate().isoformat()})
    register.held.refresh_from_db()
    assert register.held.status == Disclosure.Status.DESTROYED
    certificate = reverse("disclosures:certificate", args=[register.held.pk])
    assert certificate in client.get(reverse("disclosures:detail", args=[register.held.pk])).content.decode()
    response = client.get(certificate)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")


def test_there_is_no_certificate_before_the_end(cast, login, register):
    assert login(cast.security).get(reverse("disclosures:certificate", args=[register.held.pk])).status_code == 404


def test_the_supplier_of_another_chain_cannot_certify_the_end(cast, login, register):
    url = reverse("disclosures:end", args=[register.held.pk])
    assert login(cast.rep_b).post(url, {"method": "destroyed", "statement": "x"}).status_code == 404


def test_the_decider_is_told_before_approving_when_the_nda_no_longer_covers_the_request(cast, login, register):
    from shuhi.disclosures.services import nda_terminate

    nda_terminate(actor=cast.security, nda=register.nda, reason="取引終了")
    page = login(cast.security).get(reverse("disclosures:detail", args=[register.requested.pk]))
    assert [f.rule for f in page.context["decision_check"].errors] == ["nda"]
