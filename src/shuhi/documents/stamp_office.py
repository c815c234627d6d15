"""Stamp an Office Open XML file: format-specific marks, then the shared metadata."""

from __future__ import annotations

from pathlib import Path

from shuhi.documents.mip_write import MipLabel, set_custom_properties, write_ooxml_label
from shuhi.documents.stamp_marks import Mark
from shuhi.documents.stamp_ooxml import Package

FINGERPRINT_PROPERTY = "ShuhiFingerprint"


def stamp_office(fmt: str, src: Path, dst: Path, mark: Mark, label: MipLabel | None) -> dict:
    from shuhi.documents import stamp_docx, stamp_pptx, stamp_xlsx

    package = Package(src)
    stampers = {"docx": stamp_docx.stamp_docx, "xlsx": stamp_xlsx.stamp_xlsx, "pptx": stamp_pptx.stamp_pptx}
    details = stampers[fmt](package, mark)
    channels = list(details.pop("channels", []))
    if label is not None:
        write_ooxml_label(package, label)
    if mark.fingerprint is not None:
        set_custom_properties(package, {FINGERPRINT_PROPERTY: mark.fingerprint.token})
        channels.insert(0, "custom_property")
    package.save(dst)
    return {**details, "channels": channels}
