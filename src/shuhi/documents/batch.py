"""Scanning many files: each is read in a worker process under a time limit and a memory cap.

Apart from scan.py, which reads one file and which the workers themselves run, so that the two
do not import each other.

A .zip met on the way is opened here, in the parent: its members are written (under the
archive limits of extract/archive.py) into a private temporary folder and fed to the workers
as files of their own, each under its own time limit. Their results carry the path
`archive.zip!/folder/member.docx`; an archive that cannot be opened yields one line of its own.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from shuhi.documents.detect import ARCHIVES, extension
from shuhi.documents.extract.archive import MAX_DEPTH, SEPARATOR, unpack
from shuhi.documents.extract.base import ScanError
from shuhi.documents.scan import _vocabulary, iter_files
from shuhi.documents.vocabulary import Vocabulary
from shuhi.documents.workers import WorkerPool


class _Archives:
    """Expands archives into member files and maps the members' results back to archive paths."""

    def __init__(self, scratch: str) -> None:
        self.scratch = Path(scratch)
        self.shown: dict[str, str] = {}  # member file on disk -> path shown
        self.opened = 0

    def files(self, items: Iterator[tuple[str, str | None]], depth: int = 0) -> Iterator[tuple[str, str | None]]:
        for path, problem in items:
            if problem or extension(path) not in ARCHIVES:
                yield path, problem
            elif depth >= MAX_DEPTH:
                yield path, f"too large: nested more than {MAX_DEPTH} deep"
            else:
                yield from self._members(path, depth)

    def _members(self, path: str, depth: int) -> Iterator[tuple[str, str | None]]:
        shown = self.shown.pop(path, path)
        self.opened += 1
        folder = self.scratch / str(self.opened)
        folder.mkdir()
        try:
            unpacked = unpack(path, folder)
        except ScanError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            yield self._alias(path, shown), exc.reason
            return
        finally:
            if shown != path:  # an archive inside an archive: its own file is no longer needed
                with contextlib.suppress(OSError):
                    os.unlink(path)
        for index, (name, reason) in enumerate(unpacked.skipped):
            yield self._alias(str(folder / f"skipped-{index}" / Path(name).name), shown + SEPARATOR + name), reason
        for name, file in unpacked.files:
            self.shown[file] = shown + SEPARATOR + name
            yield from self.files(iter([(file, None)]), depth + 1)

    def _alias(self, path: str, shown: str) -> str:
        if path != shown:
            self.shown[path] = shown
        return path

    def finished(self, result: dict[str, Any]) -> dict[str, Any]:
        shown = self.shown.pop(result["path"], None)
        if shown is None:
            return result
        if result["path"].startswith(str(self.scratch)):
            with contextlib.suppress(OSError):
                os.unlink(result["path"])
        return {**result, "path": shown}


def scan_paths(paths: Iterable[str | Path], workers: int = 1, vocabulary: Vocabulary | None = None,
               timeout: float = 30, memory_mb: int = 512, ocr: bool = True) -> Iterator[dict[str, Any]]:
    """Scan every file under `paths` in `workers` processes; one result per file, as they finish.
    With `ocr`, scanned PDF pages are read by OCR within a share of `timeout`."""
    vocab = _vocabulary(vocabulary)
    with tempfile.TemporaryDirectory(prefix="shuhi-scan-") as scratch, \
            WorkerPool(workers=max(1, workers), vocabulary=vocab, timeout=timeout, memory_mb=memory_mb,
                       ocr=ocr) as pool:
        archives = _Archives(scratch)
        for result in pool.run(archives.files(iter_files(paths))):
            yield archives.finished(result)
