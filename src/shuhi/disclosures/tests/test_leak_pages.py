"""The outsourcer's leak response through its pages: a leaked copy is traced to its disclosure (even with its
metadata stripped), the response reaches every holder of the chain, the holders answer, the timeline records
it all and the response is closed; who holds an asset now and its evidence pack."""

from __future__ import annotations

import io
import json

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shuhi.disclosures.models import DisclosedFile, Disclosure, LeakResponse
from shuhi.disclosures.testing import build_disclosure_world
from shuhi.disclosures.views.leaks import TRACE_KEY
from shuhi.ledger.models import InformationAsset
from shuhi.ledger.testing import build_ledger_world


@pytest.fixture
def world(cast):
    build_ledger_world(cast)
    build_disclosure_world(cast)
    to_a = Disclosure.objects.get(recipient=cast.supplier_a, parent__isnull=True)
    return {"cast": cast, "to_a": to_a, "sub": Disclosure.objects.get(recipient=cast.sub_supplier_a),
            "w1": InformationAsset.objects.get(code="W-1"), "w3": InformationAsset.objects.get(code="W-3"),
            "file": DisclosedFile.objects.get(disclosure=to_a)}


def stripped(data: bytes) -> bytes:
    """The copy a leaker makes to hide where it came from: no document properties, no XMP."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for key in list(pdf.docinfo.keys()):
            del pdf.docinfo[key]
        if "/Metadata" in pdf.Root:
            del pdf.Root.Metadata
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _upload(client, name: str, data: bytes):
    return client.post(reverse("disclosures:leak_trace"), {
        "step": "trace", "file": SimpleUploadedFile(name, data, content_type="application/pdf")})


def test_suppliers_and_staff_without_the_role_never_find_the_leak_pages(world, login):
    cast = world["cast"]
    response = LeakResponse.objects.first()
    gets = [reverse("disclosures:leaks"), reverse("disclosures:leak_trace"), reverse("disclosures:leak_new"),
            reverse("disclosures:leak", args=[response.pk]), reverse("disclosures:holders", args=[world["w1"].pk]),
            reverse("disclosures:evidence", args=[world["w1"].pk]),
            reverse("disclosures:evidence_pdf", args=[world["w1"].pk]),
            reverse("disclosures:evidence_json", args=[world["w1"].pk])]
    posts = [reverse("disclosures:leak_note", args=[response.pk]),
             reverse("disclosures:leak_close", args=[response.pk]), reverse("disclosures:leak_trace"),
             reverse("disclosures:leak_new")]
    for user in (cast.rep_a, cast.rep_sub_a, cast.rep_b, cast.employee, cast.owner):
        client = login(user)
        for url in gets:
            assert client.get(url).status_code == 404, (user, url)
        for url in posts:
            assert client.post(url, {"text": "x", "summary": "x"}).status_code == 404, (user, url)
    response.refresh_from_db()
    assert response.status == LeakResponse.Status.OPEN


def test_the_list_shows_open_responses_with_holders_acknowledged(world, login):
    client = login(world["cast"].security)
    page = client.get(reverse("disclosures:leaks")).content.decode()
    assert "図面流出の疑い" in page and "内規の持出し" in page
    assert "1/2" in page  # supplier A acknowledged, its sub-supplier not yet
    closed = client.get(reverse("disclosures:leaks") + "?status=closed").content.decode()
    assert "図面流出の疑い" not in closed
    # An auditor reads the list but is offered no action.
    page = login(world["cast"].auditor).get(reverse("disclosures:leaks")).content.decode()
    assert "図面流出の疑い" in page and reverse("disclosures:leak_trace") not in page


def test_a_stamped_copy_is_traced_to_its_disclosure_and_a_response_opened_from_it(world, login):
    cast, stamped = world["cast"], world["file"]
    client = login(cast.security)
    data = stamped.file.open("rb").read()
    response = _upload(client, "見つかった資料.pdf", data)
    assert response.status_code == 302
    stored = client.session[TRACE_KEY]
    assert stored["file_id"] == stamped.pk and stored["trace"]["valid"] and len(stored["sha256"]) == 64
    page = client.get(reverse("disclosures:leak_trace")).content.decode()
    assert world["to_a"].number in page and cast.supplier_a.name in page and stamped.original_name in page
    assert stamped.fingerprint in page and "W-1" in page

    before = LeakResponse.objects.count()
    response = client.post(reverse("disclosures:leak_trace"), {
        "step": "open", "asset": world["w1"].pk, "title": "設計書の流出", "steps": "全複製を確認してください。"})
    assert response.status_code == 302
    opened = LeakResponse.objects.get(title="設計書の流出")
    assert LeakResponse.objects.count() == before + 1
    assert opened.traced_disclosure == world["to_a"] and opened.leaked_name == "見つかった資料.pdf"
    assert {n.holder for n in opened.notices.all()} == {cast.supplier_a, cast.sub_supplier_a}
    assert all(n.deadline is not None for n in opened.notices.all())
    assert TRACE_KEY not in client.session
    detail = client.get(response["Location"]).content.decode()
    assert cast.supplier_a.name in detail and cast.sub_supplier_a.name in detail
    assert world["to_a"].number in detail and "見つかった資料.pdf" in detail


def test_a_copy_with_every_metadata_stripped_still_traces_by_its_visible_and_text_marks(world, login):
    client = login(world["cast"].security)
    copy = stripped(world["file"].file.open("rb").read())
    with pikepdf.open(io.BytesIO(copy)) as pdf:
        assert len(pdf.docinfo.keys()) == 0 and "/Metadata" not in pdf.Root
    assert _upload(client, "leak.pdf", copy).status_code == 302
    stored = client.session[TRACE_KEY]
    assert stored["trace"]["valid"] and stored["file_id"] == world["file"].pk
    valid = {c["channel"] for c in stored["trace"]["channels"] if c["valid"]}
    assert valid and not valid & {"pdf_info", "xmp"}
    page = client.get(reverse("disclosures:leak_trace")).content.decode()
    assert world["to_a"].number in page


def test_a_file_without_a_fingerprint_is_reported_and_a_wrong_format_refused(world, login):
    from shuhi.disclosures.testing import minimal_pdf

    client = login(world["cast"].security)
    assert _upload(client, "plain.pdf", minimal_pdf("nothing")).status_code == 302
    assert client.session[TRACE_KEY]["file_id"] is None and not client.session[TRACE_KEY]["trace"]["valid"]
    page = client.get(reverse("disclosures:leak_trace")).content.decode()
    assert 'data-testid="trace-invalid"' in page and 'data-testid="open-form"' in page
    response = client.post(reverse("disclosures:leak_trace"), {
        "step": "trace", "file": SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")})
    assert response.status_code == 400


def test_a_response_from_an_asset_reaches_every_holder_who_answers_until_it_is_closed(world, login):
    cast = world["cast"]
    client = login(cast.security)
    form = client.get(reverse("disclosures:leak_new") + f"?asset={world['w1'].pk}").content.decode()
    assert "W-1" in form and "<textarea" in form
    response = client.post(reverse("disclosures:leak_new"), {
        "asset": world["w1"].pk, "title": "展示会での目撃", "steps": "複製の所在を報告してください。"})
    assert response.status_code == 302
    opened = LeakResponse.objects.get(title="展示会での目撃")
    notices = {n.holder: n for n in opened.notices.all()}
    assert set(notices) == {cast.supplier_a, cast.sub_supplier_a}
    detail = client.get(response["Location"]).content.decode()
    assert cast.sub_supplier_a.name in detail and "0/2" not in detail
    assert world["sub"].number in detail and "NDA-A1" in detail

    # The sub-supplier acknowledges in its portal and reports; supplier A reports too.
    sub_client = login(cast.rep_sub_a)
    notice_url = reverse("disclosures:portal_notice", args=[notices[cast.sub_supplier_a].pk])
    assert sub_client.post(notice_url, {"report": "金型用の複製1部を確認しました"}).status_code == 302
    a_client = login(cast.rep_a)
    a_url = reverse("disclosures:portal_notice", args=[notices[cast.supplier_a].pk])
    assert a_client.post(a_url, {"report": ""}).status_code == 302

    client = login(cast.security)
    detail = client.get(response["Location"]).content.decode()
    assert "金型用の複製1部を確認しました" in detail
    assert "2 of 2" in detail or "2/2" in detail or detail.count("badge badge-ok") >= 2
    note = client.post(reverse("disclosures:leak_note", args=[opened.pk]), {"text": "警察に相談済み"})
    assert note.status_code == 302
    assert client.post(reverse("disclosures:leak_close", args=[opened.pk]), {"summary": ""}).status_code == 302
    opened.refresh_from_db()
    assert opened.status == LeakResponse.Status.OPEN
    client.post(reverse("disclosures:leak_close", args=[opened.pk]), {"summary": "流出元を特定し、複製を回収した"})
    opened.refresh_from_db()
    assert opened.status == LeakResponse.Status.CLOSED
    texts = list(opened.events.values_list("text", flat=True))
    assert any("警察に相談済み" in t for t in texts) and any("金型用の複製1部を確認しました" in t for t in texts)
    assert len(texts) >= 6
    detail = client.get(response["Location"]).content.decode()
    assert "警察に相談済み" in detail and "流出元を特定し" in detail and 'data-testid="close-form"' not in detail
    # Once closed, the holders may no longer answer.
    assert login(cast.rep_a).post(a_url, {"report": "追加"}).status_code in (403, 404)


def test_holders_page_names_every_tier_and_links_the_evidence_pack(world, login):
    cast = world["cast"]
    client = login(cast.security)
    page = client.get(reverse("disclosures:holders", args=[world["w1"].pk])).content.decode()
    assert cast.supplier_a.name in page and cast.sub_supplier_a.name in page
    assert world["to_a"].number in page and world["sub"].number in page
    assert reverse("disclosures:evidence", args=[world["w1"].pk]) in page
    assert cast.supplier_b.name not in page
    evidence = client.get(reverse("disclosures:evidence", args=[world["w1"].pk]))
    assert evidence.status_code == 200 and world["to_a"].number in evidence.content.decode()
    pdf = client.get(reverse("disclosures:evidence_pdf", args=[world["w1"].pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    data = json.loads(client.get(reverse("disclosures:evidence_json", args=[world["w1"].pk])).content)
    assert {d["number"] for d in data["disclosures"]} >= {world["to_a"].number, world["sub"].number}
