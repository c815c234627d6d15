"""E-mail (.eml, .msg): the subject, the body and every attachment, each attachment scanned as a
file of its own, labels kept with the way in (`attachment:資料.docx/header`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from shuhi.documents.batch import scan_paths
from shuhi.documents.extract.archive import MAX_DEPTH
from shuhi.documents.scan import scan_file
from shuhi.documents.tests import builders as b
from shuhi.documents.tests import legacy_builders as lb

PROSE = [b.DECOY_JA, b.DECOY_EN]
BODY = "\n".join(["お世話になっております。", *PROSE, "よろしくお願いいたします。"])


def labels(result: dict) -> set[tuple[str, str, str]]:
    return {(label["text"], label["tier"], label["where"]) for label in result["labels"]}


def _docx_bytes(folder: Path, **places: str) -> bytes:
    return b.docx(folder / "source.docx", body=PROSE, **places).read_bytes()


def test_a_label_in_an_eml_subject_is_found(tmp_path: Path) -> None:
    result = scan_file(lb.eml(tmp_path / "a.eml", subject="【社外秘】見積の件", body=BODY))
    assert result["error"] is None and result["format"] == "eml"
    assert labels(result) == {("【社外秘】", "confidential", "subject")}


def test_a_label_on_the_first_line_of_an_eml_body_is_found(tmp_path: Path) -> None:
    result = scan_file(lb.eml(tmp_path / "a.eml", body="極秘\n" + BODY))
    assert ("極秘", "top_secret", "first_lines") in labels(result)


def test_a_label_on_a_line_of_its_own_in_an_eml_body_is_found(tmp_path: Path) -> None:
    body = "\n".join([*PROSE, b.FILLER, b.FILLER, b.FILLER, "部外秘", *PROSE, b.FILLER, b.FILLER, b.FILLER])
    assert ("部外秘", "confidential", "standalone") in labels(scan_file(lb.eml(tmp_path / "a.eml", body=body)))


def test_a_label_in_an_html_only_mail_is_found_and_its_script_is_not_read(tmp_path: Path) -> None:
    html = "<html><head><style>p{}</style></head><body><p>【極秘】</p><p>" + b.DECOY_JA + \
        "</p><script>var x='社外秘';</script></body></html>"
    path = tmp_path / "a.eml"
    mail = lb.message(subject="連絡", body="")
    mail.set_content(html, subtype="html", charset="utf-8")
    path.write_bytes(bytes(mail))
    assert labels(scan_file(path)) == {("【極秘】", "top_secret", "first_lines")}


def test_tier_words_in_the_prose_of_a_mail_are_not_labels(tmp_path: Path) -> None:
    result = scan_file(lb.eml(tmp_path / "a.eml", subject="社外秘の資料の扱いについて", body=BODY,
                              html="<p>" + b.DECOY_JA + "</p>"))
    assert result["error"] is None and result["labels"] == [] and result["tier"] is None


def test_a_label_in_an_attachment_is_found_with_the_attachment_name(tmp_path: Path) -> None:
    attachment = _docx_bytes(tmp_path, header="社外秘 ACME株式会社")
    result = scan_file(lb.eml(tmp_path / "a.eml", subject="資料送付", body=BODY,
                              attachments=[("資料.docx", attachment)]))
    assert labels(result) == {("社外秘", "confidential", "attachment:資料.docx/header")}
    assert result["tier"] == "confidential"


def test_the_tier_of_a_mail_is_the_strongest_of_its_own_and_its_attachments(tmp_path: Path) -> None:
    attachment = lb.xls(tmp_path / "s.xls", cells=["極秘"]).read_bytes()
    result = scan_file(lb.eml(tmp_path / "a.eml", subject="【社外秘】 見積", body=BODY,
                              attachments=[("見積.xls", attachment)]))
    assert ("極秘", "top_secret", "attachment:見積.xls/cell") in labels(result)
    assert result["tier"] == "top_secret"


def test_a_mail_attached_to_a_mail_is_read_and_counts_one_level_deeper(tmp_path: Path) -> None:
    inner = lb.message(subject="【極秘】 設計変更", body=BODY)
    result = scan_file(lb.eml(tmp_path / "a.eml", subject="FW: 設計変更", body=BODY, attached_mails=[inner]))
    assert labels(result) == {("【極秘】", "top_secret", "attachment:attachment1.eml/subject")}


def test_mails_nested_deeper_than_the_limit_are_not_opened(tmp_path: Path) -> None:
    mail = lb.message(subject="【極秘】", body=BODY)
    for _level in range(MAX_DEPTH + 1):
        mail = lb.message(subject="FW", body=BODY, attached_mails=[mail])
    result = scan_file(lb.eml(tmp_path / "a.eml", subject="FW", body=BODY, attached_mails=[mail]))
    assert result["labels"] == [] and result["error"].startswith("too large")


def test_a_zip_attached_to_a_mail_is_opened(tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("図面/仕様.docx", _docx_bytes(tmp_path, footer="極秘"))
    result = scan_file(lb.eml(tmp_path / "a.eml", body=BODY, attachments=[("資料.zip", archive.read_bytes())]))
    assert labels(result) == {("極秘", "top_secret", "attachment:資料.zip!/図面/仕様.docx/footer")}


def test_a_damaged_attachment_is_noted_while_the_rest_of_the_mail_counts(tmp_path: Path) -> None:
    result = scan_file(lb.eml(tmp_path / "a.eml", subject="【社外秘】", body=BODY,
                              attachments=[("壊れた.docx", b"PK\x03\x04broken"), ("写真.png", b"\x89PNG")]))
    assert result["tier"] == "confidential"
    assert result["error"].startswith("corrupt: attachment:壊れた.docx")


def test_a_label_in_a_msg_subject_is_found(tmp_path: Path) -> None:
    result = scan_file(lb.msg(tmp_path / "a.msg", subject="【社外秘】 打合せ資料", body=BODY))
    assert result["error"] is None and result["format"] == "msg"
    assert labels(result) == {("【社外秘】", "confidential", "subject")}


def test_a_label_in_a_msg_body_is_found(tmp_path: Path) -> None:
    result = scan_file(lb.msg(tmp_path / "a.msg", subject="打合せ", body="極秘\r\n" + BODY))
    assert labels(result) == {("極秘", "top_secret", "first_lines")}


def test_tier_words_in_the_prose_of_a_msg_are_not_labels(tmp_path: Path) -> None:
    result = scan_file(lb.msg(tmp_path / "a.msg", subject="社外秘の資料の扱いについて", body=BODY))
    assert result["error"] is None and result["labels"] == []


def test_a_label_in_a_msg_attachment_is_found_with_the_attachment_name(tmp_path: Path) -> None:
    attachment = _docx_bytes(tmp_path, header="【極秘】")
    result = scan_file(lb.msg(tmp_path / "a.msg", subject="資料", body=BODY, attachments=[("設計書.docx", attachment)]))
    assert labels(result) == {("【極秘】", "top_secret", "attachment:設計書.docx/header")}


@pytest.mark.parametrize("name", ["a.eml", "a.msg"])
def test_a_damaged_mail_is_reported_as_corrupt_within_the_worker_limits(tmp_path: Path, name: str) -> None:
    source = lb.msg(tmp_path / "s.msg", subject="【社外秘】", body=BODY) if name.endswith("msg") else None
    path = tmp_path / name
    path.write_bytes(source.read_bytes()[:1536] if source else b"")
    if source:
        source.unlink()
    (result,) = scan_paths([path], timeout=10, memory_mb=512)
    assert result["error"].startswith("corrupt")
