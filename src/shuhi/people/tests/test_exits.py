"""The exit checklist: made by the exit event, closed only when nothing mandatory is open, unless a
manager records an override with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import PermissionDenied
from shuhi.people import exits, services, services_exit
from shuhi.people.models import ExitChecklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def checklist(cast, register):
    services_exit.exit_systems_update(actor=cast.admin, organisation=cast.home, systems="社内メール\nVPN\n社内メール")
    event = services.lifecycle_event_record(actor=cast.hr, person=register.contractor, kind="exit",
                                            occurred_on=dt.date.today())
    return event.exit_checklist


def test_the_exit_event_opens_a_checklist_with_a_box_per_listed_system(cast, checklist):
    assert checklist.accounts == {"社内メール": False, "VPN": False}
    assert {item.key for item in exits.open_items(checklist)} == {"assets", "account:社内メール", "account:VPN",
                                                                 "pledge", "review"}
    assert AuditEntry.objects.filter(action="exit_checklist.open").exists()


def test_only_administrators_change_the_list_of_systems(cast):
    with pytest.raises(PermissionDenied):
        services_exit.exit_systems_update(actor=cast.hr, organisation=cast.home, systems="x")
    row = services_exit.exit_systems_update(actor=cast.admin, organisation=cast.home, systems=" A \n\nB")
    assert row.names == ["A", "B"]
    entry = AuditEntry.objects.get(action="exit_systems.update")
    assert entry.before["systems"] == [] and entry.after["systems"] == ["A", "B"]


def test_the_case_cannot_close_while_a_mandatory_item_is_open(cast, checklist):
    services_exit.exit_checklist_update(actor=cast.hr, checklist=checklist, assets_returned=True,
                                        accounts={"社内メール": True, "VPN": True})
    services_exit.exit_checklist_attach_review(actor=cast.hr, checklist=checklist, result="特記事項なし",
                                               signed_by="開発部長")
    with pytest.raises(ValidationError) as refused:
        services_exit.exit_checklist_close(actor=cast.hr, checklist=checklist)
    assert "誓約" in str(refused.value) or "pledge" in str(refused.value).lower()
    assert ExitChecklist.objects.get(pk=checklist.pk).status == "open"
    pledge = services.pledge_send(actor=cast.hr, pledge=checklist.person.pledges.get(kind="exit"))
    services.pledge_record_paper(actor=cast.hr, pledge=pledge, upload=_scan(), signed_on=dt.date.today())
    closed = services_exit.exit_checklist_close(actor=cast.hr, checklist=checklist)
    assert closed.status == "closed" and not closed.override_reason


def test_a_manager_overrides_with_a_reason_and_hr_cannot(cast, checklist):
    with pytest.raises(PermissionDenied):
        services_exit.exit_checklist_override(actor=cast.hr, checklist=checklist, reason="急ぎ")
    with pytest.raises(ValidationError):
        services_exit.exit_checklist_override(actor=cast.security, checklist=checklist, reason="  ")
    closed = services_exit.exit_checklist_override(actor=cast.security, checklist=checklist,
                                                   reason="本人と連絡が取れないため、貸与PCは着払いで回収予定")
    assert closed.status == "closed" and closed.override_by == cast.security
    entry = AuditEntry.objects.get(action="exit_checklist.override")
    assert entry.after["reason"].startswith("本人と連絡が取れない")
    assert set(entry.after["open_items"]) == {"assets", "account:社内メール", "account:VPN", "pledge", "review"}
    with pytest.raises(PermissionDenied):  # closed: nothing more to tick
        services_exit.exit_checklist_update(actor=cast.hr, checklist=closed, assets_returned=True)


def test_an_unknown_system_is_refused(cast, checklist):
    with pytest.raises(ValidationError):
        services_exit.exit_checklist_update(actor=cast.hr, checklist=checklist, accounts={"給与システム": True})


def test_the_checklist_page_ticks_items_and_the_override_form_is_for_managers(cast, login, checklist):
    hr = login(cast.hr)
    page = hr.get(f"/people/exits/{checklist.pk}/")
    assert page.status_code == 200 and not page.context["can_override"]
    # The boxes follow the stored order of the systems (PostgreSQL's jsonb keeps its own order).
    vpn = list(ExitChecklist.objects.get(pk=checklist.pk).accounts).index("VPN")
    hr.post(f"/people/exits/{checklist.pk}/update/", {"assets_returned": "on", f"account_{vpn}": "on"})
    checklist.refresh_from_db()
    assert checklist.assets_returned and checklist.accounts == {"社内メール": False, "VPN": True}
    assert hr.get("/people/exits/?status=open").context["page_obj"].paginator.count == 1
    assert login(cast.employee).get(f"/people/exits/{checklist.pk}/").status_code == 404
    security = login(cast.security)
    assert security.get(f"/people/exits/{checklist.pk}/").context["can_override"]
    security.post(f"/people/exits/{checklist.pk}/override/", {"reason": "退職日を過ぎたため"})
    assert ExitChecklist.objects.get(pk=checklist.pk).status == "closed"


def test_the_api_ticks_and_overrides(cast, api_client_for, checklist):
    hr = api_client_for(cast.hr)
    row = hr.post(f"/api/v1/exit-checklists/{checklist.pk}/tick/", {"assets_returned": True}, format="json").json()
    assert "assets" not in row["open_items"] and "pledge" in row["open_items"]
    assert hr.post(f"/api/v1/exit-checklists/{checklist.pk}/close/").status_code == 400
    assert hr.post(f"/api/v1/exit-checklists/{checklist.pk}/override/", {"reason": "x"},
                   format="json").status_code == 403
    admin = api_client_for(cast.admin)
    done = admin.post(f"/api/v1/exit-checklists/{checklist.pk}/override/", {"reason": "理由"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "closed"


def _scan():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                              content_type="application/pdf")
