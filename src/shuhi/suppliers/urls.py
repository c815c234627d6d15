from django.urls import path

from shuhi.suppliers.views import assessment, campaigns, excel, frameworks, interview, plans, register, reports, risk

app_name = "suppliers"
urlpatterns = [
    path("", register.supplier_list, name="list"),
    path("new/", register.supplier_create, name="create"),
    path("<int:pk>/", register.supplier_detail, name="detail"),
    path("<int:pk>/edit/", register.supplier_edit, name="edit"),
    path("<int:pk>/invite/", register.supplier_invite, name="invite"),
    path("<int:pk>/interview/", interview.interview_new, name="interview_new"),
    path("interviews/<int:pk>/", interview.interview_detail, name="interview"),
    path("portal/", campaigns.portal, name="portal"),
    path("portal/self-assessment/", plans.supplier_self_assessment_start, name="own_assessment"),
    path("risk/", risk.risk_view, name="risk"),
    path("improvements/", plans.improvement_list, name="improvements"),
    path("improvements/<int:pk>/", plans.improvement_detail, name="improvement"),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("frameworks/", frameworks.framework_list, name="frameworks"),
    path("frameworks/<int:pk>/", frameworks.framework_detail, name="framework"),
    path("frameworks/<int:pk>/export/", frameworks.framework_export, name="framework_export"),
    path("frameworks/<int:pk>/self-check/", frameworks.self_assessment_start, name="self_check"),
    path("assessments/<int:pk>/", assessment.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/submit/", assessment.assessment_submit_view, name="submit"),
    path("assessments/<int:pk>/review/", assessment.assessment_review_view, name="review"),
    path("assessments/<int:pk>/report/", reports.assessment_report, name="report"),
    path("assessments/<int:pk>/plan/", plans.plan_create, name="plan"),
    path("assessments/<int:pk>/share/", plans.assessment_share_view, name="share"),
    path("assessments/<int:pk>/report.pdf", reports.assessment_report_pdf, name="report_pdf"),
    path("assessments/<int:pk>/excel/", excel.excel_download, name="excel"),
    path("assessments/<int:pk>/excel/upload/", excel.excel_upload, name="excel_upload"),
    path("versions/<int:pk>/", assessment.version_detail, name="version"),
    path("evidence/<int:pk>/", assessment.evidence_download, name="evidence"),
    path("evidence/<int:pk>/remove/", assessment.evidence_delete, name="evidence_remove"),
]
