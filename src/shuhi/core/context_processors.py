from __future__ import annotations

from django.urls import reverse

from shuhi.core.audit.permissions import can_read_audit
from shuhi.core.permissions import role_in
from shuhi.core.registry import header_links, nav_items
from shuhi.core.roles import ADMINS


def _nav(request) -> list[dict]:
    path = request.path
    dashboard = reverse("core:dashboard")
    items = [(str(item.label), reverse(item.url_name, args=item.args)) for item in nav_items(request.user)]
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
            "can_audit": can_read_audit(user),
            "can_admin": role_in(user, ADMINS),
            "header": [{**link, "url": reverse(link["url_name"])} for link in header_links(user)],
        }
    }
