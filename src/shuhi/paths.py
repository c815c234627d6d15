"""Where shuhi keeps its files. No Django here: the engines and the CLI use it too."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

import platformdirs

REPO_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """`SHUHI_DATA_DIR`, else the repo's `var/` for a source checkout, else the user's data dir."""
    configured = os.environ.get("SHUHI_DATA_DIR")
    if configured:
        path = Path(configured).expanduser()
    elif (REPO_ROOT / "pyproject.toml").exists():
        path = REPO_ROOT / "var"
    else:
        path = Path(platformdirs.user_data_dir("shuhi", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def installation_secret(name: str) -> bytes:
    """A per-installation random key kept in the data dir (created on first use).

    An environment variable `SHUHI_<NAME>` wins, so that several servers can share one key.
    """
    env = os.environ.get(f"SHUHI_{name.upper()}")
    if env:
        return env.encode()
    path = data_dir() / f"{name}.key"
    if not path.exists():
        # O_EXCL so two processes racing on first use cannot end up with different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_bytes().strip()


def within(path: str | Path, roots: Iterable[Path]) -> bool:
    """Whether the real path (symlinks resolved) lies inside one of `roots`."""
    real = Path(os.path.realpath(str(path)))
    return any(real == root or root in real.parents for root in roots)
