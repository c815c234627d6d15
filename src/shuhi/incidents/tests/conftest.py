"""Fixtures of the reporting channel's tests: private media and a channel handled by security and HR."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SHUHI_SYNC_JOBS = True
    return settings.MEDIA_ROOT


@pytest.fixture
def channel(cast):
    from shuhi.incidents.testing import setup_channel

    return setup_channel(cast)


@pytest.fixture
def register_assets(cast):
    """One asset of the home ledger."""
    from shuhi.ledger.services import asset_create, ledger_setup_defaults

    tiers = {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}
    return asset_create(actor=cast.admin, organisation=cast.home, code="W-1", name="金型図面", tier=tiers["top_secret"],
                        department=cast.dev)
