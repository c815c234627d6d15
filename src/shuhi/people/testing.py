"""Rows of this app's models for the isolation world, and small builders for the app's tests.

The home organisation: the pledge templates, the employee (linked to his account, on 新製品 in
開発部) with a hire event and its acknowledged hiring pledge, a contract member of staff without a
log-in (who has left: an open exit checklist), and the sales employee with a sent exit pledge after
a notice of leaving; the three policies, one management message. Suppliers A and B
and A's sub-supplier each have one member of
staff on site.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuhi.people import services, services_exit, services_messages, services_policies
from shuhi.people.models import Person


def build_people_world(cast) -> None:
    home, today = cast.home, timezone.localdate()
    services.pledge_templates_setup_defaults(actor=cast.hr, organisation=home)
    employee = services.person_create(actor=cast.hr, organisation=home, user=cast.employee, employee_number="E-1",
                                      name="社員 健一", email=cast.employee.email, department=cast.dev,
                                      projects=[cast.project])
    hire = services.lifecycle_event_record(actor=cast.hr, person=employee, kind="hire",
                                           occurred_on=today - dt.timedelta(days=10))
    pledge = services.pledge_send(actor=cast.hr, pledge=hire.pledges.get())
    services.pledge_acknowledge(actor=cast.employee, pledge=pledge)
    contract = services.person_create(actor=cast.hr, organisation=home, employee_number="C-1", name="契約 一郎",
                                      kind=Person.Kind.CONTRACT, department=cast.dev)
    seller = services.person_create(actor=cast.hr, organisation=home, user=cast.sales_employee,
                                    employee_number="E-2", name="営業 花子", department=cast.sales,
                                    projects=[cast.other_project])
    notice = services.lifecycle_event_record(actor=cast.hr, person=seller, kind="leave_notice",
                                             occurred_on=today + dt.timedelta(days=20))
    services.pledge_send(actor=cast.hr, pledge=notice.pledges.get())
    services.person_create(actor=cast.hr, organisation=cast.supplier_a, employee_number="A-1", name="常駐 アルファ")
    services.person_create(actor=cast.hr, organisation=cast.supplier_b, employee_number="B-1", name="常駐 ベータ")
    services.person_create(actor=cast.hr, organisation=cast.sub_supplier_a, employee_number="G-1", name="常駐 ガンマ")
    build_policies_exits_messages(cast, contract)


def build_policies_exits_messages(cast, leaver: Person) -> None:
    """The three policies (the employee acknowledged the insider-fraud policy), the systems an exit
    closes and the contract member's exit with its open checklist, and one management message."""
    policies = services_policies.policies_setup_defaults(actor=cast.hr, organisation=cast.home)
    insider = next(p for p in policies if p.kind == "insider_fraud")
    services_policies.policy_acknowledge(actor=cast.employee, policy=insider)
    services_policies.policy_acknowledge(actor=cast.owner, policy=insider)
    services_exit.exit_systems_update(actor=cast.admin, organisation=cast.home, systems="社内メール\nファイルサーバ")
    services.lifecycle_event_record(actor=cast.hr, person=leaver, kind="exit",
                                    occurred_on=timezone.localdate() - dt.timedelta(days=1))
    services_messages.management_message_record(
        actor=cast.hr, organisation=cast.home, speaker="代表取締役 港 太郎", speaker_title="代表取締役",
        said_on=timezone.localdate() - dt.timedelta(days=3), channel="morning_meeting", audience="全従業員",
        subject="営業秘密を守ることは会社を守ること", content="取引先から預かった図面は社外秘以上として扱うこと。")
