"""Rows of this app's models for the isolation world, and small builders for the app's tests.

The home organisation: the pledge templates, the employee (linked to his account, on 新製品 in
開発部) with a hire event and its acknowledged hiring pledge, a contract member of staff without a
log-in, and the sales employee with a sent exit pledge after a notice of leaving. Suppliers A and B
and A's sub-supplier each have one member of
staff on site.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuhi.people import services
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
    services.person_create(actor=cast.hr, organisation=home, employee_number="C-1", name="契約 一郎",
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
