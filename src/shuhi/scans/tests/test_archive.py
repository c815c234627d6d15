from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from shuhi.jobs.models import Job
from shuhi.scans import services
from shuhi.scans.archive import ArchiveError, Limits, extract_archive
from shuhi.scans.models import ScanFinding, ScannedFile, ScanRun
from shuhi.scans.tests.documents import labelled_docx, unlabelled_docx

LIMITS = Limits(members=100, total_bytes=50 * 1024 * 1024, ratio=100)
Kind = ScanFinding.Kind


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_member_climbing_out_with_dot_dot_refuses_the_whole_archive(tmp_path):
    archive = make_zip(tmp_path / "slip.zip", {"ok.txt": b"x", "../../evil.txt": b"x"})
    (tmp_path / "out").mkdir()
    with pytest.raises(ArchiveError):
        extract_archive(archive, tmp_path / "out", LIMITS)
    assert not list((tmp_path / "out").iterdir())
    assert not (tmp_path / "evil.txt").exists()


@pytest.mark.parametrize("name", ["/etc/cron.d/evil", "C:\\Windows\\evil.txt", "\\\\server\\share\\evil.txt",
                                  "folder\\..\\..\\evil.txt"])
def test_a_member_with_an_absolute_or_escaping_path_refuses_the_archive(tmp_path, name):
    archive = make_zip(tmp_path / "abs.zip", {})
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr(zipfile.ZipInfo(name), b"x")
    (tmp_path / "out").mkdir()
    with pytest.raises(ArchiveError):
        extract_archive(archive, tmp_path / "out", LIMITS)


def test_a_symbolic_link_member_refuses_the_archive(tmp_path):
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        info = zipfile.ZipInfo("link.docx")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        handle.writestr(info, "/etc/passwd")
    (tmp_path / "out").mkdir()
    with pytest.raises(ArchiveError):
        extract_archive(archive, tmp_path / "out", LIMITS)


def test_an_archive_with_too_many_members_is_refused(tmp_path):
    archive = make_zip(tmp_path / "many.zip", {f"{i}.txt": b"x" for i in range(101)})
    (tmp_path / "out").mkdir()
    with pytest.raises(ArchiveError, match="101"):
        extract_archive(archive, tmp_path / "out", LIMITS)


def test_a_zip_bomb_is_refused_by_its_ratio_and_by_its_total_size(tmp_path):
    (tmp_path / "out").mkdir()
    bomb = make_zip(tmp_path / "bomb.zip", {"zeros.txt": b"\0" * (20 * 1024 * 1024)})
    with pytest.raises(ArchiveError):
        extract_archive(bomb, tmp_path / "out", LIMITS)
    big = make_zip(tmp_path / "big.zip", {f"{i}.txt": b"\0" * (2 * 1024 * 1024) for i in range(3)})
    with pytest.raises(ArchiveError):
        extract_archive(big, tmp_path / "out", Limits(members=100, total_bytes=5 * 1024 * 1024, ratio=10**6))
    assert not list((tmp_path / "out").iterdir())


def test_members_are_unpacked_flat_under_numbered_folders_keeping_their_file_names(tmp_path):
    archive = make_zip(tmp_path / "ok.zip", {"極秘/【極秘】設計.txt": "【極秘】".encode(), "a/b/c.txt": b"x"})
    (tmp_path / "out").mkdir()
    extracted = extract_archive(archive, tmp_path / "out", LIMITS)
    assert sorted(extracted.files.values()) == ["a/b/c.txt", "極秘/【極秘】設計.txt"]
    assert {Path(p).name for p in extracted.files} == {"c.txt", "【極秘】設計.txt"}
    assert all(Path(p).parent.parent == tmp_path / "out" for p in extracted.files)


needs_db = pytest.mark.django_db


def _upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/zip")


