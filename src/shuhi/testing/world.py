"""A small world with rows of every model for every kind of owner.

The isolation test walks every model and route over this world. When you add a model, add rows
of it here for the home organisation and (if suppliers may see it) for supplier A and B: the
isolation test fails until you do, so no model escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from shuhi.accounts.services import invitation_create
from shuhi.core.roles import Role
from shuhi.jobs.services import job_enqueue
from shuhi.testing.cast import Cast, build_cast


@dataclass
class World:
    cast: Cast

    def words_of(self, organisation) -> set[str]:
        """Strings that only someone who can see `organisation`'s data could know."""
        from shuhi.core.models import Department, Project, User

        words = {organisation.name}
        words |= set(User.objects.filter(organisation=organisation).values_list("email", flat=True))
        words |= set(Department.objects.filter(organisation=organisation).values_list("name", flat=True))
        words |= set(Project.objects.filter(organisation=organisation).values_list("name", flat=True))
        from shuhi.ledger.models import InformationAsset, StorageLocation

        words |= set(InformationAsset.objects.filter(organisation=organisation).values_list("name", flat=True))
        words |= set(StorageLocation.objects.filter(organisation=organisation).values_list("name", flat=True))
        return words


def build_world() -> World:
    cast = build_cast()
    invitation_create(actor=cast.admin, email="new@home.example", full_name="新人", organisation=cast.home,
                      role=Role.EMPLOYEE, department=cast.dev)
    invitation_create(actor=cast.admin, email="new@a.example", full_name="A新人", organisation=cast.supplier_a,
                      role=Role.SUPPLIER_REP)
    invitation_create(actor=cast.security, email="new@b.example", full_name="B新人",
                      organisation=cast.supplier_b, role=Role.SUPPLIER_REP)
    from shuhi.ledger.services import asset_create, ledger_setup_defaults, location_create

    tiers = {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}
    vault = location_create(actor=cast.admin, organisation=cast.home, name="金庫サーバ", tier=tiers["top_secret"],
                            path_patterns="\\\\vault\\**")
    asset_create(actor=cast.admin, organisation=cast.home, code="W-1", name="設計秘伝書", tier=tiers["top_secret"],
                 department=cast.dev, owner=cast.owner, projects=[cast.project], locations=[vault])
    asset_create(actor=cast.admin, organisation=cast.home, code="W-2", name="販売戦略メモ", tier=tiers["confidential"],
                 department=cast.sales, projects=[cast.other_project])
    # In the employee's department but on no project of theirs: the department manager sees it,
    # the employee must not (the department path is for department managers only).
    asset_create(actor=cast.admin, organisation=cast.home, code="W-3", name="開発部内規", tier=tiers["confidential"],
                 department=cast.dev)
    from shuhi.suppliers.testing import build_supplier_world

    build_supplier_world(cast)
    from shuhi.reviews.testing import build_review_world

    build_review_world(cast)
    from shuhi.scans.testing import build_scan_world

    build_scan_world(cast)
    job_enqueue(actor=cast.security, kind="audit.verify")
    job_enqueue(actor=cast.employee, kind="core.directory_export")
    job_enqueue(actor=cast.rep_a, kind="core.directory_export")
    job_enqueue(actor=cast.rep_b, kind="core.directory_export")
    job_enqueue(actor=cast.rep_sub_a, kind="core.directory_export")
    return World(cast=cast)
