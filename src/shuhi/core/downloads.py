"""Downloads are private: no browser, proxy or shared cache keeps a copy.

Exports of the ledger and the audit log, questionnaire workbooks, PDF reports and evidence files
hold trade secrets and personal data. `private_download` marks a response `Cache-Control:
private, no-store`; the middleware applies it to every response that is an attachment, so a
download added later is covered without anyone remembering to.
"""

from __future__ import annotations

from django.utils.cache import patch_cache_control

PRIVATE = {"private": True, "no_store": True}


def is_download(response) -> bool:
    return response.get("Content-Disposition", "").lower().startswith("attachment")


def private_download(response):
    """Mark `response` as never to be stored by any cache; returns it."""
    patch_cache_control(response, **PRIVATE)
    # patch_cache_control keeps a "public" or "max-age" set earlier; a download has neither.
    directives = [d.strip() for d in response["Cache-Control"].split(",")]
    response["Cache-Control"] = ", ".join(d for d in directives if d.lower() != "public"
                                          and not d.lower().startswith(("max-age", "s-maxage")))
    return response


class PrivateDownloadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        return private_download(response) if is_download(response) else response
