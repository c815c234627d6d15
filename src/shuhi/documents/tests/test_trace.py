"""Tracing a leaked copy back to its disclosure, through each fingerprint channel on its own.

Each survival claimed in docs/fingerprint.md names the test here that proves it.
"""

from __future__ import annotations

import shutil
import zipfile

import pikepdf
import pytest

from shuhi.documents.fingerprint import (
    decode_zero_width,
    encode_zero_width,
    find_in_text,
    make_fingerprint,
    verify,
)
from shuhi.documents.stamp import StampError
from shuhi.documents.tests.stamp_inputs import KEY, make, make_pdf, office_text, pdf_text, stamp
from shuhi.documents.trace import trace_file, trace_text

FORMATS = ["pdf", "docx", "xlsx", "pptx"]
OTHER_KEY = b"another-installation-secret-fedcba9876543210"
EXPECTED_CHANNELS = {
    "pdf": {"pdf_info", "xmp", "visible_reference", "hidden_text"},
    "docx": {"custom_property", "visible_reference", "zero_width", "hidden_text"},
    "xlsx": {"custom_property", "visible_reference", "zero_width"},
    "pptx": {"custom_property", "visible_reference", "zero_width"},
}


def _channels(result):
    return {c["channel"] for c in result["channels"]}


def _strip_office_metadata(src, dst):
    """A copy without docProps/* and docMetadata/* (and their registrations)."""
    with zipfile.ZipFile(src) as before, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as after:
        for name in before.namelist():
            if name.startswith(("docProps/", "docMetadata/")):
                continue
            data = before.read(name)
            if name in ("[Content_Types].xml", "_rels/.rels"):
                text = data.decode()
                for part in ("docProps/custom.xml", "docProps/core.xml", "docProps/app.xml", "docMetadata/"):
                    text = text.replace(part, "removed/" + part.replace("/", "_"))
                data = text.encode()
            after.writestr(name, data)
    return dst


def _strip_pdf_metadata(src, dst):
    """A copy whose Info dictionary and XMP stream are gone."""
    with pikepdf.open(src) as pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]
        pdf.save(dst)
    with pikepdf.open(dst) as check:
        assert "/Info" not in check.trailer and "/Metadata" not in check.Root
    return dst


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_stamped_file_traces_to_its_disclosure_through_every_channel(tmp_path, fmt):
    dst, result = stamp(make(fmt, tmp_path))
    traced = trace_file(dst, key=KEY)
    assert traced["disclosure_id"] == "D-2026-0042" and traced["valid"] is True
    assert _channels(traced) == EXPECTED_CHANNELS[fmt] == set(result["channels"])
    assert all(c["valid"] and c["disclosure_id"] == "D-2026-0042" for c in traced["channels"])


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pptx"])
def test_the_fingerprint_survives_removal_of_all_office_metadata(tmp_path, fmt):
    dst, _ = stamp(make(fmt, tmp_path))
    bare = _strip_office_metadata(dst, tmp_path / f"bare.{fmt}")
    traced = trace_file(bare, key=KEY)
    assert traced["valid"] and traced["disclosure_id"] == "D-2026-0042"
    assert "custom_property" not in _channels(traced)
    assert {"visible_reference", "zero_width"} <= _channels(traced)


def test_the_fingerprint_survives_removal_of_all_pdf_metadata(tmp_path):
    dst, _ = stamp(make_pdf(tmp_path / "in.pdf"))
    bare = _strip_pdf_metadata(dst, tmp_path / "bare.pdf")
    traced = trace_file(bare, key=KEY)
    assert traced["valid"] and traced["disclosure_id"] == "D-2026-0042"
    assert _channels(traced) == {"visible_reference", "hidden_text"}


def test_the_fingerprint_survives_copying_the_text_out_of_the_pdf(tmp_path):
    dst, _ = stamp(make_pdf(tmp_path / "in.pdf"))
    copied = pdf_text(_strip_pdf_metadata(dst, tmp_path / "bare.pdf"))
    traced = trace_text(copied, key=KEY)
    assert traced["valid"] and traced["disclosure_id"] == "D-2026-0042"
    assert {"hidden_text", "visible_reference"} <= _channels(traced)


