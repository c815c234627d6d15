"""Demo data: a fictional precision-parts manufacturer, its staff and its supply chain.

All names are invented. Every write goes through the services, so the demo also fills the audit
log exactly as real use would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from shuhi.core.models import Organisation, User
from shuhi.core.permissions import SYSTEM_DEMO
from shuhi.core.registry import demo_loaders
from shuhi.core.roles import Role
from shuhi.core.services import (
    department_create,
    home_organisation,
    organisation_create,
    project_create,
    user_create,
)

DEMO_PASSWORD = "shuhi-demo-2026"  # noqa: S105 — printed for the demo on purpose
HOME_NAME = "株式会社みなと精機"
DEPARTMENTS = [("開発部", "DEV"), ("製造部", "MFG"), ("営業部", "SLS"), ("管理部", "ADM"), ("情報システム部", "ITS")]
PROJECTS = [
    ("次世代減速機 開発", "P-101", "開発部"),
    ("医療機器向け精密部品 量産", "P-202", "製造部"),
    ("海外販路拡大", "P-303", "営業部"),
]
SUPPLIERS = [
    ("山田精工株式会社", None),
    ("有限会社佐藤製作所", None),
    ("株式会社ネクストデザイン", None),
    ("東都ロジスティクス株式会社", None),
    ("鈴木金型工業", "山田精工株式会社"),
]
FAMILY = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田",
          "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水"]
GIVEN = ["太郎", "花子", "健一", "美咲", "翔太", "陽子", "大輔", "由美", "直樹", "恵", "拓也", "彩",
         "誠", "真由美", "亮", "舞", "和也", "裕子", "悠人", "さくら"]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    organisation: str
    name: str


DEMO_USERS = [
    ("admin@minato-seiki.example", "管理 太郎", Role.ADMIN, None),
    ("security@minato-seiki.example", "情報 守", Role.SECURITY_MANAGER, "管理部"),
    ("owner@minato-seiki.example", "開発 部長", Role.DEPT_MANAGER, "開発部"),
    ("hr@minato-seiki.example", "人事 花子", Role.HR, "管理部"),
    ("auditor@minato-seiki.example", "監査 一郎", Role.AUDITOR, "管理部"),
    ("employee@minato-seiki.example", "社員 健一", Role.EMPLOYEE, "開発部"),
]
SUPPLIER_USERS = {
    "山田精工株式会社": ("rep@yamada-seiko.example", "山田 一郎"),
    "有限会社佐藤製作所": ("rep@sato-ss.example", "佐藤 次郎"),
    "株式会社ネクストデザイン": ("rep@nextdesign.example", "中村 綾"),
    "東都ロジスティクス株式会社": ("rep@toto-logi.example", "木村 亮"),
    "鈴木金型工業": ("rep@suzuki-kanagata.example", "鈴木 誠"),
}


def demo_logins() -> list[DemoLogin]:
    emails = [email for email, *_ in DEMO_USERS] + [email for email, _ in SUPPLIER_USERS.values()]
    users = User.objects.filter(email__in=emails).select_related("organisation")
    by_email = {u.email: u for u in users}
    return [
        DemoLogin(e, by_email[e].get_role_display(), by_email[e].organisation.name, by_email[e].full_name)
        for e in emails if e in by_email
    ]


@transaction.atomic
def load_demo(*, employees: int = 50, seed: int = 2026) -> bool:
    """Load the demo; returns False (and changes nothing) when a home organisation already exists."""
    if home_organisation() is not None:
        return False
    rng = random.Random(seed)
    actor = SYSTEM_DEMO
    home = organisation_create(actor=actor, name=HOME_NAME, kind=Organisation.Kind.HOME)
    departments = {name: department_create(actor=actor, organisation=home, name=name, code=code)
                   for name, code in DEPARTMENTS}
    projects = {name: project_create(actor=actor, organisation=home, name=name, code=code,
                                     department=departments[dept])
                for name, code, dept in PROJECTS}
    project_list = list(projects.values())
    for email, name, role, dept in DEMO_USERS:
        department = departments.get(dept) if dept else None
        member_of = [p for p in project_list if p.department_id == getattr(department, "pk", None)]
        user_create(actor=actor, email=email, full_name=name, organisation=home, role=role,
                    password=DEMO_PASSWORD, department=department, projects=member_of)
    dept_list = list(departments.values())
    for index in range(employees - len(DEMO_USERS)):
        department = dept_list[index % len(dept_list)]
        name = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"
        member_of = [p for p in project_list if p.department_id == department.pk and rng.random() < 0.7]
        user_create(actor=actor, email=f"staff{index + 1:03d}@minato-seiki.example", full_name=name,
                    organisation=home, role=Role.EMPLOYEE, department=department, projects=member_of)
    suppliers: dict[str, Organisation] = {}
    for name, parent in SUPPLIERS:
        suppliers[name] = organisation_create(actor=actor, name=name, parent=suppliers.get(parent))
        email, person = SUPPLIER_USERS[name]
        user_create(actor=actor, email=email, full_name=person, organisation=suppliers[name],
                    role=Role.SUPPLIER_REP, password=DEMO_PASSWORD)
    # Each app adds its own demo data (registered from its AppConfig.ready()), in their order.
    for loader in demo_loaders():
        loader.load(home)
    return True
