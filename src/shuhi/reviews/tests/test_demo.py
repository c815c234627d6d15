from __future__ import annotations

import pytest

from shuhi.people.models import Policy
from shuhi.reviews.models import FollowUpCase, ReviewCycle, SignOff

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_signed_off_cycle_a_ready_cycle_and_a_notice(cast, tmp_path, monkeypatch):
    monkeypatch.setenv("SHUHI_DATA_DIR", str(tmp_path))
    from shuhi.reviews.demo import load_demo_reviews

    load_demo_reviews(cast.home)
    assert sorted(ReviewCycle.objects.values_list("status", flat=True)) == ["ready", "signed_off"]
    assert SignOff.objects.get().reviewer == cast.owner
    assert FollowUpCase.objects.count() == 1
    assert Policy.objects.get(kind=Policy.Kind.LOG_MONITORING).acknowledgements.exists()
    assert (tmp_path / "logs" / "demo" / "answers.json").exists()
