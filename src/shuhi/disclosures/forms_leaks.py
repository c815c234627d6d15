"""Forms of the outsourcer's leak response: trace a leaked copy, open a response, note, close."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shuhi.ledger.models import InformationAsset


def default_steps(hours: int | None = None) -> str:
    """The steps every holder is asked to take, in plain words the manager can edit."""
    lines = [
        gettext("1. Find every copy you hold of the documents concerned (paper and electronic, including "
                "e-mail attachments, shared folders and personal devices)."),
        gettext("2. Stop using them and lock them away; do not delete anything before the outsourcer agrees."),
        gettext("3. List who had access to them, and any sign that a copy left your organisation."),
        gettext("4. Ask your sub-suppliers who hold them to do the same."),
    ]
    if hours:
        lines.append(gettext("5. Report what you found within %(hours)s hours.") % {"hours": hours})
    else:
        lines.append(gettext("5. Report what you found as soon as you can."))
    return "\n".join(lines)


class TraceForm(forms.Form):
    file = forms.FileField(
        label=_("Leaked file"),
        help_text=_("A copy found outside: PDF, Word, Excel, PowerPoint or text. It is read in a separate "
                    "process and not kept; only its name and SHA-256 go on record if you open a response."))


class ResponseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    steps = forms.CharField(label=_("Steps asked of every holder"), max_length=8000,
                            widget=forms.Textarea(attrs={"rows": 7}),
                            help_text=_("Every organisation holding the asset now, at every tier, is notified with "
                                        "these steps and the deadline of its NDA."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("steps", default_steps())
        super().__init__(*args, **kwargs)


class AssetChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: InformationAsset) -> str:
        return f"{obj} [{obj.tier.name}]"


class LeakNewForm(ResponseForm):
    asset = AssetChoice(label=_("Asset"), queryset=InformationAsset.objects.none())

    field_order = ["asset", "title", "steps"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = (InformationAsset.objects.visible_to(user)
                                         .filter(organisation_id=user.organisation_id)
                                         .select_related("tier").order_by("code"))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("What happened"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    summary = forms.CharField(label=_("Summary of the outcome"), max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 3}))
