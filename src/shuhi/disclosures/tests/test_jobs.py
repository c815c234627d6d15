"""The NDA reminders run as a background job, as the suppliers' reminders do: once per NDA, kind and end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shuhi.core.audit.models import AuditEntry
from shuhi.disclosures.models import NdaReminder
from shuhi.disclosures.testing import nda_for
from shuhi.jobs.models import Job
from shuhi.jobs.registry import JOB_KINDS
from shuhi.jobs.services import job_enqueue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sync(settings):
    settings.SHUHI_SYNC_JOBS = True


def _run(cast, capture) -> Job:
    with capture(execute=True):
        job = job_enqueue(actor=cast.security, kind="disclosures.nda_reminders")
    job.refresh_from_db()
    return job


def test_the_job_is_registered_like_the_suppliers_reminders():
    assert JOB_KINDS["disclosures.nda_reminders"][0] == "shuhi.disclosures.jobs.nda_reminders_job"


def test_the_reminders_job_records_expiring_and_expired_ndas_once(cast, django_capture_on_commit_callbacks):
    expiring = nda_for(cast, cast.supplier_a, reference="NDA-SOON", days=10)
    expired = nda_for(cast, cast.supplier_b, reference="NDA-GONE", days=-3)
    nda_for(cast, cast.supplier_a, reference="NDA-FAR", days=200)
    draft = nda_for(cast, cast.supplier_b, reference="NDA-DRAFT", days=5)
    draft.status = draft.Status.DRAFT
    draft.save()

    first = _run(cast, django_capture_on_commit_callbacks)
    assert first.status == Job.Status.DONE
    assert len(first.result["reminders"]) == 2
    kinds = {(r.nda.reference, r.kind) for r in NdaReminder.objects.select_related("nda")}
    assert kinds == {(expiring.reference, "expiring"), (expired.reference, "expired")}
    recorded = AuditEntry.objects.filter(action="nda.reminder")
    assert recorded.count() == 2 and {e.actor_label for e in recorded} == {"job"}

    again = _run(cast, django_capture_on_commit_callbacks)
    assert again.status == Job.Status.DONE and again.result["reminders"] == []
    assert NdaReminder.objects.count() == 2


def test_an_nda_extended_after_its_reminder_is_reminded_again_for_the_new_end(
        cast, django_capture_on_commit_callbacks):
    nda = nda_for(cast, cast.supplier_a, reference="NDA-SOON", days=10)
    _run(cast, django_capture_on_commit_callbacks)
    nda.ends_on = timezone.localdate() + dt.timedelta(days=20)
    nda.save()
    job = _run(cast, django_capture_on_commit_callbacks)
    assert len(job.result["reminders"]) == 1
    assert sorted(NdaReminder.objects.values_list("ends_on", flat=True))[-1] == nda.ends_on
