"""Rows of this app's models for the isolation world, and small builders for the app's tests.

Supplier A holds the top-secret W-1 (with an executive exception) and passed it on to its
sub-supplier; supplier B was handed W-3 as a stamped file. Leak responses on W-1 (notices for A and for A's
sub-supplier) and on W-3 (a notice for B).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shuhi.disclosures.models import CarriedOverHolding
from shuhi.disclosures.services import (
    disclosed_file_add,
    disclosure_confirm_receipt,
    disclosure_decide,
    disclosure_hand_over,
    disclosure_request,
    disclosure_request_redisclosure,
    nda_create,
    nda_reminders_record,
    policy_for,
)
from shuhi.disclosures.services_leak import leak_notice_answer, leak_response_open
from shuhi.ledger.models import InformationAsset, Tier


def minimal_pdf(text: str = "spec") -> bytes:
    """A one-page PDF the stamper accepts (built with pikepdf, already a dependency of the engine)."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    content = f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode("ascii")
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)))
    page.obj.Contents = pdf.make_stream(content)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_upload(name: str = "仕様書.pdf", text: str = "spec") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(text), content_type="application/pdf")


def nda_for(cast, supplier, *, sub_supplier=None, reference: str, days: int = 365, categories=(), assets=(),
            redisclose: bool = False, actor=None):
    today = timezone.localdate()
    return nda_create(actor=actor or cast.security, organisation=cast.home, supplier=supplier,
                      sub_supplier=sub_supplier, reference=reference, title=f"秘密保持契約 {reference}",
                      starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=days),
                      scope_categories=list(categories), assets=assets, allows_redisclosure=redisclose,
                      notify_within_hours=24, activate=True)


def build_disclosure_world(cast) -> None:
    home = cast.home
    policy_for(home)
    assets = {a.code: a for a in InformationAsset.objects.filter(organisation=home)}
    today = timezone.localdate()
    nda_for(cast, cast.supplier_a, reference="NDA-A", assets=[assets["W-1"]], categories=["other"], redisclose=True)
    nda_for(cast, cast.supplier_a, sub_supplier=cast.sub_supplier_a, reference="NDA-A1", categories=["other"],
            days=20)
    nda_for(cast, cast.supplier_b, reference="NDA-B", categories=["other"], days=10)
    nda_reminders_record(actor=cast.security)

    to_a = disclosure_request(actor=cast.security, organisation=home, supplier=cast.supplier_a,
                              assets=[assets["W-1"]], purpose="試作", justification="金型設計に必要",
                              due_date=today + dt.timedelta(days=60))
    disclosure_decide(actor=cast.security, disclosure=to_a, approve=True, exception_executive="取締役 開発本部長",
                      exception_reason="量産立ち上げに不可欠")
    disclosed_file_add(actor=cast.security, disclosure=to_a, upload=pdf_upload("設計秘伝書.pdf"),
                       asset=assets["W-1"])
    disclosure_hand_over(actor=cast.security, disclosure=to_a)
    disclosure_confirm_receipt(actor=cast.rep_a, disclosure=to_a)
    sub = disclosure_request_redisclosure(actor=cast.rep_a, parent=to_a, sub_supplier=cast.sub_supplier_a,
                                          assets=[assets["W-1"]], purpose="金型製作", justification="金型の加工に必要",
                                          due_date=today + dt.timedelta(days=15))
    disclosure_decide(actor=cast.security, disclosure=sub, approve=True, exception_executive="取締役 開発本部長",
                      exception_reason="金型製作の再委託")
    disclosed_file_add(actor=cast.rep_a, disclosure=sub, upload=pdf_upload("設計秘伝書-金型用.pdf"))
    disclosure_hand_over(actor=cast.rep_a, disclosure=sub)

    to_b = disclosure_request(actor=cast.owner, organisation=home, supplier=cast.supplier_b, assets=[assets["W-3"]],
                              purpose="見積", justification="見積作成に必要", due_date=today + dt.timedelta(days=5))
    disclosure_decide(actor=cast.security, disclosure=to_b, approve=True)
    disclosed_file_add(actor=cast.security, disclosure=to_b, upload=pdf_upload("内規写し.pdf"))
    disclosure_hand_over(actor=cast.security, disclosure=to_b)

    response = leak_response_open(actor=cast.security, organisation=home, asset=assets["W-1"], title="図面流出の疑い",
                                  steps="保有する全複製の所在を確認し、24時間以内に報告してください。")
    notice = response.notices.get(holder=cast.supplier_a)
    leak_notice_answer(actor=cast.rep_a, notice=notice, report="社内の複製2部を確認、施錠保管中")
    leak_response_open(actor=cast.security, organisation=home, asset=assets["W-3"], title="内規の持出し",
                       steps="複製を確認してください。")
    CarriedOverHolding.objects.create(organisation=home, supplier=cast.supplier_b,
                                      tier=Tier.objects.get(organisation=home, key="confidential"), count=2,
                                      note="手入力の旧集計", entered_at=timezone.now())
