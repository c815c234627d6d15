"""The cast every test shares (DESIGN.md): an outsourcer admin, an asset owner, an employee,
a supplier representative of supplier A and one of supplier B who must see none of A's data."""

from __future__ import annotations

from dataclasses import dataclass

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from shuhi.accounts.services import api_token_create
from shuhi.core.models import Department, Organisation, Project, User
from shuhi.core.permissions import SystemActor
from shuhi.core.roles import Role
from shuhi.core.services import department_create, organisation_create, project_create, user_create

# Fixtures and test set-up act as the installation itself, as the CLI and demo loader do.
SYSTEM_TEST = SystemActor("test")
PASSWORD = "correct-horse-battery-9"  # noqa: S105 — the cast's shared test password


@dataclass
class Cast:
    home: Organisation
    supplier_a: Organisation
    supplier_b: Organisation
    sub_supplier_a: Organisation
    dev: Department
    sales: Department
    project: Project
    other_project: Project
    admin: User
    security: User
    owner: User
    hr: User
    auditor: User
    employee: User
    sales_employee: User
    rep_a: User
    rep_b: User
    rep_sub_a: User


def build_cast() -> Cast:
    actor = SYSTEM_TEST
    home = organisation_create(actor=actor, name="委託元株式会社", kind=Organisation.Kind.HOME)
    supplier_a = organisation_create(actor=actor, name="アルファ工業")
    supplier_b = organisation_create(actor=actor, name="ベータ精密")
    sub_a = organisation_create(actor=actor, name="ガンマ金型", parent=supplier_a)
    dev = department_create(actor=actor, organisation=home, name="開発部")
    sales = department_create(actor=actor, organisation=home, name="営業部")
    project = project_create(actor=actor, organisation=home, name="新製品", department=dev)
    other = project_create(actor=actor, organisation=home, name="販路", department=sales)

    def make(email, role, org, dept=None, projects=None):
        return user_create(actor=actor, email=email, full_name=email.split("@")[0], organisation=org,
                           role=role, password=PASSWORD, department=dept, projects=projects)

    return Cast(
        home=home, supplier_a=supplier_a, supplier_b=supplier_b, sub_supplier_a=sub_a, dev=dev, sales=sales,
        project=project, other_project=other,
        admin=make("admin@home.example", Role.ADMIN, home),
        security=make("security@home.example", Role.SECURITY_MANAGER, home),
        owner=make("owner@home.example", Role.DEPT_MANAGER, home, dev),
        hr=make("hr@home.example", Role.HR, home),
        auditor=make("auditor@home.example", Role.AUDITOR, home),
        employee=make("employee@home.example", Role.EMPLOYEE, home, dev, [project]),
        sales_employee=make("sales@home.example", Role.EMPLOYEE, home, sales, [other]),
        rep_a=make("rep@a.example", Role.SUPPLIER_REP, supplier_a),
        rep_b=make("rep@b.example", Role.SUPPLIER_REP, supplier_b),
        rep_sub_a=make("rep@a1.example", Role.SUPPLIER_REP, sub_a),
    )


def confirmed_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def sign_in(client, user: User) -> None:
    client.force_login(user)
    if user.two_factor_required or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
        session.save()


def api_client(user: User) -> APIClient:
    client = APIClient()
    _instance, token = api_token_create(actor=SYSTEM_TEST, user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client
