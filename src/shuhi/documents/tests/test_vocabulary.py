"""The vocabulary is the company's: words, tiers and Microsoft labels are configurable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shuhi.documents.labels import labels_in
from shuhi.documents.vocabulary import (
    VocabularyError,
    default_vocabulary,
    load_vocabulary,
    vocabulary_from_dict,
)


def test_the_default_maps_the_usual_terms_to_three_ranked_tiers() -> None:
    vocab = default_vocabulary()
    assert vocab.tier_of("極秘") == vocab.tier_of("Strictly Confidential") == "top_secret"
    assert (
        vocab.tier_of("社外秘") == vocab.tier_of("㊙") == vocab.tier_of("internal use only") == "confidential"
    )
    assert vocab.tier_of("公開") == vocab.tier_of("PUBLIC") == "public"
    assert vocab.strongest(["public", None, "top_secret", "confidential"]) == "top_secret"


def test_a_company_can_give_bugaihi_a_tier_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "vocab.json"
    path.write_text(
        json.dumps(
            {
                "extends": "default",
                "tiers": [{"id": "department", "rank": 15}],
                "terms": [{"text": "部外秘", "tier": "department"}, {"text": "機密", "tier": "top_secret"}],
            }
        ),
        encoding="utf-8",
    )
    vocab = load_vocabulary(path)
    assert labels_in("【部外秘】", "header", vocab)[0].tier == "department"
    assert labels_in("機密", "footer", vocab)[0].tier == "top_secret"
    assert vocab.strongest(["department", "confidential"]) == "confidential"


def test_a_file_without_extends_replaces_the_default(tmp_path: Path) -> None:
    path = tmp_path / "vocab.yaml"
    path.write_text("terms:\n  - {text: 持出禁止, tier: confidential}\n", encoding="utf-8")
    vocab = load_vocabulary(path)
    assert labels_in("持出禁止", "header", vocab)[0].tier == "confidential"
    assert labels_in("社外秘", "header", vocab) == []


def test_microsoft_labels_map_by_guid_first_then_by_name() -> None:
    vocab = vocabulary_from_dict(
        {
            "extends": "default",
            "mip": [
                {"id": "{AAAAAAAA-0000-0000-0000-000000000001}", "name": "Project X", "tier": "top_secret"}
            ],
        }
    )
    assert vocab.mip_tier({"id": "aaaaaaaa-0000-0000-0000-000000000001", "name": "General"}) == "top_secret"
    assert vocab.mip_tier({"id": "other", "name": "Highly Confidential \\ All Employees"}) == "top_secret"
    assert vocab.mip_tier({"id": "other", "name": "General"}) == "public"
    assert vocab.mip_tier({"id": "other", "name": "Not Protected_2"}) is None


def test_microsoft_only_names_are_not_read_as_labels_in_text() -> None:
    assert labels_in("General", "body", default_vocabulary()) == []


@pytest.mark.parametrize("content", ["terms: [{text: 秘, tier: nonexistent}]", "[1, 2", "- just a list"])
def test_it_rejects_a_bad_vocabulary_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "vocab.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyError):
        load_vocabulary(path)
