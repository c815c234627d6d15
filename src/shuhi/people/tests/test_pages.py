"""The pages: HR sees the register, an employee only himself and his pledges, a supplier only its staff."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from shuhi.people import services
from shuhi.people.models import Pledge
from shuhi.people.tests.conftest import sent_pledge
from shuhi.testing.cast import sign_in

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


@pytest.fixture
def onsite(cast, register):
    a = services.person_create(actor=cast.hr, organisation=cast.supplier_a, employee_number="A-1",
                               name="常駐 アルファ", projects=[cast.project])
    b = services.person_create(actor=cast.hr, organisation=cast.supplier_b, employee_number="B-1", name="常駐 ベータ")
    return a, b


def test_hr_sees_every_person_and_the_import_link(cast, register, onsite):
    body = client_for(cast.hr).get(reverse("people:list")).content.decode()
    assert all(name in body for name in ("社員 健一", "契約 一郎", "常駐 アルファ", "常駐 ベータ"))
    assert reverse("people:import") in body


def test_the_list_filters_and_shows_an_empty_state(cast, register):
    client = client_for(cast.hr)
    body = client.get(reverse("people:list"), {"kind": "contract"}).content.decode()
    assert "契約 一郎" in body and "社員 健一" not in body
    body = client.get(reverse("people:list"), {"q": "存在しない"}).content.decode()
    assert "契約 一郎" not in body and reverse("people:import") in body


def test_an_employee_sees_only_himself_and_only_his_own_pledges(cast, register):
    mine = sent_pledge(cast, register.employee)
    theirs = sent_pledge(cast, register.contractor)
    client = client_for(cast.employee)
    body = client.get(reverse("people:list")).content.decode()
    assert "社員 健一" in body and "契約 一郎" not in body
    assert client.get(reverse("people:detail", args=[register.contractor.pk])).status_code == 404
    assert client.get(reverse("people:pledge", args=[theirs.pk])).status_code == 404
    body = client.get(reverse("people:my_pledges")).content.decode()
    assert mine.title in body and reverse("people:pledge", args=[mine.pk]) in body
    assert reverse("people:pledge", args=[theirs.pk]) not in body
    assert client.get(reverse("people:import")).status_code == 404


def test_the_person_acknowledges_on_the_page_and_hr_sees_the_tamper_check(cast, register):
    pledge = sent_pledge(cast, register.employee)
    client = client_for(cast.employee)
    page = client.get(reverse("people:pledge", args=[pledge.pk])).content.decode()
    assert reverse("people:pledge_acknowledge", args=[pledge.pk]) in page and "W-1" in page
    client.post(reverse("people:pledge_acknowledge", args=[pledge.pk]), {"confirm": "yes"})
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ACKNOWLEDGED and pledge.acknowledged_by == cast.employee
    page = client_for(cast.hr).get(reverse("people:pledge", args=[pledge.pk])).content.decode()
    assert 'data-testid="verification"' in page and pledge.sha256 in page
    assert reverse("people:pledge_acknowledge", args=[pledge.pk]) not in page


def test_the_person_refuses_with_a_reason(cast, register):
    pledge = sent_pledge(cast, register.employee)
    client_for(cast.employee).post(reverse("people:pledge_refuse", args=[pledge.pk]), {"reason": "範囲が違う"})
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.REFUSED and pledge.refusal_reason == "範囲が違う"


def test_hr_reviews_the_scope_and_sends_but_nobody_else_sees_the_buttons(cast, register):
    pledge = services.pledge_draft(actor=cast.hr, person=register.employee, kind="exit")
    url = reverse("people:pledge", args=[pledge.pk])
    assert reverse("people:pledge_send", args=[pledge.pk]) in client_for(cast.hr).get(url).content.decode()
    auditor_page = client_for(cast.auditor).get(url).content.decode()
    assert "W-1" in auditor_page and reverse("people:pledge_send", args=[pledge.pk]) not in auditor_page
    assert client_for(cast.auditor).post(reverse("people:pledge_send", args=[pledge.pk])).status_code == 403
    hr = client_for(cast.hr)
    hr.post(reverse("people:pledge_remove_item", args=[pledge.pk]), {"code": "W-3", "reason": "担当外"})
    hr.post(reverse("people:pledge_send", args=[pledge.pk]))
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SENT and [i["code"] for i in pledge.items] == ["W-1"]


def test_hr_uploads_the_paper_copy_and_it_downloads_privately(cast, register):
    pledge = sent_pledge(cast, register.contractor)
    hr = client_for(cast.hr)
    hr.post(reverse("people:pledge_paper", args=[pledge.pk]),
            {"file": SimpleUploadedFile("署名済.pdf", b"%PDF-1.4 scan"), "signed_on": "2026-01-05"})
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PAPER
    response = hr.get(reverse("people:pledge_paper", args=[pledge.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_hr_records_an_event_and_lands_on_the_draft_pledge(cast, register):
    response = client_for(cast.hr).post(reverse("people:event_new", args=[register.contractor.pk]),
                                        {"kind": "project_join", "occurred_on": "2026-05-01",
                                         "project": cast.project.pk})
    pledge = register.contractor.pledges.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:pledge", args=[pledge.pk])
    bad = client_for(cast.hr).post(reverse("people:event_new", args=[register.contractor.pk]),
                                   {"kind": "transfer", "occurred_on": "2026-05-01"})
    assert bad.status_code == 400


def test_a_supplier_rep_sees_only_its_own_on_site_staff_without_the_outsourcers_details(cast, register, onsite):
    mine, other = onsite
    client = client_for(cast.rep_a)
    body = client.get(reverse("people:list")).content.decode()
    assert "常駐 アルファ" in body and "常駐 ベータ" not in body and "社員 健一" not in body
    detail = client.get(reverse("people:detail", args=[mine.pk])).content.decode()
    assert "常駐 アルファ" in detail and "新製品" not in detail and "開発部" not in detail
    assert client.get(reverse("people:detail", args=[other.pk])).status_code == 404


def test_suppliers_get_404_on_the_outsourcers_people_pages(cast, register):
    pledge = sent_pledge(cast, register.employee)
    client = client_for(cast.rep_a)
    for url in (reverse("people:import"), reverse("people:import_template"), reverse("people:my_pledges"),
                reverse("people:pledge", args=[pledge.pk]), reverse("people:pledge_pdf", args=[pledge.pk]),
                reverse("people:detail", args=[register.employee.pk]),
                reverse("people:event_new", args=[register.employee.pk])):
        assert client.get(url).status_code == 404, url


def test_the_import_page_lists_problems_by_row_and_column(cast, register):
    upload = SimpleUploadedFile("p.csv", "社員番号,氏名,部署\nE-9,,経理部\n".encode())
    response = client_for(cast.hr).post(reverse("people:import"),
                                        {"file": upload, "organisation": cast.home.pk})
    body = response.content.decode()
    assert 'data-testid="import-problems"' in body and "経理部" in body and "<td>2</td>" in body


def test_the_import_template_downloads_as_a_workbook(cast):
    response = client_for(cast.hr).get(reverse("people:import_template"))
    assert b"".join(response.streaming_content).startswith(b"PK")
