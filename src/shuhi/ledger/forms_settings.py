from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shuhi.ledger.models import ClassificationRule, Tier


class TierForm(forms.ModelForm):
    class Meta:
        model = Tier
        fields = ["key", "name", "rank", "label_text", "handling", "may_disclose"]
        widgets = {"handling": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"key": _("Letters, digits and underscores; used in files and the API, e.g. internal.")}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        if self.instance.pk:
            # The key ties the tier to scans, exports and API clients; renaming is done with the name.
            self.fields["key"].disabled = True


class RuleForm(forms.ModelForm):
    class Meta:
        model = ClassificationRule
        fields = ["question", "explanation", "tier_if_yes", "identifies_trade_secret", "order"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organisation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["tier_if_yes"].queryset = Tier.objects.visible_to(user).filter(organisation=organisation)
