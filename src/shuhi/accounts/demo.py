"""Demo invitations: one open link for a new engineer and one for a second supplier representative."""

from __future__ import annotations

from shuhi.accounts.services import invitation_create
from shuhi.core.models import Department, Organisation, User
from shuhi.core.roles import ADMINS, Role


def load_demo_invitations(home: Organisation) -> None:
    admin = User.objects.filter(organisation=home, role__in=ADMINS).order_by("pk").first()
    development = Department.objects.filter(organisation=home, name="開発部").first()
    supplier = Organisation.objects.filter(name="山田精工株式会社").first()
    if admin is None or supplier is None:
        return
    invitation_create(actor=admin, email="new.engineer@minato-seiki.example", full_name="新人 優",
                      organisation=home, role=Role.EMPLOYEE, department=development)
    invitation_create(actor=admin, email="second@yamada-seiko.example", full_name="山田 二郎",
                      organisation=supplier, role=Role.SUPPLIER_REP)
