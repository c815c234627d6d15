from django.urls import path

from shuhi.core import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("areas/<slug:slug>/", views.area, name="area"),
    path("organisations/", views.suppliers, name="suppliers"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("people/", views.people, name="people"),
    path("people/departments/new/", views.department_create, name="department_create"),
    path("people/projects/new/", views.project_create, name="project_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
]
