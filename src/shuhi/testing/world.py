"""A small world with rows of every model for every kind of owner.

The isolation test walks every model and route over this world. When you add a model, add rows
of it here for the home organisation and (if suppliers may see it) for supplier A and B: the
isolation test fails until you do, so no model escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from shuhi.testing.cast import Cast, build_cast


@dataclass
class World:
    cast: Cast

    def words_of(self, organisation) -> set[str]:
        """Strings that only someone who can see `organisation`'s data could know."""
        from shuhi.core.models import Department, Project, User

        words = {organisation.name}
        words |= set(User.objects.filter(organisation=organisation).values_list("email", flat=True))
        words |= set(Department.objects.filter(organisation=organisation).values_list("name", flat=True))
        words |= set(Project.objects.filter(organisation=organisation).values_list("name", flat=True))
        from shuhi.ledger.models import InformationAsset, StorageLocation

        words |= set(InformationAsset.objects.filter(organisation=organisation).values_list("name", flat=True))
        words |= set(StorageLocation.objects.filter(organisation=organisation).values_list("name", flat=True))
        return words

    def known_to(self, user) -> set[str]:
        """Words of other organisations a supplier's user is meant to know: the names of the
        outsourcer's assets disclosed to it or its chain, and the names of the organisations of its
        own chain (its parent supplier, its sub-suppliers). Nothing else of theirs."""
        from shuhi.core.models import Organisation
        from shuhi.disclosures.models import Disclosure

        held = Disclosure.objects.visible_to(user).values_list("assets__name", flat=True)
        chain = Organisation.objects.filter(pk=user.organisation_id).values_list("parent__name", flat=True)
        subs = Organisation.objects.filter(parent_id=user.organisation_id).values_list("name", flat=True)
        return {name for name in [*held, *chain, *subs] if name}


def build_world() -> World:
    """Each app adds its rows through its own testing.py."""
    cast = build_cast()
    from shuhi.accounts.testing import build_account_world
    from shuhi.disclosures.testing import build_disclosure_world
    from shuhi.incidents.testing import build_incident_world
    from shuhi.jobs.testing import build_job_world
    from shuhi.ledger.testing import build_ledger_world
    from shuhi.notifications.testing import build_notification_world
    from shuhi.people.testing import build_people_world
    from shuhi.reports.testing import build_report_world
    from shuhi.reviews.testing import build_review_world
    from shuhi.risks.testing import build_risk_world
    from shuhi.scans.testing import build_scan_world
    from shuhi.suppliers.testing import build_supplier_world
    from shuhi.training.testing import build_training_world

    build_account_world(cast)
    build_ledger_world(cast)
    build_supplier_world(cast)
    build_disclosure_world(cast)
    build_people_world(cast)
    build_training_world(cast)
    build_incident_world(cast)
    build_review_world(cast)
    build_scan_world(cast)
    build_job_world(cast)
    build_notification_world(cast)
    build_risk_world(cast)
    build_report_world(cast)
    return World(cast=cast)
