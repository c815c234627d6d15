"""Demo data for the people register: people of every kind, a hire and an exit with their pledges.

Runs after the ledger's demo data (order 40), so that pledges name the demo ledger's assets. What it
shows: every home account registered as a person (employees, with the linked log-in), a contract
and a dispatched member of staff without a log-in, two of 山田精工's staff on site; the default
pledge templates; a hire of the demo employee whose hiring pledge was acknowledged electronically,
and a notice of leaving whose exit pledge names the department's secrets and is sent, waiting
(`shuhi pledges pending --json` lists it). Then the three policies (the log-monitoring notice is the
one the reviews demo published), acknowledged by part of the staff; the systems an exit closes; a
contract member of staff who left two days ago, whose exit checklist is partly done; and two
management messages. Every write goes through the services.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuhi.core.models import Organisation, User
from shuhi.core.permissions import SYSTEM_DEMO
from shuhi.people import services, services_exit, services_messages, services_policies
from shuhi.people.models import Person


def load_demo_people(home: Organisation) -> None:
    if Person.objects.exists():
        return
    actor = SYSTEM_DEMO
    today = timezone.localdate()
    services.pledge_templates_setup_defaults(actor=actor, organisation=home)
    people = {}
    for index, user in enumerate(User.objects.filter(organisation=home).order_by("pk")[:20], start=1):
        people[user.email] = services.person_create(
            actor=actor, organisation=home, user=user, employee_number=f"E{index:04d}", name=user.full_name,
            email=user.email, department=user.department, projects=list(user.projects.all()),
            hired_on=today - dt.timedelta(days=365 * (1 + index % 5)))
    departments = {d.name: d for d in home.departments.all()}
    services.person_create(actor=actor, organisation=home, employee_number="C0001", name="契約 一郎",
                           kana="ケイヤク イチロウ", kind=Person.Kind.CONTRACT, department=departments.get("開発部"))
    services.person_create(actor=actor, organisation=home, employee_number="D0001", name="派遣 花子",
                           kana="ハケン ハナコ", kind=Person.Kind.DISPATCHED, department=departments.get("製造部"))
    supplier = Organisation.objects.filter(name="山田精工株式会社").first()
    if supplier is not None:
        for number, name in (("Y-01", "山田 常駐一"), ("Y-02", "山田 常駐二")):
            services.person_create(actor=actor, organisation=supplier, employee_number=number, name=name,
                                   projects=list(home.projects.filter(code="P-101")))
    employee = people.get("employee@minato-seiki.example")
    if employee is not None:
        event = services.lifecycle_event_record(actor=actor, person=employee, kind="hire",
                                                occurred_on=today - dt.timedelta(days=30))
        pledge = services.pledge_send(actor=actor, pledge=event.pledges.get())
        services.pledge_acknowledge(actor=employee.user, pledge=pledge)
    leaver = next((p for p in people.values() if p.user and p.user.email.startswith("staff")), None)
    if leaver is not None:
        event = services.lifecycle_event_record(actor=actor, person=leaver, kind="leave_notice",
                                                occurred_on=today + dt.timedelta(days=30), note="自己都合退職")
        services.pledge_send(actor=actor, pledge=event.pledges.get())

    _demo_policies_exits_messages(home, today)


def _demo_policies_exits_messages(home: Organisation, today: dt.date) -> None:
    actor = SYSTEM_DEMO
    services_policies.policies_setup_defaults(actor=actor, organisation=home)
    staff = list(User.objects.filter(organisation=home, is_active=True).order_by("pk"))
    for policy in home.policies.filter(is_current=True).exclude(kind="log_monitoring"):
        # About two thirds have read each policy: the rest see it in their to-do list.
        for user in staff[: len(staff) * 2 // 3]:
            services_policies.policy_acknowledge(actor=user, policy=policy)
    services_exit.exit_systems_update(actor=actor, organisation=home,
                                      systems="社内メール\nファイルサーバ\nVPN\n生産管理システム")
    leaver = Person.objects.filter(organisation=home, employee_number="C0001").first()
    if leaver is not None:
        event = services.lifecycle_event_record(actor=actor, person=leaver, kind="exit",
                                                occurred_on=today - dt.timedelta(days=2), note="契約期間満了")
        services_exit.exit_checklist_update(actor=actor, checklist=event.exit_checklist, assets_returned=True,
                                            assets_note="貸与PC・入館証を返却",
                                            accounts={"社内メール": True, "ファイルサーバ": True})
    for days, speaker, channel, audience, subject, content in (
        (14, "代表取締役社長", "morning_meeting", "全従業員", "営業秘密を守ることは会社を守ること",
         "取引先から預かった図面や当社の製造ノウハウは会社の財産です。極秘・社外秘の表示を確かめ、"
         "必要な人にだけ渡してください。不自然な持ち出しに気づいたら、ためらわず窓口に知らせてください。"),
        (45, "取締役 製造本部長", "newsletter", "製造部・開発部", "内部不正防止基本方針を定めました",
         "情報セキュリティとは別に、内部不正防止の基本方針を定めました。全員が読み、確認してください。"),
    ):
        services_messages.management_message_record(
            actor=actor, organisation=home, speaker=speaker, said_on=today - dt.timedelta(days=days),
            channel=channel, audience=audience, subject=subject, content=content,
            evidence="朝礼記録簿" if channel == "morning_meeting" else "社内報")
