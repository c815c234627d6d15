from django.urls import path

from shuhi.people.views import imports, people, pledges

app_name = "people"
urlpatterns = [
    # Beneath core's people/ pages (the accounts): the register of people, events and pledges.
    path("register/", people.person_list, name="list"),
    path("register/import/", imports.people_import_view, name="import"),
    path("register/import/template.xlsx", imports.people_template, name="import_template"),
    path("register/<int:pk>/", people.person_detail, name="detail"),
    path("register/<int:pk>/events/new/", people.event_new, name="event_new"),
    path("pledges/mine/", pledges.my_pledges, name="my_pledges"),
    path("pledges/<int:pk>/", pledges.pledge_detail, name="pledge"),
    path("pledges/<int:pk>/pledge.pdf", pledges.pledge_pdf, name="pledge_pdf"),
    path("pledges/<int:pk>/remove-item/", pledges.pledge_remove_item_view, name="pledge_remove_item"),
    path("pledges/<int:pk>/send/", pledges.pledge_send_view, name="pledge_send"),
    path("pledges/<int:pk>/acknowledge/", pledges.pledge_acknowledge_view, name="pledge_acknowledge"),
    path("pledges/<int:pk>/refuse/", pledges.pledge_refuse_view, name="pledge_refuse"),
    path("pledges/<int:pk>/follow-up/", pledges.pledge_follow_up_view, name="pledge_follow_up"),
    path("pledges/<int:pk>/paper/", pledges.pledge_paper, name="pledge_paper"),
]
