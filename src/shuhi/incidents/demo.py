"""Demo data of the reporting channel and the incident register.

Runs after the ledger, suppliers, disclosures and people (order 60). What it shows: the security
manager and HR as the channel's handlers; a named report by the demo employee with a question
from the handlers, and an anonymous one (its code is not kept anywhere, as in real use); incidents
of three causes (a mistaken e-mail attachment, a malicious copy linked to the demo leak response,
an external cyber attack on a supplier), with timelines, actions (one overdue) and lessons learned.
Every write goes through the services.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuhi.core.models import Organisation, User
from shuhi.core.permissions import SYSTEM_DEMO
from shuhi.incidents import services, services_incidents
from shuhi.incidents.models import Cause, DataKind, Incident, Report


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def load_demo_incidents(home: Organisation) -> None:
    if Report.objects.exists() or Incident.objects.exists():
        return
    actor = SYSTEM_DEMO
    security, hr = _user("security@minato-seiki.example"), _user("hr@minato-seiki.example")
    employee = _user("employee@minato-seiki.example")
    handlers = [u for u in (security, hr) if u is not None]
    if not handlers:
        return
    services.channel_update(actor=actor, organisation=home, handlers=handlers, retention_days=3 * 365)
    today = timezone.localdate()
    if employee is not None:
        named, _code = services.report_file(
            actor=employee, anonymous=False, category=Report.Category.SUSPICIOUS,
            subject="共有フォルダの極秘図面が個人の USB メモリにコピーされているのを見た",
            body="先週金曜の夕方、開発部の共有 PC で、極秘フォルダの図面が私物らしい USB メモリにコピーされていました。"
                 "作業していた人の名前は分かりません。", occurred_on=today - dt.timedelta(days=5))
        services.report_ask(actor=handlers[0], report=named,
                            body="ご報告ありがとうございます。時刻はおおよそ何時ごろでしたか。")
    services.report_file(
        actor=employee or actor, anonymous=True, category=Report.Category.RULE,
        subject="退職予定者が顧客リストを持ち出そうとしているという噂",
        body="営業部で、退職予定の方が顧客リストを自宅に送っていると聞きました。確かではありませんが念のため。")
    _demo_incidents(home, security or actor, today)


def _demo_incidents(home: Organisation, manager, today: dt.date) -> None:
    from shuhi.disclosures.models import LeakResponse
    from shuhi.ledger.models import InformationAsset

    actor = SYSTEM_DEMO
    assets = list(InformationAsset.objects.filter(organisation=home).order_by("code")[:3])
    suppliers = list(Organisation.objects.exclude(kind=Organisation.Kind.HOME).order_by("name")[:2])
    mistake = services_incidents.incident_create(
        actor=actor, organisation=home, title="見積書の誤送信（別の取引先へ送付）", cause=Cause.INTERNAL_MISTAKE,
        data_kind=DataKind.TRADE_SECRET, severity="medium", detected_on=today - dt.timedelta(days=40),
        summary="原価を含む見積書を、宛先の取り違えにより別の取引先へ送付した。", assets=assets[:1],
        team=[manager] if getattr(manager, "pk", None) else [])
    services_incidents.incident_entry_add(actor=actor, incident=mistake, text="送付先に連絡し、削除を依頼した。")
    if getattr(manager, "pk", None):
        services_incidents.incident_action_add(actor=actor, incident=mistake, title="送信前の宛先確認手順を周知する",
                                               owner=manager, due_on=today - dt.timedelta(days=3))
    services_incidents.incident_update(actor=actor, incident=mistake, status=Incident.Status.CLOSED,
                                       lessons="社外宛メールの添付は送信前に宛先を再確認する。")
    leak = LeakResponse.objects.filter(organisation=home).order_by("pk").first()
    malicious = services_incidents.incident_create(
        actor=actor, organisation=home, title="金型図面の外部共有サイトへの流出", cause=Cause.INTERNAL_MALICIOUS,
        data_kind=DataKind.TRADE_SECRET, severity="high", detected_on=today - dt.timedelta(days=10),
        summary="委託先に開示した金型図面の複製が外部の共有サイトで見つかった。", leak_response=leak,
        assets=[leak.asset] if leak else assets[1:2],
        disclosures=[leak.traced_disclosure] if leak and leak.traced_disclosure_id else [],
        suppliers=[leak.traced_disclosure.recipient] if leak and leak.traced_disclosure_id else suppliers[:1],
        team=[manager] if getattr(manager, "pk", None) else [])
    if getattr(manager, "pk", None):
        services_incidents.incident_action_add(actor=actor, incident=malicious, title="委託先のアクセス記録を確認する",
                                               owner=manager, due_on=today + dt.timedelta(days=7))
    services_incidents.incident_create(
        actor=actor, organisation=home, title="委託先へのランサムウェア攻撃", cause=Cause.EXTERNAL_CYBER,
        data_kind=DataKind.PERSONAL_DATA, severity="critical", detected_on=today - dt.timedelta(days=90),
        summary="委託先がランサムウェアに感染し、預けていた従業員名簿の暗号化が確認された。", suppliers=suppliers[1:2])
