"""Demo data for the people register: people of every kind, a hire and an exit with their pledges.

Runs after the ledger's demo data (order 40), so that pledges name the demo ledger's assets. What it
shows: every home account registered as a person (employees, with the linked log-in), a contract
and a dispatched member of staff without a log-in, two of 山田精工's staff on site; the default
pledge templates; a hire of the demo employee whose hiring pledge was acknowledged electronically,
and a notice of leaving whose exit pledge names the department's secrets and is sent, waiting
(`shuhi pledges pending --json` lists it). Every write goes through the services.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuhi.core.models import Organisation, User
from shuhi.core.permissions import SYSTEM_DEMO
from shuhi.people import services
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
