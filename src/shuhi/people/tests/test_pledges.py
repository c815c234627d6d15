"""The person acknowledges, refuses, or HR records a paper signature; the hash proves what was signed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import PermissionDenied
from shuhi.people import pledging, services
from shuhi.people.models import Pledge
from shuhi.people.tests.conftest import sent_pledge

pytestmark = pytest.mark.django_db


def test_the_acknowledgement_records_the_time_the_account_and_the_sha256_of_text_and_scope(cast, register):
    pledge = sent_pledge(cast, register.employee)
    pledge = services.pledge_acknowledge(actor=cast.employee, pledge=pledge)
    assert pledge.status == Pledge.Status.ACKNOWLEDGED and pledge.acknowledged_by == cast.employee
    assert pledge.acknowledged_at is not None
    assert pledge.sha256 == pledging.digest(pledge.text, pledge.items) and len(pledge.sha256) == 64
    entry = AuditEntry.objects.filter(action="pledge.acknowledge", object_id=str(pledge.pk)).get()
    assert entry.after["sha256"] == pledge.sha256


def test_the_tamper_check_passes_until_the_stored_text_is_edited(cast, register):
    pledge = services.pledge_acknowledge(actor=cast.employee, pledge=sent_pledge(cast, register.employee))
    assert pledging.pledge_verify(pledge).intact
    Pledge.objects.filter(pk=pledge.pk).update(text=pledge.text.replace("設計秘伝書", "社内報"))
    result = pledging.pledge_verify(pledge)
    assert result.signed and not result.intact and result.computed != result.recorded


def test_the_tamper_check_also_notices_a_changed_scope(cast, register):
    pledge = services.pledge_acknowledge(actor=cast.employee, pledge=sent_pledge(cast, register.employee))
    Pledge.objects.filter(pk=pledge.pk).update(items=pledge.items[:1])
    assert not pledging.pledge_verify(pledge).intact


def test_the_hash_is_canonical_json_of_text_and_scope():
    items = [{"code": "W-1", "name": "設計秘伝書", "tier": "極秘", "tier_rank": 3, "locations": [], "source": "ledger"}]
    reordered = [dict(reversed(list(items[0].items())))]
    assert pledging.digest("本文", items) == pledging.digest("本文", reordered)
    assert pledging.canonical("本文", items).startswith(b'{"scope":[{"code":"W-1"')


def test_only_the_person_may_acknowledge_and_only_once_sent(cast, register):
    draft = services.pledge_draft(actor=cast.hr, person=register.employee, kind="exit")
    with pytest.raises(PermissionDenied):
        services.pledge_acknowledge(actor=cast.employee, pledge=draft)
    sent = services.pledge_send(actor=cast.hr, pledge=draft)
    for someone in (cast.hr, cast.sales_employee, cast.admin):
        with pytest.raises(PermissionDenied):
            services.pledge_acknowledge(actor=someone, pledge=sent)


def test_a_refusal_is_recorded_with_its_reason_and_hr_records_the_follow_up(cast, register):
    pledge = sent_pledge(cast, register.employee)
    with pytest.raises(ValidationError):
        services.pledge_refuse(actor=cast.employee, pledge=pledge, reason="")
    pledge = services.pledge_refuse(actor=cast.employee, pledge=pledge, reason="W-3 は担当していない")
    assert pledge.status == Pledge.Status.REFUSED and pledge.refused_at is not None
    pledge = services.pledge_follow_up(actor=cast.hr, pledge=pledge, steps="上長と面談し対象範囲を再確認する")
    assert pledge.follow_up.startswith("上長と面談")
    assert AuditEntry.objects.filter(action="pledge.follow_up", object_id=str(pledge.pk)).exists()


def test_hr_uploads_the_signed_paper_copy_instead(cast, register):
    pledge = sent_pledge(cast, register.contractor)
    scan = SimpleUploadedFile("誓約書.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    pledge = services.pledge_record_paper(actor=cast.hr, pledge=pledge, upload=scan,
                                          signed_on=timezone.localdate())
    assert pledge.status == Pledge.Status.PAPER and pledge.paper_name == "誓約書.pdf"
    assert len(pledge.paper_sha256) == 64 and pledging.pledge_verify(pledge).intact
    assert pledge.paper_copy.storage.exists(pledge.paper_copy.name)


def test_a_paper_copy_must_be_an_accepted_file_and_not_dated_in_the_future(cast, register):
    pledge = sent_pledge(cast, register.contractor)
    with pytest.raises(ValidationError):
        services.pledge_record_paper(actor=cast.hr, pledge=pledge, signed_on=timezone.localdate(),
                                     upload=SimpleUploadedFile("x.exe", b"MZ"))
    with pytest.raises(ValidationError):
        services.pledge_record_paper(actor=cast.hr, pledge=pledge,
                                     signed_on=timezone.localdate() + dt.timedelta(days=1),
                                     upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4"))


def test_every_step_of_the_workflow_is_audited(cast, register):
    pledge = sent_pledge(cast, register.employee)
    services.pledge_acknowledge(actor=cast.employee, pledge=pledge)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"person.create", "lifecycle_event.record", "pledge.draft", "pledge.send", "pledge.acknowledge",
            "pledge_template.setup"} <= actions


def test_an_event_for_someone_who_has_left_is_refused(cast, register):
    services.lifecycle_event_record(actor=cast.hr, person=register.contractor, kind="exit",
                                    occurred_on=timezone.localdate())
    register.contractor.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.lifecycle_event_record(actor=cast.hr, person=register.contractor, kind="hire",
                                        occurred_on=timezone.localdate())


def test_ordinary_staff_and_suppliers_cannot_record_events(cast, register):
    for someone in (cast.employee, cast.owner, cast.auditor, cast.rep_a):
        with pytest.raises(PermissionDenied):
            services.lifecycle_event_record(actor=someone, person=register.employee, kind="exit",
                                            occurred_on=timezone.localdate())
