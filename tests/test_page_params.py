"""Pages take ids from query strings and forms; odd ones are ignored, never a server error."""

from __future__ import annotations

import pytest

ODD = ["²", "３", "30804287335638572728320", "-1", "1e3", ""]


@pytest.mark.parametrize("value", ODD)
def test_list_pages_ignore_an_odd_department_or_supplier_id(cast, login, value):
    client = login(cast.admin)
    for url, name in (("/ledger/", "department"), ("/people/", "department"),
                      ("/suppliers/improvements/", "supplier"), ("/suppliers/improvements/", "assessment"),
                      ("/ledger/import/", "job")):
        response = client.get(url, {name: value})
        assert response.status_code == 200, (url, name, value, response.status_code)


@pytest.mark.parametrize("value", ODD)
def test_the_bulk_retier_form_ignores_odd_asset_ids(cast, login, value):
    response = login(cast.admin).post("/ledger/retier/", {"asset": [value], "tier": "", "reason": ""})
    assert response.status_code == 302
