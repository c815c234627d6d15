"""Tesseract with its Japanese model, through pytesseract: text lines with their confidence.

pytesseract runs the `tesseract` program once per call instead of loading the library into the
scan worker. That costs a model load per call (about 0.1 s for `jpn`, see benchmarks/scan.py)
and buys what a scanner of untrusted files needs more: a per-call timeout that really ends the
work (the child is killed), a crash or a memory blow-up in the OCR engine that cannot take the
worker down, and no compiled extension to build: Debian's tesseract-ocr and tesseract-ocr-jpn
are all it needs (scripts/system-deps.sh).
"""

from __future__ import annotations

import contextlib
import functools
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

LANGUAGE = "jpn"


@dataclass(frozen=True)
class OcrLimits:
    """How much OCR one document may cost; a scan worker's own time limit stays the hard stop."""

    pages: int = 4  # pages without a text layer read per document: the first ones and the last
    seconds: float = 12.0  # all OCR of one document
    call_seconds: float = 6.0  # one tesseract run
    dpi: int = 150  # pages are drawn at this resolution (less for very large pages)

    @classmethod
    def within(cls, timeout: float) -> OcrLimits:
        """Limits that leave a file's text and metadata time to be read inside a worker's `timeout`."""
        return cls(seconds=min(cls.seconds, timeout * 0.5), call_seconds=min(cls.call_seconds, timeout * 0.3))


@dataclass(frozen=True)
class Line:
    text: str
    confidence: float  # mean of Tesseract's word confidences, 0-100
    box: tuple[int, int, int, int]  # left, top, right, bottom in pixels


class OcrTimeout(Exception):
    """One tesseract run took longer than it was allowed."""


class OcrFailed(Exception):
    """Tesseract ran and failed; the message is short enough for a scan result."""


@functools.cache
def unavailable() -> str | None:
    """Why OCR cannot run on this machine (no binding, no program, no Japanese model), or None."""
    try:
        import pytesseract
    except ImportError:
        return "pytesseract not installed"
    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError):
        return "tesseract not installed"
    except Exception as exc:  # a broken installation is reported, not raised
        return f"tesseract does not run: {type(exc).__name__}"
    if LANGUAGE not in languages:
        return f"tesseract has no '{LANGUAGE}' model"
    return None


def _wide(char: str) -> bool:
    """Japanese and full-width characters: Tesseract splits them into words no reader would."""
    return ord(char) >= 0x2E80


def _join(words: list[str]) -> str:
    text = ""
    for word in words:
        if text and not (_wide(text[-1]) and _wide(word[0])):
            text += " "
        text += word
    return text


def _lines(data: dict[str, list[Any]]) -> list[Line]:
    grouped: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(data["text"]):
        if str(word).strip() and float(data["conf"][index]) >= 0:
            key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
            grouped.setdefault(key, []).append(index)
    lines = []
    for indexes in grouped.values():
        words = [str(data["text"][i]).strip() for i in indexes]
        confidence = sum(float(data["conf"][i]) for i in indexes) / len(indexes)
        left = min(int(data["left"][i]) for i in indexes)
        top = min(int(data["top"][i]) for i in indexes)
        right = max(int(data["left"][i]) + int(data["width"][i]) for i in indexes)
        bottom = max(int(data["top"][i]) + int(data["height"][i]) for i in indexes)
        lines.append(Line(_join(words), round(confidence, 1), (left, top, right, bottom)))
    return lines


def read_lines(image: Image.Image, psm: int, timeout: float) -> list[Line]:
    """The text lines Tesseract reads in `image` with page segmentation mode `psm`."""
    import pytesseract

    if timeout <= 0:
        raise OcrTimeout()
    # Tesseract's OpenMP threads fight the other scan workers for the same cores: on two busy
    # cores a page took 9.6 s with them and 1.0 s without. Workers are the parallelism here.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        data = pytesseract.image_to_data(image, lang=LANGUAGE, config=f"--psm {psm}",
                                         output_type=pytesseract.Output.DICT, timeout=timeout)
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise OcrTimeout() from exc
        raise OcrFailed(str(exc)[:80]) from exc
    except (pytesseract.TesseractError, OSError) as exc:
        raise OcrFailed(f"{type(exc).__name__}: {exc}"[:80]) from exc
    return _lines(data)


def reset() -> None:
    """Forget what `unavailable` found (tests that hide the program use it)."""
    with contextlib.suppress(AttributeError):
        unavailable.cache_clear()
