"""A scan of paper is read by OCR: the file says so, and the run page shows it with the confidence."""

from __future__ import annotations

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse

from shuhi.documents.extract import ocr
from shuhi.documents.tests.pdf_inputs import Hanko, scanned_pdf
from shuhi.scans import services
from shuhi.scans.models import ScanFinding, ScannedFile
from shuhi.scans.tests.documents import labelled_pdf

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(ocr.unavailable() is not None, reason=f"no OCR here: {ocr.unavailable()}"),
]


def _scan(cast, share, run_jobs):
    return run_jobs(lambda: services.scan_start_location(actor=cast.security, location=share.secret))


def test_a_scanned_pdf_with_a_red_hanko_is_recorded_as_read_by_ocr(cast, share, run_jobs):
    scanned_pdf(share.folder("極秘") / "図面スキャン.pdf", hankos=[Hanko(text="極秘", frame="circle")])
    labelled_pdf(share.folder("極秘") / "仕様.pdf", "極秘")
    run = _scan(cast, share, run_jobs)
    scan = ScannedFile.objects.get(path__endswith="スキャン.pdf")
    text = ScannedFile.objects.get(path__endswith="仕様.pdf")
    assert (scan.ocr, scan.tier_key, scan.labels[0]["ocr"]) == (True, "top_secret", True)
    assert 50 <= scan.ocr_confidence <= 100
    assert (text.ocr, text.ocr_confidence) == (False, None)
    assert not ScanFinding.objects.filter(file__run=run).exists()


def test_the_run_page_marks_files_read_by_ocr_with_their_confidence(cast, share, run_jobs, login):
    scanned_pdf(share.folder("極秘") / "scan.pdf")
    labelled_pdf(share.folder("極秘") / "text.pdf", "極秘")
    run = _scan(cast, share, run_jobs)
    confidence = floatformat(ScannedFile.objects.get(path__endswith="scan.pdf").ocr_confidence, 0)
    page = login(cast.security).get(reverse("scans:detail", args=[run.pk])).content.decode()
    assert page.count('data-testid="ocr-badge"') == 1
    assert f"{confidence} / 100" in page
    assert "OCRで読み取りました" in page  # Japanese is the default language


def test_with_ocr_switched_off_a_scan_is_unlabelled_and_not_marked(cast, share, run_jobs, settings):
    settings.SHUHI_SCAN_OCR = False
    scanned_pdf(share.folder("極秘") / "scan.pdf")
    run = _scan(cast, share, run_jobs)
    file = ScannedFile.objects.get(run=run)
    assert (file.ocr, file.tier_key) == (False, "")
    assert file.findings.get().kind == ScanFinding.Kind.UNLABELLED


def test_the_api_says_whether_a_file_was_read_by_ocr(cast, share, run_jobs):
    from shuhi.testing.cast import api_client

    scanned_pdf(share.folder("極秘") / "scan.pdf")
    run = _scan(cast, share, run_jobs)
    response = api_client(cast.security).get("/api/v1/scanned-files/", {"run": run.pk})
    assert response.status_code == 200, response.content
    assert [row["ocr"] for row in response.json()["results"]] == [True]
