"""On a phone (390 × 844), the outsourcer's menu folds behind a button and no page is wider than
the screen."""

from __future__ import annotations

import pytest

from shuhi.core.models import Organisation
from shuhi.testing.browser import log_in, shot
from shuhi.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_on_a_phone_the_menu_folds_and_no_page_is_wider_than_the_screen(page, live_server, settings):
    settings.SHUHI_SYNC_JOBS = True
    world = build_world()
    cast = world.cast
    supplier = Organisation.objects.filter(kind=Organisation.Kind.SUPPLIER, pk=cast.supplier_a.pk).get()
    base = live_server.url
    page.set_viewport_size(PHONE)
    log_in(page, base, cast.admin)

    toggle = page.get_by_test_id("nav-toggle")
    menu = page.locator("#main-nav")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible(), "the menu starts folded on a phone"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.is_visible() and menu.get_by_role("link", name="台帳", exact=True).is_visible()
    assert _width(page) <= PHONE["width"]
    shot(page, "mobile-menu-open")
    toggle.click()
    assert not menu.is_visible()

    for path in ("/", "/ledger/", f"/suppliers/{supplier.pk}/", "/suppliers/", "/people/"):
        page.goto(base + path)
        assert _width(page) <= PHONE["width"], (path, _width(page))
    shot(page, "mobile-people")

    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto(base + "/")
    assert not toggle.is_visible() and menu.is_visible(), "on a wide screen the menu is always shown"
    # The people area is one drop-down: its entries show when it opens, and no page is wider.
    assert _width(page) <= 1280
    assert not menu.get_by_role("link", name="教育", exact=True).is_visible()
    menu.locator("summary", has_text="人・誓約・教育").click()
    assert menu.get_by_role("link", name="教育", exact=True).is_visible()
    assert menu.get_by_role("link", name="人員台帳", exact=True).is_visible()
    shot(page, "menu-people-group-open")
    menu.get_by_role("link", name="教育", exact=True).click()
    page.wait_for_url("**/training/")
    assert menu.locator("summary.nav-group-active").inner_text().strip() == "人・誓約・教育"
