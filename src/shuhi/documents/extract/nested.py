"""Files inside a file (e-mail attachments, archive members), each scanned as a file of its own.

The container's labels are its own and those of every file inside it, each with the way in
written before its `where`: `attachment:資料.docx/header`, `!/folder/設計書.docx/header`. Inner
files are written to private temporary files (removed at once) because several readers (pdfium,
olefile) want a file, and so that each one goes through the same format detection and limits as
any file on disk.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shuhi.documents.extract.archive import SEPARATOR, unpack
from shuhi.documents.extract.base import Extraction, Unsupported

ScanMember = Callable[[str], dict[str, Any]]
QUIET_ERRORS = ("unsupported",)  # a picture attached to a mail is not damage


def add_member(result: Extraction, prefix: str, member: dict[str, Any]) -> None:
    """Keep an inner file's labels (with `prefix` before their `where`) and note its failure."""
    for label in member["labels"]:
        where = label["where"]
        joined = prefix + where if where.startswith(SEPARATOR) else f"{prefix}/{where}"
        result.labels.append({"text": label["text"], "tier": label["tier"], "where": joined})
    error = member.get("error")
    if error and not error.startswith(QUIET_ERRORS):
        kind, _sep, detail = error.partition(":")
        result.note(f"{kind}: {prefix}" + (f":{detail}" if detail else ""))


def extract_zip(path: str | Path, fmt: str, scan_member: ScanMember | None) -> Extraction:
    """Every member of a .zip scanned, labels merged under `!/<member>/`."""
    if scan_member is None:
        raise Unsupported()
    result = Extraction(fmt)
    with tempfile.TemporaryDirectory(prefix="shuhi-zip-") as scratch:
        unpacked = unpack(path, scratch)
        for name, file in unpacked.files:
            add_member(result, SEPARATOR + name, scan_member(file))
            Path(file).unlink(missing_ok=True)
    for name, reason in unpacked.skipped:
        if reason not in QUIET_ERRORS:
            result.note(f"{reason}: {SEPARATOR}{name}")
    return result
