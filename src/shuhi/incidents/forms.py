"""Forms of the reporting channel and the incident register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shuhi.core.models import Organisation, User
from shuhi.incidents.models import Cause, DataKind, Incident, Report

DATE = {"type": "date"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


ATTACHMENT_HELP = _("PDF, images, Office files or text, up to 5 files. Files can carry their author's name in "
                    "their properties: remove it first if you report anonymously.")


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class ReportForm(forms.Form):
    anonymous = forms.TypedChoiceField(
        label=_("How do you want to report?"), coerce=lambda v: v == "yes", initial="no", widget=forms.RadioSelect,
        choices=[("no", _("With my name: the handlers know who I am and can reply to me in shuhi")),
                 ("yes", _("Anonymously: nobody can learn who I am; I get a follow-up code to read questions "
                           "and answer them"))])
    category = forms.ChoiceField(label=_("What is it about?"), choices=Report.Category.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("What happened"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("What you saw or heard, where, and who else may know. Write only what you "
                                       "know; you do not need proof."))
    occurred_on = forms.DateField(label=_("When it happened"), required=False, widget=forms.DateInput(attrs=DATE))
    concerned = UserChoice(label=_("Person concerned (optional)"), required=False, queryset=User.objects.none(),
                           help_text=_("If you name someone who handles reports, your report goes to the other "
                                       "handlers only."))
    attachments = MultipleFileField(label=_("Attachments"), required=False, help_text=ATTACHMENT_HELP)

    def __init__(self, *args: Any, concerned_choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["concerned"].queryset = concerned_choices


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(MessageForm):
    attachments = MultipleFileField(label=_("Attachments"), required=False, help_text=ATTACHMENT_HELP)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Follow-up code"), max_length=60,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))


class CloseReportForm(forms.Form):
    outcome = forms.CharField(label=_("How the report was dealt with"), max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("The reporter reads this, also an anonymous one with the code."))


class ChannelForm(forms.Form):
    handlers = forms.ModelMultipleChoiceField(label=_("Handlers"), queryset=User.objects.none(),
                                              widget=forms.SelectMultiple(attrs={"size": 8}),
                                              help_text=_("They receive every report, except one about themselves, "
                                                          "and alone see who filed it."))
    retention_days = forms.IntegerField(label=_("Days a closed report is kept"), min_value=30, max_value=36500)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handlers"].queryset = User.objects.filter(organisation=organisation, is_active=True
                                                               ).order_by("email")


class IncidentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    cause = forms.ChoiceField(label=_("Cause"), choices=Cause.choices)
    data_kind = forms.ChoiceField(label=_("Kind of information"), choices=DataKind.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Incident.Severity.choices,
                                 initial=Incident.Severity.MEDIUM)
    detected_on = forms.DateField(label=_("Detected on"), widget=forms.DateInput(attrs=DATE))
    occurred_on = forms.DateField(label=_("Occurred on"), required=False, widget=forms.DateInput(attrs=DATE))
    summary = forms.CharField(label=_("Summary"), required=False, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    assets = forms.ModelMultipleChoiceField(label=_("Assets"), required=False, queryset=User.objects.none(),
                                            widget=forms.SelectMultiple(attrs={"size": 6}))
    suppliers = forms.ModelMultipleChoiceField(label=_("Suppliers"), required=False, queryset=User.objects.none(),
                                               widget=forms.SelectMultiple(attrs={"size": 4}))
    disclosures = forms.ModelMultipleChoiceField(label=_("Disclosures"), required=False,
                                                 queryset=User.objects.none(),
                                                 widget=forms.SelectMultiple(attrs={"size": 4}))
    people = forms.ModelMultipleChoiceField(label=_("People"), required=False, queryset=User.objects.none(),
                                            widget=forms.SelectMultiple(attrs={"size": 4}))
    users = forms.ModelMultipleChoiceField(label=_("Users involved"), required=False, queryset=User.objects.none(),
                                           widget=forms.SelectMultiple(attrs={"size": 4}))
    leak_response = forms.ModelChoiceField(label=_("Leak response"), required=False, queryset=User.objects.none())
    origin_cases = forms.ModelMultipleChoiceField(label=_("Review cases it came from"), required=False,
                                                  queryset=User.objects.none())
    resulting_cases = forms.ModelMultipleChoiceField(label=_("Review cases it led to"), required=False,
                                                     queryset=User.objects.none())
    lessons = forms.CharField(label=_("Lessons learned"), required=False, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from shuhi.disclosures.models import Disclosure, LeakResponse
        from shuhi.ledger.models import InformationAsset
        from shuhi.people.models import Person
        from shuhi.reviews.models import FollowUpCase

        super().__init__(*args, **kwargs)
        f = self.fields
        f["assets"].queryset = InformationAsset.objects.visible_to(user).filter(
            organisation_id=user.organisation_id).order_by("code")
        f["suppliers"].queryset = Organisation.objects.visible_to(user).exclude(
            kind=Organisation.Kind.HOME).order_by("name")
        f["disclosures"].queryset = Disclosure.objects.visible_to(user).order_by("-pk")
        f["people"].queryset = Person.objects.visible_to(user).order_by("employee_number")
        f["users"].queryset = User.objects.visible_to(user).filter(is_active=True).order_by("email")
        f["leak_response"].queryset = LeakResponse.objects.visible_to(user).order_by("-pk")
        cases = FollowUpCase.objects.visible_to(user).order_by("-pk")
        f["origin_cases"].queryset = cases
        f["resulting_cases"].queryset = cases

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("assets", "suppliers", "disclosures", "people", "users", "origin_cases", "resulting_cases"):
            data[name] = list(data[name])
        return data


class EntryForm(forms.Form):
    text = forms.CharField(label=_("What happened"), max_length=8000, widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = UserChoice(label=_("Owner"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(organisation_id=organisation_id, is_active=True
                                                            ).order_by("email")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Incident.Status.choices)
    lessons = forms.CharField(label=_("Lessons learned"), required=False, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 3}))
