"""Forms of the training pages. The services check what depends on the database; the forms check shapes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shuhi.core.roles import Role
from shuhi.training import quiz
from shuhi.training.models import AssignmentRule

SECTIONS_HELP = _("Start each section with a line “## heading”, followed by its text.")
QUESTIONS_HELP = _("“Q: question”, then one line per choice: “- [x] correct” or “- [ ] wrong” (one or more "
                   "correct), then “E: explanation” shown after answering. Leave a blank line between questions.")


class ModuleTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              max_length=2000)
    sections = forms.CharField(label=_("Text"), help_text=SECTIONS_HELP, widget=forms.Textarea(attrs={"rows": 14}),
                               max_length=50000)
    questions = forms.CharField(label=_("Quiz"), help_text=QUESTIONS_HELP, widget=forms.Textarea(attrs={"rows": 14}),
                                max_length=50000)

    def clean_sections(self):
        return quiz.parse_sections(self.cleaned_data["sections"])

    def clean_questions(self):
        return quiz.parse(self.cleaned_data["questions"])


class ModuleCreateForm(ModuleTextForm):
    pass_mark = forms.IntegerField(label=_("Pass mark (%)"), min_value=1, max_value=100, initial=80)
    due_days = forms.IntegerField(label=_("Days to complete"), min_value=1, max_value=365, initial=30)


class SettingsForm(forms.Form):
    pass_mark = forms.IntegerField(label=_("Pass mark (%)"), min_value=1, max_value=100)
    due_days = forms.IntegerField(label=_("Days to complete"), min_value=1, max_value=365)
    is_active = forms.BooleanField(label=_("In use"), required=False)


class RuleForm(forms.Form):
    trigger = forms.ChoiceField(label=_("Assign to"), choices=AssignmentRule.Trigger.choices)
    role = forms.ChoiceField(label=_("Role"), required=False,
                             choices=[("", "—")] + [c for c in Role.choices if c[0] != Role.SUPPLIER_REP])
    department = forms.ModelChoiceField(label=_("Department"), required=False, queryset=None)
    event = forms.ChoiceField(label=_("Event"), required=False, choices=[("", "—"), *AssignmentRule.Event.choices])
    due_days = forms.IntegerField(label=_("Days to complete"), min_value=1, max_value=365, initial=30)
    apply_now = forms.BooleanField(label=_("Assign to everyone it matches now"), required=False, initial=True)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class AssignForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class PaperForm(forms.Form):
    score = forms.IntegerField(label=_("Score (%)"), min_value=0, max_value=100)
    taken_on = forms.DateField(label=_("Taken on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


def answers_from(post) -> dict[str, list[str]]:
    """The ticked choices, from fields named q<number>."""
    answers = {}
    for key in post:
        if key.startswith("q") and key[1:].isdigit():
            answers[key[1:]] = post.getlist(key)
    return answers


def clean_version_id(raw: str) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("The module was updated while you were reading it: please read the new version "
                                "and answer again.")) from exc
