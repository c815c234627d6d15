"""Operator settings of the apps: a Django setting of the same name wins, then the environment,
then the app's default.

Apps carry their own defaults rather than settings.py; an operator sets environment variables
(SHUHI_SCAN_ROOTS=/srv/share:/mnt/nas) or Django settings.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings


def app_setting(name: str, default: Any) -> Any:
    """The setting `name`; from the environment, lists are separated by os.pathsep, integers parsed
    and switches read from 1/true/yes/on (anything else is off)."""
    if hasattr(settings, name):
        return getattr(settings, name)
    raw = os.environ.get(name)
    if raw is None:
        return default
    if isinstance(default, list):
        return [part for part in raw.split(os.pathsep) if part]
    if isinstance(default, bool):  # before int: bool is an int, and "false" is no number
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    return raw
