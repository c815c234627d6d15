"""Demo data for supplier management: profiles of the five demo suppliers, one campaign with a
submitted assessment (山田精工株式会社) and a draft (有限会社佐藤製作所), an interview, an
improvement plan for 山田精工 with items in every status, the secrets each supplier holds (for the
risk view) and a private self-assessment that 株式会社ネクストデザイン started on its own.

Call `load_demo_suppliers(home)` from shuhi/core/demo.py after the suppliers and their
representatives exist. Every write goes through the services, so the audit log fills as in real use.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuhi.core.models import Organisation, User
from shuhi.core.roles import Role
from shuhi.suppliers.services import (
    assessment_save,
    assessment_submit,
    campaign_create,
    framework_install_builtin,
    interview_save,
    item_update,
    plan_create,
    profile_create,
    supplier_self_assessment_create,
)

PROFILES = {
    "山田精工株式会社": dict(size_band="51-100", industry="精密部品加工", certifications=["isms"],
                           contract_status="active", contacts="山田 一郎（代表取締役） rep@yamada-seiko.example"),
    "有限会社佐藤製作所": dict(size_band="le20", industry="金属プレス", certifications=[], contract_status="active",
                            contacts="佐藤 次郎（専務） rep@sato-ss.example"),
    "株式会社ネクストデザイン": dict(size_band="21-50", industry="製品デザイン", certifications=["pmark"],
                                contract_status="active", contacts="中村 綾 rep@nextdesign.example"),
    "東都ロジスティクス株式会社": dict(size_band="301-1000", industry="物流", certifications=["isms", "pmark"],
                                  contract_status="active", contacts="木村 亮 rep@toto-logi.example"),
    "鈴木金型工業": dict(size_band="le20", industry="金型製作", certifications=[], contract_status="active",
                     contacts="鈴木 誠 rep@suzuki-kanagata.example", notes="山田精工株式会社の再委託先"),
}
# A typical small supplier: the president talks to staff and pledges exist, but nothing on paper.
YAMADA = {
    "MA-1": "yes", "MA-2": "yes", "MA-3": "monthly", "MA-4": ["isms"], "VP-1": "equal", "VP-2": "partly",
    "VP-4": "no", "VP-5": "partly", "ID-1": "partly", "ID-2": "yes", "ID-3": "partly", "ID-4": "partly",
    "ID-5": "yes", "ID-6": 35, "ID-7": "partly", "LT-1": "yes", "LT-2": "partly", "LT-3": "no", "LT-5": "yes",
    "LT-6": "partly", "PL-1": "yes", "PL-2": "no", "PL-3": "no", "PL-4": "yes", "PL-5": "partly",
    "LG-1": "partly", "LG-2": 4, "LG-3": "no", "OS-1": "yes", "OS-2": "yes", "OS-3": "partly", "OS-5": "yes",
    "OS-6": "partly", "OS-7": "鈴木金型工業（金型図面の一部）", "IR-1": "partly", "IR-2": "yes",
    "IR-4": "なし",
}
# The plan the outsourcer agreed with 山田精工: (question, status, notes).
YAMADA_PLAN = [
    ("VP-2", "in_progress", "社長名のA4一枚の方針案を作成中。次の朝礼で読み上げる予定。"),
    ("ID-1", "done", "大事な秘密10件の台帳を表計算で作成済み（金型図面、加工条件表など）。"),
    ("PL-2", "open", ""),
    ("VP-5", "open", ""),
]
def load_demo_suppliers(home: Organisation) -> None:
    admin = User.objects.filter(organisation=home, role=Role.ADMIN).order_by("pk").first()
    actor = admin or "demo"
    suppliers = {o.name: o for o in Organisation.objects.filter(kind=Organisation.Kind.SUPPLIER)}
    for name, fields in PROFILES.items():
        if name in suppliers:
            profile_create(actor=actor, organisation=suppliers[name], **fields)
    profile_create(actor=actor, organisation=home, size_band="101-300", industry="精密機械製造",
                   certifications=["isms", "tics"])
    questionnaire, interview_sheet, _quick = framework_install_builtin(actor=actor, organisation=home)
    chosen = [suppliers[n] for n in ("山田精工株式会社", "有限会社佐藤製作所", "鈴木金型工業") if n in suppliers]
    if admin is None or not chosen:
        return
    today = timezone.localdate()
    campaign = campaign_create(actor=admin, framework=questionnaire, title="2024年度 委託先セルフチェック",
                               due_date=today + dt.timedelta(days=5), suppliers=chosen,
                               message="営業秘密保護・内部不正防止の取組状況を教えてください。")
    by_name = {a.supplier.name: a for a in campaign.assessments.select_related("supplier")}
    reps = {u.organisation.name: u for u in User.objects.filter(role=Role.SUPPLIER_REP).select_related("organisation")}
    yamada = by_name.get("山田精工株式会社")
    if yamada and "山田精工株式会社" in reps:
        rep = reps["山田精工株式会社"]
        values = dict(YAMADA, **{"LT-4": (today - dt.timedelta(days=200)).isoformat(),
                                 "IR-3": (today - dt.timedelta(days=400)).isoformat()})
        assessment_save(actor=rep, assessment=yamada, values=values)
        assessment_submit(actor=rep, assessment=yamada)
        _yamada_plan(admin, rep, yamada, today)
    sato = by_name.get("有限会社佐藤製作所")
    if sato and "有限会社佐藤製作所" in reps:
        assessment_save(actor=reps["有限会社佐藤製作所"], assessment=sato,
                        values={"MA-1": "partly", "MA-2": "no", "VP-1": "personal", "VP-2": "no"})
    if "山田精工株式会社" in suppliers:
        interview_save(actor=admin, supplier=suppliers["山田精工株式会社"], framework=interview_sheet,
                       held_on=today - dt.timedelta(days=10),
                       values={"MI-1": "sometimes", "MI-2": "no", "MI-3": "yes", "MI-4": "partly", "MI-5": "no",
                               "MI-6": "planned", "MI-7": "no", "MI-8": "山田 一郎（代表取締役）",
                               "MI-10": "経営者の意識は高いが、内部不正を別建てで考える視点はまだ弱い。"})
    design = reps.get("株式会社ネクストデザイン")
    if design is not None:
        own = supplier_self_assessment_create(actor=design)
        assessment_save(actor=design, assessment=own, values={"MA-1": "yes", "MA-2": "partly", "VP-1": "above"})


def _yamada_plan(admin, rep, assessment, today) -> None:
    items = plan_create(actor=admin, assessment=assessment, question_ids=[q for q, *_ in YAMADA_PLAN],
                        due_date=today + dt.timedelta(days=90), owner=rep)
    by_question = {item.question_id: item for item in items}
    for question, status, notes in YAMADA_PLAN:
        if status != "open":
            item_update(actor=rep, item=by_question[question], status=status, notes=notes)
