"""The document engine's workers inside a daemonic process, which is what a django-q2 job worker is.

multiprocessing refuses to start children from a daemonic process, so a scan that works from the
command line failed in every background job. These tests run the engine the way the job worker
does, without Django, so that they are quick; tests/test_serve.py runs it through the real worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from shuhi.documents import scan
from shuhi.documents.batch import scan_paths
from shuhi.documents.extract.base import Extraction

FORK = multiprocessing.get_context("fork")


def _scan_into(conn: Any, folder: str, options: dict[str, Any]) -> None:
    try:
        results = list(scan_paths([folder], **options))
        conn.send(("daemonic" if multiprocessing.current_process().daemon else "not daemonic", results))
    except BaseException as exc:
        conn.send(("failed", repr(exc)))


def _scan_as_daemon(folder: Path, **options: Any) -> tuple[str, Any]:
    receiver, sender = FORK.Pipe(duplex=False)
    process = FORK.Process(target=_scan_into, args=(sender, str(folder), options), daemon=True)
    process.start()
    sender.close()
    try:
        assert receiver.poll(60), "the scan did not answer within a minute"
        return receiver.recv()
    finally:
        process.join(10)
        if process.is_alive():
            process.kill()


def _misbehaving(path: str | Path, fmt: str, probe: object) -> Extraction:
    """Stands in for the text extractor; the forked processes inherit it through the patched table."""
    name = Path(path).name
    if name.startswith("deaf"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # like a native loop ignoring the timer
        time.sleep(60)
    if name.startswith("segfault"):
        os.kill(os.getpid(), signal.SIGSEGV)
    extraction = Extraction(fmt)
    extraction.add("first_lines", Path(path).read_text(encoding="utf-8"))
    return extraction


@pytest.fixture
def misbehaving(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(scan.EXTRACTORS, "text", _misbehaving)


def test_a_scan_inside_a_daemonic_process_finds_its_labels(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text("【社外秘】設計図\n", encoding="utf-8")
    (tmp_path / "memo.txt").write_text("【極秘】\n", encoding="utf-8")
    (tmp_path / "note.txt").write_text("昼食の予定\n", encoding="utf-8")
    where, results = _scan_as_daemon(tmp_path, workers=2, timeout=10, memory_mb=256)
    assert where == "daemonic", results
    tiers = {Path(r["path"]).name: r["tier"] for r in results}
    assert tiers == {"plan.txt": "confidential", "memo.txt": "top_secret", "note.txt": None}


def test_inside_a_daemonic_process_a_hanging_or_crashing_file_still_costs_only_its_own_line(
        tmp_path: Path, misbehaving: None) -> None:
    for name in ["a_ok.txt", "deaf.txt", "segfault.txt", "b_ok.txt"]:
        (tmp_path / name).write_text("【社外秘】", encoding="utf-8")
    started = time.perf_counter()
    where, results = _scan_as_daemon(tmp_path, workers=1, timeout=1, memory_mb=256)
    assert where == "daemonic", results
    assert time.perf_counter() - started < 20
    errors = {Path(r["path"]).name: r["error"] for r in results}
    assert errors == {"a_ok.txt": None, "deaf.txt": "timeout", "segfault.txt": "crashed", "b_ok.txt": None}


def _scan_forever(folder: str) -> None:
    list(scan_paths([folder], workers=2, timeout=1000, memory_mb=256))


def test_a_worker_stuck_in_native_code_dies_with_a_killed_parent(tmp_path: Path, misbehaving: None) -> None:
    # The job worker is killed (SIGKILL, or django-q2's SIGTERM at its time limit) in the middle of
    # a file that ignores the timer: nothing of the scan may stay behind.
    for name in ["deaf1.txt", "deaf2.txt"]:
        (tmp_path / name).write_text("【社外秘】", encoding="utf-8")
    parent = FORK.Process(target=_scan_forever, args=(str(tmp_path),))
    parent.start()
    workers: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 30
        while len(workers := psutil.Process(parent.pid).children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) == 2
        time.sleep(0.5)  # both are now inside the deaf file
        os.kill(parent.pid, signal.SIGKILL)
        parent.join(5)
        _gone, alive = psutil.wait_procs(workers, timeout=10)
        assert alive == [], f"workers outlived their parent: {[p.pid for p in alive]}"
    finally:
        for worker in workers:
            with contextlib.suppress(psutil.NoSuchProcess):
                worker.kill()
        if parent.is_alive():
            parent.kill()
