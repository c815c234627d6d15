from django.urls import path

from shuhi.reviews import views, views_cases, views_notices, views_reidentify, views_upload

app_name = "reviews"
urlpatterns = [
    path("", views.cycle_list, name="list"),
    path("new/", views.cycle_create_view, name="cycle_create"),
    path("sources/new/", views.source_create_view, name="source_create"),
    path("sources/upload/", views_upload.source_upload, name="source_upload"),
    path("sources/<int:pk>/", views_upload.source_detail, name="source_detail"),
    path("sources/<int:pk>/files/", views_upload.source_add_files, name="source_add_files"),
    path("settings/", views_reidentify.review_settings, name="settings"),
    path("reidentifications/", views_reidentify.reidentification_list, name="reidentifications"),
    path("reidentifications/<int:pk>/decide/", views_reidentify.reidentification_decide,
         name="reidentification_decide"),
    path("reidentifications/<int:pk>/reveal/", views_reidentify.reidentification_reveal,
         name="reidentification_reveal"),
    path("notice/", views_notices.notice_page, name="notice"),
    path("notice/publish/", views_notices.notice_publish, name="notice_publish"),
    path("<int:pk>/", views.cycle_detail, name="detail"),
    path("<int:pk>/run/", views.cycle_run, name="run"),
    path("<int:pk>/next/", views.cycle_next, name="next"),
    path("<int:pk>/sign-off/", views.cycle_signoff, name="signoff"),
    path("<int:pk>/report.html", views.cycle_report, name="report"),
    path("<int:pk>/cases/new/", views_cases.case_open, name="case_open"),
    path("<int:pk>/reidentify/", views_cases.reidentify, name="reidentify"),
    path("cases/<int:pk>/close/", views_cases.case_close, name="case_close"),
]
