"""Small helpers shared by the views of every app."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from shuhi.core.permissions import PermissionDenied

PAGE_SIZE = 50


def gated(model: type) -> Callable:
    """Marks a view that takes `pk` as reading `model` through the gate.

    The isolation test finds every such URL and proves that objects out of reach give 404.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(str(exc)) from exc

        wrapper.gate_model = model  # type: ignore[attr-defined]
        return wrapper

    return decorate


def page_for(allowed: bool) -> None:
    """404 for users a page is not for, so that its existence is not revealed."""
    if not allowed:
        raise Http404(_("Not found."))


def paginate(request: HttpRequest, queryset: Any, per_page: int = PAGE_SIZE) -> dict[str, Any]:
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    base = params.urlencode()
    return {"page_obj": page, "querystring_base": f"{base}&" if base else ""}


def attach_errors(form: Any, exc: Any, default_field: str | None = None) -> None:
    """Puts a service's ValidationError next to the fields it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(default_field, exc.messages)


def safe_next(request: HttpRequest, fallback: str = "core:dashboard") -> str:
    """The `next` the request names if it stays on this site, else `fallback` (never an open redirect)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return resolve_url(fallback)
