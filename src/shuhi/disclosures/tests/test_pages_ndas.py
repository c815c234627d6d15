"""NDA pages and the policy page: who may read, register, change, terminate and upload, and what they see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from shuhi.disclosures.models import Nda
from shuhi.disclosures.testing import nda_for, pdf_upload

pytestmark = pytest.mark.django_db


def _day(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _nda_data(cast, **extra):
    return {"supplier": cast.supplier_a.pk, "reference": "NDA-NEW", "title": "試作委託の秘密保持契約",
            "scope_categories": ["technical", "production"], "starts_on": _day(-1), "ends_on": _day(365),
            "requires_marking": "on", "end_action": "destroy", "notify_within_hours": 48, **extra}


def test_the_nda_list_shows_each_nda_with_its_state(cast, login, register):
    nda_for(cast, cast.supplier_b, reference="NDA-B", days=10)
    html = login(cast.security).get(reverse("disclosures:ndas")).content.decode()
    assert "NDA-A" in html and "NDA-B" in html and "badge-warn" in html
    assert reverse("disclosures:nda_new") in html


def test_the_nda_list_filters_by_state_and_supplier(cast, login, register):
    nda_for(cast, cast.supplier_b, reference="NDA-B", days=10)
    client = login(cast.security)
    html = client.get(reverse("disclosures:ndas"), {"state": "expiring"}).content.decode()
    assert "NDA-B" in html and "NDA-A" not in html
    html = client.get(reverse("disclosures:ndas"), {"supplier": cast.supplier_a.pk}).content.decode()
    assert "NDA-A" in html and "NDA-B" not in html


def test_an_employee_sees_no_nda_and_no_register_button(cast, login, register):
    html = login(cast.employee).get(reverse("disclosures:ndas")).content.decode()
    assert "NDA-A" not in html and reverse("disclosures:nda_new") not in html


def test_a_supplier_is_sent_from_the_nda_list_to_its_portal(cast, login, register):
    assert login(cast.rep_a).get(reverse("disclosures:ndas"))["Location"] == reverse("disclosures:portal")


def test_a_manager_registers_an_nda_in_force(cast, login, register):
    page = login(cast.security).post(reverse("disclosures:nda_new"),
                                     _nda_data(cast, activate="on", projects=[cast.project.pk],
                                               assets=[register.top_secret.pk]))
    nda = Nda.objects.get(reference="NDA-NEW")
    assert page["Location"] == reverse("disclosures:nda", args=[nda.pk])
    assert nda.status == Nda.Status.ACTIVE and nda.scope_categories == ["technical", "production"]
    assert list(nda.scope_projects.all()) == [cast.project] and list(nda.scope_assets.all()) == [register.top_secret]
    assert nda.end_action == "destroy" and nda.notify_within_hours == 48 and nda.created_by == cast.security


def test_an_nda_is_a_draft_unless_put_in_force_and_can_be_activated(cast, login, register):
    client = login(cast.security)
    client.post(reverse("disclosures:nda_new"), _nda_data(cast))
    nda = Nda.objects.get(reference="NDA-NEW")
    assert nda.status == Nda.Status.DRAFT
    assert reverse("disclosures:nda_activate", args=[nda.pk]) in client.get(
        reverse("disclosures:nda", args=[nda.pk])).content.decode()
    client.post(reverse("disclosures:nda_activate", args=[nda.pk]))
    nda.refresh_from_db()
    assert nda.status == Nda.Status.ACTIVE


def test_an_nda_ending_before_it_starts_is_shown_with_the_error(cast, login, register):
    page = login(cast.security).post(reverse("disclosures:nda_new"), _nda_data(cast, ends_on=_day(-10)))
    assert page.status_code == 400 and page.context["form"].errors["ends_on"]
    assert not Nda.objects.filter(reference="NDA-NEW").exists()


def test_a_sub_supplier_of_another_supplier_is_refused(cast, login, register):
    page = login(cast.security).post(reverse("disclosures:nda_new"),
                                     _nda_data(cast, supplier=cast.supplier_b.pk, sub_supplier=cast.sub_supplier_a.pk))
    assert page.status_code == 400 and page.context["form"].errors["sub_supplier"]


def test_a_duplicate_contract_number_is_shown_on_the_form(cast, login, register):
    page = login(cast.security).post(reverse("disclosures:nda_new"), _nda_data(cast, reference="NDA-A"))
    assert page.status_code == 400 and Nda.objects.filter(reference="NDA-A").count() == 1


@pytest.mark.parametrize("who", ["auditor", "owner", "employee", "rep_a"])
def test_the_nda_form_is_not_found_for_those_who_do_not_manage_ndas(cast, login, register, who):
    assert login(getattr(cast, who)).get(reverse("disclosures:nda_new")).status_code == 404


def test_a_manager_edits_an_nda_but_not_its_parties(cast, login, register):
    client = login(cast.security)
    url = reverse("disclosures:nda_edit", args=[register.nda.pk])
    assert client.get(url).context["form"].fields["supplier"].disabled
    data = _nda_data(cast, reference="NDA-A", title="改定版", supplier=cast.supplier_b.pk)
    assert client.post(url, data).status_code == 302
    register.nda.refresh_from_db()
    assert register.nda.title == "改定版" and register.nda.supplier == cast.supplier_a
    assert register.nda.scope_categories == ["technical", "production"]


@pytest.mark.parametrize(("who", "status"), [("auditor", 403), ("owner", 404), ("rep_a", 404), ("rep_b", 404)])
def test_others_may_not_edit_an_nda(cast, login, register, who, status):
    url = reverse("disclosures:nda_edit", args=[register.nda.pk])
    assert login(getattr(cast, who)).post(url, _nda_data(cast, reference="NDA-A", title="x")).status_code == status
    register.nda.refresh_from_db()
    assert register.nda.title != "x"


def test_the_nda_detail_shows_scope_obligations_and_the_disclosures_under_it(cast, login, register):
    html = login(cast.security).get(reverse("disclosures:nda", args=[register.nda.pk])).content.decode()
    assert register.held.number in html and register.nda.reference in html
    assert reverse("disclosures:nda_terminate", args=[register.nda.pk]) in html


def test_an_auditor_reads_the_nda_without_buttons(cast, login, register):
    html = login(cast.auditor).get(reverse("disclosures:nda", args=[register.nda.pk])).content.decode()
    assert register.nda.reference in html
    for name in ("nda_edit", "nda_terminate", "nda_activate"):
        assert reverse(f"disclosures:{name}", args=[register.nda.pk]) not in html
    assert 'enctype="multipart/form-data"' not in html


@pytest.mark.parametrize("who", ["rep_a", "rep_b", "employee", "owner"])
def test_the_nda_detail_is_not_found_for_suppliers_and_those_who_cannot_see_it(cast, login, register, who):
    assert login(getattr(cast, who)).get(reverse("disclosures:nda", args=[register.nda.pk])).status_code == 404


def test_termination_needs_a_reason_and_then_ends_the_nda(cast, login, register):
    client = login(cast.security)
    url = reverse("disclosures:nda_terminate", args=[register.nda.pk])
    client.post(url, {"reason": ""})
    register.nda.refresh_from_db()
    assert register.nda.status == Nda.Status.ACTIVE
    client.post(url, {"reason": "取引終了"})
    register.nda.refresh_from_db()
    assert register.nda.status == Nda.Status.TERMINATED and register.nda.terminated_reason == "取引終了"
    html = client.get(reverse("disclosures:nda", args=[register.nda.pk])).content.decode()
    assert reverse("disclosures:nda_edit", args=[register.nda.pk]) not in html


@pytest.mark.parametrize(("who", "status"), [("auditor", 403), ("rep_a", 403), ("rep_b", 404)])
def test_others_may_not_terminate_an_nda(cast, login, register, who, status):
    url = reverse("disclosures:nda_terminate", args=[register.nda.pk])
    assert login(getattr(cast, who)).post(url, {"reason": "x"}).status_code == status
    register.nda.refresh_from_db()
    assert register.nda.status == Nda.Status.ACTIVE


def test_the_signed_document_is_uploaded_and_downloaded_as_a_private_attachment(cast, login, register):
    client = login(cast.security)
    url = reverse("disclosures:nda_document", args=[register.nda.pk])
    assert client.get(url).status_code == 404
    client.post(url, {"file": pdf_upload("契約書.pdf")})
    register.nda.refresh_from_db()
    assert register.nda.document_name == "契約書.pdf" and len(register.nda.document_sha256) == 64
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF") and "no-store" in response["Cache-Control"]
    supplier = login(cast.rep_a).get(url)
    assert supplier.status_code == 200
    b"".join(supplier.streaming_content)
    assert login(cast.rep_b).get(url).status_code == 404


def test_a_signed_document_of_the_wrong_type_is_refused(cast, login, register):
    client = login(cast.security)
    url = reverse("disclosures:nda_document", args=[register.nda.pk])
    page = client.post(url, {"file": SimpleUploadedFile("契約書.exe", b"MZ\x90\x00")}, follow=True)
    register.nda.refresh_from_db()
    assert not register.nda.document and [m.level_tag for m in page.context["messages"]] == ["error"]


@pytest.mark.parametrize(("who", "status"), [("auditor", 403), ("rep_a", 403), ("rep_b", 404)])
def test_only_a_manager_uploads_the_signed_document(cast, login, register, who, status):
    url = reverse("disclosures:nda_document", args=[register.nda.pk])
    assert login(getattr(cast, who)).post(url, {"file": pdf_upload()}).status_code == status


# ---- the policy page ----------------------------------------------------------------------------


def test_a_manager_changes_the_policy(cast, login, register):
    from shuhi.disclosures.services import policy_for

    tiers = register.tiers
    client = login(cast.security)
    assert client.get(reverse("disclosures:policy")).status_code == 200
    page = client.post(reverse("disclosures:policy"), {
        "exception_tiers": [tiers["top_secret"].pk], "nda_tiers": [tiers["top_secret"].pk],
        "stamp_tiers": [tiers["top_secret"].pk, tiers["confidential"].pk], "warn_over_assets": 3})
    assert page.status_code == 302
    policy = policy_for(cast.home)
    assert list(policy.nda_tiers.all()) == [tiers["top_secret"]] and policy.warn_over_assets == 3
    assert not policy.require_justification


def test_an_invalid_policy_is_shown_with_the_error(cast, login, register):
    page = login(cast.security).post(reverse("disclosures:policy"), {"warn_over_assets": -1})
    assert page.status_code == 400 and page.context["form"].errors["warn_over_assets"]


def test_an_auditor_reads_the_policy_but_may_not_change_it(cast, login, register):
    client = login(cast.auditor)
    page = client.get(reverse("disclosures:policy"))
    assert page.status_code == 200 and not page.context["may_edit"]
    assert '<form method="post" novalidate>' not in page.content.decode()
    assert client.post(reverse("disclosures:policy"), {"warn_over_assets": 1}).status_code == 403


@pytest.mark.parametrize("who", ["owner", "employee", "hr", "rep_a"])
def test_the_policy_is_not_found_for_those_who_do_not_read_it(cast, login, register, who):
    assert login(getattr(cast, who)).get(reverse("disclosures:policy")).status_code == 404
