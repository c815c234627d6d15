from django.urls import path

from shuhi.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.jobs, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("start/audit-verify/", views.start_audit_verify, name="audit_verify"),
]
