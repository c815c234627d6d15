"""Worker processes that read one file at a time under a time limit and a memory cap.

Workers are forked once and reused (forking per file would cost more than reading most files).
Each takes a path over a pipe and sends back the result. Inside, an interval timer interrupts a
parse that runs past the limit; outside, a watchdog in the parent kills a worker that does not
answer shortly after (a C library can ignore the timer) and starts a new one. A worker that
dies (a segfault in a native parser, the address-space cap) costs only its own file: that file
yields "crashed" and the scan goes on.

Workers are forked with os.fork rather than multiprocessing.Process, which refuses to start
children from a daemonic process, and a background-job worker (django-q2) is one. What the
daemonic rule guards against, children outliving their parent, is handled here instead: each
worker holds no other worker's pipe, so it sees end-of-file when the parent goes, and on Linux
the kernel kills it when the parent dies, even by SIGKILL.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import os
import resource
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from multiprocessing import Pipe
from multiprocessing.connection import Connection, wait
from typing import Any

from shuhi.documents.detect import extension
from shuhi.documents.extract.ocr import OcrLimits
from shuhi.documents.scan import empty_result, scan_file
from shuhi.documents.vocabulary import Vocabulary

GRACE_SECONDS = 2.0  # how long past the soft limit the parent waits before killing
TASKS_PER_WORKER = 2000  # recycle now and then: native libraries may leak on hostile files
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


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


def _worker_main(conn: Connection, vocabulary: Vocabulary, memory_mb: int, timeout: float,
                 ocr: bool = True) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    faulthandler.disable()  # a crash is reported as the file's "crashed" line, not a dump on stderr
    signal.signal(signal.SIGALRM, _on_alarm)
    _limit_memory(memory_mb)
    ocr_limits = OcrLimits.within(timeout) if ocr else False
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            signal.setitimer(signal.ITIMER_REAL, timeout)
            result = scan_file(path, vocabulary, ocr=ocr_limits)
            signal.setitimer(signal.ITIMER_REAL, 0)
        except _SoftTimeout:
            result = _timed_out(path)
        try:
            conn.send(result)
        except OSError:  # the parent has gone
            return


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when its parent dies: a worker stuck in native code past
    its timer would otherwise run on after a background job is killed for its own time limit.
    Linux ties this to the thread that forked, so a pool is used from the thread that opened it."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _child(conn: Connection, others: list[Connection], parent: int, pool: WorkerPool) -> None:
    """The body of a forked worker; it must never return into the parent's code."""
    code = 1
    try:
        for other in others:  # held here, another worker's pipe would never see the parent go
            other.close()
        _die_with_parent(parent)
        # Inherited handlers belong to the host (gunicorn, the job worker): a SIGTERM sent to the
        # whole process group must end a worker, and a signal must not wake the host's event loop.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        with contextlib.suppress(ValueError):
            signal.set_wakeup_fd(-1)
        _worker_main(conn, pool.vocabulary, pool.memory_mb, pool.timeout, pool.ocr)
        code = 0
    except BaseException:
        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        os._exit(code)


class _Worker:
    def __init__(self, pool: WorkerPool) -> None:
        self.conn, child = Pipe()
        others = [worker.conn for worker in pool.workers]
        parent = os.getpid()
        for stream in (sys.stdout, sys.stderr):  # else the child would print the parent's buffer again
            with contextlib.suppress(AttributeError, OSError, ValueError):
                stream.flush()
        try:
            self.pid = os.fork()
        except OSError:
            self.conn.close()
            child.close()
            raise
        if self.pid == 0:
            self.conn.close()
            _child(child, others, parent, pool)
        child.close()
        self.path: str | None = None
        self.deadline = 0.0
        self.done = 0
        self.exitcode: int | None = None

    def submit(self, path: str, deadline: float) -> None:
        self.path, self.deadline = path, deadline
        self.conn.send(path)

    def is_alive(self) -> bool:
        if self.exitcode is not None:
            return False
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:  # reaped by someone else, e.g. a host that ignores SIGCHLD
            self.exitcode = -1
            return False
        if pid == 0:
            return True
        self.exitcode = os.waitstatus_to_exitcode(status)
        return False

    def join(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.is_alive() and time.monotonic() < deadline:
            time.sleep(0.005)

    def stop(self, force: bool = False) -> None:
        if not force and self.is_alive():
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(None)
            self.join(1)
        if self.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.join(2)
        self.conn.close()


def _preload() -> None:
    """Import the parsers once in the parent so that every forked worker starts warm."""
    import charset_normalizer  # noqa: F401
    import pikepdf  # noqa: F401

    import shuhi.documents.extract.odf
    import shuhi.documents.extract.ooxml
    import shuhi.documents.extract.pdf
    import shuhi.documents.extract.pdf_annotations
    import shuhi.documents.extract.pdf_ocr
    import shuhi.documents.extract.text  # noqa: F401
    from shuhi.documents.extract.ocr import unavailable

    unavailable()  # one `tesseract --list-langs` in the parent, not one per worker

    for module in ("legacy_doc", "legacy_ppt", "legacy_xls", "mail"):  # legacy Office and e-mail readers
        __import__(f"shuhi.documents.extract.{module}")


class WorkerPool:
    """A fixed number of reusable, replaceable scan workers."""

    def __init__(self, workers: int, vocabulary: Vocabulary, timeout: float, memory_mb: int,
                 ocr: bool = True) -> None:
        # Forked: workers start in milliseconds, warm, and inherit the parent's configuration.
        self.size, self.vocabulary, self.ocr = workers, vocabulary, ocr
        self.timeout, self.memory_mb = float(timeout), memory_mb
        self.workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        _preload()
        self.workers = []
        for _ in range(self.size):  # one by one: each new worker closes the pipes of those before it
            self.workers.append(_Worker(self))
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
