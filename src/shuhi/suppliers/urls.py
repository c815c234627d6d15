from django.urls import path

from shuhi.suppliers import (
    views_assessment,
    views_campaigns,
    views_excel,
    views_frameworks,
    views_interview,
    views_register,
    views_reports,
)

app_name = "suppliers"
urlpatterns = [
    path("", views_register.supplier_list, name="list"),
    path("new/", views_register.supplier_create, name="create"),
    path("<int:pk>/", views_register.supplier_detail, name="detail"),
    path("<int:pk>/edit/", views_register.supplier_edit, name="edit"),
    path("<int:pk>/invite/", views_register.supplier_invite, name="invite"),
    path("<int:pk>/interview/", views_interview.interview_new, name="interview_new"),
    path("interviews/<int:pk>/", views_interview.interview_detail, name="interview"),
    path("portal/", views_campaigns.portal, name="portal"),
    path("campaigns/", views_campaigns.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views_campaigns.campaign_detail, name="campaign"),
    path("frameworks/", views_frameworks.framework_list, name="frameworks"),
    path("frameworks/<int:pk>/", views_frameworks.framework_detail, name="framework"),
    path("frameworks/<int:pk>/export/", views_frameworks.framework_export, name="framework_export"),
    path("frameworks/<int:pk>/self-check/", views_frameworks.self_assessment_start, name="self_check"),
    path("assessments/<int:pk>/", views_assessment.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/review/", views_assessment.assessment_review_view, name="review"),
    path("assessments/<int:pk>/report/", views_reports.assessment_report, name="report"),
    path("assessments/<int:pk>/report.pdf", views_reports.assessment_report_pdf, name="report_pdf"),
    path("assessments/<int:pk>/excel/", views_excel.excel_download, name="excel"),
    path("assessments/<int:pk>/excel/upload/", views_excel.excel_upload, name="excel_upload"),
    path("versions/<int:pk>/", views_assessment.version_detail, name="version"),
    path("evidence/<int:pk>/", views_assessment.evidence_download, name="evidence"),
    path("evidence/<int:pk>/remove/", views_assessment.evidence_delete, name="evidence_remove"),
]
