"""People pages: the register (list, filters, pagination), a person with events and pledges, a new event.

HR and the full-view roles see everyone; an ordinary employee sees only himself; a supplier's
representative sees only its own staff on site, and only what concerns them (never the
outsourcer's departments, projects or pledges).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from shuhi.core import selectors as core_selectors
from shuhi.core.permissions import access_object
from shuhi.core.viewutils import attach_errors, gated, paginate
from shuhi.people import permissions as can
from shuhi.people import selectors, services
from shuhi.people.forms import EventForm
from shuhi.people.models import Person


@login_required
@require_GET
def person_list(request):
    user = request.user
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "kind", "status", "department")}
    if user.is_supplier:
        filters["department"] = ""
    context = paginate(request, selectors.people(user, **filters))
    return render(request, "people/person_list.html", {
        "filters": filters, "kinds": Person.Kind.choices, "statuses": Person.Status.choices,
        "departments": [] if user.is_supplier else core_selectors.department_list(user=user),
        "full": not user.is_supplier, "can_import": can.can_manage_people(user), **context,
    })


@login_required
@require_GET
@gated(Person)
def person_detail(request, pk: int):
    user = request.user
    person = access_object(user, Person, pk)
    full = not user.is_supplier
    return render(request, "people/person_detail.html", {
        "person": person, "full": full,
        "projects": list(person.projects.all()) if full else [],
        "events": selectors.events(user, person=person) if full else [],
        "pledges": selectors.pledges(user, person=person) if full else [],
        "exit_checklists": selectors.exit_checklists(user).filter(person=person) if full else [],
        "can_record_event": can.can_record_event(user, person),
    })


@login_required
@require_http_methods(["GET", "POST"])
@gated(Person)
def event_new(request, pk: int):
    user = request.user
    person = access_object(user, Person, pk, may=can.can_record_event)
    form = EventForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.lifecycle_event_record(actor=user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The event has been recorded."))
            pledge = event.pledges.first()
            if pledge is not None:
                messages.info(request, _("A draft pledge was made; review its scope, then send it."))
                return redirect("people:pledge", pk=pledge.pk)
            return redirect("people:detail", pk=person.pk)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "people/event_form.html", {"form": form, "person": person}, status=status)
