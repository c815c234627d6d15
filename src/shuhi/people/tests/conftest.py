"""Fixtures shared by the people register's tests: a small ledger, the default templates, people."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class Register:
    tiers: dict
    vault: object  # 金庫サーバ, 極秘
    share: object  # 開発共有, 社外秘
    top: object  # W-1 極秘, 開発部, 新製品, in the vault
    drawing: object  # W-3 社外秘, 開発部 (no project), on the share
    open_memo: object  # W-9 一般, 開発部, 新製品: below the templates' tier
    sales: object  # S-1 社外秘, 営業部, 販路
    employee: object  # person linked to cast.employee: 開発部, 新製品
    contractor: object  # person without an account: 開発部, no project


@pytest.fixture
def register(cast):
    from shuhi.ledger.services import asset_create, ledger_setup_defaults, location_create
    from shuhi.people import services

    tiers = {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}
    vault = location_create(actor=cast.admin, organisation=cast.home, name="金庫サーバ", tier=tiers["top_secret"])
    share = location_create(actor=cast.admin, organisation=cast.home, name="開発共有", tier=tiers["confidential"])

    def asset(code, name, tier, department, projects=(), locations=()):
        return asset_create(actor=cast.admin, organisation=cast.home, code=code, name=name, tier=tiers[tier],
                            department=department, projects=list(projects), locations=list(locations))

    top = asset("W-1", "設計秘伝書", "top_secret", cast.dev, [cast.project], [vault])
    drawing = asset("W-3", "金型図面", "confidential", cast.dev, locations=[share])
    memo = asset("W-9", "社内報", "public", cast.dev, [cast.project])
    sales = asset("S-1", "販売戦略メモ", "confidential", cast.sales, [cast.other_project])
    services.pledge_templates_setup_defaults(actor=cast.hr, organisation=cast.home)
    employee = services.person_create(actor=cast.hr, organisation=cast.home, user=cast.employee,
                                      employee_number="E-1", name="社員 健一", department=cast.dev,
                                      projects=[cast.project])
    contractor = services.person_create(actor=cast.hr, organisation=cast.home, employee_number="C-1",
                                        name="契約 一郎", kind="contract", department=cast.dev)
    return Register(tiers=tiers, vault=vault, share=share, top=top, drawing=drawing, open_memo=memo, sales=sales,
                    employee=employee, contractor=contractor)


def sent_pledge(cast, person, kind="exit"):
    """A pledge of `kind` drafted by an event and sent by HR."""
    import datetime as dt

    from django.utils import timezone

    from shuhi.people import services

    event_kind = {"exit": "leave_notice", "hire": "hire", "transfer": "transfer"}[kind]
    extra = {"department": cast.dev} if kind == "transfer" else {}
    event = services.lifecycle_event_record(actor=cast.hr, person=person, kind=event_kind,
                                            occurred_on=timezone.localdate() + dt.timedelta(days=1), **extra)
    return services.pledge_send(actor=cast.hr, pledge=event.pledges.get())
