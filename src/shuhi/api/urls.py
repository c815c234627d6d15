"""/api/v1/: every app's `routes` on one router, the schema and its browsable docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import DefaultRouter

from shuhi.audit import api as audit_api
from shuhi.core import api as core_api
from shuhi.jobs import api as jobs_api
from shuhi.ledger import api as ledger_api
from shuhi.reviews import api as reviews_api
from shuhi.scans import api as scans_api
from shuhi.suppliers import api as suppliers_api

router = DefaultRouter()
for module in (core_api, audit_api, jobs_api, ledger_api, suppliers_api, scans_api, reviews_api):
    for prefix, viewset in module.routes:
        router.register(prefix, viewset, basename=prefix)

urlpatterns = [
    path("me/", core_api.me, name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
