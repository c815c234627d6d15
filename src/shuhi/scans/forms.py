from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shuhi.ledger.models import StorageLocation, Tier
from shuhi.scans.models import ScanFinding


def _locations(user: Any):
    return StorageLocation.objects.visible_to(user).filter(organisation=user.organisation).select_related("tier")


class LocationScanForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Storage location"), queryset=StorageLocation.objects.none(),
        help_text=_("The folders on the server that the location's path patterns name are scanned."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = _locations(user)


class ArchiveScanForm(forms.Form):
    archive = forms.FileField(label=_("Archive (.zip)"),
                              help_text=_("A .zip of the folder, e.g. made in Explorer with \"Send to → Compressed "
                                          "folder\"."))
    location = forms.ModelChoiceField(
        label=_("The files came from"), queryset=StorageLocation.objects.none(), required=False,
        help_text=_("Used for files whose folder matches no location's path patterns."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = _locations(user)


class FileFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Finding"), required=False,
                             choices=[("", _("All files")), ("any", _("Any finding")), *ScanFinding.Kind.choices])
    tier = forms.ChoiceField(label=_("Tier found"), required=False)
    q = forms.CharField(label=_("Path contains"), required=False, max_length=200)

    def __init__(self, *args: Any, user: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tiers = Tier.objects.visible_to(user).filter(organisation=organisation).order_by("-rank")
        self.fields["tier"].choices = [("", _("All")), ("none", _("No label")),
                                       *[(t.key, t.name) for t in tiers]]

    def filters(self) -> dict[str, str]:
        return dict(self.cleaned_data) if self.is_valid() else {}
