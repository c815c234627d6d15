from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SHUHI_SYNC_JOBS = True
    return settings.MEDIA_ROOT
