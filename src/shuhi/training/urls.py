from django.urls import path

from shuhi.training.views import assignments, modules

app_name = "training"
urlpatterns = [
    path("", modules.index, name="index"),
    path("setup/", modules.setup_defaults, name="setup"),
    path("modules/new/", modules.module_new, name="module_new"),
    path("modules/<int:pk>/", modules.module_detail, name="module"),
    path("modules/<int:pk>/edit/", modules.module_edit, name="module_edit"),
    path("modules/<int:pk>/settings/", modules.module_settings, name="module_settings"),
    path("modules/<int:pk>/refresh/", modules.module_refresh, name="module_refresh"),
    path("modules/<int:pk>/assign/", modules.module_assign, name="module_assign"),
    path("modules/<int:pk>/rules/new/", modules.rule_new, name="rule_new"),
    path("rules/<int:pk>/apply/", modules.rule_apply, name="rule_apply"),
    path("rules/<int:pk>/deactivate/", modules.rule_deactivate, name="rule_deactivate"),
    path("mine/", assignments.my_training, name="mine"),
    path("assignments/", assignments.assignment_list, name="assignments"),
    path("assignments/<int:pk>/", assignments.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/submit/", assignments.assignment_submit, name="assignment_submit"),
    path("assignments/<int:pk>/paper/", assignments.assignment_paper, name="assignment_paper"),
    path("assignments/<int:pk>/cancel/", assignments.assignment_cancel, name="assignment_cancel"),
    path("attempts/<int:pk>/", assignments.attempt_detail, name="attempt"),
    path("export.xlsx", assignments.export, name="export"),
]
