from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from shuhi.accounts.models import Invitation
from shuhi.accounts.services import invitation_accept, invitation_create
from shuhi.core.models import User
from shuhi.core.permissions import PermissionDenied
from shuhi.core.roles import Role

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-long-new-passphrase-42"


def invite(cast, **overrides):
    data = {"actor": cast.admin, "email": "new@a.example", "full_name": "新しい 人", "organisation": cast.supplier_a,
            "role": Role.SUPPLIER_REP}
    data.update(overrides)
    return invitation_create(**data)


def test_an_invitation_creates_the_user_in_the_invited_organisation_and_role(client, cast):
    _invitation, token = invite(cast)
    response = client.post(reverse("accounts:accept", args=[token]),
                           {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email="new@a.example")
    assert (user.organisation, user.role) == (cast.supplier_a, Role.SUPPLIER_REP)
    assert user.check_password(NEW_PASSWORD)


def test_an_invitation_link_works_only_once(cast):
    _invitation, token = invite(cast)
    invitation_accept(token=token, password=NEW_PASSWORD)
    with pytest.raises(ValidationError):
        invitation_accept(token=token, password=NEW_PASSWORD)


def test_an_expired_invitation_is_refused(client, cast):
    invitation, token = invite(cast)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("accounts:accept", args=[token])).status_code == 404
    with pytest.raises(ValidationError):
        invitation_accept(token=token, password=NEW_PASSWORD)


def test_only_a_hash_of_the_token_is_stored(cast):
    invitation, token = invite(cast)
    assert token not in invitation.token_hash
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_a_weak_password_is_refused_with_a_message_next_to_the_field(client, cast):
    _invitation, token = invite(cast)
    response = client.post(reverse("accounts:accept", args=[token]), {"password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="new@a.example").exists()


def test_supplier_organisations_take_only_supplier_representatives(cast):
    with pytest.raises(ValidationError):
        invite(cast, role=Role.ADMIN)
    with pytest.raises(ValidationError):
        invite(cast, organisation=cast.home, role=Role.SUPPLIER_REP)


def test_employees_cannot_invite(cast):
    with pytest.raises(PermissionDenied):
        invite(cast, actor=cast.employee)


def test_a_revoked_invitation_cannot_be_used(client, cast, login):
    invitation, token = invite(cast)
    login(cast.admin)
    client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    with pytest.raises(ValidationError):
        invitation_accept(token=token, password=NEW_PASSWORD)


def test_the_invitation_page_shows_the_link_once(client, cast, login):
    login(cast.admin)
    response = client.post(reverse("accounts:invitations"), {
        "full_name": "田中 新", "email": "tanaka@home.example", "organisation": cast.home.pk,
        "role": Role.EMPLOYEE, "department": cast.dev.pk,
    })
    assert response.status_code == 200
    assert "/accounts/invite/" in response.context["link"]
    assert "/accounts/invite/" not in client.get(reverse("accounts:invitations")).content.decode()
