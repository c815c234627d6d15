"""Training pages about modules: the overview, a module with its versions and rules, writing and
revising a module, refreshing the one built from the ledger, and the rules.

Every home user reads the modules; HR and the information management officers change them. A
supplier's user sees only its own staff's assignments (views/assignments.py); the modules'
pages answer them 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core import selectors as core_selectors
from shuhi.core.permissions import access_object
from shuhi.core.viewutils import attach_errors, gated, page_for
from shuhi.training import forms as f
from shuhi.training import indicators, quiz, selectors, services, services_assign
from shuhi.training import permissions as can
from shuhi.training.models import AssignmentRule, Module


@login_required
@require_GET
def index(request):
    user = request.user
    if user.is_supplier:
        return redirect("training:assignments")
    readers = can.can_export_training(user)
    return render(request, "training/index.html", {
        "mine": selectors.my_assignments(user)[:50], "modules": selectors.modules(user) if readers else [],
        "figures": indicators.dashboard_figures(user) if readers else None, "readers": readers,
        "can_manage": can.can_manage_modules(user), "can_assign": can.can_manage_assignments(user),
    })


@login_required
@require_POST
def setup_defaults(request):
    user = request.user
    page_for(can.can_manage_modules(user))
    made = services.training_setup_defaults(actor=user, organisation=user.organisation)
    if made:
        messages.success(request, _("The modules shipped with shuhi have been installed."))
    else:
        messages.info(request, _("The modules shipped with shuhi are already installed."))
    return redirect("training:index")


@login_required
@require_GET
@gated(Module)
def module_detail(request, pk: int):
    user = request.user
    module = access_object(user, Module, pk)
    version = module.current
    manager = can.can_manage_assignments(user, module)
    return render(request, "training/module_detail.html", {
        "module": module, "version": version, "versions": selectors.versions(user, module),
        "out_of_date": services.is_out_of_date(module, version),
        "show_answers": can.can_manage_modules(user, module),
        "rules": selectors.rules(user, module=module) if manager else [],
        "can_manage": can.can_manage_modules(user, module), "can_assign": manager,
        # Three forms on one page share field names: distinct ids keep each label on its own field.
        "assign_form": (f.AssignForm(people=selectors.assignable_people(user), auto_id="id_assign_%s")
                        if manager else None),
        "rule_form": (f.RuleForm(departments=core_selectors.department_list(user=user), auto_id="id_rule_%s")
                      if manager else None),
        "settings_form": f.SettingsForm(initial={"pass_mark": module.pass_mark, "due_days": module.due_days,
                                                 "is_active": module.is_active}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def module_new(request):
    user = request.user
    page_for(can.can_manage_modules(user))
    form = f.ModuleCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            module = services.module_create(actor=user, organisation=user.organisation, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The module has been created."))
            return redirect("training:module", pk=module.pk)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "training/module_form.html", {"form": form, "module": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@gated(Module)
def module_edit(request, pk: int):
    user = request.user
    module = access_object(user, Module, pk, may=can.can_manage_modules)
    page_for(module.kind == Module.Kind.STANDARD)
    version = module.current
    initial = {"title": version.title, "summary": version.summary,
               "sections": quiz.unparse_sections(version.sections), "questions": quiz.unparse(version.questions)}
    form = f.ModuleTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            revised = services.module_revise(actor=user, module=module, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Version %(v)s has been published; people who passed an earlier version "
                                        "take it again.") % {"v": revised.version})
            return redirect("training:module", pk=module.pk)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "training/module_form.html", {"form": form, "module": module}, status=status)


@login_required
@require_POST
@gated(Module)
def module_settings(request, pk: int):
    user = request.user
    module = access_object(user, Module, pk, may=can.can_manage_modules)
    form = f.SettingsForm(request.POST)
    if form.is_valid():
        services.module_update_settings(actor=user, module=module, **form.cleaned_data)
        messages.success(request, _("The settings have been saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("training:module", pk=module.pk)


@login_required
@require_POST
@gated(Module)
def module_refresh(request, pk: int):
    user = request.user
    module = access_object(user, Module, pk, may=can.can_manage_modules)
    try:
        version = services.module_refresh(actor=user, module=module)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if version is None:
            messages.info(request, _("The ledger's criteria have not changed: the module is up to date."))
        else:
            messages.success(request, _("Version %(v)s has been built from the ledger's criteria.")
                             % {"v": version.version})
    return redirect("training:module", pk=module.pk)


@login_required
@require_POST
@gated(Module)
def module_assign(request, pk: int):
    user = request.user
    module = access_object(user, Module, pk, may=can.can_manage_assignments)
    form = f.AssignForm(request.POST, people=selectors.assignable_people(user))
    if not form.is_valid():
        messages.error(request, _("Choose the person."))
        return redirect("training:module", pk=module.pk)
    try:
        assignment = services_assign.assignment_create(actor=user, module=module, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s must take the module by %(date)s.")
                         % {"name": assignment.person.name, "date": assignment.due_on})
    return redirect("training:module", pk=module.pk)


@login_required
@require_POST
@gated(Module)
def rule_new(request, pk: int):
    user = request.user
    module = access_object(user, Module, pk, may=can.can_manage_assignments)
    form = f.RuleForm(request.POST, departments=core_selectors.department_list(user=user))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("training:module", pk=module.pk)
    try:
        rule = services_assign.rule_create(actor=user, module=module, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        made = rule.assignments.count()
        messages.success(request, _("The rule has been added; %(n)s people were assigned the module.") % {"n": made})
    return redirect("training:module", pk=module.pk)


@login_required
@require_POST
@gated(AssignmentRule)
def rule_apply(request, pk: int):
    user = request.user
    rule = access_object(user, AssignmentRule, pk, may=can.can_manage_assignments)
    try:
        made = services_assign.rule_apply(actor=user, rule=rule)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)s people were assigned the module.") % {"n": len(made)})
    return redirect("training:module", pk=rule.module_id)


@login_required
@require_POST
@gated(AssignmentRule)
def rule_deactivate(request, pk: int):
    user = request.user
    rule = access_object(user, AssignmentRule, pk, may=can.can_manage_assignments)
    services_assign.rule_deactivate(actor=user, rule=rule)
    messages.success(request, _("The rule assigns nobody from now on; the assignments it made stay."))
    return redirect("training:module", pk=rule.module_id)


