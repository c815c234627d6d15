"""A label is a mark on the document, not the same word in a sentence."""

from __future__ import annotations

import pytest

from shuhi.documents.labels import Segment, find_labels, labels_in
from shuhi.documents.vocabulary import default_vocabulary

VOCAB = default_vocabulary()

LABELS = [
    ("【社外秘】", "body", "confidential"),
    ("社外秘", "body", "confidential"),
    ("社外秘", "cell", "confidential"),
    ("CONFIDENTIAL", "footer", "confidential"),
    ("極秘 – 取扱注意", "header", "top_secret"),
    ("Confidential – do not distribute", "body", "confidential"),
    ("社外秘 ACME株式会社", "header", "confidential"),
    ("㊙", "textbox", "confidential"),
    ("【社外秘】 2024年度 新製品開発計画書", "first_lines", "confidential"),
    ("ACME Corp Confidential", "footer", "confidential"),
    ("Page 1 of 3 | Confidential", "footer", "confidential"),
    ("Confidential and Proprietary", "footer", "confidential"),
    ("Strictly Confidential", "header", "top_secret"),
    ("Highly Confidential - ACME", "footer", "top_secret"),
    ("ＣＯＮＦＩＤＥＮＴＩＡＬ", "header", "confidential"),
    ("[Confidential]", "body", "confidential"),
    ("《部外秘》", "body", "confidential"),
    ("〔関係者外秘〕", "body", "confidential"),
    ("「社外秘」", "body", "confidential"),
    ("マル秘", "textbox", "confidential"),
    ("非公開", "cell", "confidential"),
    ("見積書_社外秘_2024", "filename", "confidential"),
    ("report-confidential", "filename", "confidential"),
    ("Internal Use Only", "footer", "confidential"),
    ("社内限り", "footer", "confidential"),
    ("一般", "header", "public"),
    ("Public", "footer", "public"),
    ("極秘取扱注意", "header", "top_secret"),
    ("機密区分：社外秘", "header", "confidential"),
    ("社外秘　複製禁止", "body", "confidential"),
]

RUNNING_TEXT = [
    ("社外秘の資料は施錠して保管する", "body"),
    ("社外秘の資料は施錠して保管する", "header"),
    ("This document contains confidential information about our plans.", "body"),
    ("Confidential information must be stored securely in locked cabinets.", "header"),
    ("本書は【極秘】です。", "body"),
    ("秘密保持契約を締結する", "body"),
    ("機密情報の取り扱いについて", "header"),
    ("Public Works Department", "header"),
    ("公開日: 2024-01-01", "cell"),
    ("一般社団法人 日本規格協会", "body"),
    ("「社外秘」という表示を付ける", "body"),
    ("The public is welcome.", "body"),
    ("社外秘扱いとする", "header"),
    ("Made in the internal workshop", "body"),
    ("Brand Diageo - Internal Template", "properties"),
    ("極秘プロジェクトの進め方を説明する", "first_lines"),
    ("取扱注意の書類は上長の承認を得てから持ち出すこと", "cell"),
]


@pytest.mark.parametrize(("text", "where", "tier"), LABELS)
def test_it_recognises_a_label(text: str, where: str, tier: str) -> None:
    found = labels_in(text, where, VOCAB)
    assert found, f"{text!r} in {where} should be a label"
    assert VOCAB.strongest(label.tier for label in found) == tier


@pytest.mark.parametrize(("text", "where"), RUNNING_TEXT)
def test_it_ignores_a_tier_word_in_running_text(text: str, where: str) -> None:
    assert labels_in(text, where, VOCAB) == []


def test_it_reports_a_lone_body_line_as_standalone_and_a_lone_text_box_as_a_stamp() -> None:
    assert labels_in("社外秘", "body", VOCAB)[0].where == "standalone"
    assert labels_in("㊙", "textbox", VOCAB)[0].where == "stamp"
    assert labels_in("社外秘 ACME株式会社", "body", VOCAB)[0].where == "body"


def test_it_keeps_the_brackets_in_the_reported_text() -> None:
    assert labels_in("【社外秘】本資料", "first_lines", VOCAB)[0].text == "【社外秘】"


def test_it_reads_each_line_of_a_multi_line_segment_on_its_own() -> None:
    text = "社外秘の資料は施錠して保管する\n【極秘】"
    assert [label.tier for label in labels_in(text, "body", VOCAB)] == ["top_secret"]


def test_it_lists_each_label_once_per_place() -> None:
    segments = [Segment("header", "社外秘"), Segment("header", "社外秘"), Segment("footer", "社外秘")]
    assert find_labels(segments, VOCAB) == [
        {"text": "社外秘", "tier": "confidential", "where": "header"},
        {"text": "社外秘", "tier": "confidential", "where": "footer"},
    ]
