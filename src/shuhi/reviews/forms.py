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


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason for your decision"), max_length=500,
                             help_text=_("Recorded with your name; the requester and auditors see it."))


class ReviewSettingsForm(forms.Form):
    reidentify_needs_approval = forms.BooleanField(
        label=_("Re-identification needs a second person's approval"), required=False,
        help_text=_("Recommended. When off, a security manager sees the identity behind a pseudonym at once, "
                    "with only a reason recorded."))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,text/csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


PRESET_CHOICES = [
    ("m365", _("Microsoft 365 audit log — the CSV exported from Microsoft Purview's audit search")),
    ("fileserver", _("Windows file server audit — object-access events (4663) exported as CSV")),
    ("proxy", _("Web proxy access log — exported as CSV")),
]


class UploadSourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("For example: Microsoft 365 (April)."))
    preset = forms.ChoiceField(label=_("What the files are"), choices=PRESET_CHOICES, widget=forms.RadioSelect)
    files = MultipleFileField(label=_("CSV files"),
                              help_text=_("One or more exports of the same kind. UTF-8 or Shift_JIS (as Excel saves "
                                          "it); at most %(mb)s MB per file."))
    auto_schedule = forms.BooleanField(label=_("Schedule cycles automatically"), required=False, initial=False,
                                       help_text=_("Leave off unless you upload new exports every period."))

    def __init__(self, *args: Any, limit_mb: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = self.fields["files"].help_text % {"mb": limit_mb}


class AddFilesForm(forms.Form):
    files = MultipleFileField(label=_("More CSV files of the same kind"))
