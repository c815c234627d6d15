"""/api/v1/docs/: the schema rendered by Redoc, served from our own static files.

drf-spectacular's page loads Redoc and web fonts from a CDN, which the site's Content-Security-
Policy (script-src 'self') blocks, and users may be offline: the page was blank. Here Redoc is
the copy in static/vendor/redoc/ (from the drf-spectacular-sidecar package pinned in
pyproject.toml) and no font is fetched.

Redoc writes its styles into <style> elements as it loads (perfect-scrollbar, then
styled-components), before any nonce could reach it, so this one page allows inline styles
(style-src 'unsafe-inline'), and it runs its search in a worker it makes from a blob
(worker-src blob:). Scripts stay 'self' only, and the page shows nothing but the API's own public
schema, so an injected style has nothing to restyle or exfiltrate. The one thing still refused is
the little Redocly logo its footer loads from Redocly's CDN.
"""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

REDOC_JS = "vendor/redoc/redoc.standalone.js"

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{icon}">
</head>
<body>
<redoc spec-url="{schema}"></redoc>
<script src="{redoc}"></script>
</body>
</html>
"""


@require_GET
@csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})
def api_docs(request):
    html = format_html(
        PAGE, lang=get_language() or "ja", title=settings.SPECTACULAR_SETTINGS.get("TITLE", "API"),
        icon=static("shuhi/favicon.svg"), schema=reverse("api-schema"), redoc=static(REDOC_JS),
    )
    return HttpResponse(html, content_type="text/html; charset=utf-8")
