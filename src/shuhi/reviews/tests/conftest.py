"""A small synthetic CERT dataset, generated once, and review rows built on it."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from shuhi.testing.cast import SYSTEM_TEST

# The synthesizer needs about 60 users over 60 days for baselines; one week is reviewed.
USERS, DAYS, SEED = 60, 60, 7
PERIOD = (dt.date(2010, 2, 1), dt.date(2010, 2, 7))


@pytest.fixture(scope="session")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from shuhi.logreview.synth import generate

    out = tmp_path_factory.mktemp("reviews-synth")
    generate(out, users=USERS, days=DAYS, seed=SEED)
    return out


@pytest.fixture(scope="session")
def engine_report(dataset: Path) -> dict[str, Any]:
    """The pseudonymised report of PERIOD, computed once (unsaved rows: no database needed)."""
    from shuhi.reviews.models import LogSource, ReviewCycle
    from shuhi.reviews.runner import execute_cycle

    source = LogSource(name="synth", path=str(dataset), context_path=str(dataset / "context.yaml"))
    cycle = ReviewCycle(source=source, period_start=PERIOD[0], period_end=PERIOD[1], window="week")
    patch = pytest.MonkeyPatch()
    patch.setenv("SHUHI_LOG_ROOTS", str(dataset))
    try:
        return execute_cycle(cycle)
    finally:
        patch.undo()


@pytest.fixture
def source(cast, dataset, settings):
    from shuhi.reviews.services import source_create

    settings.SHUHI_LOG_ROOTS = [str(dataset)]

    return source_create(actor=cast.security, organisation=cast.home, name="ファイルサーバ監査ログ", path=str(dataset),
                         context_path=str(dataset / "context.yaml"))


@pytest.fixture
def cycle(cast, source):
    from shuhi.reviews.services import cycle_create

    return cycle_create(actor=cast.security, source=source, period_start=PERIOD[0], period_end=PERIOD[1],
                        reviewer=cast.owner, due_date=dt.date.today() + dt.timedelta(days=5))


@pytest.fixture
def ready_cycle(cast, cycle, engine_report):
    from shuhi.reviews.runner import render_report_html
    from shuhi.reviews.services import cycle_store_report

    report = copy.deepcopy(engine_report)
    return cycle_store_report(actor=SYSTEM_TEST, cycle=cycle, report=report, html=render_report_html(report))


def top_pseudonym(cycle) -> str:
    return cycle.report["windows"][0]["ranking"][0]["user"]


@pytest.fixture
def one_step(cast):
    """The organisation has switched off the second approval: re-identification is one step."""
    from shuhi.reviews.services_reidentify import review_settings_update

    return review_settings_update(actor=cast.admin, organisation=cast.home, reidentify_needs_approval=False)
