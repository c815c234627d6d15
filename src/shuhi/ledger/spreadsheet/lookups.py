"""Names in a ledger file resolved to rows of the organisation: tiers, departments, people, locations.

Everything is loaded once into dicts so that validating a large file costs no per-row queries.
A name matches exactly first, then ignoring width, case and spaces (ＡＢＣ = abc).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from shuhi.core.models import Department, Organisation, User
from shuhi.ledger.models import StorageLocation, Tier
from shuhi.ledger.spreadsheet.excel_format import CellError, norm, split_names, text


class _Names:
    """Exact and normalised lookups of one kind of named row."""

    def __init__(self, pairs: Iterable[tuple[str, Any]]) -> None:
        self.exact: dict[str, Any] = {}
        self.loose: dict[str, Any] = {}
        for name, value in pairs:
            self.exact.setdefault(name, value)
            self.loose.setdefault(norm(name), value)

    def get(self, name: str) -> Any:
        found = self.exact.get(name)
        return found if found is not None else self.loose.get(norm(name))


class Lookups:
    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        tiers = list(Tier.objects.filter(organisation=organisation).order_by("-rank").values_list("pk", "key", "name"))
        self.tier_names = [name for _pk, _key, name in tiers]
        self.tier_name_of = {pk: name for pk, _key, name in tiers}
        # Names win over keys: a custom tier may be named like another tier's key.
        self._tiers = _Names([(name, pk) for pk, _key, name in tiers] + [(key, pk) for pk, key, _name in tiers])
        departments = Department.objects.filter(organisation=organisation).values_list("name", "pk")
        self._departments = _Names(departments)
        self.department_name_of = {pk: name for name, pk in self._departments.exact.items()}
        people = list(User.objects.filter(organisation=organisation).values_list("pk", "full_name", "email"))
        counts = Counter(norm(name) for _pk, name, _email in people if name)
        self.ambiguous_names = {key for key, n in counts.items() if n > 1}
        self._people = _Names((name, pk) for pk, name, _email in people if name)
        self._emails = {email.lower(): pk for pk, _name, email in people}
        self.person_label_of = {
            pk: (name if name and norm(name) not in self.ambiguous_names else email) for pk, name, email in people
        }
        locations = list(StorageLocation.objects.filter(organisation=organisation).values_list("name", "pk"))
        self.location_ids = dict(locations)
        self.location_name_of = {pk: name for name, pk in locations}
        self._locations = _Names((name, name) for name, _pk in locations)

    def add_pending_locations(self, names: Iterable[str | None]) -> None:
        """Locations defined in the same file's locations sheet count as known."""
        for name in names:
            if name:
                self._locations.exact.setdefault(name, name)
                self._locations.loose.setdefault(norm(name), name)

    def tier(self, raw: Any) -> int:
        value = text(raw)
        found = self._tiers.get(value)
        if found is None:
            raise CellError(_("Unknown tier “%(value)s”; use one of: %(choices)s.")
                            % {"value": value, "choices": "、".join(self.tier_names)})
        return found

    def department(self, raw: Any) -> int | None:
        value = text(raw)
        if not value:
            return None
        found = self._departments.get(value)
        if found is None:
            raise CellError(_("Unknown department “%(value)s”.") % {"value": value})
        return found

    def owner(self, raw: Any) -> int | None:
        value = text(raw)
        if not value:
            return None
        if "@" in value:
            found = self._emails.get(value.lower())
        elif norm(value) in self.ambiguous_names:
            raise CellError(_("Several people are called “%(value)s”; give the e-mail address instead.")
                            % {"value": value})
        else:
            found = self._people.get(value)
        if found is None:
            raise CellError(_("Unknown person “%(value)s”; give the full name or e-mail address of a user "
                              "of the organisation.") % {"value": value})
        return found

    def locations(self, raw: Any) -> tuple[str, ...]:
        names, unknown = set(), []
        for name in split_names(raw):
            found = self._locations.get(name)
            if found is None:
                unknown.append(name)
            else:
                names.add(found)
        if unknown:
            raise CellError(_("Unknown storage location “%(value)s”; register it first (保管場所 sheet).")
                            % {"value": "、".join(unknown)})
        return tuple(sorted(names))
