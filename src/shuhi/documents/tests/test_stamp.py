"""Stamping: the mark in header and footer, the watermark, and the document otherwise unchanged."""

from __future__ import annotations

import math
import zipfile

import pikepdf
import pypdfium2 as pdfium
import pytest
from lxml import etree

from shuhi.documents.stamp import StampError, stamp_file
from shuhi.documents.tests.stamp_inputs import (
    KEY,
    MARK,
    make,
    make_docx,
    make_pdf,
    make_pptx,
    make_xlsx,
    office_text,
    stamp,
    text_of,
)

FORMATS = ["pdf", "docx", "xlsx", "pptx"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def _xml(path, name):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def _text(element):
    return "".join(element.itertext())


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_stamped_document_still_extracts_its_original_text(tmp_path, fmt):
    src = make(fmt, tmp_path)
    original = [line.strip() for line in text_of(src).splitlines() if line.strip()]
    dst, _ = stamp(src)
    stamped = text_of(dst)
    assert original
    for line in original:
        assert line in stamped


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_stamped_document_shows_the_mark_with_owner_recipient_and_date(tmp_path, fmt):
    dst, result = stamp(make(fmt, tmp_path))
    assert result["format"] == fmt
    assert result["tier"] == "confidential"
    assert MARK in text_of(dst)


# -- PDF ----------------------------------------------------------------------------------------
def _red_rows(image):
    """Row indices of the rendered page that hold the mark's dark red."""
    pixels, (width, height) = image.load(), image.size
    rows = set()
    for y in range(height):
        for x in range(0, width, 2):
            r, g, b = pixels[x, y][:3]
            if r > 120 and g < 60 and b < 60:
                rows.add(y)
                break
    return rows


@pytest.mark.parametrize("rotated", [False, True], ids=["upright", "rotated"])
def test_a_stamped_pdf_shows_the_mark_at_the_top_and_bottom_of_every_page_as_displayed(tmp_path, rotated):
    dst, _ = stamp(make_pdf(tmp_path / "in.pdf", rotated=rotated))
    document = pdfium.PdfDocument(str(dst))
    for page in document:
        image = page.render(scale=1).to_pil().convert("RGB")
        rows = _red_rows(image)
        assert rows, "no mark drawn"
        assert min(rows) < 30 and max(rows) > image.size[1] - 30
        assert not [y for y in rows if 40 < y < image.size[1] - 40], "the mark should only be in the margins"
    document.close()


def test_the_pdf_mark_uses_an_embedded_japanese_truetype_font(tmp_path):
    dst, _ = stamp(make_pdf(tmp_path / "in.pdf", lines=["plain ASCII only"]))
    with pikepdf.open(dst) as pdf:
        descriptors = [
            obj for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
        ]
        embedded = [d for d in descriptors if "/FontFile2" in d and "IPAexGothic" in str(d.FontName)]
    assert embedded, "the IPAexGothic subset must be embedded"


def test_a_stamped_pdf_has_a_light_diagonal_watermark(tmp_path):
    dst, _ = stamp(make_pdf(tmp_path / "in.pdf"))
    document = pdfium.PdfDocument(str(dst))
    text_page = document[0].get_textpage()
    text = text_page.get_text_range()
    index = text.index("社外秘\r\n")  # the watermark stands alone; the marks say 【社外秘】
    angle = pdfium.raw.FPDFText_GetCharAngle(text_page.raw, index)
    # pdfium measures clockwise: 315 degrees is the 45-degree rise reportlab drew.
    assert math.isclose(angle % math.pi, math.radians(135), abs_tol=0.01)
    text_page.close()
    document.close()
    with pikepdf.open(dst) as pdf:
        forms = [x for x in pdf.pages[0].Resources.XObject.values() if x.get("/Subtype") == "/Form"]
        states = [gs for form in forms for gs in form.Resources.get("/ExtGState", {}).values()]
        alphas = [float(gs.ca) for gs in states if "/ca" in gs]
    assert alphas and min(alphas) <= 0.2


def test_a_pdf_page_without_a_usable_box_is_skipped_not_fatal(tmp_path):
    src = make_pdf(tmp_path / "in.pdf")
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pdf.pages[1].obj.MediaBox = pikepdf.Array([0, 0, 0, 0])
        pdf.save(src)
    _, result = stamp(src)
    assert result["pages"] == 2 and result["pages_stamped"] == 1


# -- docx -------------------------------------------------------------------------------------------
def _section_parts(path):
    """(kind, type) -> text of the part each section refers to."""
    refs = {}
    rels = _xml(path, "word/_rels/document.xml.rels")
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    for sect in _xml(path, "word/document.xml").iter(f"{W}sectPr"):
        for ref in sect:
            if ref.tag in (f"{W}headerReference", f"{W}footerReference"):
                part = _xml(path, "word/" + targets[ref.get(f"{{{ref.nsmap['r']}}}id")])
                refs.setdefault((ref.tag[len(W):], ref.get(f"{W}type")), []).append(part)
    return refs


def test_a_stamped_docx_has_the_mark_in_header_and_footer_for_every_page_type(tmp_path):
    dst, _ = stamp(make_docx(tmp_path / "in.docx"))
    refs = _section_parts(dst)
    for kind in ("headerReference", "footerReference"):
        for ref_type in ("default", "first", "even"):
            assert all(MARK in _text(part) for part in refs[(kind, ref_type)])
    assert "SHUHI#D-2026-0042#" in _text(refs[("footerReference", "default")][0])


def test_a_stamped_docx_has_a_diagonal_vml_watermark_in_its_header(tmp_path):
    dst, _ = stamp(make_docx(tmp_path / "in.docx"))
    header = _section_parts(dst)[("headerReference", "default")][0]
    shapes = list(header.iter("{urn:schemas-microsoft-com:vml}shape"))
    assert shapes and "rotation:315" in shapes[0].get("style")
    textpath = shapes[0].find("{urn:schemas-microsoft-com:vml}textpath")
    assert textpath.get("string") == "社外秘"
    assert shapes[0].find("{urn:schemas-microsoft-com:vml}fill").get("opacity") == ".35"


def test_an_existing_docx_header_keeps_its_content_and_gains_the_mark(tmp_path):
    dst, result = stamp(make_docx(tmp_path / "in.docx", header="設計部 内部資料"))
    header = _text(_xml(dst, "word/header1.xml"))
    assert "設計部 内部資料" in header and MARK in header
    assert result["parts_marked"] == 1


def test_every_section_of_a_docx_shows_the_mark(tmp_path):
    dst, _ = stamp(make_docx(tmp_path / "in.docx", header="第2節のヘッダ", two_sections=True))
    sections = list(_xml(dst, "word/document.xml").iter(f"{W}sectPr"))
    assert len(sections) == 2
    first_refs = [el.tag for el in sections[0] if el.tag.endswith("Reference")]
    assert f"{W}headerReference" in first_refs and f"{W}footerReference" in first_refs
    for parts in _section_parts(dst).values():
        assert all(MARK in _text(part) for part in parts)


def test_new_docx_header_parts_are_registered_in_content_types_and_relationships(tmp_path):
    dst, _ = stamp(make_docx(tmp_path / "in.docx"))
    types = _xml(dst, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/header1.xml"].endswith("wordprocessingml.header+xml")
    assert overrides["/word/footer1.xml"].endswith("wordprocessingml.footer+xml")


# -- xlsx -------------------------------------------------------------------------------------------
def test_a_stamped_xlsx_has_the_mark_in_every_sheets_header_and_footer(tmp_path):
    import openpyxl

    dst, result = stamp(make_xlsx(tmp_path / "in.xlsx"))
    workbook = openpyxl.load_workbook(dst)
    assert result["sheets"] == 2
    for sheet in workbook.worksheets:
        assert sheet.oddHeader.center.text.startswith(MARK)
        assert sheet.oddFooter.center.text.startswith(MARK)
        assert "SHUHI#D-2026-0042#" in sheet.oddFooter.center.text


def test_an_existing_xlsx_header_keeps_its_sections(tmp_path):
    import openpyxl

    dst, _ = stamp(make_xlsx(tmp_path / "in.xlsx", header="部外秘ではない & 注記"), owner="A&B商事")
    sheet = openpyxl.load_workbook(dst).worksheets[1]
    assert sheet.oddHeader.left.text == "部外秘ではない & 注記"
    assert "【社外秘】A&&B商事" in sheet.oddHeader.center.text  # && is Excel's escaped &


def test_xlsx_header_footer_is_placed_where_the_schema_wants_it(tmp_path):
    dst, _ = stamp(make_xlsx(tmp_path / "in.xlsx"))
    sheet = _xml(dst, "xl/worksheets/sheet1.xml")
    names = [etree.QName(child).localname for child in sheet]
    assert names.index("headerFooter") == names.index("pageMargins") + 1


# -- pptx -------------------------------------------------------------------------------------------
def test_a_stamped_pptx_has_mark_boxes_and_a_rotated_translucent_watermark_on_every_slide(tmp_path):
    dst, result = stamp(make_pptx(tmp_path / "in.pptx", slides=3))
    assert result["slides"] == 3
    for n in (1, 2, 3):
        tree = _xml(dst, f"ppt/slides/slide{n}.xml").find(f"{P}cSld/{P}spTree")
        shapes = tree.findall(f"{P}sp")
        texts = [_text(shape) for shape in shapes]
        assert texts[0] == "社外秘", "the watermark is the bottom-most shape"
        assert shapes[0].find(f"{P}spPr/{A}xfrm").get("rot") == "18900000"
        assert shapes[0].find(f".//{A}alpha").get("val") == "25000"
        assert texts[-2] == MARK and texts[-1].startswith(MARK)
        ids = [el.get("id") for el in tree.iter(f"{P}cNvPr")]
        assert len(ids) == len(set(ids))


# -- the rest of the document -----------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pptx"])
def test_parts_a_stamp_does_not_touch_are_copied_byte_for_byte(tmp_path, fmt):
    src = make(fmt, tmp_path)
    dst, _ = stamp(src)
    touched = {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels"}
    with zipfile.ZipFile(src) as before, zipfile.ZipFile(dst) as after:
        for name in before.namelist():
            if name in touched or "slides/slide" in name or "worksheets/" in name:
                continue
            assert before.read(name) == after.read(name), name


def test_stamping_a_file_onto_itself_replaces_it(tmp_path):
    src = make_docx(tmp_path / "in.docx")
    stamp(src, src)
    assert MARK in office_text(src)
    assert [p.name for p in tmp_path.iterdir()] == ["in.docx"]


def test_without_a_disclosure_id_no_fingerprint_is_written(tmp_path):
    dst, result = stamp(make_docx(tmp_path / "in.docx"), disclosure_id=None, key=None)
    assert result["channels"] == [] and result["disclosure_id"] is None
    assert "SHUHI#" not in office_text(dst)


@pytest.mark.parametrize(("tier", "name"), [("top_secret", "極秘"), ("public", "一般"), ("厳秘", "厳秘")])
def test_each_tier_is_shown_by_its_japanese_name(tmp_path, tier, name):
    dst, _ = stamp(make_pdf(tmp_path / "in.pdf"), tier=tier)
    assert f"【{name}】ACME株式会社" in text_of(dst)


# -- refusals ---------------------------------------------------------------------------------------
def _refused(tmp_path, src, message, **overrides):
    with pytest.raises(StampError, match=message):
        stamp(src, **overrides)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("stamped-", ".shuhi-stamp-"))]


def test_it_refuses_an_unsupported_format(tmp_path):
    src = tmp_path / "memo.txt"
    src.write_text("社外秘")
    _refused(tmp_path, src, "unsupported")


def test_it_refuses_a_missing_file(tmp_path):
    with pytest.raises(StampError, match="no such file"):
        stamp_file(tmp_path / "nope.pdf", tmp_path / "out.pdf", tier="confidential", owner="ACME")


def test_it_refuses_a_password_protected_pdf(tmp_path):
    src = make_pdf(tmp_path / "in.pdf")
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pdf.save(src, encryption=pikepdf.Encryption(owner="o", user="u"))
    _refused(tmp_path, src, "encrypted")


def test_it_refuses_a_pdf_with_owner_restrictions_rather_than_dropping_them(tmp_path):
    src = make_pdf(tmp_path / "in.pdf")
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pdf.save(src, encryption=pikepdf.Encryption(owner="o", user=""))
    _refused(tmp_path, src, "encrypted")


def test_it_refuses_an_encrypted_office_file(tmp_path):
    src = tmp_path / "secret.docx"
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le"))
    _refused(tmp_path, src, "encrypted")


def test_it_refuses_a_corrupt_office_file(tmp_path):
    src = tmp_path / "broken.xlsx"
    src.write_bytes(b"PK\x03\x04 not really a zip")
    _refused(tmp_path, src, "corrupt")


def test_it_explains_an_output_folder_that_does_not_exist(tmp_path):
    with pytest.raises(StampError, match="cannot write to"):
        stamp(make_docx(tmp_path / "in.docx"), tmp_path / "missing" / "out.docx")


def test_it_refuses_a_disclosure_id_without_a_key(tmp_path):
    _refused(tmp_path, make_docx(tmp_path / "in.docx"), "key", key=None)


def test_it_refuses_a_disclosure_id_a_fingerprint_cannot_carry(tmp_path):
    _refused(tmp_path, make_docx(tmp_path / "in.docx"), "disclosure id", disclosure_id="D 42#x", key=KEY)


def test_it_refuses_a_microsoft_label_id_that_is_not_a_guid(tmp_path):
    label = {"id": "not-a-guid", "site_id": "72f988bf-86f1-41af-91ab-2d7cd011db47", "name": "x"}
    _refused(tmp_path, make_docx(tmp_path / "in.docx"), "GUID", mip=label)


def test_it_refuses_a_date_that_is_not_iso(tmp_path):
    _refused(tmp_path, make_docx(tmp_path / "in.docx"), "YYYY-MM-DD", date="26/11/2026")
