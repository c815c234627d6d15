from __future__ import annotations

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from shuhi.core.models import Organisation, User
from shuhi.core.pickers import UserChoiceField
from shuhi.suppliers.models import Certification, Framework, ImprovementItem, SizeBand, SupplierProfile


class ProfileForm(forms.ModelForm):
    certifications = forms.MultipleChoiceField(label=_("Certifications held"), choices=Certification.choices,
                                               required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = SupplierProfile
        fields = ["legal_name", "size_band", "industry", "certifications", "other_certifications", "contacts",
                  "contract_status", "notes"]
        widgets = {"contacts": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 3})}


class SupplierCreateForm(ProfileForm):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("How the supplier is called in shuhi."))
    parent = forms.ModelChoiceField(
        label=_("Parent supplier"), queryset=Organisation.objects.none(), required=False,
        help_text=_("Choose a supplier only when this one is a sub-supplier (再委託先) of it."),
    )

    class Meta(ProfileForm.Meta):
        fields = ["name", "parent", *ProfileForm.Meta.fields]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_name"].required = False
        self.fields["parent"].queryset = Organisation.objects.visible_to(user).filter(kind=Organisation.Kind.SUPPLIER)
        self.order_fields(["name", "parent"])

    def profile_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in {"name", "parent"}}
        data["legal_name"] = data.get("legal_name") or self.cleaned_data["name"]
        return data


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))


class FrameworkChoiceField(forms.ModelChoiceField):
    """A questionnaire by its title in the reader's language and its version, not its file name."""

    def label_from_instance(self, obj: Framework) -> str:
        return gettext("%(name)s (version %(version)s)") % {"name": obj.display_name(get_language()),
                                                       "version": obj.version}


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    framework = FrameworkChoiceField(label=_("Questionnaire"), queryset=Framework.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    suppliers = forms.ModelMultipleChoiceField(label=_("Suppliers"), queryset=Organisation.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)
    message = forms.CharField(label=_("Message to suppliers"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.visible_to(user).filter(
            kind=Framework.Kind.QUESTIONNAIRE)
        self.fields["suppliers"].queryset = Organisation.objects.visible_to(user).filter(
            kind=Organisation.Kind.SUPPLIER)


class FrameworkUploadForm(forms.Form):
    file = forms.FileField(label=_("Framework file (shuhi YAML or CISO Assistant library YAML)"))


class ExcelUploadForm(forms.Form):
    file = forms.FileField(label=_("Filled-in questionnaire (.xlsx)"))


class EvidenceForm(forms.Form):
    question = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("Evidence file"))


SIZE_CHOICES = SizeBand.choices


class ImprovementItemForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ImprovementItem.Status.choices)
    owner = UserChoiceField(label=_("Person in charge"), queryset=User.objects.none(), required=False)
    owner_name = forms.CharField(label=_("Person in charge (name)"), max_length=200, required=False,
                                 help_text=_("When the person has no account in shuhi."))
    due_date = forms.DateField(label=_("Complete by"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    practice = forms.CharField(label=_("Good practice"), widget=forms.Textarea(attrs={"rows": 3}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, item: ImprovementItem, may_edit_plan: bool, **kwargs):
        initial = {"status": item.status, "owner": item.owner_id, "owner_name": item.owner_name,
                   "due_date": item.due_date, "practice": item.practice, "notes": item.notes}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["owner"].queryset = User.objects.visible_to(user).filter(
            organisation_id=item.assessment.supplier_id, is_active=True)
        if not may_edit_plan:
            # What was agreed (the practice and its due date) is the outsourcer's to change.
            for name in ("due_date", "practice"):
                self.fields[name].disabled = True
