from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shuhi.core.models import User
from shuhi.core.pickers import UserChoiceField
from shuhi.reviews import selectors
from shuhi.reviews.models import LogSource, ReviewCycle

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SourceForm(forms.ModelForm):
    class Meta:
        model = LogSource
        fields = ["name", "kind", "path", "mapping", "context_path", "auto_schedule"]


class CycleForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Log source"), queryset=LogSource.objects.none())
    reviewer = UserChoiceField(label=_("Reviewer"), queryset=User.objects.none(),
                                      help_text=_("Signs off the report, e.g. the department manager."))
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    cadence = forms.ChoiceField(label=_("Cadence"), choices=ReviewCycle.Cadence.choices,
                                help_text=_("How the next cycle's period is chosen."))
    window = forms.ChoiceField(label=_("Scoring window"), choices=ReviewCycle.Window.choices,
                               initial=ReviewCycle.Window.WEEK)
    due_date = forms.DateField(label=_("Due date"), widget=DATE, required=False,
                               help_text=_("Default: a week after the period ends."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = selectors.source_list(user=user)
        self.fields["reviewer"].queryset = selectors.reviewer_choices(user=user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class SignOffForm(forms.Form):
    notes = forms.CharField(label=_("Review notes"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                            help_text=_("What you looked at, what you found, what follows. Kept as evidence; "
                                        "it cannot be changed afterwards."))


class FollowUpForm(forms.Form):
    pseudonym = forms.CharField(widget=forms.HiddenInput, max_length=32)
    window_start = forms.DateField(widget=forms.HiddenInput, required=False)
    reason_summary = forms.CharField(label=_("Why follow up"), max_length=500)


class CloseCaseForm(forms.Form):
    notes = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class ReidentifyForm(forms.Form):
    pseudonym = forms.CharField(widget=forms.HiddenInput, max_length=32)
    reason = forms.CharField(label=_("Reason for re-identifying"), max_length=500,
                             help_text=_("Recorded with your name; auditors see it."))


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
