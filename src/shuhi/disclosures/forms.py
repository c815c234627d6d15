"""Forms of the outsourcer's disclosure pages: the request, the decision, the workflow steps, NDAs
and the policy. They only shape the input; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuhi.core.models import Organisation, Project
from shuhi.disclosures import permissions as can
from shuhi.disclosures.models import Disclosure, EndAction, Nda
from shuhi.ledger.models import InformationAsset, Tier

DATE = {"type": "date"}


def first_tier_suppliers(user):
    """Suppliers the outsourcer contracts with directly, as the user sees them."""
    return Organisation.objects.visible_to(user).filter(kind=Organisation.Kind.SUPPLIER, parent__isnull=True)


def requestable_assets(user):
    """Ledger assets the user may ask to disclose: all they see for managers, their department's
    for department managers (the same rule as `can_request_disclosure`)."""
    rows = InformationAsset.objects.visible_to(user).select_related("tier").order_by("code")
    allowed = [a.pk for a in rows if can.can_request_disclosure(user, a)]
    return InformationAsset.objects.filter(pk__in=allowed).select_related("tier").order_by("code")


class AssetChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} [{obj.tier.name}]"


class DisclosureRequestForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Organisation.objects.none(),
                                      help_text=_("A supplier the outsourcer contracts with directly. A supplier "
                                                  "passes secrets on to its sub-suppliers from its portal."))
    assets = AssetChoiceField(label=_("Assets"), queryset=InformationAsset.objects.none(),
                              widget=forms.SelectMultiple(attrs={"size": 8}),
                              help_text=_("Only what the supplier needs for the work."))
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False,
                              help_text=_("What the supplier will use it for."))
    justification = forms.CharField(label=_("Why the supplier needs it"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text=_("Why these secrets and not less."))
    channel = forms.ChoiceField(label=_("Channel"), choices=Disclosure.Channel.choices,
                                initial=Disclosure.Channel.PORTAL)
    copies = forms.IntegerField(label=_("Number of copies"), min_value=1, max_value=1000, initial=1)
    due_date = forms.DateField(label=_("Return or destroy by"), widget=forms.DateInput(attrs=DATE))
    end_action = forms.ChoiceField(label=_("At the end"), choices=EndAction.choices, initial=EndAction.EITHER)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = first_tier_suppliers(user)
        self.fields["assets"].queryset = requestable_assets(user)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {"supplier": data["supplier"], "assets": list(data["assets"]), "purpose": data["purpose"],
                "justification": data["justification"], "channel": data["channel"], "copies": data["copies"],
                "due_date": data["due_date"], "end_action": data["end_action"]}

    def policy_fields(self) -> dict:
        data = self.cleaned_data
        return {"supplier": data["supplier"], "recipient": data["supplier"], "assets": list(data["assets"]),
                "purpose": data["purpose"], "justification": data["justification"], "due_date": data["due_date"]}


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Required when you reject."))
    exception_executive = forms.CharField(label=_("Executive who allowed the exception"), max_length=200,
                                          required=False)
    exception_reason = forms.CharField(label=_("Reason for the exception"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, exception: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not exception:
            del self.fields["exception_executive"]
            del self.fields["exception_reason"]


class FileForm(forms.Form):
    file = forms.FileField(label=_("Document"),
                           help_text=_("PDF, Word, Excel and PowerPoint files are stamped with the recipient and a "
                                       "fingerprint; only the stamped copy is kept."))
    asset = forms.ModelChoiceField(label=_("Asset"), queryset=InformationAsset.objects.none(), required=False,
                                   help_text=_("Which of the disclosure's assets this document is; its tier is "
                                               "stamped. Empty: the highest tier of the disclosure."))

    def __init__(self, *args, disclosure: Disclosure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = disclosure.assets.select_related("tier").order_by("code")


class HandOverForm(forms.Form):
    on = forms.DateField(label=_("Handed over on"), widget=forms.DateInput(attrs=DATE), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class EndForm(forms.Form):
    """The holder (through the portal) or a manager (from a paper certificate) certifies that every
    copy was returned or destroyed; both post to `disclosures:end`."""

    method = forms.ChoiceField(label=_("What was done"), widget=forms.RadioSelect)
    statement = forms.CharField(label=pgettext_lazy("disclosure end", "Certification"), max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("How, by whom and where every copy (paper and electronic) was "
                                            "returned or destroyed."))
    on = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs=DATE), required=False)

    def __init__(self, *args, disclosure: Disclosure | None = None, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        choices = [(Disclosure.Status.RETURNED.value, pgettext_lazy("disclosure end", "Returned")),
                   (Disclosure.Status.DESTROYED.value, pgettext_lazy("disclosure end", "Destroyed"))]
        if disclosure is not None and disclosure.end_action == EndAction.RETURN:
            choices = choices[:1]
        elif disclosure is not None and disclosure.end_action == EndAction.DESTROY:
            choices = choices[1:]
        self.fields["method"].choices = choices
        if len(choices) == 1:
            self.fields["method"].initial = choices[0][0]


class NdaForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Organisation.objects.none())
    sub_supplier = forms.ModelChoiceField(
        label=_("Sub-supplier"), queryset=Organisation.objects.none(), required=False,
        help_text=_("Only for an NDA between the supplier and its sub-supplier (re-disclosure)."))
    reference = forms.CharField(label=_("Contract number"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=200)
    scope_categories = forms.MultipleChoiceField(
        label=_("Asset categories covered"), choices=InformationAsset.Category.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    projects = forms.ModelMultipleChoiceField(label=_("Projects covered"), queryset=Project.objects.none(),
                                              required=False, widget=forms.CheckboxSelectMultiple)
    assets = forms.ModelMultipleChoiceField(label=_("Assets covered"), queryset=InformationAsset.objects.none(),
                                            required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    starts_on = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label=_("End"), widget=forms.DateInput(attrs=DATE))
    requires_marking = forms.BooleanField(label=_("Disclosed secrets must be marked"), required=False, initial=True)
    end_action = forms.ChoiceField(label=_("At the end"), choices=EndAction.choices, initial=EndAction.EITHER)
    allows_redisclosure = forms.BooleanField(label=_("Re-disclosure to sub-suppliers allowed"), required=False)
    notify_within_hours = forms.IntegerField(label=_("Incident notification deadline (hours)"), min_value=1,
                                             max_value=32767, initial=24)
    activate = forms.BooleanField(label=_("Put in force now"), required=False,
                                  help_text=_("Leave unticked to keep it as a draft until it is signed."))

    FIELDS = ["reference", "title", "scope_categories", "starts_on", "ends_on", "requires_marking", "end_action",
              "allows_redisclosure", "notify_within_hours"]

    def __init__(self, *args, user, nda: Nda | None = None, **kwargs):
        if nda is not None:
            initial = {name: getattr(nda, name) for name in self.FIELDS}
            initial |= {"supplier": nda.supplier_id, "sub_supplier": nda.sub_supplier_id,
                        "projects": list(nda.scope_projects.values_list("pk", flat=True)),
                        "assets": list(nda.scope_assets.values_list("pk", flat=True))}
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        suppliers = Organisation.objects.visible_to(user).filter(kind=Organisation.Kind.SUPPLIER)
        self.fields["supplier"].queryset = suppliers.filter(parent__isnull=True)
        self.fields["sub_supplier"].queryset = suppliers.filter(parent__isnull=False).select_related("parent")
        self.fields["projects"].queryset = Project.objects.visible_to(user).filter(organisation=user.organisation)
        self.fields["assets"].queryset = (InformationAsset.objects.visible_to(user)
                                          .filter(organisation=user.organisation).order_by("code"))
        if nda is not None:
            # The parties are the contract's: a new party is a new NDA.
            for name in ("supplier", "sub_supplier"):
                self.fields[name].disabled = True
                self.fields[name].required = False
            del self.fields["activate"]

    def clean(self):
        data = super().clean()
        supplier, sub = data.get("supplier"), data.get("sub_supplier")
        if supplier and sub and sub.parent_id != supplier.pk and not self.fields["sub_supplier"].disabled:
            self.add_error("sub_supplier", _("%(sub)s is not a sub-supplier of %(supplier)s.")
                           % {"sub": sub, "supplier": supplier})
        return data

    def nda_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in self.FIELDS} | {"assets": list(data["assets"]),
                                                            "projects": list(data["projects"])}


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("Reason for termination"), max_length=300)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Signed document"), help_text=_("PDF or image of the signed contract."))


class PolicyForm(forms.Form):
    exception_tiers = forms.ModelMultipleChoiceField(
        label=_("Tiers that need an executive exception"), queryset=Tier.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Assets of these tiers leave only when an executive allows it; the approver records who and "
                    "why. At the request this is a warning, at the approval an error."))
    nda_tiers = forms.ModelMultipleChoiceField(
        label=_("Tiers that need an NDA covering them"), queryset=Tier.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("An NDA in force with the recipient must cover each such asset (by asset, category or project) "
                    "until the due date for return or destruction."))
    stamp_tiers = forms.ModelMultipleChoiceField(
        label=_("Tiers whose files must be stamped"), queryset=Tier.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Files of these tiers are accepted only in a format shuhi stamps with the recipient and a "
                    "fingerprint (PDF, Word, Excel, PowerPoint)."))
    require_justification = forms.BooleanField(
        label=_("Purpose and justification are required"), required=False,
        help_text=_("A request must say what the supplier will use the secrets for and why it needs them."))
    warn_over_assets = forms.IntegerField(
        label=_("Warn when one request holds more assets than"), min_value=0, max_value=1000,
        help_text=_("A larger request is allowed but flagged, so that the approver checks the supplier needs "
                    "every one. 0 turns the warning off."))

    def __init__(self, *args, organisation, policy=None, **kwargs):
        if policy is not None:
            kwargs.setdefault("initial", {
                "exception_tiers": list(policy.exception_tiers.values_list("pk", flat=True)),
                "nda_tiers": list(policy.nda_tiers.values_list("pk", flat=True)),
                "stamp_tiers": list(policy.stamp_tiers.values_list("pk", flat=True)),
                "require_justification": policy.require_justification,
                "warn_over_assets": policy.warn_over_assets,
            })
        super().__init__(*args, **kwargs)
        tiers = Tier.objects.filter(organisation=organisation).order_by("-rank")
        for name in ("exception_tiers", "nda_tiers", "stamp_tiers"):
            self.fields[name].queryset = tiers
