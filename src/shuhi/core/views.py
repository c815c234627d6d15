from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core import selectors, services
from shuhi.core.areas import AREAS, area_page
from shuhi.core.audit.selectors import object_history, recent_entries
from shuhi.core.forms import DepartmentForm, ProjectForm, SupplierForm, UserEditForm
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import (
    access_object,
    can_create_department,
    can_create_project,
    can_edit_user,
    can_register_supplier,
)
from shuhi.core.pickers import by_reading
from shuhi.core.registry import cards_for, todos_for
from shuhi.core.rest.params import parse_int
from shuhi.core.roles import HOME_ROLES, Role
from shuhi.core.viewutils import attach_errors, gated, paginate


@login_required
@require_GET
def dashboard(request):
    user = request.user
    context = {
        "recent_audit": recent_entries(user=user, limit=8),
        "cards": cards_for(user, wide=False),
        "panels": cards_for(user, wide=True),
        "todos": todos_for(user),
    }
    return render(request, "core/dashboard.html", context)


@login_required
@require_GET
def area(request, slug: str):
    if slug not in AREAS or request.user.is_supplier:
        raise Http404(_("Not found."))
    return render(request, "core/area.html", {"area": area_page(slug), "slug": slug})


@login_required
@require_http_methods(["GET", "POST"])
def suppliers(request):
    user = request.user
    if user.is_supplier:
        raise Http404(_("Not found."))
    form = SupplierForm(request.POST or None, user=user) if can_register_supplier(user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only administrators and security managers can register suppliers."))
        if form.is_valid():
            try:
                supplier = services.organisation_create(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("%(name)s has been registered.") % {"name": supplier.name})
                return redirect("core:suppliers")
    return render(request, "core/suppliers.html", {"tree": selectors.supplier_tree(user=user), "form": form})


@login_required
@require_GET
@gated(Organisation)
def organisation_detail(request, pk: int):
    organisation = access_object(request.user, Organisation, pk)
    members = selectors.user_list(user=request.user).filter(organisation=organisation)
    subs = selectors.organisation_list(user=request.user).filter(parent=organisation)
    return render(
        request, "core/organisation_detail.html",
        {"organisation": organisation, "members": members, "subs": subs},
    )


@login_required
@require_POST
def department_create(request):
    if not can_create_department(request.user):
        raise Http404(_("Not found."))
    form = DepartmentForm(request.POST, prefix="department")
    if form.is_valid():
        try:
            services.department_create(actor=request.user, organisation=request.user.organisation, **form.cleaned_data)
            messages.success(request, _("The department has been added."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Enter a department name."))
    return redirect("core:people")


@login_required
@require_POST
def project_create(request):
    if not can_create_project(request.user):
        raise Http404(_("Not found."))
    form = ProjectForm(request.POST, user=request.user, prefix="project")
    if form.is_valid():
        try:
            services.project_create(actor=request.user, organisation=request.user.organisation, **form.cleaned_data)
            messages.success(request, _("The project has been added."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Enter a project name."))
    return redirect("core:people")


@login_required
@require_GET
def people(request):
    user = request.user
    if user.is_supplier:
        raise Http404(_("Not found."))
    users = by_reading(selectors.user_list(user=user).filter(organisation__kind="home"))
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    department = request.GET.get("department", "")
    department_id = parse_int(department)
    if department_id is not None:
        users = users.filter(department_id=department_id)
    role = request.GET.get("role", "")
    if role in Role.values:
        users = users.filter(role=role)
    context = {
        "departments": selectors.department_list(user=user),
        "projects": selectors.project_list(user=user),
        "roles": [(value, label) for value, label in Role.choices if value in HOME_ROLES],
        "filters": {"q": query, "department": department, "role": role},
        # Two forms on one page: prefixed, so that their fields' ids stay unique.
        "department_form": DepartmentForm(prefix="department") if can_create_department(user) else None,
        "project_form": ProjectForm(user=user, prefix="project") if can_create_project(user) else None,
        **paginate(request, users),
    }
    template = "core/people_rows.html" if request.htmx else "core/people.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
@gated(User)
def person_detail(request, pk: int):
    person = access_object(request.user, User, pk)
    if request.method == "POST" and not can_edit_user(request.user, person):
        raise PermissionDenied(_("You may view this but not change it."))
    form = None
    if can_edit_user(request.user, person):
        initial = {"full_name": person.full_name, "role": person.role, "department": person.department,
                   "projects": list(person.projects.all()), "is_active": person.is_active}
        form = UserEditForm(request.POST or None, initial=initial, user=request.user, person=person)
        if request.method == "POST" and form.is_valid():
            try:
                services.user_update(actor=request.user, user=person, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("core:person", pk=person.pk)
    projects = selectors.project_list(user=request.user).filter(members=person)
    history = object_history(user=request.user, obj=person)[:20]
    return render(request, "core/person_detail.html",
                  {"person": person, "projects": projects, "form": form, "history": history})
