from django.urls import path

from shuhi.people.views import exits, imports, people, pledges, policies
from shuhi.people.views import messages as management

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
    path("policies/", policies.policy_list, name="policies"),
    path("policies/publish/", policies.policy_publish_view, name="policy_publish"),
    path("policies/<int:pk>/", policies.policy_detail, name="policy"),
    path("policies/<int:pk>/acknowledge/", policies.policy_acknowledge_view, name="policy_acknowledge"),
    path("exits/", exits.exit_list, name="exits"),
    path("exits/systems/", exits.exit_systems, name="exit_systems"),
    path("exits/<int:pk>/", exits.exit_detail, name="exit"),
    path("exits/<int:pk>/update/", exits.exit_update, name="exit_update"),
    path("exits/<int:pk>/review/", exits.exit_attach_review, name="exit_review"),
    path("exits/<int:pk>/close/", exits.exit_close, name="exit_close"),
    path("exits/<int:pk>/override/", exits.exit_override, name="exit_override"),
    path("messages/", management.message_list, name="messages"),
    path("messages/new/", management.message_new, name="message_new"),
    path("messages/<int:pk>/", management.message_detail, name="message"),
    path("messages/<int:pk>/edit/", management.message_edit, name="message_edit"),
]
