"""Pages of the incident register: the register by cause and kind, its Excel export, an incident with
its timeline and actions, opening one (from scratch, a report or a leak response), changing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.downloads import private_download
from shuhi.core.permissions import access_object
from shuhi.core.viewutils import attach_errors, gated, page_for, paginate
from shuhi.incidents import permissions as can
from shuhi.incidents import selectors, services_incidents
from shuhi.incidents.forms import ActionForm, EntryForm, IncidentForm, StatusForm
from shuhi.incidents.models import CAUSE_GROUP_LABELS, CAUSE_GROUPS, Cause, DataKind, Incident, IncidentAction, Report
from shuhi.incidents.spreadsheet import XLSX, incidents_workbook

FILTERS = ("cause", "group", "data_kind", "status", "q")


def _filters(request) -> dict:
    return {key: request.GET.get(key, "").strip() for key in FILTERS}


@login_required
@require_GET
def register(request):
    user = request.user
    page_for(can.can_view_incident_register(user))
    filters = _filters(request)
    rows = selectors.incidents(user, **filters).prefetch_related("suppliers")
    stats = selectors.incident_cause_statistics(user)
    groups = [(key, CAUSE_GROUP_LABELS[key], stats["by_group"][key]) for key in CAUSE_GROUPS]
    matrix = [(Cause(cause).label, [stats["matrix"][cause][kind] for kind in DataKind.values], stats["by_cause"][cause])
              for cause in Cause.values]
    return render(request, "incidents/register.html", {
        **paginate(request, rows), "filters": filters, "causes": Cause.choices, "kinds": DataKind.choices,
        "statuses": Incident.Status.choices, "groups": groups, "matrix": matrix, "stats": stats,
        "kind_labels": [label for _value, label in DataKind.choices],
        "can_create": can.can_create_incident(user),
    })


@login_required
@require_GET
def register_export(request):
    user = request.user
    page_for(can.can_view_incident_register(user))
    rows = selectors.incidents(user, **_filters(request)).prefetch_related("assets", "suppliers", "disclosures")
    response = HttpResponse(incidents_workbook(list(rows), selectors.incident_cause_statistics(user)),
                            content_type=XLSX)
    name = f"incidents-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return private_download(response)


@login_required
@require_GET
def my_actions(request):
    return render(request, "incidents/my_actions.html", {"actions": list(selectors.overdue_actions(request.user))})


def _initial_from(request, user) -> tuple[dict, Report | None]:
    """A new incident's fields preselected from a report (?report=) or a leak response (?leak_response=)."""
    from shuhi.disclosures.models import LeakResponse

    initial: dict = {"detected_on": timezone.localdate()}
    report = None
    source = request.GET.get("report") or request.POST.get("report")
    if source:
        report = access_object(user, Report, source, may=can.can_open_incident_from_report)
        initial.update(title=report.subject, summary=report.body, occurred_on=report.occurred_on)
    leak = request.GET.get("leak_response")
    if leak:
        response = access_object(user, LeakResponse, leak)
        initial.update(leak_response=response, title=response.title, assets=[response.asset_id],
                       cause=Cause.INTERNAL_MALICIOUS, data_kind=DataKind.TRADE_SECRET)
        if response.traced_disclosure_id:
            initial.update(disclosures=[response.traced_disclosure_id],
                           suppliers=[response.traced_disclosure.recipient_id])
    return initial, report


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request):
    user = request.user
    page_for(can.can_create_incident(user))
    initial, report = _initial_from(request, user)
    form = IncidentForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services_incidents.incident_create(actor=user, organisation=user.organisation, report=report,
                                                          **form.service_fields())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Incident %(number)s has been recorded.") % {"number": incident.number})
            return redirect("incidents:incident", incident.pk)
    return render(request, "incidents/incident_form.html", {"form": form, "report": report, "incident": None})


@login_required
@require_GET
@gated(Incident)
def incident_detail(request, pk: int):
    user = request.user
    incident = access_object(user, Incident, pk)
    editable = can.can_edit_incident(user, incident)
    return render(request, "incidents/incident_detail.html", {
        "incident": incident, "editable": editable,
        "entries": incident.entries.select_related("author"),
        "actions": [(a, can.can_complete_incident_action(user, a)) for a in incident.actions.select_related("owner")],
        "reports": Report.objects.visible_to(user).filter(incident=incident),
        "entry_form": EntryForm() if editable else None,
        "action_form": ActionForm(organisation_id=incident.organisation_id) if editable else None,
        "status_form": StatusForm(initial={"status": incident.status, "lessons": incident.lessons})
        if editable else None,
        "today": timezone.localdate(),
    })


@login_required
@require_http_methods(["GET", "POST"])
@gated(Incident)
def incident_edit(request, pk: int):
    user = request.user
    incident = access_object(user, Incident, pk, may=can.can_edit_incident)
    initial = {name: getattr(incident, name) for name in ("title", "cause", "data_kind", "severity", "detected_on",
                                                          "occurred_on", "summary", "leak_response", "lessons")}
    for name in ("assets", "suppliers", "disclosures", "people", "users", "origin_cases", "resulting_cases"):
        initial[name] = list(getattr(incident, name).values_list("pk", flat=True))
    form = IncidentForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services_incidents.incident_update(actor=user, incident=incident, **form.service_fields())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("incidents:incident", incident.pk)
    return render(request, "incidents/incident_form.html", {"form": form, "incident": incident, "report": None})


@login_required
@require_POST
@gated(Incident)
def incident_entry(request, pk: int):
    incident = access_object(request.user, Incident, pk, may=can.can_edit_incident)
    form = EntryForm(request.POST)
    if form.is_valid():
        services_incidents.incident_entry_add(actor=request.user, incident=incident, text=form.cleaned_data["text"])
    else:
        messages.error(request, _("Describe what happened."))
    return redirect("incidents:incident", incident.pk)


@login_required
@require_POST
@gated(Incident)
def incident_action(request, pk: int):
    incident = access_object(request.user, Incident, pk, may=can.can_edit_incident)
    form = ActionForm(request.POST, organisation_id=incident.organisation_id)
    if form.is_valid():
        try:
            services_incidents.incident_action_add(actor=request.user, incident=incident, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The action has been added."))
    else:
        messages.error(request, _("Give the action, its owner and its due date."))
    return redirect("incidents:incident", incident.pk)


@login_required
@require_POST
@gated(Incident)
def incident_status(request, pk: int):
    incident = access_object(request.user, Incident, pk, may=can.can_edit_incident)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services_incidents.incident_update(actor=request.user, incident=incident, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The changes have been saved."))
    return redirect("incidents:incident", incident.pk)


@login_required
@require_POST
@gated(IncidentAction)
def action_complete(request, pk: int):
    item = access_object(request.user, IncidentAction, pk, may=can.can_complete_incident_action)
    services_incidents.incident_action_complete(actor=request.user, item=item)
    messages.success(request, _("The action is marked as done."))
    return redirect("incidents:incident", item.incident_id)
