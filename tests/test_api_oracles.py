"""No existence oracles in the API's writes (issue 12, item 7).

The probe: as supplier A, `POST /api/v1/organisations/ {"name": "<supplier B's name>"}` answered
400 "already exists" and an unknown name 403; a foreign id in a related field answered "invalid"
where a missing one answered "does not exist". So the answer told what exists.

Walked over every writable route of the router (create, partial update and every POST action)
and every user of the cast, over the world of every model:
- a refused write answers the same 403/404, byte for byte, whatever the body says;
- a related field given the id of a row the user cannot see is answered exactly as one given an
  id that exists nowhere.
Nothing here names a route: a new writable route is covered as soon as it is registered.
"""

from __future__ import annotations

import json
import re

import pytest
from django.db.models import Max
from rest_framework import relations
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from shuhi.api_urls import router
from shuhi.core.rest.viewsets import ScopedViewSet
from shuhi.testing.cast import api_client
from shuhi.testing.world import build_world

pytestmark = pytest.mark.django_db

REFUSED = (403, 404)


@pytest.fixture
def world(django_capture_on_commit_callbacks, settings):
    settings.SHUHI_SYNC_JOBS = True
    with django_capture_on_commit_callbacks(execute=True):
        return build_world()


def everyone(cast):
    return [cast.admin, cast.security, cast.owner, cast.hr, cast.auditor, cast.employee, cast.sales_employee,
            cast.rep_a, cast.rep_b, cast.rep_sub_a]


def writable_viewsets():
    for prefix, viewset, _basename in router.registry:
        if issubclass(viewset, ScopedViewSet):
            yield prefix, viewset


def post_actions(viewset):
    return [a for a in viewset.get_extra_actions() if "post" in a.mapping and not a.detail]


def serializer_for(viewset, action: str, user, method: str = "post"):
    """The serializer the viewset validates `action`'s body with, as `user` would get it."""
    request = Request(getattr(APIRequestFactory(), method)("/"))
    request.user = user
    view = viewset(action=action, request=request, kwargs={}, format_kwarg=None)
    return view.get_serializer()


def related_fields(serializer):
    """Writable related fields: name, the related model and whether it takes a list."""
    for name, field in serializer.fields.items():
        target = getattr(field, "child_relation", field)
        if isinstance(target, relations.RelatedField) and not field.read_only and target.queryset is not None:
            yield name, target.queryset.model, field is not target


def foreign_and_missing(model, user):
    """An id of a row that exists but that `user` cannot see, and an id that exists nowhere."""
    visible = model.objects.visible_to(user).values("pk")
    foreign = model.objects.exclude(pk__in=visible).order_by("pk").values_list("pk", flat=True).first()
    missing = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1000
    return foreign, missing


def answer(response) -> tuple[int, object]:
    try:
        return response.status_code, response.json()
    except (ValueError, TypeError):
        return response.status_code, response.content


def without_ids(body, *ids) -> str:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    for value in ids:
        text = re.sub(rf"(?<![0-9]){value}(?![0-9])", "<id>", text)
    return text


def probing_bodies(world) -> list[dict]:
    """Bodies that would each get a different validation answer if validation ran before the check."""
    cast = world.cast
    bodies: list[dict] = [
        {},
        {"name": cast.supplier_b.name},
        {"name": cast.supplier_a.name, "parent": cast.supplier_b.pk},
        {"name": "この名前はどこにもない"},
        {"name": 12, "parent": "x", "tier": [], "department": 10**30},
        {"code": "W-1", "name": "設計秘伝書"},
        {"assets": [1, 2], "tier": 1, "reason": "probe"},
        {"location": 1},
    ]
    for _prefix, viewset in writable_viewsets():
        for user in everyone(cast):
            for name, model, many in related_fields(serializer_for(viewset, "create", user)):
                foreign, missing = foreign_and_missing(model, user)
                for pk in (foreign, missing):
                    if pk is not None:
                        bodies.append({"name": "probe", name: [pk] if many else pk})
    return bodies