@needs_db
def test_an_uploaded_archive_is_scanned_and_members_matched_to_locations_by_their_folders(cast, share, run_jobs,
                                                                                         tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    members = {
        "極秘/weak.docx": labelled_docx(docs / "1.docx", "社外秘").read_bytes(),
        "社外秘/none.docx": unlabelled_docx(docs / "2.docx").read_bytes(),
        "その他/misc.docx": unlabelled_docx(docs / "3.docx").read_bytes(),
    }
    archive = make_zip(tmp_path / "share.zip", members)
    run = run_jobs(lambda: services.scan_start_archive(actor=cast.security, upload=_upload(archive)))
    assert run.status == ScanRun.Status.DONE and run.files_total == 3
    files = {f.path: f for f in ScannedFile.objects.filter(run=run).prefetch_related("findings")}
    assert files["極秘/weak.docx"].location == share.secret
    assert files["社外秘/none.docx"].location == share.confidential
    assert files["その他/misc.docx"].location is None
    assert {p: {x.kind for x in f.findings.all()} for p, f in files.items()} == {
        "極秘/weak.docx": {Kind.WEAKER}, "社外秘/none.docx": {Kind.UNLABELLED}, "その他/misc.docx": set()}
    assert not list((Path(share.root).parent / "media" / "scans").iterdir()), "the upload is removed"


@needs_db
def test_members_outside_every_pattern_belong_to_the_location_the_user_chose(cast, share, run_jobs, tmp_path):
    archive = make_zip(tmp_path / "x.zip", {"a.docx": unlabelled_docx(tmp_path / "a.docx").read_bytes()})
    run = run_jobs(lambda: services.scan_start_archive(actor=cast.admin, upload=_upload(archive),
                                                       location=share.secret))
    file = ScannedFile.objects.get(run=run)
    assert file.location == share.secret and {f.kind for f in file.findings.all()} == {Kind.UNLABELLED}


@needs_db
def test_a_refused_archive_fails_the_run_and_the_job_with_the_reason(cast, share, run_jobs, tmp_path):
    archive = make_zip(tmp_path / "slip.zip", {"../evil.docx": b"x"})
    run = run_jobs(lambda: services.scan_start_archive(actor=cast.security, upload=_upload(archive)))
    assert run.status == ScanRun.Status.FAILED and "evil.docx" in run.message
    assert Job.objects.get(pk=run.job_id).status == Job.Status.FAILED
    assert not ScannedFile.objects.exists()


@needs_db
def test_an_upload_that_is_not_a_zip_is_refused_at_once(cast, share, tmp_path):
    with pytest.raises(ValidationError):
        services.scan_start_archive(actor=cast.security, upload=SimpleUploadedFile("a.zip", b"not a zip"))
    with pytest.raises(ValidationError):
        services.scan_start_archive(actor=cast.security, upload=SimpleUploadedFile("a.docx", b"PK"))
    assert not ScanRun.objects.exists()


def test_member_names_written_in_shift_jis_by_japanese_windows_are_read_correctly(tmp_path):
    archive = make_zip(tmp_path / "sjis.zip", {"XXXX/YYYY.txt": "【極秘】".encode()})
    # Old Windows Explorer writes CP932 names without the UTF-8 flag; patch the name bytes in place.
    raw = archive.read_bytes().replace(b"XXXX/YYYY.txt", "極秘/設計.txt".encode("cp932"))
    archive.write_bytes(raw)
    (tmp_path / "out").mkdir()
    extracted = extract_archive(archive, tmp_path / "out", LIMITS)
    assert list(extracted.files.values()) == ["極秘/設計.txt"]
    assert Path(next(iter(extracted.files))).name == "設計.txt"


@needs_db
def test_a_zip_inside_an_uploaded_archive_is_opened_and_its_members_matched_by_their_folders(cast, share, run_jobs,
                                                                                            tmp_path):
    inner = make_zip(tmp_path / "inner.zip", {"図面.docx": labelled_docx(tmp_path / "1.docx", "極秘").read_bytes()})
    archive = make_zip(tmp_path / "share.zip", {"極秘/old.zip": inner.read_bytes()})
    run = run_jobs(lambda: services.scan_start_archive(actor=cast.security, upload=_upload(archive)))
    file = ScannedFile.objects.get(run=run)
    assert file.path == "極秘/old.zip!/図面.docx"
    assert file.location == share.secret and file.tier_key == "top_secret"
