from django.urls import path

from shuhi.ledger import views, views_io, views_selfcheck, views_settings

app_name = "ledger"
urlpatterns = [
    path("", views.asset_list, name="list"),
    path("new/", views.asset_create_view, name="create"),
    path("retier/", views.bulk_retier, name="retier"),
    path("<int:pk>/", views.asset_detail, name="detail"),
    path("<int:pk>/edit/", views.asset_edit, name="edit"),
    path("locations/", views.location_list, name="locations"),
    path("settings/", views_settings.settings_page, name="settings"),
    path("settings/tiers/<int:pk>/", views_settings.tier_edit, name="tier_edit"),
    path("settings/rules/<int:pk>/", views_settings.rule_edit, name="rule_edit"),
    path("settings/rules/<int:pk>/delete/", views_settings.rule_delete, name="rule_delete"),
    path("selfcheck/", views_selfcheck.selfcheck, name="selfcheck"),
    path("rules/", views_selfcheck.rules, name="rules"),
    path("import/", views_io.import_page, name="import"),
    path("export/", views_io.export, name="export"),
    path("template/", views_io.template, name="template"),
    path("locations/<int:pk>/edit/", views.location_edit, name="location_edit"),
]
