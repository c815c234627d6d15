"""Scanning many files: each is read in a worker process under a time limit and a memory cap.

Apart from scan.py, which reads one file and which the workers themselves run, so that the two
do not import each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from shuhi.documents.scan import _vocabulary, iter_files
from shuhi.documents.vocabulary import Vocabulary
from shuhi.documents.workers import WorkerPool


def scan_paths(paths: Iterable[str | Path], workers: int = 1, vocabulary: Vocabulary | None = None,
               timeout: float = 30, memory_mb: int = 512, ocr: bool = True) -> Iterator[dict[str, Any]]:
    """Scan every file under `paths` in `workers` processes; one result per file, as they finish.
    With `ocr`, scanned PDF pages are read by OCR within a share of `timeout`."""
    vocab = _vocabulary(vocabulary)
    with WorkerPool(workers=max(1, workers), vocabulary=vocab, timeout=timeout, memory_mb=memory_mb,
                    ocr=ocr) as pool:
        yield from pool.run(iter_files(paths))

