"""At exit, the pledge also names the classified locations the leaver actually touched, read from the
log review's event store (built here from `shuhi logreview synth`) through the engine's API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from shuhi.ledger.services import asset_create, ledger_setup_defaults, location_create
from shuhi.people import pledging, services
from shuhi.people.models import PledgeKind

pytestmark = pytest.mark.django_db

USERS, DAYS, SEED = 30, 42, 3
EXIT_ON = dt.date(2010, 2, 12)  # the synthetic logs run 2010-01-04 .. 2010-02-14
CONFIDENTIAL = "\\\\fileserver\\confidential\\**"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    from shuhi.logreview.synth import generate

    out = tmp_path_factory.mktemp("exit-synth")
    generate(out, users=USERS, days=DAYS, seed=SEED)
    return out


@pytest.fixture(scope="module")
def toucher(dataset) -> tuple[str, str]:
    """A user of the logs who opened files on the confidential share before EXIT_ON, and their e-mail
    (found with the engine itself, on a scratch store)."""
    from shuhi.logreview.context import load_context
    from shuhi.logreview.engine import resolve_source
    from shuhi.logreview.touched import refresh_store, resources_touched

    files, cert_dir = resolve_source(f"cert:{dataset}")
    ctx = load_context(dataset / "context.yaml", cert_dir=cert_dir)
    scratch = dataset.parent / "scratch-store"
    refresh_store(files, scratch, ctx)
    touches = resources_touched(scratch, users=list(ctx.people), start=EXIT_ON - dt.timedelta(days=90), end=EXIT_ON,
                                locations={"c": [CONFIDENTIAL]})
    assert touches, "the synthetic logs hold visits to the confidential share"
    user = max(touches, key=lambda t: t.events).user
    uid = next(u for u in ctx.people if u.lower() == user)
    return uid, ctx.people[uid].email


@pytest.fixture
def ledger(cast, dataset, settings):
    from shuhi.reviews.services import source_create

    settings.SHUHI_LOG_ROOTS = [str(dataset)]
    source_create(actor=cast.security, organisation=cast.home, name="ファイルサーバ", path=str(dataset),
                  context_path=str(dataset / "context.yaml"))
    tiers = {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}
    share = location_create(actor=cast.admin, organisation=cast.home, name="社外秘共有フォルダ",
                            tier=tiers["confidential"], path_patterns=CONFIDENTIAL)
    location_create(actor=cast.admin, organisation=cast.home, name="誰も触れない金庫", tier=tiers["top_secret"],
                    path_patterns="\\\\nowhere\\vault\\**")
    # Kept on the share, but of the sales department: the ledger's scope of a developer misses it.
    asset = asset_create(actor=cast.admin, organisation=cast.home, code="S-7", name="見積原価表",
                         tier=tiers["confidential"], department=cast.sales, locations=[share])
    services.pledge_templates_setup_defaults(actor=cast.hr, organisation=cast.home)
    return share, asset


def _exit_pledge(cast, **person):
    leaver = services.person_create(actor=cast.hr, organisation=cast.home, name="退職 予定", department=cast.dev,
                                    **person)
    event = services.lifecycle_event_record(actor=cast.hr, person=leaver, kind="exit", occurred_on=EXIT_ON)
    return event.pledges.get(kind=PledgeKind.EXIT)


def test_the_exit_pledge_names_a_location_taken_from_the_logs(cast, ledger, toucher):
    share, asset = ledger
    pledge = _exit_pledge(cast, employee_number=toucher[0])
    [location] = [item for item in pledge.items if item.get("kind") == "location"]
    assert location["name"] == "社外秘共有フォルダ" and location["source"] == "log_review"
    assert location["code"] == f"LOC-{share.pk}" and location["events"] > 0
    assert location["first"] <= location["last"] <= EXIT_ON.isoformat()
    assert "保管場所 社外秘共有フォルダ" in pledge.text
    # The asset kept there is named, though the ledger's scope of the person's department misses it.
    assert any(item["code"] == asset.code and item["source"] == "log_review" for item in pledge.items)
    assert "誰も触れない金庫" not in pledge.text
    assert pledging.pledge_verify(pledge).computed  # the scope is part of what is hashed


def test_a_person_is_found_in_the_logs_by_e_mail_as_well(cast, ledger, toucher):
    pledge = _exit_pledge(cast, employee_number="HR-0001", email=toucher[1])
    assert any(item.get("kind") == "location" for item in pledge.items)


def test_someone_absent_from_the_logs_gets_the_ledger_scope_only(cast, ledger):
    pledge = _exit_pledge(cast, employee_number="NOBODY-1")
    assert not [item for item in pledge.items if item["source"] == "log_review"]


def test_the_period_ends_at_the_exit_date(cast, ledger, toucher):
    leaver = services.person_create(actor=cast.hr, organisation=cast.home, name="早期 退職",
                                    employee_number=toucher[0], department=cast.dev)
    assert pledging.log_review_exit_scope(leaver, end=dt.date(2010, 1, 3)) == []
    assert pledging.log_review_exit_scope(leaver, end=EXIT_ON)
