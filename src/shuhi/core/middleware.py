"""Requests refused at the door, the same way on every database."""

from __future__ import annotations

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

FORM_TYPES = {"application/x-www-form-urlencoded"}


def _holds_nul(values) -> bool:
    return any("\x00" in value for key in values for value in [key, *values.getlist(key)])


class RefuseNulCharactersMiddleware:
    """400 for a query string or a form that holds a NUL character.

    PostgreSQL can neither store nor compare text with NUL in it, so such a filter ended as a
    server error deep in a query, while SQLite simply found nothing. Form and serializer fields
    already refuse NUL (Django's ProhibitNullCharactersValidator); this covers the values views
    read directly. Multipart bodies are left to their forms, so that no upload is parsed early.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        form = request.method == "POST" and request.content_type in FORM_TYPES
        if _holds_nul(request.GET) or (form and _holds_nul(request.POST)):
            message = _("The request holds a NUL character, which is not allowed.")
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "invalid", "message": message, "fields": {}}}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
