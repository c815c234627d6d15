"""Forms of policies, exit checklists and management messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shuhi.people.models import ManagementMessage, Policy


class PolicyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Policy"), choices=Policy.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}), max_length=50000)


class ExitSystemsForm(forms.Form):
    systems = forms.CharField(label=_("Systems"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=_("One system per line; each becomes a box to tick on every new exit "
                                          "checklist."))


class ChecklistForm(forms.Form):
    assets_returned = forms.BooleanField(label=_("Assets returned"), required=False)
    assets_note = forms.CharField(label=_("What was returned"), required=False, max_length=500)

    def __init__(self, *args: Any, systems: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.systems = systems
        for index, name in enumerate(systems):
            self.fields[f"account_{index}"] = forms.BooleanField(label=name, required=False)

    def accounts(self) -> dict[str, bool]:
        return {name: self.cleaned_data.get(f"account_{index}", False) for index, name in enumerate(self.systems)}


class ReviewAttachForm(forms.Form):
    cycle = forms.TypedChoiceField(label=_("Signed-off log review"), coerce=int, required=False, empty_value=None)
    result = forms.CharField(label=_("Or the result, recorded by hand"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    signed_by = forms.CharField(label=_("Signed off by"), required=False, max_length=200)

    def __init__(self, *args: Any, reviews: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = [("", "—")] + [(r["id"], r["label"]) for r in reviews]


class OverrideForm(forms.Form):
    reason = forms.CharField(label=_("Why the case closes with items open"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ManagementMessageForm(forms.ModelForm):
    class Meta:
        model = ManagementMessage
        fields = ["said_on", "speaker", "speaker_title", "channel", "audience", "subject", "content", "evidence"]
        widgets = {"said_on": forms.DateInput(attrs={"type": "date"}),
                   "content": forms.Textarea(attrs={"rows": 6})}
