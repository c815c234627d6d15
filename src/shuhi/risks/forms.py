"""Forms of the risk register and the case library. The services check again what they store."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shuhi.core.models import User
from shuhi.ledger.models import InformationAsset
from shuhi.risks.models import InsiderRisk, Principle, RiskMeasure

SCALE = [(n, str(n)) for n in range(1, 6)]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _owners(user: Any):
    return User.objects.visible_to(user).filter(organisation_id=user.organisation_id, is_active=True).order_by(
        "full_name", "email")


class RiskForm(forms.Form):
    title = forms.CharField(label=_("Risk"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    likelihood = forms.TypedChoiceField(label=_("Likelihood (1–5)"), choices=SCALE, coerce=int, initial=3,
                                        help_text=_("1: hardly ever … 5: could happen any time."))
    impact = forms.TypedChoiceField(label=_("Impact (1–5)"), choices=SCALE, coerce=int, initial=3,
                                    help_text=_("1: negligible … 5: threatens the business or its customers."))
    asset_categories = forms.MultipleChoiceField(label=_("Asset categories"), required=False,
                                                 choices=InformationAsset.Category.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    assets = forms.ModelMultipleChoiceField(label=_("Assets concerned"), queryset=InformationAsset.objects.none(),
                                            required=False, help_text=_("Assets of the ledger this risk threatens."))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    review_date = forms.DateField(label=_("Next review"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=InsiderRisk.Status.choices, initial=InsiderRisk.Status.OPEN)
    reason = forms.CharField(label=_("Why (kept with this version)"), max_length=500, required=False)

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assets"].queryset = InformationAsset.objects.visible_to(user).filter(
            organisation_id=user.organisation_id).order_by("code")
        self.fields["owner"].queryset = _owners(user)
        self.fields["reason"].required = editing

    @classmethod
    def initial_for(cls, risk: InsiderRisk) -> dict[str, Any]:
        return {"title": risk.title, "description": risk.description, "likelihood": risk.likelihood,
                "impact": risk.impact, "asset_categories": risk.asset_categories, "assets": list(risk.assets.all()),
                "owner": risk.owner, "review_date": risk.review_date, "status": risk.status}


class MeasureForm(forms.Form):
    principle = forms.ChoiceField(label=_("Principle"), choices=Principle.choices)
    description = forms.CharField(label=_("Measure"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(label=_("Status"), choices=RiskMeasure.Status.choices,
                               initial=RiskMeasure.Status.PLANNED)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    reason = forms.CharField(label=_("Why (kept with this version)"), max_length=500, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _owners(user)

    @classmethod
    def initial_for(cls, measure: RiskMeasure) -> dict[str, Any]:
        return {"principle": measure.principle, "description": measure.description, "status": measure.status,
                "owner": measure.owner, "due_date": measure.due_date}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=500, required=False)


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE,
                                  help_text=_("When it came to light or was decided (judgment, arrest, announcement)."))
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    what_went_wrong = forms.CharField(label=_("What went wrong"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    lessons = forms.CharField(label=_("Lessons"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    principles = forms.MultipleChoiceField(label=_("Principles concerned"), choices=Principle.choices,
                                           required=False, widget=forms.CheckboxSelectMultiple)
    source_name = forms.CharField(label=_("Source"), max_length=300,
                                  help_text=_("The court, publisher or company, with the date."))
    source_url = forms.URLField(label=_("Source URL"), max_length=500, required=False, assume_scheme="https")

    @classmethod
    def initial_for(cls, case: Any) -> dict[str, Any]:
        return {name: getattr(case, name) for name in cls.base_fields}
