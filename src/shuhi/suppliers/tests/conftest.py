from __future__ import annotations

import datetime as dt

import pytest

from shuhi.suppliers.services import campaign_create, framework_install_builtin, profile_create


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def setup(cast):
    """Profiles for A, B and A's sub-supplier; the built-in frameworks; a campaign sent to all three."""
    profiles = {org.pk: profile_create(actor=cast.admin, organisation=org, size_band="21-50")
                for org in (cast.supplier_a, cast.supplier_b, cast.sub_supplier_a)}
    questionnaire, interview, quick = framework_install_builtin(actor=cast.admin, organisation=cast.home)
    campaign = campaign_create(actor=cast.admin, framework=questionnaire, title="点検2024",
                               due_date=dt.date.today() + dt.timedelta(days=14),
                               suppliers=[cast.supplier_a, cast.supplier_b, cast.sub_supplier_a])
    assessments = {a.supplier_id: a for a in campaign.assessments.all()}
    return {
        "profiles": profiles, "framework": questionnaire, "interview": interview, "quick": quick, "campaign": campaign,
        "a": assessments[cast.supplier_a.pk], "b": assessments[cast.supplier_b.pk],
        "sub": assessments[cast.sub_supplier_a.pk],
    }
