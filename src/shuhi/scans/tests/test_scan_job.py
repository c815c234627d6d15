from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shuhi.core.audit.models import AuditEntry
from shuhi.documents.stamp import stamp_file
from shuhi.jobs.models import Job
from shuhi.scans import services
from shuhi.scans.models import ScanFinding, ScannedFile, ScanRun
from shuhi.scans.tests.documents import labelled_docx, labelled_pdf, mip_docx, unlabelled_docx

pytestmark = pytest.mark.django_db

Kind = ScanFinding.Kind


def kinds_by_file(run: ScanRun) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for file in ScannedFile.objects.filter(run=run).prefetch_related("findings"):
        found[file.path.rsplit("/", 1)[-1]] = {f.kind for f in file.findings.all()}
    return found


def scan(run_jobs, actor, location) -> ScanRun:
    return run_jobs(lambda: services.scan_start_location(actor=actor, location=location))


def test_an_unlabelled_document_in_a_confidential_location_is_a_finding(cast, share, run_jobs):
    unlabelled_docx(share.folder("社外秘") / "見積.docx")
    unlabelled_docx(share.folder("一般") / "案内.docx")
    run = scan(run_jobs, cast.security, share.confidential)
    assert run.status == ScanRun.Status.DONE
    assert kinds_by_file(run) == {"見積.docx": {Kind.UNLABELLED}}


def test_a_label_weaker_than_the_location_is_a_finding(cast, share, run_jobs):
    labelled_docx(share.folder("極秘") / "設計.docx", "社外秘")
    labelled_pdf(share.folder("極秘") / "図面.pdf", "極秘")
    run = scan(run_jobs, cast.admin, share.secret)
    assert kinds_by_file(run) == {"設計.docx": {Kind.WEAKER}, "図面.pdf": set()}
    assert ScannedFile.objects.get(path__endswith="図面.pdf").tier == share.tiers["top_secret"]


def test_a_label_stronger_than_the_location_is_a_secret_in_the_wrong_place(cast, share, run_jobs):
    labelled_pdf(share.folder("社外秘") / "原価.pdf", "極秘")
    run = scan(run_jobs, cast.security, share.confidential)
    assert kinds_by_file(run) == {"原価.pdf": {Kind.STRONGER}}
    file = ScannedFile.objects.get(run=run)
    assert (file.tier_key, file.location, file.location_tier) == ("top_secret", share.confidential,
                                                                  share.tiers["confidential"])


def test_a_microsoft_label_that_disagrees_with_the_visible_label_is_a_finding(cast, share, run_jobs):
    mip_docx(share.folder("社外秘") / "mip.docx", visible="社外秘", mip_name="General")
    mip_docx(share.folder("社外秘") / "agrees.docx", visible="社外秘", mip_name="Confidential")
    run = scan(run_jobs, cast.security, share.confidential)
    assert kinds_by_file(run) == {"mip.docx": {Kind.MIP_DISAGREES}, "agrees.docx": set()}
    assert ScannedFile.objects.get(path__endswith="mip.docx").mip[0]["name"] == "General"


def test_a_document_stamped_by_shuhi_carries_its_label_into_the_scan(cast, share, run_jobs, tmp_path):
    source = unlabelled_docx(tmp_path / "plain.docx")
    stamp_file(source, share.folder("極秘") / "開示.docx", tier="confidential", owner="委託元株式会社",
               recipient="アルファ工業")
    run = scan(run_jobs, cast.security, share.secret)
    assert kinds_by_file(run) == {"開示.docx": {Kind.WEAKER}}


def test_a_file_in_a_more_specific_location_is_judged_by_that_location(cast, share, run_jobs):
    from shuhi.ledger.services import location_create

    whole = location_create(actor=cast.admin, organisation=cast.home, name="共有全体", tier=share.tiers["public"],
                            path_patterns=f"{share.root}/**")
    labelled_docx(share.folder("極秘") / "a.docx", "極秘")
    labelled_docx(share.folder("雑多") / "b.docx", "極秘")
    run = scan(run_jobs, cast.security, whole)
    located = {f.path.rsplit("/", 1)[-1]: f.location for f in ScannedFile.objects.filter(run=run)}
    assert located == {"a.docx": share.secret, "b.docx": whole}
    assert kinds_by_file(run) == {"a.docx": set(), "b.docx": {Kind.STRONGER}}


