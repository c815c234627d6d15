from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shuhi.core.models import Department, Project, User
from shuhi.core.pickers import UserChoiceField
from shuhi.ledger.models import ClassificationRule, InformationAsset, StorageLocation, Tier

ASSET_FORM_FIELDS = [
    "code", "name", "description", "category", "tier", "is_trade_secret", "is_personal_data", "department", "owner",
    "projects", "locations", "retention", "retention_years", "retention_until", "disposal_method", "likelihood",
    "impact", "label_status", "usefulness_reason", "non_public_reason", "review_date", "notes",
]


class AssetForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=300,
                             help_text=_("Kept in the audit log with the change."))

    class Meta:
        model = InformationAsset
        fields = ASSET_FORM_FIELDS
        field_classes = {"owner": UserChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "usefulness_reason": forms.Textarea(attrs={"rows": 2}),
            "non_public_reason": forms.Textarea(attrs={"rows": 2}),
            "retention_until": forms.DateInput(attrs={"type": "date"}),
            "review_date": forms.DateInput(attrs={"type": "date"}),
            "projects": forms.CheckboxSelectMultiple,
            "locations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["tier"].queryset = Tier.objects.visible_to(user).filter(organisation=organisation)
        self.fields["department"].queryset = Department.objects.visible_to(user).filter(organisation=organisation)
        self.fields["owner"].queryset = User.objects.visible_to(user).filter(organisation=organisation)
        self.fields["projects"].queryset = Project.objects.visible_to(user).filter(organisation=organisation)
        self.fields["locations"].queryset = StorageLocation.objects.visible_to(user).filter(
            organisation=organisation).select_related("tier")
        self.rules = list(ClassificationRule.objects.visible_to(user).filter(organisation=organisation))
        answers = self.instance.rule_answers or {}
        for rule in self.rules:
            self.fields[f"rule_{rule.pk}"] = forms.BooleanField(
                label=rule.question, required=False, initial=answers.get(str(rule.pk), False)
            )

    def rule_fields(self):
        return [self[f"rule_{rule.pk}"] for rule in self.rules]

    def main_fields(self):
        return [self[name] for name in [*ASSET_FORM_FIELDS, "reason"]]

    def answers(self) -> dict[str, bool]:
        return {str(rule.pk): bool(self.cleaned_data.get(f"rule_{rule.pk}")) for rule in self.rules}

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ASSET_FORM_FIELDS if name in self.cleaned_data}
        return data


class LocationForm(forms.ModelForm):
    class Meta:
        model = StorageLocation
        fields = ["name", "kind", "tier", "path_patterns", "access_groups", "description"]
        widgets = {"path_patterns": forms.Textarea(attrs={"rows": 3}), "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["tier"].queryset = Tier.objects.visible_to(user).filter(organisation=organisation)


class RetierForm(forms.Form):
    tier = forms.ModelChoiceField(label=_("New tier"), queryset=Tier.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = Tier.objects.visible_to(user)
