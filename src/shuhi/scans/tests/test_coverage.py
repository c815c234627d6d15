from __future__ import annotations

import pytest

from shuhi.ledger.indicators import indicators
from shuhi.scans import services
from shuhi.scans.coverage import coverage_for
from shuhi.scans.indicators import scanned_label_indicators
from shuhi.scans.tests.documents import labelled_docx, unlabelled_docx

pytestmark = pytest.mark.django_db


def by_location(organisation):
    return {c.location.name: c for c in coverage_for(organisation)}


def test_coverage_per_location_is_the_share_of_readable_files_carrying_a_label(cast, share, run_jobs):
    folder = share.folder("社外秘")
    for index in range(3):
        labelled_docx(folder / f"{index}.docx", "社外秘")
    unlabelled_docx(folder / "x.docx")
    (folder / "old.doc").write_bytes(b"legacy")  # unreadable: neither labelled nor unlabelled
    unlabelled_docx(share.folder("一般") / "y.docx")
    run_jobs(lambda: services.scan_start_location(actor=cast.security, location=share.confidential))
    run_jobs(lambda: services.scan_start_location(actor=cast.security, location=share.public))
    coverage = by_location(cast.home)
    assert (coverage["社外秘フォルダ"].files, coverage["社外秘フォルダ"].labelled) == (4, 3)
    assert coverage["社外秘フォルダ"].percent == 75.0
    assert coverage["一般フォルダ"].files == 1 and coverage["一般フォルダ"].percent is None
    assert coverage["極秘フォルダ"].files == 0 and coverage["極秘フォルダ"].run_id is None


def test_a_rescan_replaces_the_coverage_of_the_earlier_scan(cast, share, run_jobs):
    path = share.folder("極秘") / "a.docx"
    unlabelled_docx(path)
    run_jobs(lambda: services.scan_start_location(actor=cast.security, location=share.secret))
    assert by_location(cast.home)["極秘フォルダ"].percent == 0.0
    labelled_docx(path, "極秘")
    run_jobs(lambda: services.scan_start_location(actor=cast.security, location=share.secret))
    assert by_location(cast.home)["極秘フォルダ"].percent == 100.0


def test_the_ledger_indicators_gain_a_scanned_coverage_row_only_once_scans_exist(cast, share, run_jobs):
    assert scanned_label_indicators(cast.home) == []
    assert "scanned_label_coverage" not in {i.key for i in indicators(cast.home)}
    labelled_docx(share.folder("極秘") / "a.docx", "極秘")
    unlabelled_docx(share.folder("社外秘") / "b.docx")
    run_jobs(lambda: services.scan_start_location(actor=cast.security, location=share.secret))
    run_jobs(lambda: services.scan_start_location(actor=cast.security, location=share.confidential))
    row = {i.key: i for i in indicators(cast.home)}["scanned_label_coverage"]
    assert row.value == 50.0
    assert row.survey_key == "recognisable_by_label" and row.large is not None


def test_legacy_office_files_and_mails_count_towards_coverage(cast, share, run_jobs):
    from shuhi.documents.tests import legacy_builders

    folder = share.folder("社外秘")
    legacy_builders.xls(folder / "台帳.xls", cells=["【社外秘】"])
    legacy_builders.eml(folder / "連絡.eml", subject="打合せ", body="お世話になっております。")
    run_jobs(lambda: services.scan_start_location(actor=cast.security, location=share.confidential))
    coverage = by_location(cast.home)["社外秘フォルダ"]
    assert (coverage.files, coverage.labelled) == (2, 1)
