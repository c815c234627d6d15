from __future__ import annotations

from django.urls import reverse

from shuhi.core.audit.permissions import can_read_audit
from shuhi.core.permissions import role_in
from shuhi.core.registry import header_links, nav_items
from shuhi.core.roles import ADMINS


def _nav(request) -> list[dict]:
    """The main menu: entries in order, where neighbours of one group fold into a drop-down
    (`children`); a group with a single entry the user may see stays a plain entry."""
    path = request.path
    dashboard = reverse("core:dashboard")
    entries = []
    for item in nav_items(request.user):
        url = reverse(item.url_name, args=item.args)
        active = path == url or (url != dashboard and path.startswith(url))
        group = str(item.group) if item.group else None
        entry = {"label": str(item.label), "url": url, "active": active}
        if group and entries and entries[-1].get("group") == group:
            entries[-1]["children"].append(entry)
            entries[-1]["active"] = entries[-1]["active"] or active
        elif group:
            entries.append({"label": group, "group": group, "children": [entry], "active": active})
        else:
            entries.append(entry)
    return [e["children"][0] if len(e.get("children", ())) == 1 else e for e in entries]


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
