"""Share of staff trained, read beside IPA's survey; the dashboard card and the management indicators.

"Trained" means: the person has at least one training assignment (not cancelled) and has passed the
current version of every one of them. "Staff" are the people in the register who have not left:
the outsourcer's own staff and suppliers' staff working on its site. The survey counts companies
that educate their staff on the importance of trade secrets; this measures how far this company
has, so the two are read side by side rather than as the same measure.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shuhi.core.models import Organisation
from shuhi.core.registry import ManagementIndicator, register_indicator
from shuhi.ledger.indicators import range as span
from shuhi.ledger.indicators import share, survey
from shuhi.people.models import Person
from shuhi.training.content import CLASSIFICATION_CODE
from shuhi.training.models import Assignment

TRAINED_SURVEY_KEY = "education_on_trade_secret_importance"
CLASSIFICATION_SURVEY_KEY = "classification_rules_communicated"


def _staff(home: Any):
    people = Person.objects.exclude(status=Person.Status.LEFT)
    return people.filter(Q(organisation=home) | ~Q(organisation__kind=Organisation.Kind.HOME))


def trained_figures(home: Any) -> dict[str, Any]:
    staff = _staff(home)
    assignments = Assignment.objects.exclude(status=Assignment.Status.CANCELLED).filter(
        module__organisation=home, module__is_active=True, person__in=staff)
    assigned = set(assignments.values_list("person_id", flat=True))
    behind = set(assignments.exclude(status=Assignment.Status.PASSED, passed_version__is_current=True)
                 .values_list("person_id", flat=True))
    trained = len(assigned - behind)
    total = staff.count()
    return {"trained": trained, "staff": total, "assigned": len(assigned), "share": share(trained, total)}


def module_figures(home: Any, code: str) -> dict[str, Any]:
    staff = _staff(home)
    passed = Assignment.objects.filter(module__organisation=home, module__code=code, person__in=staff,
                                       status=Assignment.Status.PASSED, passed_version__is_current=True)
    trained, total = passed.values("person_id").distinct().count(), staff.count()
    return {"trained": trained, "staff": total, "share": share(trained, total)}


def survey_figures(key: str) -> dict[str, str]:
    figures = survey()["figures"].get(key, {})
    small, large = figures.get("small"), figures.get("large")
    return {"small": span(tuple(small) if small else None), "large": span(tuple(large) if large else None)}


def _home(user: Any) -> Organisation | None:
    return Organisation.objects.filter(pk=user.organisation_id, kind=Organisation.Kind.HOME).first()


def dashboard_figures(user: Any) -> dict[str, Any] | None:
    home = _home(user)
    if home is None:
        return None
    figures = trained_figures(home)
    share_ = figures["share"]
    return {**figures, "display": "—" if share_ is None else f"{share_:.0f}%",
            "survey": survey_figures(TRAINED_SURVEY_KEY), "source": survey()["source"]}


def _trained_share(organisation: Any) -> float | None:
    return trained_figures(organisation)["share"]


def _classification_share(organisation: Any) -> float | None:
    return module_figures(organisation, CLASSIFICATION_CODE)["share"]


def register() -> None:
    register_indicator(ManagementIndicator(
        key="training.trained", label=_("Staff trained on the current modules"), area=_("Training"),
        value=_trained_share, order=60, survey_key=TRAINED_SURVEY_KEY, url_name="training:index"))
    register_indicator(ManagementIndicator(
        key="training.classification", label=_("Staff who passed the classification rules module"),
        area=_("Training"), value=_classification_share, order=61, survey_key=CLASSIFICATION_SURVEY_KEY,
        url_name="training:index"))
