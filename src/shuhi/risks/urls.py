from django.urls import path

from shuhi.risks.views import cases, measures, register

app_name = "risks"
urlpatterns = [
    path("", register.index, name="index"),
    path("register/", register.risk_list, name="list"),
    path("register/new/", register.risk_new, name="new"),
    path("register/starter-set/", register.starter_load, name="starter_load"),
    path("register/<int:pk>/", register.risk_detail, name="detail"),
    path("register/<int:pk>/edit/", register.risk_edit, name="edit"),
    path("register/<int:pk>/delete/", register.risk_delete, name="delete"),
    path("register/<int:pk>/restore/", register.risk_restore, name="restore"),
    path("register/<int:pk>/measures/new/", measures.measure_new, name="measure_new"),
    path("measures/<int:pk>/edit/", measures.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/remove/", measures.measure_remove, name="measure_remove"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/new/", cases.case_new, name="case_new"),
    path("cases/starter-set/", cases.cases_starter_load, name="cases_starter_load"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<int:pk>/delete/", cases.case_delete, name="case_delete"),
]
