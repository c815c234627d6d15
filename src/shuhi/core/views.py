from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shuhi.audit.selectors import recent_entries
from shuhi.core import selectors
from shuhi.core.areas import AREAS
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import access_object
from shuhi.core.roles import Role
from shuhi.core.viewutils import gated, paginate
from shuhi.jobs.selectors import job_list


@login_required
@require_GET
def dashboard(request):
    user = request.user
    context = {
        "organisations": selectors.organisation_list(user=user),
        "recent_audit": recent_entries(user=user, limit=8),
        "recent_jobs": job_list(user=user)[:5],
    }
    if not user.is_supplier:
        suppliers = selectors.organisation_list(user=user).filter(kind=Organisation.Kind.SUPPLIER)
        context.update(
            supplier_count=suppliers.count(),
            sub_supplier_count=suppliers.filter(parent__isnull=False).count(),
            people_count=selectors.user_list(user=user).filter(organisation__kind="home").count(),
            department_count=selectors.department_list(user=user).count(),
            project_count=selectors.project_list(user=user).count(),
            areas=AREAS,
        )
    return render(request, "core/dashboard.html", context)


@login_required
@require_GET
def area(request, slug: str):
    if slug not in AREAS or request.user.is_supplier:
        raise Http404(_("Not found."))
    return render(request, "core/area.html", {"area": AREAS[slug], "slug": slug})


@login_required
@require_GET
def suppliers(request):
    if request.user.is_supplier:
        raise Http404(_("Not found."))
    return render(request, "core/suppliers.html", {"tree": selectors.supplier_tree(user=request.user)})


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
@require_GET
def people(request):
    user = request.user
    if user.is_supplier:
        raise Http404(_("Not found."))
    users = selectors.user_list(user=user).filter(organisation__kind="home")
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    department = request.GET.get("department", "")
    if department.isdigit():
        users = users.filter(department_id=int(department))
    role = request.GET.get("role", "")
    if role in Role.values:
        users = users.filter(role=role)
    context = {
        "departments": selectors.department_list(user=user),
        "projects": selectors.project_list(user=user),
        "roles": [(value, label) for value, label in Role.choices if value != Role.SUPPLIER_REP],
        "filters": {"q": query, "department": department, "role": role},
        **paginate(request, users),
    }
    template = "core/people_rows.html" if request.htmx else "core/people.html"
    return render(request, template, context)


@login_required
@require_GET
@gated(User)
def person_detail(request, pk: int):
    person = access_object(request.user, User, pk)
    projects = selectors.project_list(user=request.user).filter(members=person)
    return render(request, "core/person_detail.html", {"person": person, "projects": projects})
