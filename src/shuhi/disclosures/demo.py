"""Demo data for the disclosure register: the policy, NDAs, disclosures in every state and a leak response.

Runs after the suppliers' demo (order 25). What it shows:
- the policy with its defaults (極秘 needs an executive's exception; 社外秘 and up an NDA and stamping);
- six NDAs: 山田精工 (re-disclosure allowed), 山田精工 ⇄ its sub-supplier 鈴木金型工業, 有限会社佐藤製作所
  (ending within 30 days, with its reminder), 株式会社ネクストデザイン (in force, and a draft for the next
  phase), 東都ロジスティクス;
- disclosures of real ledger assets: top-secret ones approved with an executive's exception, stamped
  PDF files handed over through the portal, paper copies, a re-disclosure from 山田精工 to 鈴木金型工業,
  a request waiting for a decision, a rejected one, and one whose destruction the holder certified;
- a leak response in progress for the die drawings, opened from a leaked copy traced to the
  re-disclosure, with every holder notified and 山田精工 having acknowledged.

Together the holdings give the supplier risk view a spread of exposure. Only three files are stamped
and one traced (each a child process), to keep `shuhi demo` quick. Every write goes through the
services, so the audit log fills as in real use. Like every loader it runs once, on an empty
installation (`load_demo` does nothing when data exists); it also returns at once if NDAs exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shuhi.core.models import Organisation, Project, User
from shuhi.core.permissions import SYSTEM_DEMO
from shuhi.core.roles import Role
from shuhi.disclosures.models import Disclosure, Nda
from shuhi.disclosures.services import (
    disclosed_file_add,
    disclosure_certify_end,
    disclosure_confirm_receipt,
    disclosure_decide,
    disclosure_hand_over,
    disclosure_request,
    disclosure_request_redisclosure,
    nda_create,
    nda_reminders_record,
    policy_for,
)
from shuhi.disclosures.services_leak import (
    leak_notice_answer,
    leak_response_note,
    leak_response_open,
    leaked_file_trace,
)
from shuhi.ledger.models import InformationAsset

YAMADA, SATO, NEXT, TOTO, SUZUKI = ("山田精工株式会社", "有限会社佐藤製作所", "株式会社ネクストデザイン",
                                    "東都ロジスティクス株式会社", "鈴木金型工業")
# The assets the story uses, by the demo ledger's names; another asset of the same tier stands in
# for one that is missing.
WANTED = {
    "design": ("減速機 3D設計データ", "top_secret"),
    "heat": ("熱処理条件表", "top_secret"),
    "source": ("ソースコード（制御基板）", "top_secret"),
    "die": ("金型図面（委託先提供用）", "confidential"),
    "trial": ("試作評価レポート", "confidential"),
    "quality": ("品質検査手順書", "confidential"),
    "cost": ("製造原価計算書", "confidential"),
    "customers": ("顧客連絡先リスト", "confidential"),
}
EXECUTIVE = "取締役 開発本部長 高橋 誠"


class _Demo:
    """The cast of the story and a few helpers around the services."""

    def __init__(self, home: Organisation, assets: dict[str, InformationAsset]) -> None:
        self.home, self.assets, self.today = home, assets, timezone.localdate()
        staff = User.objects.filter(organisation=home, is_active=True)
        self.security = staff.filter(role=Role.SECURITY_MANAGER).order_by("pk").first() or SYSTEM_DEMO
        self.owner = staff.filter(role=Role.DEPT_MANAGER).order_by("pk").first()
        self.orgs = {o.name: o for o in Organisation.objects.exclude(kind=Organisation.Kind.HOME)}
        self.reps = {u.organisation.name: u for u in User.objects.filter(role=Role.SUPPLIER_REP, is_active=True)
                     .select_related("organisation").order_by("pk")}
        self.exception_tiers = set(policy_for(home).exception_tiers.values_list("pk", flat=True))

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def rep(self, name: str) -> Any:
        return self.reps.get(name) or SYSTEM_DEMO

    def nda(self, reference: str, title: str, supplier: str, *, sub: str | None = None, start: int, end: int,
            categories=(), assets=(), projects=(), active: bool = True, **fields: Any) -> Nda:
        return nda_create(actor=self.security, organisation=self.home, supplier=self.orgs[supplier],
                          sub_supplier=self.orgs[sub] if sub else None, reference=reference, title=title,
                          starts_on=self.day(start), ends_on=self.day(end), scope_categories=list(categories),
                          assets=[self.assets[k] for k in assets], projects=projects, activate=active, **fields)

    def request(self, supplier: str, keys: list[str], purpose: str, justification: str, due: int,
                **options: Any) -> Disclosure:
        assets = [self.assets[k] for k in keys]
        # The department manager asks for the assets of the department; the security manager for the rest.
        own = self.owner is not None and all(a.department_id == self.owner.department_id for a in assets)
        return disclosure_request(actor=self.owner if own else self.security, organisation=self.home,
                                  supplier=self.orgs[supplier], assets=assets, purpose=purpose,
                                  justification=justification, due_date=self.day(due), **options)

    def approve(self, disclosure: Disclosure, reason: str, exception: str = "") -> Disclosure:
        needs = any(a.tier_id in self.exception_tiers for a in disclosure.assets.all())
        return disclosure_decide(actor=self.security, disclosure=disclosure, approve=True, reason=reason,
                                 exception_executive=EXECUTIVE if needs else "",
                                 exception_reason=exception if needs else "")

    def stamped(self, disclosure: Disclosure, key: str, filename: str, actor: Any = None):
        asset = self.assets[key]
        upload = SimpleUploadedFile(filename, _document(asset, disclosure), content_type="application/pdf")
        return disclosed_file_add(actor=actor or self.security, disclosure=disclosure, upload=upload, asset=asset)


def _document(asset: InformationAsset, disclosure: Disclosure) -> bytes:
    """A one-page Japanese document standing in for the real file (IPAex Gothic embedded)."""
    from shuhi.core import pdf

    style = pdf.styles()
    story = [
        pdf.para(asset.name, style["title"]),
        pdf.key_values([("資産ID", asset.code), ("格付け", asset.tier.name), ("開示先", disclosure.recipient.name),
                        ("目的", disclosure.purpose), ("返却・廃棄期限", disclosure.due_date.isoformat())]),
        pdf.para(""),
        pdf.para("本書は株式会社みなと精機の営業秘密を含みます。開示の目的以外に使用せず、第三者に開示しないでください。"
                 "複製は必要最小限とし、期限までに返却または廃棄してください。", style["body"]),
        pdf.para("（デモ用の架空の文書です）", style["small"]),
    ]
    return pdf.build(story, title=asset.name)


def _pick_assets(home: Organisation) -> dict[str, InformationAsset] | None:
    rows = list(InformationAsset.objects.filter(organisation=home).select_related("tier").order_by("code"))
    by_name = {a.name: a for a in rows}
    used: set[int] = set()
    picked: dict[str, InformationAsset] = {}
    for key, (name, tier) in WANTED.items():
        asset = by_name.get(name)
        if asset is None or asset.pk in used:
            asset = next((a for a in rows if a.tier.key == tier and a.pk not in used), None)
        if asset is None:
            return None
        picked[key] = asset
        used.add(asset.pk)
    return picked


def load_demo_disclosures(home: Organisation) -> None:
    if Nda.objects.filter(organisation=home).exists():
        return
    assets = _pick_assets(home)
    if assets is None:  # no demo ledger to disclose from
        policy_for(home)
        return
    demo = _Demo(home, assets)
    if any(name not in demo.orgs for name in (YAMADA, SATO, NEXT, TOTO, SUZUKI)):
        return
    _ndas(demo)
    die_to_yamada = _yamada(demo)
    redisclosed = _suzuki(demo, die_to_yamada)
    _others(demo)
    _leak(demo, redisclosed)


def _ndas(demo: _Demo) -> None:
    p101 = list(Project.objects.filter(organisation=demo.home, code="P-101"))
    demo.nda("NDA-2024-001", "製造委託基本契約に基づく秘密保持契約", YAMADA, start=-400, end=330,
             categories=["technical", "production"], assets=["design", "die", "trial", "heat", "quality", "cost"],
             allows_redisclosure=True, notify_within_hours=24)
    demo.nda("NDA-2024-002", "金型製作の再委託に関する秘密保持契約", YAMADA, sub=SUZUKI, start=-200, end=300,
             categories=["technical"], assets=["design", "die"], end_action="destroy", notify_within_hours=48)
    demo.nda("NDA-2025-003", "プレス加工委託に関する秘密保持契約", SATO, start=-345, end=20,
             categories=["technical", "production"], assets=["die", "quality", "source"], end_action="return")
    demo.nda("NDA-2025-004", "外装デザイン業務の秘密保持契約", NEXT, start=-100, end=265, categories=["technical"],
             assets=["trial", "design"], projects=p101)
    demo.nda("NDA-2026-005", "次世代減速機 第2期 デザイン業務の秘密保持契約（案）", NEXT, start=30, end=395,
             categories=["technical"], projects=p101, active=False)
    demo.nda("NDA-2025-006", "物流業務委託に関する秘密保持契約", TOTO, start=-250, end=480,
             categories=["personal", "sales"], assets=["customers"], end_action="destroy", notify_within_hours=72)
    # The daily job would record it; the demo shows the reminder for the NDA ending within 30 days.
    nda_reminders_record(actor=SYSTEM_DEMO)


def _yamada(demo: _Demo) -> Disclosure:
    """Two disclosures to 山田精工: top-secret design data through the portal, and paper copies."""
    design = demo.request(YAMADA, ["design", "die", "trial"], "次世代減速機の試作部品加工",
                          "ハウジング部品の加工に製品の3D形状と金型図面が必要。試作評価の公差条件も共有する。", 180)
    demo.approve(design, "試作に必要な範囲に限定されている。",
                 "試作の立ち上げに不可欠。期間を限定し、加工後は返却させる。")
    demo.stamped(design, "design", "減速機3D設計データ_抜粋.pdf")
    disclosure_hand_over(actor=demo.security, disclosure=design, on=demo.day(-60))
    disclosure_confirm_receipt(actor=demo.rep(YAMADA), disclosure=design)
    paper = demo.request(YAMADA, ["heat", "quality", "cost"], "量産品の熱処理と検査の委託",
                         "熱処理を委託するため条件表と検査手順が必要。原価低減の協議に原価計算書を示す。", 150,
                         channel=Disclosure.Channel.PAPER, copies=2)
    demo.approve(paper, "紙2部、番号を付して手渡し。", "量産移管に不可欠。紙で2部のみ、施錠保管を条件とする。")
    disclosure_hand_over(actor=demo.security, disclosure=paper, on=demo.day(-30))
    disclosure_confirm_receipt(actor=demo.rep(YAMADA), disclosure=paper)
    return design


def _suzuki(demo: _Demo, parent: Disclosure) -> Disclosure:
    """山田精工 passes the die drawings and the design data on to its sub-supplier, with approval."""
    yamada = demo.rep(YAMADA)
    sub = disclosure_request_redisclosure(
        actor=yamada, parent=parent, sub_supplier=demo.orgs[SUZUKI], assets=[demo.assets["die"], demo.assets["design"]],
        purpose="射出成形金型の製作", justification="金型の設計に製品形状と金型図面が必要。", due_date=demo.day(120))
    demo.approve(sub, "再委託先とのNDAで対象に含まれている。", "金型製作の再委託に必要。加工後は廃棄させる。")
    demo.stamped(sub, "die", "金型図面_鈴木金型工業用.pdf", actor=yamada)
    disclosure_hand_over(actor=yamada, disclosure=sub, on=demo.day(-20))
    disclosure_confirm_receipt(actor=demo.rep(SUZUKI), disclosure=sub)
    return sub


def _others(demo: _Demo) -> None:
    sato = demo.request(SATO, ["die", "quality"], "プレス部品の量産加工", "プレス型の調整と出荷検査に必要。", 15,
                        channel=Disclosure.Channel.PAPER)
    demo.approve(sato, "NDAの終了前に返却させる。")
    disclosure_hand_over(actor=demo.security, disclosure=sato, on=demo.day(-10))
    rejected = demo.request(SATO, ["source"], "検査装置の改造", "検査装置の制御を理解するため。", 14,
                            channel=Disclosure.Channel.PAPER)
    disclosure_decide(actor=demo.security, disclosure=rejected, approve=False,
                      reason="プレス加工に制御基板のソースコードは不要。必要な入出力仕様だけを別途示す。")

    design = demo.request(NEXT, ["trial"], "外装デザインの検討",
                          "試作評価で出た外装の課題を踏まえてデザインするため。", 90)
    demo.approve(design, "評価レポートのみ、ポータルで開示。")
    demo.stamped(design, "trial", "試作評価レポート_外装.pdf")
    disclosure_hand_over(actor=demo.security, disclosure=design, on=demo.day(-14))
    disclosure_confirm_receipt(actor=demo.rep(NEXT), disclosure=design)
    # Waiting for a decision: top secret, so the approver will have to record an executive's exception.
    demo.request(NEXT, ["design"], "外装と内部構造の干渉確認", "外装の形状が内部部品と干渉しないか確認するため。", 60)

    old = demo.request(TOTO, ["customers"], "2025年度 年末配送", "配送先の住所と連絡先が必要。", 30,
                       channel=Disclosure.Channel.SYSTEM, end_action="destroy")
    demo.approve(old, "配送完了後に消去させる。")
    disclosure_hand_over(actor=demo.security, disclosure=old, on=demo.day(-50))
    disclosure_confirm_receipt(actor=demo.rep(TOTO), disclosure=old)
    disclosure_certify_end(actor=demo.rep(TOTO), disclosure=old, method=Disclosure.Status.DESTROYED, on=demo.day(-5),
                           statement="配送完了後、配送管理システムから当該データを完全消去し、消去ログを保存しました"
                                     "（作業者: 木村 亮、確認者: 情報システム課長）。")
    current = demo.request(TOTO, ["customers"], "2026年度 定期配送", "配送先の住所と連絡先が必要。", 120,
                           channel=Disclosure.Channel.SYSTEM, end_action="destroy")
    demo.approve(current, "配送システムへの登録に限る。")
    disclosure_hand_over(actor=demo.security, disclosure=current, on=demo.day(-3))


def _leak(demo: _Demo, redisclosed: Disclosure) -> None:
    """A copy of the die drawings turns up outside; its fingerprint leads to the re-disclosure."""
    stamped = redisclosed.files.first()
    with stamped.file.open("rb") as handle:
        leaked = SimpleUploadedFile("発見されたファイル.pdf", handle.read(), content_type="application/pdf")
    traced = leaked_file_trace(actor=demo.security, upload=leaked)
    response = leak_response_open(
        actor=demo.security, organisation=demo.home, asset=demo.assets["die"], traced=traced,
        title="金型図面の流出の疑い（外部の共有サイト）",
        steps="保有するすべての複製（紙・電子）の所在と数を確認し、報告期限までに報告してください。"
              "確認が済むまで、当該資料の社外への持出しと再開示を停止してください。")
    leak_response_note(actor=demo.security, response=response,
                       text="共有サイトの運営者に削除を依頼。鈴木金型工業の代表者と面談の日程を調整中。")
    notice = response.notices.filter(holder=demo.orgs[YAMADA]).first()
    if notice is not None:
        leak_notice_answer(actor=demo.rep(YAMADA), notice=notice,
                           report="社内の複製（電子1部）が所定のフォルダにのみあることを確認しました。"
                                  "鈴木金型工業にも確認を依頼済みです。")
