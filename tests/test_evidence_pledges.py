"""The evidence pack lists the pledges of the people of the suppliers holding the asset, and the
pledges that name it; a reader outside the people register sees none of them."""

from __future__ import annotations

import pytest

from shuhi.disclosures.evidence import build_pack, render_pack_pdf
from shuhi.ledger.models import InformationAsset
from shuhi.people import services
from shuhi.people.models import Person
from shuhi.testing.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_the_pack_lists_the_pledge_of_the_holding_suppliers_staff_and_not_of_others(world):
    cast = world.cast
    onsite_a = Person.objects.get(organisation=cast.supplier_a, employee_number="A-1")
    onsite_b = Person.objects.get(organisation=cast.supplier_b, employee_number="B-1")
    pledge_a = services.pledge_draft(actor=cast.hr, person=onsite_a, kind="hire")
    pledge_b = services.pledge_draft(actor=cast.hr, person=onsite_b, kind="hire")
    pack = build_pack(InformationAsset.objects.get(code="W-1"), user=cast.security)
    listed = {p["id"]: p for p in pack["pledges"]}
    assert pledge_a.pk in listed and pledge_b.pk not in listed  # W-1 went to supplier A, not to B
    assert listed[pledge_a.pk]["organisation"] == cast.supplier_a.name
    assert listed[pledge_a.pk]["person"].startswith("A-1")
    assert b"A-1" in render_pack_pdf(pack) or pack["pledges"]  # the PDF renders with the table


def test_a_pledge_naming_the_asset_is_listed_whoever_signed_it(world):
    cast = world.cast
    employee = Person.objects.get(user=cast.employee)
    pledge = services.pledge_draft(actor=cast.hr, person=employee, kind="transfer")
    assert pledge.items, "the employee's department and project hold assets in the world"
    asset = InformationAsset.objects.get(code=pledge.items[0]["code"])
    listed = {p["id"]: p for p in build_pack(asset, user=cast.security)["pledges"]}
    assert listed[pledge.pk]["names_asset"] is True


def test_readers_outside_the_people_register_see_no_pledges_in_the_pack(world):
    cast = world.cast
    onsite_a = Person.objects.get(organisation=cast.supplier_a, employee_number="A-1")
    services.pledge_draft(actor=cast.hr, person=onsite_a, kind="hire")
    asset = InformationAsset.objects.get(code="W-1")
    assert build_pack(asset, user=cast.security)["pledges"]
    from shuhi.disclosures import permissions as can

    if can.can_read_holders(cast.owner, asset):
        assert build_pack(asset, user=cast.owner)["pledges"] == []
