"""Framework pages: list, import (shuhi or CISO Assistant YAML), preview, export."""

from __future__ import annotations

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.permissions import access_object, is_home_member
from shuhi.core.viewutils import gated, page_for
from shuhi.suppliers import permissions as can
from shuhi.suppliers import selectors, services
from shuhi.suppliers.ciso import export_library, import_library
from shuhi.suppliers.forms import FrameworkUploadForm
from shuhi.suppliers.models import Framework
from shuhi.suppliers.schema import FrameworkError, normalise, parse_yaml

MAX_FRAMEWORK_BYTES = 2 * 1024 * 1024


def read_framework_file(text: str) -> dict:
    """A normalised framework from either format: CISO Assistant libraries have objects.framework."""
    raw = parse_yaml(text)
    if isinstance(raw, dict) and "objects" in raw:
        return import_library(raw)
    return normalise(raw)


@login_required
@require_http_methods(["GET", "POST"])
def framework_list(request):
    user = request.user
    page_for(is_home_member(user))
    form = FrameworkUploadForm(request.POST or None, request.FILES or None) if can.can_manage_suppliers(user) else None
    problems: list[str] = []
    if request.method == "POST":
        if form is None:
            raise Http404(_("Not found."))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_FRAMEWORK_BYTES:
                    raise FrameworkError([_("The file is too large for a framework.")])
                content = read_framework_file(upload.read().decode("utf-8-sig"))
                framework = services.framework_import(actor=user, organisation=user.organisation, content=content)
            except UnicodeDecodeError:
                problems = [_("The file must be UTF-8 text.")]
            except FrameworkError as exc:
                problems = exc.problems
            else:
                messages.success(request, _("%(name)s has been imported.") % {"name": framework.display_name()})
                return redirect("suppliers:framework", pk=framework.pk)
    if can.can_manage_suppliers(user) and not selectors.framework_list(user=user).filter(builtin=True).exists():
        services.framework_install_builtin(actor=user, organisation=user.organisation)
    return render(request, "suppliers/framework_list.html", {
        "frameworks": selectors.framework_list(user=user), "form": form, "problems": problems,
        "can_manage": can.can_manage_suppliers(user),
    })


@login_required
@require_GET
@gated(Framework)
def framework_detail(request, pk: int):
    framework = access_object(request.user, Framework, pk)
    return render(request, "suppliers/framework_detail.html", {
        "framework": framework, "doc": framework.doc, "can_manage": can.can_manage_suppliers(request.user),
    })


@login_required
@require_GET
@gated(Framework)
def framework_export(request, pk: int):
    framework = access_object(request.user, Framework, pk)
    text = yaml.safe_dump(export_library(framework.content), allow_unicode=True, sort_keys=False, width=120)
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{framework.ref_id}-ciso-assistant.yaml"'
    return response


@login_required
@require_POST
@gated(Framework)
def self_assessment_start(request, pk: int):
    framework = access_object(request.user, Framework, pk)
    if not can.can_manage_suppliers(request.user) or framework.kind != Framework.Kind.QUESTIONNAIRE:
        raise Http404(_("Not found."))
    assessment = services.self_assessment_create(actor=request.user, framework=framework)
    messages.success(request, _("Your own self-check has been started."))
    return redirect("suppliers:assessment", pk=assessment.pk)
