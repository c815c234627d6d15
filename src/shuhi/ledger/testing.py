"""Ledger rows for the isolation world: tiers and rules, a vault location and assets of two
departments, one of them on no project (the department path is for department managers only)."""

from __future__ import annotations

from shuhi.ledger.services import asset_create, ledger_setup_defaults, location_create


def build_ledger_world(cast) -> None:
    tiers = {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}
    vault = location_create(actor=cast.admin, organisation=cast.home, name="金庫サーバ", tier=tiers["top_secret"],
                            path_patterns="\\\\vault\\**")
    asset_create(actor=cast.admin, organisation=cast.home, code="W-1", name="設計秘伝書", tier=tiers["top_secret"],
                 department=cast.dev, owner=cast.owner, projects=[cast.project], locations=[vault])
    asset_create(actor=cast.admin, organisation=cast.home, code="W-2", name="販売戦略メモ", tier=tiers["confidential"],
                 department=cast.sales, projects=[cast.other_project])
    asset_create(actor=cast.admin, organisation=cast.home, code="W-3", name="開発部内規", tier=tiers["confidential"],
                 department=cast.dev)
