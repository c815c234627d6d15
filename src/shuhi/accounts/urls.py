from django.urls import path

from shuhi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/otp/", views.otp_view, name="otp"),
    path("logout/", views.logout_view, name="logout"),
    path("language/", views.language_view, name="language"),
    path("two-factor/", views.setup_2fa, name="setup_2fa"),
    path("two-factor/backup-codes/", views.backup_codes_page, name="backup_codes"),
    path("two-factor/backup-codes/download/", views.backup_codes_download, name="backup_codes_download"),
    path("profile/", views.profile, name="profile"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invite/<str:token>/", views.accept_invitation, name="accept"),
]
