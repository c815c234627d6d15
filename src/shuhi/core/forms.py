from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shuhi.core.models import Department, Organisation, Project, User
from shuhi.core.permissions import can_grant_role
from shuhi.core.roles import HOME_ROLES, SUPPLIER_ROLES, Role


class SupplierForm(forms.Form):
    name = forms.CharField(label=_("Legal name"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("Parent supplier"), queryset=Organisation.objects.none(), required=False,
        help_text=_("Choose a supplier only when this one is a sub-supplier (再委託先) of it."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Organisation.objects.visible_to(user).filter(kind=Organisation.Kind.SUPPLIER)


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Department name"), max_length=200)
    code = forms.CharField(label=_("Code"), max_length=32, required=False)


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Project name"), max_length=200)
    code = forms.CharField(label=_("Code"), max_length=32, required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.visible_to(user)


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects"), queryset=Project.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("Active (may log in)"), required=False)

    def __init__(self, *args, user: User, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the roles this user may give, and only those that fit the person's organisation.
        fitting = SUPPLIER_ROLES if person.is_supplier else HOME_ROLES
        self.fields["role"].choices = [
            (value, label) for value, label in Role.choices if value in fitting and can_grant_role(user, value)
        ]
        if person.is_supplier:
            del self.fields["department"]
            del self.fields["projects"]
        else:
            self.fields["department"].queryset = Department.objects.visible_to(user).filter(
                organisation=person.organisation_id)
            self.fields["projects"].queryset = Project.objects.visible_to(user).filter(
                organisation=person.organisation_id)
