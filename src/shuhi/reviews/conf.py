"""Where the server may read logs from (see shuhi.core.conf for how settings are looked up).

A log source names paths on the server, typed by a review manager; the engine reads whatever
they point at and shows examples from it. Without a fence, a path (or a generic mapping's glob)
could read the server's own database or keys into a report. SHUHI_LOG_ROOTS lists the folders
allowed (os.pathsep-separated); by default only `<data dir>/logs`. Uploaded exports and the shipped
mappings are always allowed: shuhi alone writes there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from shuhi.core.conf import app_setting
from shuhi.paths import data_dir, within

_GLOB = re.compile(r"[*?\[]")


UPLOAD_DIR = "reviews/logs"


def upload_root() -> Path:
    """Where uploaded CSV exports are kept: the private storage, never served (services_upload.py)."""
    from shuhi.core.storage import PrivateStorage

    return Path(PrivateStorage().location) / UPLOAD_DIR


def log_roots() -> list[Path]:
    """The operator's folders, plus the two shuhi itself fills: uploaded exports and the ready-made
    mappings shipped with the engine."""
    from shuhi.logreview.csvcheck import MAPPINGS_DIR

    roots = [*app_setting("SHUHI_LOG_ROOTS", [str(data_dir() / "logs")]), str(upload_root()), str(MAPPINGS_DIR)]
    return [Path(os.path.realpath(str(root))) for root in roots]


def _fixed_part(path: str) -> str:
    """The folder a glob such as /var/log/proxy/*.csv stays in; a plain path as it is."""
    match = _GLOB.search(path)
    return path if match is None else os.path.dirname(path[: match.start()]) or "/"


def paths_outside_roots(source: Any) -> dict[str, str]:
    """Field → message for every path of a log source that is relative or outside SHUHI_LOG_ROOTS."""
    roots, problems = log_roots(), {}
    for field in ("path", "mapping", "context_path"):
        value = getattr(source, field)
        if not value:
            continue
        if not os.path.isabs(value):
            problems[field] = _("%(path)s is not an absolute path on the server.") % {"path": value}
        elif not within(_fixed_part(value), roots):
            problems[field] = _("%(path)s is outside the folders this server may read logs from "
                                "(SHUHI_LOG_ROOTS: %(roots)s).") % {"path": value,
                                                                    "roots": os.pathsep.join(map(str, roots))}
    return problems
