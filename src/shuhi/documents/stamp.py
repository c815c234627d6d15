"""Stamp a document given to a supplier: visible mark, watermark, Microsoft label, fingerprint.

    stamp_file("spec.pdf", "spec-yamada.pdf", tier="confidential", owner="ACME株式会社",
               recipient="山田精工", disclosure_id="D-2026-0042", key=secret)

The output is written to a temporary file next to `dst` and moved into place, so a failed stamp
never leaves a half-written document (and `dst` may be `src`).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from shuhi.documents.fingerprint import FingerprintError, make_fingerprint
from shuhi.documents.mip_write import CONTENT_FOOTER, CONTENT_HEADER, CONTENT_WATERMARK, MipLabel, make_label
from shuhi.documents.stamp_marks import Mark, StampError, make_mark

__all__ = ["FORMATS", "StampError", "detect_format", "stamp_file"]

FORMATS = {
    ".pdf": "pdf",
    ".docx": "docx", ".docm": "docx",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".pptx": "pptx", ".pptm": "pptx",
}
# Which marks each format gets, for the ContentBits Office reads to know what the label added.
CONTENT_BITS = {
    "pdf": CONTENT_HEADER | CONTENT_FOOTER | CONTENT_WATERMARK,
    "docx": CONTENT_HEADER | CONTENT_FOOTER | CONTENT_WATERMARK,
    "pptx": CONTENT_HEADER | CONTENT_FOOTER | CONTENT_WATERMARK,
    "xlsx": CONTENT_HEADER | CONTENT_FOOTER,
}


def detect_format(path: str | Path) -> str:
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StampError(
            f"unsupported: {path.name} — shuhi stamps .pdf, .docx, .xlsx and .pptx files "
            "(and their macro-enabled forms)"
        )
    return fmt


def stamp_file(
    src: str | Path,
    dst: str | Path,
    *,
    tier: str,
    owner: str,
    recipient: str | None = None,
    date: dt.date | str | None = None,
    disclosure_id: str | None = None,
    mip: MipLabel | dict | None = None,
    key: bytes | None = None,
) -> dict:
    """Stamp `src` into `dst`; raises `StampError` with a user-facing message on failure.

    `mip` is a `MipLabel` or a dict with id, site_id and name. `key` is required with
    `disclosure_id` (the installation secret that makes the fingerprint verifiable).
    """
    started = time.perf_counter()
    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise StampError(f"no such file: {src}")
    fmt = detect_format(src)
    mark = _mark(tier, owner, recipient, date, disclosure_id, key)
    label = make_label(mip, content_bits=CONTENT_BITS[fmt]) if mip else None
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".shuhi-stamp-", suffix=src.suffix, dir=dst.parent)
    except OSError as exc:
        raise StampError(f"cannot write to {dst.parent}: {exc.strerror}") from exc
    os.close(handle)
    try:
        details = _stamp(fmt, src, Path(temp_name), mark, label)
        os.replace(temp_name, dst)
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
    return {
        "path": str(dst),
        "format": fmt,
        "tier": mark.tier,
        "mark": mark.footer_text,
        "disclosure_id": mark.fingerprint.disclosure_id if mark.fingerprint else None,
        "mip": label.id if label else None,
        **details,
        "seconds": round(time.perf_counter() - started, 4),
    }


def _mark(tier, owner, recipient, date, disclosure_id, key) -> Mark:
    fingerprint = None
    if disclosure_id is not None:
        if not key:
            raise StampError("a fingerprint key is required with a disclosure id")
        try:
            fingerprint = make_fingerprint(disclosure_id, key=key)
        except FingerprintError as exc:
            raise StampError(str(exc)) from exc
    return make_mark(tier=tier, owner=owner, recipient=recipient, date=date, fingerprint=fingerprint)


def _stamp(fmt: str, src: Path, dst: Path, mark: Mark, label: MipLabel | None) -> dict:
    if fmt == "pdf":
        from shuhi.documents.stamp_pdf import stamp_pdf

        return stamp_pdf(src, dst, mark, label)
    from shuhi.documents.stamp_office import stamp_office

    return stamp_office(fmt, src, dst, mark, label)
