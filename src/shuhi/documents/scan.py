"""Scan documents for confidentiality labels: the public API of the scan half of the engine.

`scan_file` reads one file in the calling process; `shuhi.documents.batch.scan_paths` walks files and folders and
reads each file in a pool of worker processes under a time limit and a memory cap, so that no
single file can crash or hang a scan. Both return the stable output contract::

    {"path", "format", "tier", "labels": [{"text", "tier", "where"}],
     "mip": [{"id", "name", "enabled", "method", "site_id", "set_date"}], "error", "seconds"}

`where` is one of: filename, header, footer, first_lines, last_lines, body, standalone (a body
line holding nothing but the label), textbox, stamp (a text box or shape holding nothing but the
label), watermark, slide, slide_layout, slide_master, notes, cell, sheet_name, sheet_header,
sheet_footer, properties, mip. `error` is None, "encrypted", "unsupported", "not found",
"timeout", "crashed", "too large: …", "corrupt: …" or "unreadable: …"; a file read in part (one
damaged part) keeps the labels of the rest and reports the damage as "corrupt: <part>: …".
`scan_file` has no time or memory limit of its own: untrusted files belong in `batch.scan_paths`.

E-mail (.eml, .msg) adds `where` "subject". Files inside a file are scanned as files of their
own and their labels kept with the way in: an e-mail attachment's `where` reads
`attachment:資料.docx/header`, an archive member's `!/folder/設計書.docx/header` (after the
archive's path); `batch.scan_paths` gives each member of a .zip a line of its own, its path
written `archive.zip!/folder/設計書.docx`. Nesting stops at `extract.archive.MAX_DEPTH`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from shuhi.documents.detect import FAMILIES, detect_format, extension
from shuhi.documents.extract.archive import MAX_DEPTH
from shuhi.documents.extract.base import Extraction, ScanError
from shuhi.documents.labels import Segment, find_labels
from shuhi.documents.vocabulary import Vocabulary, default_vocabulary, probe_text

Extractor = Callable[[str | Path, str, Callable[[str], bool] | None], Extraction]

CONTRACT_KEYS = ("path", "format", "tier", "labels", "mip", "error", "seconds")


def _ooxml(path: str | Path, fmt: str, probe: Callable[[str], bool] | None) -> Extraction:
    from shuhi.documents.extract.ooxml import extract_ooxml

    return extract_ooxml(path, fmt, probe)


def _odf(path: str | Path, fmt: str, probe: Callable[[str], bool] | None) -> Extraction:
    from shuhi.documents.extract.odf import extract_odf

    return extract_odf(path, fmt)


def _pdf(path: str | Path, fmt: str, probe: Callable[[str], bool] | None) -> Extraction:
    from shuhi.documents.extract.pdf import extract_pdf

    return extract_pdf(path, fmt, probe)


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
            "seconds": 0.0}


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


def scan_file(path: str | Path, vocabulary: Vocabulary | None = None, *, depth: int = 0) -> dict[str, Any]:
    """Labels, Microsoft labels and the strongest tier of one file, or the reason it has none.
    `depth` counts the e-mails and archives the file was found in."""
    started = time.perf_counter()
    vocab = _vocabulary(vocabulary)
    result = empty_result(path)
    result["format"] = extension(path) or None
    segments: list[Segment] = [_filename_segment(path)]
    inner: list[dict[str, str]] = []
    try:
        extraction = _extract(path, result, vocab, depth)
        segments.extend(extraction.segments)
        inner = extraction.labels
        result["mip"] = extraction.mip
        result["error"] = extraction.warning
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
    labels = find_labels(segments, vocab) + _mip_labels(result["mip"], vocab) + inner
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
