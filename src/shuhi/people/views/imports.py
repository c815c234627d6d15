"""Registering people from HR's CSV or Excel file: the upload page and the blank template.

Only those who keep the register reach these pages; everyone else gets 404. The import is all or
nothing (services_import.py): on any problem the page lists every one, by row and column.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from shuhi.core.spreadsheet import skipped_note
from shuhi.core.viewutils import page_for
from shuhi.people import permissions as can
from shuhi.people import services_import
from shuhi.people.forms import PeopleImportForm
from shuhi.people.spreadsheet import write_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
def people_import_view(request):
    user = request.user
    page_for(can.can_manage_people(user))
    form = PeopleImportForm(request.POST or None, request.FILES or None, user=user)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services_import.people_import(actor=user, organisation=form.cleaned_data["organisation"],
                                               upload=form.cleaned_data["file"],
                                               dry_run=form.cleaned_data["dry_run"])
        if result.ok and not result.dry_run:
            messages.success(request, ngettext("%(n)s person was registered", "%(n)s people were registered",
                                               len(result.created)) % {"n": len(result.created)}
                             + " / " + ngettext("%(n)s was updated.", "%(n)s were updated.",
                                                len(result.updated)) % {"n": len(result.updated)}
                             + (" " + skipped_note(result.samples_skipped) if result.samples_skipped else ""))
            return redirect("people:list")
    return render(request, "people/import.html", {"form": form, "result": result})


@login_required
@require_GET
def people_template(request):
    page_for(can.can_manage_people(request.user))
    return FileResponse(io.BytesIO(write_template()), as_attachment=True, filename="people-template.xlsx",
                        content_type=XLSX)
