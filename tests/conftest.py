import pytest

from shuhi.testing.browser import browser_page


@pytest.fixture
def page():
    yield from browser_page()
