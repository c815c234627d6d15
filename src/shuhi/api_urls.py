"""/api/v1/: every app's `routes` on one router, the schema and its browsable docs.

Top-level, beside shuhi/urls.py: it gathers the apps' api modules, which build on shuhi.api, so
shuhi.api itself imports no app. Apps are found through INSTALLED_APPS: a new app's api.py is
routed without touching this file.
"""

import importlib

from django.conf import settings
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from shuhi.core.api import me
from shuhi.core.rest.docs import api_docs
from shuhi.core.rest.errors import api_not_found


def _api_modules():
    for app in settings.INSTALLED_APPS:
        if not app.startswith("shuhi."):
            continue
        try:
            yield importlib.import_module(f"{app}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.api":
                raise


router = DefaultRouter()
for module in _api_modules():
    for prefix, viewset in getattr(module, "routes", []):
        router.register(prefix, viewset, basename=prefix)

urlpatterns = [
    path("me/", me, name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", api_docs, name="api-docs"),
    path("", include(router.urls)),
    # Last: a path that names no route answers the API's JSON 404, not the site's HTML page. Only
    # paths ending in "/", so that APPEND_SLASH still redirects "/api/v1/users" to its route.
    re_path(r"^.*/$", api_not_found),
]
