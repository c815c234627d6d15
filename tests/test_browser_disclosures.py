"""In a real browser, a secret's trip down the supply chain and back, and the leak response in between.

The security manager requests and approves a disclosure of a confidential asset to supplier A, uploads a
PDF that is stamped and hands it over; the downloaded copy carries the tier, the recipient's name and a
fingerprint that the `shuhi` command reads back. Supplier A confirms receipt and passes it on to its
sub-supplier; a copy stripped of its metadata turns up and is traced on the trace page; the response names
A and its sub-supplier. At the end both certify destruction.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys

import pikepdf
import pypdfium2
import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from shuhi.disclosures.models import DisclosedFile, Disclosure, LeakResponse
from shuhi.disclosures.services import disclosure_decide, nda_create
from shuhi.disclosures.testing import minimal_pdf
from shuhi.ledger.models import InformationAsset
from shuhi.ledger.testing import build_ledger_world
from shuhi.testing.browser import log_in, shot
from shuhi.testing.cast import build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shuhi(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "shuhi.cli", *args, "--json"], capture_output=True, check=True,
                          timeout=120)
    return json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])


def strip_metadata(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for key in list(pdf.docinfo.keys()):
            del pdf.docinfo[key]
        if "/Metadata" in pdf.Root:
            del pdf.Root.Metadata
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def pdf_text(path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").first.click()


def _ndas(cast, asset) -> None:
    today = timezone.localdate()
    for sub, reference in ((None, "NDA-A"), (cast.sub_supplier_a, "NDA-A1")):
        nda_create(actor=cast.security, organisation=cast.home, supplier=cast.supplier_a, sub_supplier=sub,
                   reference=reference, title=f"秘密保持契約 {reference}", starts_on=today - dt.timedelta(days=30),
                   ends_on=today + dt.timedelta(days=365), assets=[asset], allows_redisclosure=sub is None,
                   notify_within_hours=24, activate=True)


def test_a_secret_goes_to_a_supplier_and_its_sub_supplier_leaks_is_traced_and_comes_back(
        page, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = build_cast()
    build_ledger_world(cast)
    asset = InformationAsset.objects.get(code="W-3")
    assert asset.tier.key == "confidential"
    _ndas(cast, asset)
    device = TOTPDevice.objects.create(user=cast.security, name="test", confirmed=True)
    original = tmp_path / "金型仕様書.pdf"
    original.write_bytes(minimal_pdf("mold spec"))
    base = live_server.url
    due = timezone.localdate() + dt.timedelta(days=90)

    # 1. The security manager requests, approves, stamps and hands over.
    log_in(page, base, cast.security, device)
    page.goto(f"{base}/disclosures/new/")
    page.locator("select[name=supplier]").select_option(str(cast.supplier_a.pk))
    page.locator("select[name=assets]").select_option([str(asset.pk)])
    page.locator("input[name=purpose]").fill("金型の試作")
    page.locator("textarea[name=justification]").fill("金型の設計に仕様書が必要")
    page.locator("input[name=due_date]").fill(due.isoformat())
    shot(page, "disclosures-01-request")
    with page.expect_navigation():
        page.locator('button[name=action][value=request]').click()
    disclosure = Disclosure.objects.get(purpose="金型の試作")
    assert disclosure.status == Disclosure.Status.REQUESTED and disclosure.nda.reference == "NDA-A"
    submit(page, f'form[action="/disclosures/{disclosure.pk}/decide/"]:has(input[value=approve])')
    disclosure.refresh_from_db()
    assert disclosure.status == Disclosure.Status.APPROVED
    page.locator("input[name=file]").set_input_files(str(original))
    submit(page, f'form[action="/disclosures/{disclosure.pk}/files/"]')
    stamped = DisclosedFile.objects.get(disclosure=disclosure)
    assert stamped.stamped and stamped.fingerprint
    shot(page, "disclosures-02-stamped")
    submit(page, f'form[action="/disclosures/{disclosure.pk}/hand-over/"]')
    disclosure.refresh_from_db()
    assert disclosure.status == Disclosure.Status.HANDED_OVER

    # 2. The stamped copy says what it is, to whom it went, and where it came from.
    with page.expect_download() as download:
        page.locator(f'a[href="/disclosures/files/{stamped.pk}/"]').first.click()
    copy = tmp_path / "downloaded.pdf"
    download.value.save_as(copy)
    scanned = shuhi("scan", str(copy))
    assert scanned["tier"] == "confidential", scanned
    assert any(label["tier"] == "confidential" for label in scanned["labels"])
    traced = shuhi("trace", str(copy))
    assert traced["valid"] and traced["disclosure_id"] == stamped.fingerprint, traced
    text = pdf_text(copy)
    assert cast.supplier_a.name in text and stamped.fingerprint in text

    # 3. Supplier A confirms receipt in its portal and asks to pass the secret on.
    log_in(page, base, cast.rep_a)
    page.goto(f"{base}/disclosures/portal/")
    assert page.get_by_text(disclosure.number).first.is_visible()
    shot(page, "disclosures-03-portal")
    page.goto(f"{base}/disclosures/portal/{disclosure.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("confirm-receipt").click()
    disclosure.refresh_from_db()
    assert disclosure.status == Disclosure.Status.RECEIVED
    shot(page, "disclosures-04-received")
    with page.expect_navigation():
        page.get_by_test_id("redisclose-link").click()
    page.locator("select[name=sub_supplier]").select_option(str(cast.sub_supplier_a.pk))
    page.locator(f"input[name=assets][value='{asset.pk}']").check()
    page.locator("input[name=purpose]").fill("金型の加工")
    page.locator("textarea[name=justification]").fill("加工に仕様書が必要")
    page.locator("input[name=due_date]").fill((due - dt.timedelta(days=30)).isoformat())
    shot(page, "disclosures-05-redisclose")
    submit(page, '[data-testid="redisclose-form"]')
    sub = Disclosure.objects.get(parent=disclosure)
    assert sub.status == Disclosure.Status.REQUESTED and sub.recipient == cast.sub_supplier_a
    disclosure_decide(actor=cast.security, disclosure=sub, approve=True)

    # The supplier stamps its own copy for the sub-supplier and hands it over from the portal.
    page.goto(f"{base}/disclosures/portal/{sub.pk}/")
    page.locator('[data-testid="file-add-form"] input[name=file]').set_input_files(str(original))
    submit(page, '[data-testid="file-add-form"]')
    assert DisclosedFile.objects.filter(disclosure=sub).count() == 1
    page.goto(f"{base}/disclosures/portal/{sub.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("hand-over").click()
    sub.refresh_from_db()
    assert sub.status == Disclosure.Status.HANDED_OVER
    shot(page, "disclosures-06-passed-on")

    # 4. A copy with its metadata stripped turns up; the trace page finds the disclosure.
    leaked = tmp_path / "流出資料.pdf"
    leaked.write_bytes(strip_metadata(copy.read_bytes()))
    log_in(page, base, cast.security, device, steps_ahead=1)
    page.goto(f"{base}/disclosures/leaks/trace/")
    page.locator("input[name=file]").set_input_files(str(leaked))
    submit(page, '[data-testid="trace-form"]')
    assert page.get_by_test_id("trace-valid").is_visible()
    assert page.get_by_test_id("trace-recipient").inner_text().startswith(cast.supplier_a.name)
    shot(page, "disclosures-07-traced")
    page.locator('[data-testid="open-form"] input[name=title]').fill("金型仕様書の流出")
    submit(page, '[data-testid="open-form"]')
    response = LeakResponse.objects.get(title="金型仕様書の流出")
    assert response.traced_disclosure == disclosure
    holders = page.get_by_test_id("leak-holders").inner_text()
    assert cast.supplier_a.name in holders and cast.sub_supplier_a.name in holders
    notices = page.get_by_test_id("leak-notices").inner_text()
    assert cast.supplier_a.name in notices and cast.sub_supplier_a.name in notices
    shot(page, "disclosures-08-leak-response")

    # 5. The sub-supplier answers its notice and certifies destruction; then supplier A does.
    log_in(page, base, cast.rep_sub_a)
    page.goto(f"{base}/disclosures/portal/")
    with page.expect_navigation():
        page.locator('[data-testid="portal-notices"] a').first.click()
    page.locator("textarea[name=report]").fill("複製1部を確認し、施錠保管しました。")
    submit(page, '[data-testid="notice-form"]')
    assert page.get_by_test_id("notice-reports").is_visible()
    shot(page, "disclosures-09-notice-answered")
    page.goto(f"{base}/disclosures/portal/{sub.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("confirm-receipt").click()
    _certify(page, "destroyed", "シュレッダーで裁断し、電子データを消去しました。")
    sub.refresh_from_db()
    assert sub.status == Disclosure.Status.DESTROYED

    log_in(page, base, cast.rep_a)
    page.goto(f"{base}/disclosures/portal/{disclosure.pk}/")
    _certify(page, "destroyed", "全複製を裁断し、データを消去しました。")
    disclosure.refresh_from_db()
    assert disclosure.status == Disclosure.Status.DESTROYED
    assert page.get_by_test_id("certificate-link").is_visible()
    shot(page, "disclosures-10-destroyed")


def _certify(page, method: str, statement: str) -> None:
    page.locator('[data-testid="portal-actions"] details summary').click()
    page.locator(f'[data-testid="end-form"] input[name=method][value={method}]').check()
    page.locator('[data-testid="end-form"] textarea[name=statement]').fill(statement)
    submit(page, '[data-testid="end-form"]')
