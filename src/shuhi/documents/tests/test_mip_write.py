"""Microsoft sensitivity-label metadata written by a stamp, and read back by shuhi's scanner."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from shuhi.documents.mip_write import (
    CLBL_NS,
    CUSTOM_NS,
    FMTID,
    LABELINFO_CT,
    LABELINFO_REL,
    MipLabel,
    write_ooxml_label,
)
from shuhi.documents.scan import scan_file
from shuhi.documents.stamp_ooxml import Package
from shuhi.documents.tests.stamp_inputs import LABEL, make, make_pdf, stamp

CORPUS = Path(__file__).resolve().parents[4].parent / "shared" / "corpus" / "real-world"
GUID = LABEL["id"]
SITE = LABEL["site_id"]
OFFICE = ["docx", "xlsx", "pptx"]


def _read(path, name):
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def _without(src, dst, *names):
    """A copy of an OOXML file without some parts (their registrations left dangling, as tools do)."""
    with zipfile.ZipFile(src) as before, zipfile.ZipFile(dst, "w") as after:
        for name in before.namelist():
            if name not in names:
                after.writestr(name, before.read(name))
    return dst


def _only_our_label(result):
    return [record for record in result["mip"] if record["id"] == GUID]


@pytest.mark.parametrize("fmt", OFFICE)
def test_office_custom_properties_carry_every_label_attribute(tmp_path, fmt):
    dst, _ = stamp(make(fmt, tmp_path))
    root = etree.fromstring(_read(dst, "docProps/custom.xml"))
    props = {p.get("name"): p for p in root.iter(f"{{{CUSTOM_NS}}}property")}
    values = {name.rsplit("_", 1)[1]: "".join(p.itertext()) for name, p in props.items() if GUID in name}
    assert values["Enabled"] == "true" and values["Method"] == "Privileged"
    assert values["Name"] == "Confidential" and values["SiteId"] == SITE
    assert values["SetDate"].endswith("Z") and values["ActionId"]
    assert values["ContentBits"] == ("3" if fmt == "xlsx" else "7")  # header|footer(|watermark)
    assert {p.get("fmtid") for p in props.values()} == {FMTID}
    pids = [int(p.get("pid")) for p in props.values()]
    assert len(pids) == len(set(pids)) and min(pids) >= 2
    assert all(p[0].tag.endswith("}lpwstr") for p in props.values())


@pytest.mark.parametrize("fmt", OFFICE)
def test_office_label_info_is_written_and_registered_as_office_does(tmp_path, fmt):
    dst, _ = stamp(make(fmt, tmp_path))
    info = _read(dst, "docMetadata/LabelInfo.xml").decode()
    expected = f'<clbl:label id="{{{GUID}}}" enabled="1" method="Privileged" siteId="{{{SITE}}}" contentBits='
    assert expected in info
    assert 'removed="0"/>' in info and f'xmlns:clbl="{CLBL_NS}"' in info
    types = _read(dst, "[Content_Types].xml").decode()
    assert f'PartName="/docMetadata/LabelInfo.xml" ContentType="{LABELINFO_CT}"' in types
    assert 'PartName="/docProps/custom.xml"' in types
    rels = etree.fromstring(_read(dst, "_rels/.rels"))
    targets = {rel.get("Type"): rel.get("Target") for rel in rels}
    assert targets[LABELINFO_REL] == "docMetadata/LabelInfo.xml"


@pytest.mark.parametrize("fmt", OFFICE)
def test_labels_shuhi_writes_are_read_back_by_shuhi_from_custom_properties_alone(tmp_path, fmt):
    dst, _ = stamp(make(fmt, tmp_path))
    only_props = _without(dst, tmp_path / f"props.{fmt}", "docMetadata/LabelInfo.xml")
    [record] = _only_our_label(scan_file(only_props))
    assert record == {
        "id": GUID, "name": "Confidential", "enabled": True, "method": "Privileged",
        "site_id": SITE, "set_date": record["set_date"],
    }


@pytest.mark.parametrize("fmt", OFFICE)
def test_labels_shuhi_writes_are_read_back_by_shuhi_from_label_info_alone(tmp_path, fmt):
    dst, _ = stamp(make(fmt, tmp_path))
    only_info = _without(dst, tmp_path / f"info.{fmt}", "docProps/custom.xml")
    [record] = _only_our_label(scan_file(only_info))
    assert (record["enabled"], record["method"], record["site_id"]) == (True, "Privileged", SITE)


def test_pdf_label_is_written_to_the_info_dictionary_and_xmp(tmp_path):
    dst, _ = stamp(make_pdf(tmp_path / "in.pdf"))
    with pikepdf.open(dst) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        xmp = dict(pdf.open_metadata())
    prefix = f"MSIP_Label_{GUID}_"
    assert info[f"/{prefix}Enabled"] == "True"
    assert info[f"/{prefix}Extended_MSFT_Method"] == "Privileged"
    assert info[f"/{prefix}SiteId"] == SITE and info[f"/{prefix}Name"] == "Confidential"
    pdfx = "{http://ns.adobe.com/pdfx/1.3/}"
    assert xmp[f"{pdfx}{prefix}Enabled"] == "True" and xmp[f"{pdfx}{prefix}SiteId"] == SITE


@pytest.mark.parametrize("keep", ["info", "xmp"])
def test_labels_shuhi_writes_in_a_pdf_are_read_back_by_shuhi_from_each_place_alone(tmp_path, keep):
    dst, _ = stamp(make_pdf(tmp_path / "in.pdf"))
    one_place = tmp_path / f"{keep}.pdf"
    with pikepdf.open(dst) as pdf:
        if keep == "info":
            del pdf.Root["/Metadata"]
        else:
            del pdf.trailer["/Info"]
        pdf.save(one_place)
    [record] = _only_our_label(scan_file(one_place))
    assert (record["name"], record["enabled"], record["site_id"]) == ("Confidential", True, SITE)


@pytest.mark.parametrize("fmt", ["pdf", *OFFICE])
def test_a_stamped_file_with_a_microsoft_label_scans_as_that_labels_tier(tmp_path, fmt):
    dst, _ = stamp(make(fmt, tmp_path))
    result = scan_file(dst)
    assert result["error"] is None
    assert {"text": "Confidential", "tier": "confidential", "where": "mip"} in result["labels"]


def test_a_new_label_replaces_the_old_label_of_the_same_tenant_and_keeps_others(tmp_path):
    src = make("docx", tmp_path)
    other_tenant = MipLabel(id="11111111-2222-3333-4444-555555555555",
                            site_id="99999999-8888-7777-6666-555555555555", name="Partner General")
    same_tenant = MipLabel(id="aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", site_id=SITE, name="General")
    package = Package(src)
    write_ooxml_label(package, other_tenant)
    write_ooxml_label(package, same_tenant)
    package.save(tmp_path / "labelled.docx")
    dst, _ = stamp(tmp_path / "labelled.docx")
    ids = {record["id"] for record in scan_file(dst)["mip"]}
    assert ids == {GUID, other_tenant.id}
    info = _read(dst, "docMetadata/LabelInfo.xml").decode()
    assert same_tenant.id not in info and other_tenant.id in info


def test_existing_custom_properties_survive_the_stamp(tmp_path):
    src = make("xlsx", tmp_path)
    from shuhi.documents.mip_write import custom_properties, set_custom_properties

    package = Package(src)
    set_custom_properties(package, {"案件番号": "PJ-7"})
    package.save(tmp_path / "props.xlsx")
    dst, _ = stamp(tmp_path / "props.xlsx")
    props = custom_properties(Package(dst))
    assert props["案件番号"] == "PJ-7" and props[f"MSIP_Label_{GUID}_Enabled"] == "true"


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
@pytest.mark.parametrize("name", ["tika/testWORD_docSecurity.docx", "poi/bug66675.xlsx"])
def test_stamping_a_microsoft_labelled_file_keeps_its_label_and_adds_ours(tmp_path, name):
    before = {record["id"] for record in scan_file(CORPUS / name)["mip"]}
    dst, _ = stamp(CORPUS / name, tmp_path / Path(name).name)
    after = {record["id"] for record in scan_file(dst)["mip"]}
    assert before and after == before | {GUID}
