from django.urls import path

from shuhi.disclosures.views import disclosures, imports, leaks, ndas, policy, portal

app_name = "disclosures"
urlpatterns = [
    # The outsourcer's register.
    path("", disclosures.disclosure_list, name="list"),
    path("new/", disclosures.disclosure_new, name="new"),
    path("<int:pk>/", disclosures.disclosure_detail, name="detail"),
    path("<int:pk>/decide/", disclosures.disclosure_decide_view, name="decide"),
    path("<int:pk>/files/", disclosures.disclosure_file_add, name="file_add"),
    path("<int:pk>/hand-over/", disclosures.disclosure_hand_over_view, name="hand_over"),
    path("<int:pk>/withdraw/", disclosures.disclosure_withdraw_view, name="withdraw"),
    path("<int:pk>/receipt/", disclosures.disclosure_receipt_view, name="receipt"),
    path("<int:pk>/end/", disclosures.disclosure_end_view, name="end"),
    path("<int:pk>/certificate.pdf", disclosures.disclosure_certificate, name="certificate"),
    path("files/<int:pk>/", disclosures.disclosed_file_download, name="file"),
    path("files/<int:pk>/remove/", disclosures.disclosed_file_remove_view, name="file_remove"),
    path("ndas/", ndas.nda_list, name="ndas"),
    path("ndas/new/", ndas.nda_new, name="nda_new"),
    path("ndas/import/", imports.nda_import, name="nda_import"),
    path("ndas/import/template.xlsx", imports.nda_template, name="nda_template"),
    path("ndas/<int:pk>/", ndas.nda_detail, name="nda"),
    path("ndas/<int:pk>/edit/", ndas.nda_edit, name="nda_edit"),
    path("ndas/<int:pk>/activate/", ndas.nda_activate_view, name="nda_activate"),
    path("ndas/<int:pk>/terminate/", ndas.nda_terminate_view, name="nda_terminate"),
    path("ndas/<int:pk>/document/", ndas.nda_document, name="nda_document"),
    path("policy/", policy.policy_edit, name="policy"),
    # Leak response.
    path("leaks/", leaks.leak_list, name="leaks"),
    path("leaks/trace/", leaks.leak_trace, name="leak_trace"),
    path("leaks/new/", leaks.leak_new, name="leak_new"),
    path("leaks/<int:pk>/", leaks.leak_detail, name="leak"),
    path("leaks/<int:pk>/note/", leaks.leak_note, name="leak_note"),
    path("leaks/<int:pk>/close/", leaks.leak_close, name="leak_close"),
    path("holders/<int:pk>/", leaks.holders_view, name="holders"),
    path("evidence/<int:pk>/", leaks.evidence_pack, name="evidence"),
    path("evidence/<int:pk>/pack.pdf", leaks.evidence_pack_pdf, name="evidence_pdf"),
    path("evidence/<int:pk>/pack.json", leaks.evidence_pack_json, name="evidence_json"),
    # The supplier's side.
    path("portal/", portal.portal, name="portal"),
    path("portal/<int:pk>/", portal.portal_disclosure, name="portal_disclosure"),
    path("portal/<int:pk>/redisclose/", portal.portal_redisclose, name="portal_redisclose"),
    path("portal/ndas/<int:pk>/", portal.portal_nda, name="portal_nda"),
    path("portal/notices/<int:pk>/", portal.portal_notice, name="portal_notice"),
]