def test_the_scan_runs_as_a_background_job_with_progress_and_counts(cast, share, run_jobs):
    for index in range(3):
        labelled_docx(share.folder("社外秘") / f"{index}.docx", "社外秘")
    unlabelled_docx(share.folder("社外秘") / "x.docx")
    (share.folder("社外秘") / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    run = scan(run_jobs, cast.security, share.confidential)
    job = Job.objects.get(pk=run.job_id)
    assert (job.kind, job.status, job.done, job.total) == ("scans.run", Job.Status.DONE, 5, 5)
    assert (run.files_total, run.files_labelled, run.files_failed, run.findings_total) == (5, 3, 1, 1)
    assert job.result["findings"] == 1


def test_starting_and_finishing_a_scan_are_audited(cast, share, run_jobs):
    labelled_docx(share.folder("社外秘") / "a.docx", "社外秘")
    run = scan(run_jobs, cast.security, share.confidential)
    entries = AuditEntry.objects.filter(object_type="scans.scanrun", object_id=str(run.pk))
    assert list(entries.order_by("pk").values_list("action", flat=True)) == ["scan.start", "scan.finish"]
    assert entries.get(action="scan.finish").after["files_total"] == 1


def test_only_administrators_and_security_managers_start_scans(cast, share):
    from shuhi.core.permissions import PermissionDenied

    for user in (cast.auditor, cast.owner, cast.employee, cast.rep_a):
        with pytest.raises(PermissionDenied):
            services.scan_start_location(actor=user, location=share.confidential)
    assert not ScanRun.objects.exists()


def test_a_location_outside_the_allowed_roots_or_on_a_windows_share_cannot_be_scanned(cast, share, settings):
    from shuhi.ledger.services import location_create

    settings.SHUHI_SCAN_ROOTS = []
    with pytest.raises(ValidationError):
        services.scan_start_location(actor=cast.security, location=share.confidential)
    settings.SHUHI_SCAN_ROOTS = [str(share.root)]
    unc = location_create(actor=cast.admin, organisation=cast.home, name="UNC", tier=share.tiers["confidential"],
                          path_patterns="\\\\fs01\\営業\\**")
    with pytest.raises(ValidationError):
        services.scan_start_location(actor=cast.security, location=unc)


def test_a_symbolic_link_does_not_lead_the_scan_out_of_the_allowed_roots(cast, share, run_jobs, tmp_path,
                                                                         settings):
    outside = tmp_path / "outside"
    outside.mkdir()
    labelled_docx(outside / "secret.docx", "極秘")
    labelled_docx(share.folder("社外秘") / "in.docx", "社外秘")
    (share.folder("社外秘") / "link.docx").symlink_to(outside / "secret.docx")
    settings.SHUHI_SCAN_ROOTS = [str(share.root)]
    run = scan(run_jobs, cast.security, share.confidential)
    assert set(kinds_by_file(run)) == {"in.docx"}


def test_finding_messages_are_written_in_the_language_of_whoever_started_the_scan(cast, share, run_jobs):
    cast.security.language = "en"
    cast.security.save(update_fields=["language"])
    labelled_pdf(share.folder("社外秘") / "原価.pdf", "極秘")
    run = scan(run_jobs, cast.security, share.confidential)
    assert "a secret in the wrong place" in ScanFinding.objects.get(file__run=run).message
    assert run.message.startswith("Files scanned: 1;")


def test_the_organisations_own_label_text_is_read_as_its_tier(cast, share, run_jobs):
    from shuhi.ledger.services import location_create, tier_create

    strict = tier_create(actor=cast.admin, organisation=cast.home, key="strict", name="厳重管理", rank=25,
                         label_text="【厳重管理】")
    place = location_create(actor=cast.admin, organisation=cast.home, name="厳重", tier=strict,
                            path_patterns=f"{share.root}/厳重/**")
    labelled_docx(share.folder("厳重") / "a.docx", "厳重管理")
    labelled_docx(share.folder("厳重") / "b.docx", "社外秘")
    run = scan(run_jobs, cast.security, place)
    tiers = {f.path.rsplit("/", 1)[-1]: f.tier for f in ScannedFile.objects.filter(run=run)}
    assert tiers == {"a.docx": strict, "b.docx": share.tiers["confidential"]}
    assert kinds_by_file(run) == {"a.docx": set(), "b.docx": {Kind.WEAKER}}
