"""Stamp or trace one untrusted file in a child process, under a time limit and a memory cap.

The web app stamps files a manager uploads and traces files someone found leaked: either may be
broken or hostile, and a native parser that loops or balloons must cost that file only, never the
server process. The child is the ordinary `shuhi stamp` / `shuhi trace` command, so it reads the
same installation key; the parent waits a bounded time and reads its JSON.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

from shuhi.documents.stamp_marks import StampError

TIMEOUT_SECONDS = 120
MEMORY_MB = 2048


def _limits(memory_mb: int):
    def apply() -> None:
        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return apply


def _run(args: list[str], *, timeout: float, memory_mb: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "shuhi.cli", *args, "--json"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False,  # noqa: S603
                              preexec_fn=_limits(memory_mb))
    except subprocess.TimeoutExpired as exc:
        raise StampError(f"timeout: the file took longer than {timeout:.0f} s") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit {done.returncode}"
        # The command prefixes "shuhi stamp: <path>: "; the user needs only the reason.
        raise StampError(detail.split(": ", 2)[-1][:300])
    return json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])


def stamp_isolated(src: str | Path, dst: str | Path, *, tier: str, owner: str, recipient: str,
                   disclosure_id: str, timeout: float = TIMEOUT_SECONDS, memory_mb: int = MEMORY_MB) -> dict[str, Any]:
    """`stamp_file` in a child process; raises StampError with the child's reason."""
    args = ["stamp", str(src), str(dst), "--tier", tier, "--owner", owner, "--recipient", recipient,
            "--disclosure-id", disclosure_id]
    return _run(args, timeout=timeout, memory_mb=memory_mb)


def trace_isolated(path: str | Path, *, timeout: float = TIMEOUT_SECONDS,
                   memory_mb: int = MEMORY_MB) -> dict[str, Any]:
    """`trace_file` in a child process; raises StampError when the file cannot be read."""
    return _run(["trace", str(path)], timeout=timeout, memory_mb=memory_mb)
