"""Forms of the people register: the import, a lifecycle event, and the steps of a pledge."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shuhi.core.models import Department, Organisation, Project
from shuhi.people.models import LifecycleEvent
from shuhi.people.spreadsheet import MAX_BYTES


class PeopleImportForm(forms.Form):
    file = forms.FileField(label=_("HR's list of people (.csv or .xlsx)"))
    organisation = forms.ModelChoiceField(
        label=_("Register them under"), queryset=Organisation.objects.none(), empty_label=None,
        help_text=_("Your own organisation for your staff; a supplier for its staff working on your site."))
    dry_run = forms.BooleanField(label=_("Check only (write nothing)"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user).order_by("kind", "name")
        self.fields["organisation"].initial = user.organisation_id

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(gettext("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                                        % {"size": upload.size // 2**20, "limit": MAX_BYTES // 2**20})
        if Path(upload.name).suffix.lower() not in {".csv", ".xlsx", ".xlsm"}:
            raise forms.ValidationError(gettext("Choose a CSV file (.csv) or an Excel workbook (.xlsx)."))
        return upload


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=LifecycleEvent.Kind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none(), required=False,
                                     help_text=_("For joining or leaving a project."))
    department = forms.ModelChoiceField(label=_("New department"), queryset=Department.objects.none(),
                                        required=False, help_text=_("For a transfer."))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Those who keep the register assign people to any project of their organisation (the service
        # checks the same), even projects their own department does not run and the gate hides from them.
        self.fields["project"].queryset = Project.objects.filter(organisation_id=user.organisation_id).order_by("name")
        self.fields["department"].queryset = Department.objects.visible_to(user).order_by("name")
        self.fields["occurred_on"].initial = timezone.localdate()


class RemoveItemForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    reason = forms.CharField(label=_("Why it does not belong in this pledge"), max_length=500)


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Why you refuse"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpForm(forms.Form):
    steps = forms.CharField(label=_("Follow-up steps"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class PaperForm(forms.Form):
    file = forms.FileField(label=_("Scan of the signed pledge"))
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))
