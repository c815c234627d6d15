"""Demo ledger for the fictional manufacturer: tiers, criteria, storage locations and ~30 assets."""

from __future__ import annotations

import random
from datetime import date, timedelta

from shuhi.core.models import Department, Organisation, Project, User
from shuhi.core.permissions import SYSTEM_DEMO
from shuhi.ledger.models import InformationAsset, StorageLocation, Tier
from shuhi.ledger.services import asset_create, ledger_setup_defaults, location_create

LOCATIONS = [
    ("設計ファイルサーバ（極秘）", "shared_folder", "top_secret", "\\\\fs01\\極秘\\**\nR:\\極秘\\**", "開発部 設計G"),
    ("部門共有フォルダ（社外秘）", "shared_folder", "confidential", "\\\\fs01\\社外秘\\**", "全社員"),
    ("全社共有フォルダ", "shared_folder", "public", "\\\\fs01\\共有\\**", "全社員"),
    ("販売管理システム", "business_system", "confidential", "https://sales.minato-seiki.example/**", "営業部"),
    ("委託先共有クラウド", "cloud_drive", "confidential", "https://box.example.com/minato/**", "開発部, 委託先"),
    ("人事キャビネット（施錠）", "cabinet", "top_secret", "", "人事担当"),
]
ASSETS = [
    ("減速機 3D設計データ", "technical", "top_secret", "開発部", True, False, ["設計ファイルサーバ（極秘）"]),
    ("熱処理条件表", "production", "top_secret", "製造部", True, False, ["設計ファイルサーバ（極秘）"]),
    ("金型図面（委託先提供用）", "technical", "confidential", "開発部", True, False, ["委託先共有クラウド"]),
    ("主要顧客別 価格表", "sales", "confidential", "営業部", True, False, ["販売管理システム"]),
    ("顧客連絡先リスト", "personal", "confidential", "営業部", False, True, ["販売管理システム"]),
    ("従業員人事評価", "personal", "top_secret", "管理部", False, True, ["人事キャビネット（施錠）"]),
    ("製造原価計算書", "management", "confidential", "管理部", True, False, ["部門共有フォルダ（社外秘）"]),
    ("品質検査手順書", "production", "confidential", "製造部", False, False, ["部門共有フォルダ（社外秘）"]),
    ("会社案内パンフレット", "sales", "public", "営業部", False, False, ["全社共有フォルダ"]),
    ("試作評価レポート", "technical", "confidential", "開発部", True, False, ["全社共有フォルダ"]),
    ("ソースコード（制御基板）", "technical", "top_secret", "情報システム部", True, False,
     ["設計ファイルサーバ（極秘）"]),
    ("中期経営計画", "management", "top_secret", "管理部", True, False, ["部門共有フォルダ（社外秘）"]),
]


def load_demo_ledger(*, home: Organisation, seed: int = 7) -> None:
    rng = random.Random(seed)
    actor = SYSTEM_DEMO
    tiers = {t.key: t for t in ledger_setup_defaults(actor=actor, organisation=home)}
    locations = {}
    for name, kind, tier, patterns, groups in LOCATIONS:
        locations[name] = location_create(actor=actor, organisation=home, name=name, kind=kind, tier=tiers[tier],
                                          path_patterns=patterns, access_groups=groups)
    departments = {d.name: d for d in Department.objects.filter(organisation=home)}
    owners = {d: User.objects.filter(department=departments[d]).order_by("pk").first() for d in departments}
    projects = list(Project.objects.filter(organisation=home))
    today = date.today()
    for index, (name, category, tier, dept, secret, personal, where) in enumerate(ASSETS, start=1):
        # Some rows are left incomplete on purpose, so the self-check has something to find.
        incomplete = index % 5 == 0
        asset_create(
            actor=actor, organisation=home, code=f"A-{index:04d}", name=name, category=category,
            tier=tiers[tier], is_trade_secret=secret, is_personal_data=personal, department=departments[dept],
            owner=None if incomplete else owners[dept],
            retention=InformationAsset.Retention.YEARS, retention_years=rng.choice([3, 5, 7, 10]),
            disposal_method="" if incomplete else rng.choice(["シュレッダー", "溶解処理", "データ完全消去"]),
            likelihood=rng.randint(1, 5), impact=rng.randint(2, 5),
            label_status=rng.choice(["applied", "applied", "not_applied"]) if tier != "public" else "not_needed",
            usefulness_reason="製品の競争力の源泉" if secret else "",
            non_public_reason="社外に公開していない" if secret else "",
            review_date=today + timedelta(days=rng.randint(-60, 300)),
            projects=[p for p in projects if p.department_id == departments[dept].pk],
            locations=[locations[w] for w in where],
        )


def ledger_counts(home: Organisation) -> dict[str, int]:
    return {
        "tiers": Tier.objects.filter(organisation=home).count(),
        "locations": StorageLocation.objects.filter(organisation=home).count(),
        "assets": InformationAsset.objects.filter(organisation=home).count(),
    }
