"""Scan settings: a Django setting of the same name wins, then the environment, then the default.

They live here rather than in settings.py so that the app carries its own defaults; an operator
sets them as environment variables (SHUHI_SCAN_ROOTS=/srv/share:/mnt/nas) or in settings.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings

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
}


def setting(name: str) -> Any:
    if hasattr(settings, name):
        return getattr(settings, name)
    default = DEFAULTS[name]
    raw = os.environ.get(name)
    if raw is None:
        return default
    if isinstance(default, list):
        return [part for part in raw.split(os.pathsep) if part]
    if isinstance(default, int):
        return int(raw)
    return raw


def scan_roots() -> list[Path]:
    return [Path(os.path.realpath(str(root))) for root in setting("SHUHI_SCAN_ROOTS") or []]


def upload_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "scans"
