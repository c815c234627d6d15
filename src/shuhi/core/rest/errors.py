"""One error format for the whole API: {"error": {"code", "message", "fields"}}.

Every exception a view raises ends here, the unexpected ones too: they are logged with their
traceback on the server and answered with a 500 "server_error" that says nothing about the
code, never with Django's HTML error page.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from shuhi.core.permissions import PermissionDenied

logger = logging.getLogger("shuhi.api")


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Field errors as {"field": [messages]}; nested ones under dotted names ("assets.1", "error.code")."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            fields.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list):
        messages = [str(item) for item in detail if not isinstance(item, (dict, list))]
        if messages:
            fields[prefix or "non_field_errors"] = messages
        for item in detail:
            if isinstance(item, (dict, list)):
                fields.update(_flatten(item, prefix))
    elif detail is not None:
        fields[prefix or "non_field_errors"] = [str(detail)]
    return fields


def error_response(code: str, message: str, http_status: int, fields: dict | None = None) -> Response:
    return Response({"error": {"code": code, "message": message, "fields": fields or {}}}, status=http_status)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {}
        message = _("The request has invalid values.") if fields else " ".join(exc.messages)
        return error_response("invalid", message, status.HTTP_400_BAD_REQUEST, fields)
    if isinstance(exc, Http404):
        return error_response("not_found", _("Not found."), status.HTTP_404_NOT_FOUND)
    if isinstance(exc, (PermissionDenied, DjangoPermissionDenied)):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return server_error(exc, context)
    detail = getattr(exc, "detail", None)
    fields = _flatten(detail) if isinstance(exc, exceptions.ValidationError) else {}
    if isinstance(exc, exceptions.ValidationError):
        message = _("The request has invalid values.")
        code = "invalid"
    else:
        message = str(detail) if detail is not None else str(exc)
        codes = exc.get_codes() if hasattr(exc, "get_codes") else "error"
        code = codes if isinstance(codes, str) else "error"
    response.data = {"error": {"code": code, "message": message, "fields": fields}}
    return response


def server_error(exc: BaseException, context: dict) -> Response:
    """A 500 in the API's format; the traceback goes to the server's log only."""
    request = context.get("request")
    logger.error("Unhandled error in %s %s", getattr(request, "method", "?"), getattr(request, "path", "?"),
                 exc_info=(type(exc), exc, exc.__traceback__))
    set_rollback()
    return error_response("server_error", _("Something went wrong on the server. The error has been logged."),
                          status.HTTP_500_INTERNAL_SERVER_ERROR)


@csrf_exempt  # it changes nothing; without this a POST would get the CSRF failure page, in HTML
def api_not_found(request, *args, **kwargs):
    """Any path under /api/v1/ that names no route: the API's 404, not the site's HTML page."""
    return JsonResponse({"error": {"code": "not_found", "message": _("Not found."), "fields": {}}}, status=404)
