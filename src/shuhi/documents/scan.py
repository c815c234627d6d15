"""Scan documents for confidentiality labels: the public API of the scan half of the engine.

`scan_file` reads one file in the calling process; `shuhi.documents.batch.scan_paths` walks files and folders and
reads each file in a pool of worker processes under a time limit and a memory cap, so that no
single file can crash or hang a scan. Both return the stable output contract::

    {"path", "format", "tier", "labels": [{"text", "tier", "where"}],
     "mip": [{"id", "name", "enabled", "method", "site_id", "set_date"}], "error", "seconds", "ocr"}

`where` is one of: filename, header, footer, first_lines, last_lines, body, standalone (a body
line holding nothing but the label), textbox, stamp (a text box or shape holding nothing but the
label), watermark, slide, slide_layout, slide_master, notes, cell, sheet_name, sheet_header,
sheet_footer, properties, mip. `error` is None, "encrypted", "unsupported", "not found",
"timeout", "crashed", "too large: …", "corrupt: …" or "unreadable: …"; a file read in part (one
damaged part) keeps the labels of the rest and reports the damage as "corrupt: <part>: …".
`scan_file` has no time or memory limit of its own: untrusted files belong in `batch.scan_paths`.

PDF annotations add two places: "stamp" also holds what a Stamp annotation draws and the label a
standard stamp's name stands for (its /Name, e.g. "TopSecret"), and "comment" is a reviewer's
note or FreeText comment that is more than the label (read strictly, like body text). Pages that
are scans are read by OCR unless `ocr=False`: then "ocr" is true, and each label read from an
image also has "ocr": true and "confidence" (Tesseract's mean word confidence, 0-100). "ocr" came
last into the contract, so readers of older lines can default it to false. When a scan needs OCR
that this machine cannot run, `error` says "ocr unavailable: …"; when OCR ran out of time,
"ocr incomplete: …".

E-mail (.eml, .msg) adds `where` "subject". Files inside a file are scanned as files of their
own and their labels kept with the way in: an e-mail attachment's `where` reads
`attachment:資料.docx/header`, an archive member's `!/folder/設計書.docx/header` (after the
archive's path); `batch.scan_paths` gives each member of a .zip a line of its own, its path
written `archive.zip!/folder/設計書.docx`. Nesting stops at `extract.archive.MAX_DEPTH`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from shuhi.documents.detect import FAMILIES, detect_format, extension
from shuhi.documents.extract.archive import MAX_DEPTH
from shuhi.documents.extract.base import Extraction, ScanError
from shuhi.documents.extract.ocr import OcrLimits
from shuhi.documents.labels import Segment, find_labels
from shuhi.documents.vocabulary import Vocabulary, default_vocabulary, probe_text

Extractor = Callable[[str | Path, str, Callable[[str], bool] | None], Extraction]

CONTRACT_KEYS = ("path", "format", "tier", "labels", "mip", "error", "seconds", "ocr")

# The OCR limits of the file being read, for the PDF extractor: passed this way so that every
# extractor keeps the same three arguments.
_OCR: ContextVar[OcrLimits | None] = ContextVar("shuhi_scan_ocr", default=None)


def _ooxml(path: str | Path, fmt: str, probe: Callable[[str], bool] | None) -> Extraction:
    from shuhi.documents.extract.ooxml import extract_ooxml

    return extract_ooxml(path, fmt, probe)


def _odf(path: str | Path, fmt: str, probe: Callable[[str], bool] | None) -> Extraction:
    from shuhi.documents.extract.odf import extract_odf

    return extract_odf(path, fmt)


def _pdf(path: str | Path, fmt: str, probe: Callable[[str], bool] | None) -> Extraction:
    from shuhi.documents.extract.pdf import extract_pdf

    return extract_pdf(path, fmt, probe, ocr=_OCR.get())


def _text(path: str | Path, fmt: str, probe: Callable[[str], bool] | None) -> Extraction:
    from shuhi.documents.extract.text import extract_text

    return extract_text(path, fmt, probe)


def _legacy_doc(path: str | Path, fmt: str, probe: Callable[[str], bool] | None) -> Extraction:
    from shuhi.documents.extract.legacy_doc import extract_doc

    return extract_doc(path, fmt, probe)


def _legacy_xls(path: str | Path, fmt: str, probe: Callable[[str], bool] | None) -> Extraction:
    from shuhi.documents.extract.legacy_xls import extract_xls

    return extract_xls(path, fmt, probe)


def _legacy_ppt(path: str | Path, fmt: str, probe: Callable[[str], bool] | None) -> Extraction:
    from shuhi.documents.extract.legacy_ppt import extract_ppt

    return extract_ppt(path, fmt, probe)


def _mail(path: str | Path, fmt: str, probe: Callable[[str], bool] | None,
          scan_member: Callable[[str], dict[str, Any]] | None = None) -> Extraction:
    from shuhi.documents.extract.mail import extract_mail

    return extract_mail(path, fmt, probe, scan_member)


def _archive(path: str | Path, fmt: str, probe: Callable[[str], bool] | None,
             scan_member: Callable[[str], dict[str, Any]] | None = None) -> Extraction:
    from shuhi.documents.extract.nested import extract_zip

    return extract_zip(path, fmt, scan_member)


# Looked up at call time so that tests can replace one family (workers fork and inherit it).
EXTRACTORS: dict[str, Extractor] = {"ooxml": _ooxml, "odf": _odf, "pdf": _pdf, "text": _text,
                                    "legacy_doc": _legacy_doc, "legacy_xls": _legacy_xls,
                                    "legacy_ppt": _legacy_ppt}
# Families whose files hold other files: their extractor also gets a scanner for those.
CONTAINERS: dict[str, Callable[..., Extraction]] = {"mail": _mail, "archive": _archive}

_DEFAULT: Vocabulary | None = None


def _vocabulary(vocabulary: Vocabulary | None) -> Vocabulary:
    global _DEFAULT
    if vocabulary is not None:
        return vocabulary
    if _DEFAULT is None:
        _DEFAULT = default_vocabulary()
    return _DEFAULT


def empty_result(path: str | Path, error: str | None = None) -> dict[str, Any]:
    return {"path": str(path), "format": None, "tier": None, "labels": [], "mip": [], "error": error,
            "seconds": 0.0, "ocr": False}


def _mip_labels(records: list[dict[str, Any]], vocab: Vocabulary) -> list[dict[str, str]]:
    """Enabled Microsoft labels as ordinary labels found "in mip", when the vocabulary knows them."""
    found = []
    for record in records:
        if record.get("enabled") is False:
            continue
        tier = vocab.mip_tier(record)
        if tier:
            found.append({"text": record.get("name") or record["id"], "tier": tier, "where": "mip"})
    return found


def _stamp_labels(names: list[str], vocab: Vocabulary) -> list[dict[str, str]]:
    """Standard PDF stamps ("TopSecret", "Confidential") whose name the vocabulary gives a tier."""
    found = []
    for name in dict.fromkeys(names):
        tier = vocab.pdf_stamp_tier(name)
        if tier:
            found.append({"text": name, "tier": tier, "where": "stamp"})
    return found


def _filename_segment(path: str | Path) -> Segment:
    return Segment("filename", Path(path).stem)


def _member_scanner(vocab: Vocabulary, depth: int) -> Callable[[str], dict[str, Any]]:
    def scan_member(path: str) -> dict[str, Any]:
        if depth >= MAX_DEPTH:
            result = empty_result(path, f"too large: nested more than {MAX_DEPTH} deep")
            result["format"] = extension(path) or None
            return result
        return scan_file(path, vocab, depth=depth + 1)

    return scan_member


def _extract(path: str | Path, result: dict[str, Any], vocab: Vocabulary, depth: int) -> Extraction:
    fmt = detect_format(path)
    result["format"] = fmt
    probe = vocab.pattern.search

    def has_term(text: str) -> bool:
        return probe(probe_text(text)) is not None

    family = FAMILIES[fmt]
    if family in CONTAINERS:
        return CONTAINERS[family](path, fmt, has_term, _member_scanner(vocab, depth))
    return EXTRACTORS[family](path, fmt, has_term)


def _ocr_limits(ocr: bool | OcrLimits) -> OcrLimits | None:
    return ocr if isinstance(ocr, OcrLimits) else OcrLimits() if ocr else None


def scan_file(path: str | Path, vocabulary: Vocabulary | None = None, ocr: bool | OcrLimits = True, *,
              depth: int = 0) -> dict[str, Any]:
    """Labels, Microsoft labels and the strongest tier of one file, or the reason it has none.
    `ocr`: read scanned pages (True, or the limits to do it within) or not (False); a file found
    inside another (`depth` > 0: in an e-mail or an archive) reads them as the outer file does."""
    started = time.perf_counter()
    vocab = _vocabulary(vocabulary)
    result = empty_result(path)
    result["format"] = extension(path) or None
    segments: list[Segment] = [_filename_segment(path)]
    stamps: list[str] = []
    inner: list[dict[str, str]] = []
    token = _OCR.set(_OCR.get() if depth > 0 else _ocr_limits(ocr))
    try:
        extraction = _extract(path, result, vocab, depth)
        segments.extend(extraction.segments)
        stamps = extraction.stamps
        inner = extraction.labels
        result["mip"] = extraction.mip
        result["error"] = extraction.warning
        result["ocr"] = extraction.ocr
    except ScanError as exc:
        result["error"] = exc.reason
    except MemoryError:
        result["error"] = "too large: memory limit"
    except RecursionError:
        result["error"] = "corrupt: nested too deeply"
    except OSError as exc:
        result["error"] = f"unreadable: {exc.strerror or exc}"
    except Exception as exc:  # any library failure on a hostile file is that file's problem only
        result["error"] = f"corrupt: {type(exc).__name__}: {exc}"[:160]
    finally:
        _OCR.reset(token)
    labels = (find_labels(segments, vocab) + _stamp_labels(stamps, vocab) + _mip_labels(result["mip"], vocab)
              + inner)
    result["labels"] = labels
    result["tier"] = vocab.strongest(label["tier"] for label in labels)
    result["seconds"] = round(time.perf_counter() - started, 4)
    return result


def iter_files(paths: Iterable[str | Path]) -> Iterator[tuple[str, str | None]]:
    """Every file under `paths` as (path, problem); problem is set for what cannot be read."""
    import os
    import stat

    for given in paths:
        path = str(given)
        try:
            mode = os.stat(path).st_mode
        except OSError:
            yield path, "not found"
            continue
        if stat.S_ISDIR(mode):
            for folder, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    yield from _regular(os.path.join(folder, name))
        else:
            yield from _regular(path)


def _regular(path: str) -> Iterator[tuple[str, str | None]]:
    import os
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        yield path, "not found"
        return
    # FIFOs and devices would block a reader forever.
    yield path, None if stat.S_ISREG(mode) else "unsupported"
