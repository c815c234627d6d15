"""The policy checks run when a disclosure is requested and again when it is decided.

Pure functions over plain facts, so that every rule and its edges can be tested without a
database and the service, the page and the API all get the same findings. Each finding names its
rule, so that the person asking knows what to change rather than only that something is wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

ERROR = "error"
WARNING = "warning"

def rule_names() -> dict[str, str]:
    """The rules' names as users read them, in the active language."""
    return {
        "exception": _("Executive exception"),
        "nda": _("NDA coverage"),
        "justification": _("Purpose and justification"),
        "volume": _("Number of assets"),
        "stamp": _("Stamping"),
        "redisclosure": _("Re-disclosure"),
    }


@dataclass(frozen=True)
class AssetFacts:
    pk: int
    label: str  # "A-001 図面一式"
    tier_id: int
    tier_name: str
    category: str
    project_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class NdaFacts:
    pk: int
    reference: str
    active: bool
    starts_on: dt.date
    ends_on: dt.date
    asset_ids: frozenset[int] = frozenset()
    categories: frozenset[str] = frozenset()
    project_ids: frozenset[int] = frozenset()
    allows_redisclosure: bool = False

    def covers(self, asset: AssetFacts) -> bool:
        return (asset.pk in self.asset_ids or asset.category in self.categories
                or bool(asset.project_ids & self.project_ids))


@dataclass(frozen=True)
class PolicyFacts:
    exception_tier_ids: frozenset[int]
    nda_tier_ids: frozenset[int]
    stamp_tier_ids: frozenset[int]
    require_justification: bool = True
    warn_over_assets: int = 5


@dataclass(frozen=True)
class RequestFacts:
    recipient: str
    assets: tuple[AssetFacts, ...]
    purpose: str
    justification: str
    due_date: dt.date
    today: dt.date
    # The NDAs signed with the recipient (for a re-disclosure: between the supplier and its sub-supplier).
    ndas: tuple[NdaFacts, ...] = ()
    # Set for a re-disclosure: the NDA under which the supplier holds the secret.
    parent_nda: NdaFacts | None = None
    redisclosure: bool = False
    exception_given: bool = False


@dataclass(frozen=True)
class Finding:
    rule: str
    level: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "level": self.level, "message": self.message}


@dataclass
class Verdict:
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == WARNING]

    @property
    def allowed(self) -> bool:
        return not self.errors

    def add(self, rule: str, level: str, message: str) -> None:
        self.findings.append(Finding(rule, level, f"{rule_names()[rule]}: {message}"))


def check_request(request: RequestFacts, policy: PolicyFacts, *, deciding: bool = False) -> Verdict:
    """Every rule's findings for one request.

    At request time a missing executive exception is a warning (the approver records it); when
    deciding it is an error. Everything else is the same at both moments, so an NDA that lapsed
    between request and decision stops the approval.
    """
    verdict = Verdict()
    _justification(request, policy, verdict)
    _volume(request, policy, verdict)
    _exception(request, policy, verdict, deciding)
    _nda(request, policy, verdict)
    _redisclosure(request, verdict)
    return verdict


def _justification(request: RequestFacts, policy: PolicyFacts, verdict: Verdict) -> None:
    if not policy.require_justification:
        return
    if not request.purpose.strip():
        verdict.add("justification", ERROR, _("Say what the supplier will use it for."))
    if not request.justification.strip():
        verdict.add("justification", ERROR, _("Say why the supplier needs these secrets and not less."))


def _volume(request: RequestFacts, policy: PolicyFacts, verdict: Verdict) -> None:
    if not request.assets:
        verdict.add("volume", ERROR, _("Choose at least one asset."))
    elif policy.warn_over_assets and len(request.assets) > policy.warn_over_assets:
        verdict.add("volume", WARNING, _(
            "%(count)s assets in one request (more than %(limit)s). Check that the supplier needs every one."
        ) % {"count": len(request.assets), "limit": policy.warn_over_assets})


def _exception(request: RequestFacts, policy: PolicyFacts, verdict: Verdict, deciding: bool) -> None:
    if request.exception_given:
        return
    for asset in request.assets:
        if asset.tier_id in policy.exception_tier_ids:
            level = ERROR if deciding else WARNING
            verdict.add("exception", level, _(
                "%(asset)s is %(tier)s: it may leave only with an executive's exception, recorded with the approval."
            ) % {"asset": asset.label, "tier": asset.tier_name})


def _nda(request: RequestFacts, policy: PolicyFacts, verdict: Verdict) -> None:
    for asset in request.assets:
        if asset.tier_id not in policy.nda_tier_ids:
            continue
        covering = [nda for nda in request.ndas if nda.covers(asset)]
        if any(_valid_through(nda, request.today, request.due_date) for nda in covering):
            continue
        verdict.add("nda", ERROR, _nda_message(asset, request, covering))


def _valid_through(nda: NdaFacts, today: dt.date, due_date: dt.date) -> bool:
    return nda.active and nda.starts_on <= today and nda.ends_on >= due_date


def _nda_message(asset: AssetFacts, request: RequestFacts, covering: list[NdaFacts]) -> str:
    values = {"asset": asset.label, "tier": asset.tier_name, "recipient": request.recipient,
              "due": request.due_date.isoformat()}
    if not request.ndas:
        return _("%(asset)s is %(tier)s and there is no NDA with %(recipient)s. Register one first.") % values
    if not covering:
        return _("%(asset)s is %(tier)s and no NDA with %(recipient)s covers it (by asset, category or "
                 "project). Extend an NDA's scope first.") % values
    active = [nda for nda in covering if nda.active and nda.starts_on <= request.today]
    if not active:
        return _("%(asset)s is %(tier)s and the NDA covering it is not in force (draft, terminated or not yet "
                 "started).") % values
    latest = max(active, key=lambda nda: nda.ends_on)
    values |= {"nda": latest.reference, "ends": latest.ends_on.isoformat()}
    return _("%(asset)s is %(tier)s and NDA %(nda)s ends on %(ends)s, before the due date %(due)s. Bring the due "
             "date forward or extend the NDA.") % values


def _redisclosure(request: RequestFacts, verdict: Verdict) -> None:
    if not request.redisclosure:
        return
    parent = request.parent_nda
    if parent is None:
        verdict.add("redisclosure", ERROR, _(
            "The disclosure to the supplier has no NDA, so nothing allows passing it on."))
    elif not parent.allows_redisclosure:
        verdict.add("redisclosure", ERROR, _(
            "NDA %(nda)s does not allow the supplier to pass the secrets on to a sub-supplier."
        ) % {"nda": parent.reference})


def must_stamp(tier_id: int, policy: PolicyFacts) -> bool:
    return tier_id in policy.stamp_tier_ids
