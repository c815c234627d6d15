import pytest

from tests.browser import browser_page


@pytest.fixture
def page():
    yield from browser_page()
