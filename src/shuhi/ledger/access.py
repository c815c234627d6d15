"""Who may change the ledger's rules and run its bulk operations (import, export, re-tiering)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from shuhi.ledger.models import LEDGER_EDITORS


def is_ledger_editor(user: Any) -> bool:
    return not user.is_supplier and user.role in LEDGER_EDITORS


def require_ledger_editor(user: Any) -> None:
    """404 for everyone else, so the pages' existence is not revealed (the API maps it to not_found)."""
    if not is_ledger_editor(user):
        raise Http404(_("Not found."))
