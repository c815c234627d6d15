"""Test documents made with the engine's own builders: labelled, unlabelled and MIP-labelled."""

from __future__ import annotations

from pathlib import Path

from shuhi.documents.tests import builders

GUID = "3a1c4c1e-5b9f-4a2e-9d1c-0f0e0d0c0b0a"


def unlabelled_docx(path: Path) -> Path:
    # Running text that names tiers is not a label (the engine tells them apart).
    return builders.docx(path, body=[builders.FILLER, builders.DECOY_JA])


def labelled_docx(path: Path, label: str) -> Path:
    return builders.docx(path, header=f"【{label}】", body=[builders.FILLER])


def labelled_pdf(path: Path, label: str) -> Path:
    return builders.pdf(path, header=f"【{label}】", body=[builders.FILLER])


def mip_docx(path: Path, visible: str, mip_name: str) -> Path:
    """A docx whose Microsoft sensitivity label is `mip_name` while its header shows 【visible】."""
    return builders.docx(path, header=f"【{visible}】", body=[builders.FILLER],
                         custom=builders.mip_properties(GUID, mip_name))
