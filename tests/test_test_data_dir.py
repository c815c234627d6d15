"""The test suite keeps its files out of the checkout's data directory, which `make run` uses."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from shuhi.paths import REPO_ROOT, data_dir


def test_the_suite_writes_its_uploads_and_keys_outside_the_checkouts_var() -> None:
    checkout_var = (REPO_ROOT / "var").resolve()
    for path in (Path(settings.MEDIA_ROOT), data_dir(), Path(settings.MAIL_DIR)):
        assert not path.resolve().is_relative_to(checkout_var), path


def test_an_evidence_file_saved_by_a_test_lands_in_the_tests_data_directory() -> None:
    from shuhi.core.storage import PrivateStorage

    storage = PrivateStorage()
    name = storage.save("evidence/probe.txt", ContentFile(b"x"))
    try:
        saved = Path(storage.path(name)).resolve()
        assert saved.is_relative_to(data_dir().resolve())
        assert not saved.is_relative_to((REPO_ROOT / "var").resolve())
    finally:
        storage.delete(name)
