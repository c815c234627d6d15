from __future__ import annotations

import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from shuhi.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def test_an_api_token_authenticates_and_a_revoked_one_does_not(cast):
    instance, token = api_token_create(actor=cast.employee, user=cast.employee)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/me/").json()["email"] == cast.employee.email
    instance.delete()
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] in {"authentication_failed", "not_authenticated"}


def test_tokens_are_stored_as_digests(cast):
    _instance, token = api_token_create(actor=cast.employee, user=cast.employee)
    assert not AuthToken.objects.filter(digest=token).exists()


def test_a_session_without_the_second_factor_cannot_use_the_api(client, cast):
    client.force_login(cast.security)
    assert client.get("/api/v1/me/").status_code == 403


def test_the_profile_page_creates_and_revokes_tokens(client, cast, login):
    login(cast.employee)
    response = client.post(reverse("accounts:profile"), {"form": "token-create"})
    assert response.context["new_token"]
    key = AuthToken.objects.get(user=cast.employee).token_key
    client.post(reverse("accounts:profile"), {"form": "token-revoke", "token_key": key})
    assert not AuthToken.objects.filter(user=cast.employee).exists()


def test_japanese_is_the_default_and_english_is_chosen_per_user(client, cast, login):
    login(cast.employee)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "ダッシュボード" in page
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    cast.employee.refresh_from_db()
    assert cast.employee.language == "en"
    assert "Dashboard" in client.get(reverse("core:dashboard")).content.decode()
    # The choice follows the user to a new session, whatever the browser says.
    client.logout()
    login(cast.employee)
    page = client.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "Dashboard" in page


def test_the_log_in_page_is_in_japanese_by_default(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="ja"' in page
    assert "ログイン" in page
