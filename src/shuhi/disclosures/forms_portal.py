"""Forms of the supplier's side of the disclosure register: certify the end, pass secrets on, answer a notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuhi.core.models import Organisation
from shuhi.disclosures.models import Disclosure


class RedisclosureForm(forms.Form):
    """A supplier asks to pass on secrets it holds to one of its own sub-suppliers."""

    sub_supplier = forms.ModelChoiceField(label=_("Sub-supplier"), queryset=Organisation.objects.none())
    assets = forms.ModelMultipleChoiceField(label=_("Secrets to pass on"), queryset=None,
                                            widget=forms.CheckboxSelectMultiple)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    justification = forms.CharField(label=_("Why the sub-supplier needs it"), max_length=4000,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(label=_("Return or destroy by"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Channel"), choices=Disclosure.Channel.choices,
                                initial=Disclosure.Channel.PORTAL)
    copies = forms.IntegerField(label=_("Number of copies"), min_value=1, max_value=100, initial=1)

    def __init__(self, *args: Any, parent: Disclosure, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"due_date": parent.due_date})
        super().__init__(*args, **kwargs)
        self.fields["sub_supplier"].queryset = Organisation.objects.filter(
            parent_id=parent.recipient_id).order_by("name")
        self.fields["assets"].queryset = parent.assets.select_related("tier").order_by("code")
        self.fields["due_date"].help_text = _(
            "At the latest %(date)s, when you must return or destroy them yourself.") % {
                "date": parent.due_date.isoformat()}

    def clean_due_date(self) -> dt.date:
        due = self.cleaned_data["due_date"]
        if due <= timezone.localdate():
            raise forms.ValidationError(_("The due date for return or destruction must be in the future."))
        return due


class NoticeAnswerForm(forms.Form):
    """Acknowledge a leak notice, and report what has been done (as often as needed)."""

    report = forms.CharField(
        label=_("What you have done"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: where every copy is, who had access, what you have locked or deleted."))
