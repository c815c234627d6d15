from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("", include("shuhi.core.urls")),
    path("accounts/", include("shuhi.accounts.urls")),
    path("audit/", include("shuhi.core.audit.urls")),
    path("jobs/", include("shuhi.jobs.urls")),
    path("ledger/", include("shuhi.ledger.urls")),
    path("suppliers/", include("shuhi.suppliers.urls")),
    path("disclosures/", include("shuhi.disclosures.urls")),
    path("reviews/", include("shuhi.reviews.urls")),
    path("people/", include("shuhi.people.urls")),
    path("training/", include("shuhi.training.urls")),
    path("incidents/", include("shuhi.incidents.urls")),
    path("scans/", include("shuhi.scans.urls")),
    path("notifications/", include("shuhi.notifications.urls")),
    path("risks/", include("shuhi.risks.urls")),
    path("reports/", include("shuhi.reports.urls")),
    path("api/v1/", include("shuhi.api_urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]