def test_the_hidden_pdf_text_alone_traces_when_the_margins_are_cut_off(tmp_path):
    dst, _ = stamp(make_pdf(tmp_path / "in.pdf"))
    lines = pdf_text(dst).splitlines()
    body = [line for line in lines if "管理番号" not in line and "【社外秘】" not in line]
    traced = trace_text("\n".join(body), key=KEY)
    assert traced["valid"] and _channels(traced) == {"hidden_text"}


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pptx"])
def test_the_fingerprint_survives_copying_the_text_out_of_an_office_file(tmp_path, fmt):
    dst, _ = stamp(make(fmt, tmp_path))
    traced = trace_text(office_text(dst), key=KEY)
    assert traced["valid"] and "zero_width" in _channels(traced)


def test_the_zero_width_fingerprint_alone_traces_when_the_visible_code_is_deleted(tmp_path):
    dst, _ = stamp(make("docx", tmp_path))
    text = office_text(dst).replace("SHUHI#", "")
    traced = trace_text(text, key=KEY)
    assert traced["valid"] and _channels(traced) == {"zero_width"}


def test_a_visible_reference_retyped_by_hand_still_verifies():
    reference = make_fingerprint("D-2026-0042", key=KEY).reference
    traced = trace_text(f"メモ: 管理番号 {reference} の資料", key=KEY)
    assert traced == {
        "disclosure_id": "D-2026-0042",
        "valid": True,
        "channels": [{"channel": "visible_reference", "disclosure_id": "D-2026-0042", "valid": True}],
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_wrong_key_reports_every_channel_invalid(tmp_path, fmt):
    dst, _ = stamp(make(fmt, tmp_path))
    traced = trace_file(dst, key=OTHER_KEY)
    assert traced["valid"] is False
    assert traced["disclosure_id"] == "D-2026-0042"  # what the copy claims, not what it proves
    assert traced["channels"] and not any(c["valid"] for c in traced["channels"])


def test_an_edited_disclosure_id_is_reported_invalid(tmp_path):
    dst, _ = stamp(make("xlsx", tmp_path))
    edited = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(dst) as before, zipfile.ZipFile(edited, "w") as after:
        for name in before.namelist():
            data = before.read(name)
            if name.endswith(".xml"):
                data = data.replace(b"D-2026-0042", b"D-2026-0043")
            after.writestr(name, data)
    traced = trace_file(edited, key=KEY)
    text_channels = [c for c in traced["channels"] if c["channel"] != "zero_width"]
    assert text_channels
    assert all(c["disclosure_id"] == "D-2026-0043" and not c["valid"] for c in text_channels)
    # The zero-width copy was not edited (nobody sees it) and still names the true disclosure.
    assert traced["valid"] and traced["disclosure_id"] == "D-2026-0042"


def test_a_forged_fingerprint_does_not_verify():
    genuine = make_fingerprint("D-1", key=KEY)
    forged_mac = genuine.token.replace("SHUHI#D-1#", "SHUHI#D-2#")
    traced = trace_text(f"{forged_mac} {encode_zero_width(b'D-2' + bytes(10))}", key=KEY)
    assert traced["valid"] is False
    assert {c["disclosure_id"] for c in traced["channels"]} == {"D-2"}


def test_text_without_a_fingerprint_traces_to_nothing():
    assert trace_text("社外秘の資料は施錠して保管する", key=KEY) == {
        "disclosure_id": None, "valid": False, "channels": [],
    }


def test_an_unstamped_file_traces_to_nothing(tmp_path):
    assert trace_file(make("pptx", tmp_path), key=KEY)["channels"] == []


def test_two_disclosures_in_one_text_are_both_reported():
    one, two = (make_fingerprint(i, key=KEY).token for i in ("D-1", "D-2"))
    traced = trace_text(f"{one}\n{two}", key=KEY)
    assert traced["valid"] and traced["conflicting_ids"] == ["D-1", "D-2"]


def test_zero_width_encoding_round_trips_and_is_invisible():
    payload = b"D-2026-0042" + bytes(range(10))
    encoded = encode_zero_width(payload)
    assert decode_zero_width(f"前{encoded}後") == [payload]
    assert not any(ch.isprintable() and not ch.isspace() for ch in encoded if ch not in "\u2060")


def test_the_mac_is_checked_in_constant_time_and_rejects_other_lengths():
    token = make_fingerprint("D-9", key=KEY).token
    mac = token.rsplit("#", 1)[1]
    assert verify("D-9", mac, key=KEY) and verify("D-9", mac[:8], key=KEY)
    assert not verify("D-9", mac[:12], key=KEY)
    assert not verify("D-9", mac, key=b"")
    assert [f.valid for f in find_in_text(token + "X", key=KEY)] == []  # no match across a longer run


def test_trace_refuses_missing_and_unsupported_files(tmp_path):
    with pytest.raises(StampError, match="no such file"):
        trace_file(tmp_path / "gone.pdf", key=KEY)
    odt = tmp_path / "memo.odt"
    shutil.copy(make("docx", tmp_path), odt)
    with pytest.raises(StampError, match="unsupported"):
        trace_file(odt, key=KEY)


def test_the_fingerprint_survives_re_saving_and_linearising_the_pdf(tmp_path):
    dst, _ = stamp(make_pdf(tmp_path / "in.pdf"))
    resaved = tmp_path / "resaved.pdf"
    with pikepdf.open(dst) as pdf:
        pdf.save(resaved, linearize=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 recompress_flate=True)
    assert _channels(trace_file(resaved, key=KEY)) == EXPECTED_CHANNELS["pdf"]


def test_the_fingerprint_survives_extracting_one_page_into_a_new_pdf(tmp_path):
    dst, _ = stamp(make_pdf(tmp_path / "in.pdf"))
    extract = tmp_path / "page2.pdf"
    with pikepdf.open(dst) as pdf, pikepdf.new() as new:
        new.pages.append(pdf.pages[1])
        new.save(extract)
    traced = trace_file(extract, key=KEY)
    assert traced["valid"] and _channels(traced) == {"visible_reference", "hidden_text"}


def test_the_fingerprint_survives_a_round_trip_through_openpyxl(tmp_path):
    import openpyxl

    dst, _ = stamp(make("xlsx", tmp_path))
    roundtrip = tmp_path / "roundtrip.xlsx"
    openpyxl.load_workbook(dst).save(roundtrip)
    traced = trace_file(roundtrip, key=KEY)
    assert traced["valid"] and {"visible_reference", "zero_width"} <= _channels(traced)


def test_the_fingerprint_survives_copying_a_slide_into_another_deck(tmp_path):
    dst, _ = stamp(make("pptx", tmp_path))
    other = make("pptx", tmp_path, name="other", slides=1)
    with zipfile.ZipFile(dst) as stamped:
        slide = stamped.read("ppt/slides/slide2.xml")
    deck = tmp_path / "deck.pptx"
    with zipfile.ZipFile(other) as before, zipfile.ZipFile(deck, "w") as after:
        for name in before.namelist():
            after.writestr(name, slide if name == "ppt/slides/slide1.xml" else before.read(name))
    traced = trace_file(deck, key=KEY)
    assert traced["valid"] and _channels(traced) == {"visible_reference", "zero_width"}


def test_stripping_zero_width_characters_leaves_the_visible_and_hidden_channels(tmp_path):
    dst, _ = stamp(make("docx", tmp_path))
    text = office_text(dst)
    for ch in "\u200b\u200c\u200d\u2060\u2062":
        text = text.replace(ch, "")
    traced = trace_text(text, key=KEY)
    assert traced["valid"] and _channels(traced) == {"visible_reference", "hidden_text"}
