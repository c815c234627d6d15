from django.urls import path

from shuhi.incidents.views import follow_up, incidents, reports

app_name = "incidents"
urlpatterns = [
    path("", reports.home, name="home"),
    path("report/", reports.file_report, name="file"),
    path("follow-up/", follow_up.follow_up, name="follow_up"),
    path("reports/", reports.report_list, name="reports"),
    path("reports/mine/", reports.my_reports, name="my_reports"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/ask/", reports.report_ask, name="report_ask"),
    path("reports/<int:pk>/answer/", reports.report_answer, name="report_answer"),
    path("reports/<int:pk>/close/", reports.report_close, name="report_close"),
    path("attachments/<int:pk>/", reports.attachment_download, name="attachment"),
    path("settings/", reports.channel_settings, name="settings"),
    path("register/", incidents.register, name="register"),
    path("register/export.xlsx", incidents.register_export, name="export"),
    path("register/new/", incidents.incident_new, name="new"),
    path("register/actions/mine/", incidents.my_actions, name="my_actions"),
    path("register/<int:pk>/", incidents.incident_detail, name="incident"),
    path("register/<int:pk>/edit/", incidents.incident_edit, name="incident_edit"),
    path("register/<int:pk>/entries/", incidents.incident_entry, name="incident_entry"),
    path("register/<int:pk>/actions/", incidents.incident_action, name="incident_action"),
    path("register/<int:pk>/status/", incidents.incident_status, name="incident_status"),
    path("actions/<int:pk>/done/", incidents.action_complete, name="action_complete"),
]
