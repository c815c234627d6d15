"""Every page without parameters, and every gated page for an object the user may see, answers
without a server error for every member of the cast."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import get_resolver

from shuhi.testing.cast import sign_in
from tests.test_isolation import _simple_paths, _walk, everyone, world  # noqa: F401 — `world` is a fixture

pytestmark = pytest.mark.django_db


def test_every_page_answers_every_member_of_the_cast_without_a_server_error(world):  # noqa: F811
    cast = world.cast
    gated = [(route, entry) for route, entry in _walk(get_resolver().url_patterns)
             if hasattr(entry.callback, "gate_model") and route.count("<") == 1]
    for user in everyone(cast):
        client = Client(raise_request_exception=False)
        sign_in(client, user)
        for path, _entry in _simple_paths():
            if path.startswith("/api/"):
                continue
            response = client.get(path)
            assert response.status_code < 500, (path, user, response.status_code)
        for route, entry in gated:
            model = entry.callback.gate_model
            for pk in model.objects.visible_to(user).values_list("pk", flat=True)[:3]:
                path = "/" + re.sub(r"<(?:int:)?pk>", str(pk), route)
                response = client.get(path)
                assert response.status_code < 500, (path, user, response.status_code)
