"""Error pages are Japanese pages inside the layout, with a way back to the dashboard."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory, override_settings
from django.urls import include, path
from django.views import defaults

from shuhi.core.models import Organisation
from shuhi.core.roles import Role
from shuhi.core.services import organisation_create, user_create
from shuhi.testing.cast import PASSWORD, SYSTEM_TEST, sign_in


def _refuse(request):
    raise PermissionDenied("internal reason that must not be shown")


def _break(request):
    raise RuntimeError("boom")


urlpatterns = [path("refuse/", _refuse), path("break/", _break), path("", include("shuhi.urls"))]


def _employee():
    home = organisation_create(actor=SYSTEM_TEST, name="委託元株式会社", kind=Organisation.Kind.HOME)
    return user_create(actor=SYSTEM_TEST, email="staff@home.example", full_name="社員", organisation=home,
                       role=Role.EMPLOYEE, password=PASSWORD)


def _assert_in_layout(html: str) -> None:
    assert 'class="topbar"' in html and 'href="/"' in html
    assert "ダッシュボードに戻る" in html


@pytest.mark.django_db
def test_an_unknown_address_answers_the_japanese_404_page_inside_the_layout_for_a_logged_in_user():
    client = Client()
    sign_in(client, _employee())
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _assert_in_layout(html)
    assert "ページが見つかりません" in html
    assert 'class="main-nav"' in html, "a signed-in reader keeps their menu"


@pytest.mark.django_db
def test_an_unknown_address_answers_the_japanese_404_page_inside_the_layout_for_an_anonymous_visitor():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _assert_in_layout(html)
    assert "ページが見つかりません" in html and "Not Found" not in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_refused_action_answers_the_japanese_403_page_without_its_internal_reason():
    client = Client()
    sign_in(client, _employee())
    response = client.get("/refuse/")
    assert response.status_code == 403
    html = response.content.decode()
    _assert_in_layout(html)
    assert "権限がありません" in html and "internal reason" not in html


def test_the_500_page_renders_without_a_database_or_a_request_context():
    # No django_db mark: any query the page tried would fail the test.
    request = RequestFactory().get("/break/")
    response = defaults.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    _assert_in_layout(html)
    assert "エラーが発生しました" in html
    assert "lang-switch" not in html, "the language form needs a CSRF token the page does not have"


@pytest.mark.django_db
def test_a_form_sent_without_its_token_answers_the_japanese_expired_form_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    _assert_in_layout(html)
    assert "フォームの有効期限" in html
