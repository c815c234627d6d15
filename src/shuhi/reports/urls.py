from django.urls import path

from shuhi.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators/<str:key>/", views.indicator_detail, name="indicator"),
    path("monthly/", views.report_list, name="reports"),
    path("monthly/generate/", views.report_generate, name="generate"),
    path("monthly/<int:pk>/download/", views.report_download, name="download"),
]
