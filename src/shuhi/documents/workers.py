"""Worker processes that read one file at a time under a time limit and a memory cap.

Workers are forked once and reused (forking per file would cost more than reading most files).
Each takes a path over a pipe and sends back the result. Inside, an interval timer interrupts a
parse that runs past the limit; outside, a watchdog in the parent kills a worker that does not
answer shortly after (a C library can ignore the timer) and starts a new one. A worker that
dies (a segfault in a native parser, the address-space cap) costs only its own file: that file
yields "crashed" and the scan goes on.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from shuhi.documents.detect import extension
from shuhi.documents.scan import empty_result, scan_file
from shuhi.documents.vocabulary import Vocabulary

GRACE_SECONDS = 2.0  # how long past the soft limit the parent waits before killing
TASKS_PER_WORKER = 2000  # recycle now and then: native libraries may leak on hostile files


class _SoftTimeout(BaseException):
    """Raised by the interval timer; a BaseException so that `except Exception` cannot eat it."""


def _on_alarm(_signum: int, _frame: object) -> None:
    raise _SoftTimeout()


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space at what the worker holds now plus `memory_mb`."""
    if memory_mb <= 0:
        return
    try:
        with open("/proc/self/statm") as handle:
            current = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        current = 0
    limit = current + memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _timed_out(path: str) -> dict[str, Any]:
    result = empty_result(path, "timeout")
    result["format"] = extension(path) or None
    return result


def _worker_main(conn: Connection, vocabulary: Vocabulary, memory_mb: int, timeout: float) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    faulthandler.disable()  # a crash is reported as the file's "crashed" line, not a dump on stderr
    signal.signal(signal.SIGALRM, _on_alarm)
    _limit_memory(memory_mb)
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            signal.setitimer(signal.ITIMER_REAL, timeout)
            result = scan_file(path, vocabulary)
            signal.setitimer(signal.ITIMER_REAL, 0)
        except _SoftTimeout:
            result = _timed_out(path)
        conn.send(result)


class _Worker:
    def __init__(self, pool: WorkerPool) -> None:
        self.conn, child = pool.context.Pipe()
        self.process = pool.context.Process(
            target=_worker_main, args=(child, pool.vocabulary, pool.memory_mb, pool.timeout), daemon=True
        )
        self.process.start()
        child.close()
        self.path: str | None = None
        self.deadline = 0.0
        self.done = 0

    def submit(self, path: str, deadline: float) -> None:
        self.path, self.deadline = path, deadline
        self.conn.send(path)

    def stop(self, force: bool = False) -> None:
        if not force and self.process.is_alive():
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(None)
            self.process.join(1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)
        self.conn.close()


def _preload() -> None:
    """Import the parsers once in the parent so that every forked worker starts warm."""
    import charset_normalizer  # noqa: F401
    import pikepdf  # noqa: F401

    import shuhi.documents.extract.odf
    import shuhi.documents.extract.ooxml
    import shuhi.documents.extract.pdf
    import shuhi.documents.extract.text  # noqa: F401


class WorkerPool:
    """A fixed number of reusable, replaceable scan workers."""

    def __init__(self, workers: int, vocabulary: Vocabulary, timeout: float, memory_mb: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        # fork: workers start in milliseconds, warm, and inherit the parent's configuration.
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.size, self.vocabulary = workers, vocabulary
        self.timeout, self.memory_mb = float(timeout), memory_mb
        self.workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        _preload()
        self.workers = [_Worker(self) for _ in range(self.size)]
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self.workers:
            worker.stop(force=worker.path is not None)
        self.workers = []

    def _replace(self, worker: _Worker) -> None:
        worker.stop(force=True)
        self.workers[self.workers.index(worker)] = _Worker(self)

    def _collect(self, worker: _Worker) -> dict[str, Any]:
        path = worker.path or ""
        try:
            result = worker.conn.recv()
        except (EOFError, OSError):
            result = empty_result(path, "crashed")
            result["format"] = extension(path) or None
            self._replace(worker)
            return result
        worker.path, worker.done = None, worker.done + 1
        if result.get("error") == "timeout" or worker.done >= TASKS_PER_WORKER:
            self._replace(worker)
        return result

    def _expire(self, now: float) -> Iterator[dict[str, Any]]:
        for worker in list(self.workers):
            if worker.path is not None and now >= worker.deadline:
                path = worker.path
                self._replace(worker)
                yield _timed_out(path)

    def _submit(self, index: int, path: str) -> None:
        deadline = time.monotonic() + self.timeout + GRACE_SECONDS
        try:
            self.workers[index].submit(path, deadline)
        except (BrokenPipeError, OSError):  # it died while idle (recycled, or killed from outside)
            self._replace(self.workers[index])
            self.workers[index].submit(path, deadline)

    def _feed(self, files: Iterator[tuple[str, str | None]]) -> Iterator[dict[str, Any]]:
        """Give every idle worker a file; yield at once for files that need no worker."""
        for index in range(len(self.workers)):
            while self.workers[index].path is None:
                item = next(files, None)
                if item is None:
                    return
                path, problem = item
                if not problem:
                    self._submit(index, path)
                    break
                result = empty_result(path, problem)
                result["format"] = extension(path) or None
                yield result

    def run(self, files: Iterator[tuple[str, str | None]]) -> Iterator[dict[str, Any]]:
        """Results for every (path, problem) pair, in the order they finish."""
        while True:
            yield from self._feed(files)
            busy = [worker for worker in self.workers if worker.path is not None]
            if not busy:
                return
            remaining = min(worker.deadline for worker in busy) - time.monotonic()
            ready = wait([worker.conn for worker in busy], timeout=max(0.0, remaining))
            for worker in busy:
                if worker.conn in ready:
                    yield self._collect(worker)
            yield from self._expire(time.monotonic())
