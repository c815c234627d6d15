from django.urls import path

from shuhi.scans import views

app_name = "scans"
urlpatterns = [
    path("", views.scan_index, name="index"),
    path("<int:pk>/", views.run_detail, name="detail"),
]
