"""Fixtures of training's tests: the default ledger, the two shipped modules, two people."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass
class Setup:
    secrets: object  # 営業秘密はなぜ大切か
    rules: object  # 当社の情報の格付けルール
    employee: object  # person linked to cast.employee, 開発部
    seller: object  # person linked to cast.sales_employee, 営業部
    contractor: object  # person without an account, 開発部
    onsite_a: object  # supplier A's staff on site
    onsite_b: object  # supplier B's staff on site


@pytest.fixture
def training(cast):
    from shuhi.ledger.services import ledger_setup_defaults
    from shuhi.people.services import person_create
    from shuhi.training import services
    from shuhi.training.models import Module

    ledger_setup_defaults(actor=cast.admin, organisation=cast.home)
    services.training_setup_defaults(actor=cast.hr, organisation=cast.home)

    def person(org, number, name, **extra):
        return person_create(actor=cast.hr, organisation=org, employee_number=number, name=name, **extra)

    return Setup(
        secrets=Module.objects.get(code="trade-secrets"), rules=Module.objects.get(code="classification-rules"),
        employee=person(cast.home, "E-1", "社員 健一", user=cast.employee, department=cast.dev),
        seller=person(cast.home, "E-2", "営業 花子", user=cast.sales_employee, department=cast.sales),
        contractor=person(cast.home, "C-1", "契約 一郎", kind="contract", department=cast.dev),
        onsite_a=person(cast.supplier_a, "A-1", "常駐 アルファ"),
        onsite_b=person(cast.supplier_b, "B-1", "常駐 ベータ"),
    )
