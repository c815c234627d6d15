from django.urls import path

from shuhi.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all/", views.mark_all_read, name="read_all"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("failures/", views.failures, name="failures"),
    path("failures/<int:pk>/resend/", views.resend, name="resend"),
]
