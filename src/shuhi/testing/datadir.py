"""A pytest plugin (`-p shuhi.testing.datadir` in pyproject.toml): the test run's own data directory.

pytest-django imports the settings before any conftest runs. The settings fix `MEDIA_ROOT` from
the data directory at import time, so setting `SHUHI_DATA_DIR` in a fixture came too late: the
suite's uploads (evidence, NDAs, scan and log uploads) landed in the checkout's `var/media`.
`make run` serves from that directory, and its orphan sweep then found hundreds of files. This
hook runs first, before the settings are imported.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_made: list[str] = []


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args) -> None:
    path = tempfile.mkdtemp(prefix="shuhi-test-data-")
    _made.append(path)
    os.environ["SHUHI_DATA_DIR"] = path
    # Derived from the data directory like everything else, never a real installation's.
    os.environ.pop("MEDIA_ROOT", None)


def pytest_unconfigure(config) -> None:
    while _made:
        shutil.rmtree(_made.pop(), ignore_errors=True)
