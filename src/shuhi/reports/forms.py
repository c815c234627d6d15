from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shuhi.reports.months import parse_month


class GenerateForm(forms.Form):
    month = forms.CharField(label=_("Month of the report"), max_length=7, help_text=_("YYYY-MM"),
                            widget=forms.TextInput(attrs={"type": "month"}))

    def clean_month(self):
        try:
            return parse_month(self.cleaned_data["month"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