def test_a_refused_create_answers_the_same_whatever_the_body(world):
    bodies = probing_bodies(world)
    refused = 0
    for user in everyone(world.cast):
        client = api_client(user)
        for prefix, viewset in writable_viewsets():
            urls = [f"/api/v1/{prefix}/"] if "post" in viewset.http_method_names else []
            urls += [f"/api/v1/{prefix}/{a.url_path}/" for a in post_actions(viewset)]
            for url in urls:
                answers = {json.dumps(answer(client.post(url, body, format="json")), sort_keys=True, default=str)
                           for body in bodies}
                statuses = {json.loads(a)[0] for a in answers}
                if statuses & set(REFUSED):
                    refused += 1
                    assert len(answers) == 1, (url, user.email, sorted(answers)[:4])


    assert refused >= 20, "too few refused writes were walked: the test no longer probes anything"


def test_a_users_own_refusal_comes_first_for_every_create_the_action_gate_denies(world):
    """Where `create_check` says no, the answer is 403 or 404 even for an empty body."""
    for user in everyone(world.cast):
        client = api_client(user)
        for prefix, viewset in writable_viewsets():
            check = viewset.create_check
            if check is None or "post" not in viewset.http_method_names or check(user):
                continue
            status = client.post(f"/api/v1/{prefix}/", {}, format="json").status_code
            assert status in REFUSED, (prefix, user.email, status)


def test_a_refused_update_answers_the_same_whatever_the_body(world):
    bodies = probing_bodies(world)
    walked = 0
    for user in everyone(world.cast):
        client = api_client(user)
        for prefix, viewset in writable_viewsets():
            if "patch" not in viewset.http_method_names or viewset.update_check is None:
                continue
            for obj in viewset.model.objects.visible_to(user)[:5]:
                if viewset.update_check(user, obj):
                    continue
                url = f"/api/v1/{prefix}/{obj.pk}/"
                answers = {json.dumps(answer(client.patch(url, body, format="json")), sort_keys=True, default=str)
                           for body in bodies}
                assert len(answers) == 1, (url, user.email, sorted(answers)[:4])
                assert json.loads(answers.pop())[0] in REFUSED, (url, user.email)
                walked += 1
    assert walked >= 5, "too few refused updates were walked"


def _compare_foreign_and_missing(client, method, url, user, serializer, base_body) -> int:
    compared = 0
    for name, model, many in related_fields(serializer):
        foreign, missing = foreign_and_missing(model, user)
        if foreign is None:
            continue
        wrap = (lambda pk: [pk]) if many else (lambda pk: pk)
        send = getattr(client, method)
        with_foreign = answer(send(url, {**base_body, name: wrap(foreign)}, format="json"))
        with_missing = answer(send(url, {**base_body, name: wrap(missing)}, format="json"))
        assert with_foreign[0] == with_missing[0], (method, url, name, user.email, with_foreign, with_missing)
        assert with_foreign[0] >= 400, (method, url, name, user.email, "a foreign id was accepted")
        assert without_ids(with_foreign[1], foreign) == without_ids(with_missing[1], missing), (
            method, url, name, user.email, with_foreign, with_missing)
        compared += 1
    return compared


def test_a_foreign_id_in_a_related_field_is_answered_like_a_missing_one(world):
    compared = 0
    for user in everyone(world.cast):
        client = api_client(user)
        for prefix, viewset in writable_viewsets():
            if "post" in viewset.http_method_names and viewset.create_check and viewset.create_check(user):
                serializer = serializer_for(viewset, "create", user)
                compared += _compare_foreign_and_missing(client, "post", f"/api/v1/{prefix}/", user, serializer,
                                                         {"name": "probe", "code": "PROBE-1"})
            if "patch" in viewset.http_method_names and viewset.update_check:
                for obj in viewset.model.objects.visible_to(user)[:3]:
                    if not viewset.update_check(user, obj):
                        continue
                    serializer = serializer_for(viewset, "partial_update", user, "patch")
                    compared += _compare_foreign_and_missing(client, "patch", f"/api/v1/{prefix}/{obj.pk}/", user,
                                                             serializer, {})
    assert compared >= 5, "too few foreign ids were compared: the world no longer hides rows from anyone who writes"


def test_the_probe_of_the_report_no_longer_tells_supplier_b_exists(world):
    cast = world.cast
    client = api_client(cast.rep_a)
    known = client.post("/api/v1/organisations/", {"name": cast.supplier_b.name}, format="json")
    unknown = client.post("/api/v1/organisations/", {"name": "存在しない商事"}, format="json")
    assert known.status_code == unknown.status_code == 404
    assert known.json() == unknown.json()
