"""Reads for organisations and people, always through the permission gate."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from shuhi.core.models import Department, Organisation, Project, User


def organisation_list(*, user: User) -> QuerySet[Organisation]:
    return Organisation.objects.visible_to(user).select_related("parent")


def supplier_tree(*, user: User) -> list[tuple[Organisation, int]]:
    """Suppliers in tree order with their depth, so sub-suppliers show under their parent."""
    suppliers = list(organisation_list(user=user).filter(kind=Organisation.Kind.SUPPLIER))
    children: dict[int | None, list[Organisation]] = {}
    ids = {s.pk for s in suppliers}
    for supplier in suppliers:
        parent = supplier.parent_id if supplier.parent_id in ids else None
        children.setdefault(parent, []).append(supplier)
    ordered: list[tuple[Organisation, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for supplier in sorted(children.get(parent, []), key=lambda s: s.name):
            ordered.append((supplier, depth))
            walk(supplier.pk, depth + 1)

    walk(None, 0)
    return ordered


def department_list(*, user: User) -> QuerySet[Department]:
    return Department.objects.visible_to(user).annotate(member_count=Count("members"))


def project_list(*, user: User) -> QuerySet[Project]:
    return Project.objects.visible_to(user).select_related("department")


def user_list(*, user: User) -> QuerySet[User]:
    return User.objects.visible_to(user).select_related("organisation", "department")


def supplier_figures(*, user: User) -> dict[str, int]:
    suppliers = organisation_list(user=user).filter(kind=Organisation.Kind.SUPPLIER)
    return {"supplier_count": suppliers.count(),
            "sub_supplier_count": suppliers.filter(parent__isnull=False).count()}


def people_figures(*, user: User) -> dict[str, int]:
    return {"people_count": user_list(user=user).filter(organisation__kind=Organisation.Kind.HOME).count(),
            "department_count": department_list(user=user).count(),
            "project_count": project_list(user=user).count()}
