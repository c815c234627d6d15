"""Scan settings (see shuhi.core.conf: a Django setting wins, then the environment, then these)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings

from shuhi.core.conf import app_setting

DEFAULTS: dict[str, Any] = {
    "SHUHI_SCAN_WORKERS": 1,
    # Folders the server may read when a location is scanned; empty turns location scans off,
    # because a path pattern typed by an administrator must not open the whole server disk.
    "SHUHI_SCAN_ROOTS": [],
    "SHUHI_SCAN_MAX_FILES": 100_000,
    "SHUHI_SCAN_TIMEOUT": 30,
    "SHUHI_SCAN_MEMORY_MB": 512,
    "SHUHI_SCAN_VOCABULARY": "",
    "SHUHI_SCAN_UPLOAD_MAX_BYTES": 200 * 1024 * 1024,
    "SHUHI_SCAN_ARCHIVE_MAX_MEMBERS": 10_000,
    "SHUHI_SCAN_ARCHIVE_MAX_BYTES": 2 * 1024 * 1024 * 1024,
    "SHUHI_SCAN_ARCHIVE_MAX_RATIO": 100,
    # Read scanned PDF pages by OCR (Tesseract); off, scans of paper yield no labels.
    "SHUHI_SCAN_OCR": True,
}


def setting(name: str) -> Any:
    return app_setting(name, DEFAULTS[name])


def scan_roots() -> list[Path]:
    return [Path(os.path.realpath(str(root))) for root in setting("SHUHI_SCAN_ROOTS") or []]


def upload_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "scans"
