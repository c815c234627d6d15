from django.urls import path

from shuhi.disclosures import views

app_name = "disclosures"
urlpatterns = [
    path("", views.disclosure_list, name="list"),
    path("portal/", views.portal, name="portal"),
]
