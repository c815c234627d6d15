from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from shuhi.core.roles import FULL_VIEW_ROLES, Role


def _nav(request) -> list[dict]:
    user = request.user
    if user.is_supplier:
        items = [(_("Dashboard"), reverse("core:dashboard")), (_("Assessments"), reverse("suppliers:portal"))]
    else:
        items = [
            (_("Dashboard"), reverse("core:dashboard")),
            (_("Ledger"), reverse("ledger:list")),
            (_("Suppliers"), reverse("suppliers:list")),
            (_("Disclosures"), reverse("core:area", args=["disclosures"])),
            (_("People & pledges"), reverse("core:people")),
            (_("Reports & incidents"), reverse("core:area", args=["incidents"])),
            (_("Log review"), reverse("reviews:list")),
        ]
    path = request.path
    dashboard = reverse("core:dashboard")
    return [
        {"label": label, "url": url, "active": path == url or (url != dashboard and path.startswith(url))}
        for label, url in items
    ]


def shell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"shell": {}}
    return {
        "shell": {
            "nav": _nav(request),
            "can_audit": user.role in FULL_VIEW_ROLES,
            "can_admin": user.role == Role.ADMIN,
        }
    }
