"""The API's hygiene (issue 12, item 9): bounded parameters, JSON errors, docs under the site's CSP,
private downloads, and framework YAML that cannot exhaust the parser.

Routes are found from the schema and the URL resolver, not named one by one, so a new parameter,
route or download is covered as soon as it exists.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from shuhi.testing.cast import api_client, sign_in
from shuhi.testing.world import build_world

pytestmark = [pytest.mark.security, pytest.mark.django_db]

OVERFLOW = "30804287335638572728320"
BAD_INTEGERS = [OVERFLOW, "9223372036854775808", "²", "١٢", "-1", "abc", "1.5", "", " 1", "0x10"]


@pytest.fixture
def world(django_capture_on_commit_callbacks, settings):
    settings.SHUHI_SYNC_JOBS = True
    with django_capture_on_commit_callbacks(execute=True):
        return build_world()


@pytest.fixture(scope="module")
def openapi():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def integer_query_parameters(openapi):
    for path, operations in openapi["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] == "query" and parameter["schema"].get("type") == "integer":
                yield path, parameter["name"]


# ---- integer parameters ---------------------------------------------------------------------------------


def test_the_overflowing_run_of_the_report_is_a_400_in_the_api_format(cast):
    response = api_client(cast.admin).get("/api/v1/scanned-files/", {"run": OVERFLOW})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "invalid"
    assert "run" in response.json()["error"]["fields"]


def test_every_integer_query_parameter_of_every_api_route_is_bounded(cast, openapi):
    client = api_client(cast.admin)
    found = list(integer_query_parameters(openapi))
    names = {name for _path, name in found}
    assert {"page", "page_size", "run", "department"} <= names, names
    for path, name in found:
        for bad in BAD_INTEGERS:
            response = client.get(path, {name: bad})
            assert response.status_code == 400, (path, name, bad, response.status_code)
            assert name in response.json()["error"]["fields"], (path, name, bad)
        assert client.get(path, {name: "1"}).status_code in (200, 404), (path, name)


def test_an_id_in_a_path_that_no_database_could_hold_is_a_404(cast, openapi):
    client = api_client(cast.admin)
    for path in openapi["paths"]:
        if path.endswith("/{id}/"):
            for bad in (OVERFLOW, "9223372036854775808", "²", "-1"):
                response = client.get(path.replace("{id}", bad))
                assert response.status_code == 404, (path, bad, response.status_code)
                assert response.json()["error"]["code"] == "not_found"


def test_ids_in_a_json_body_are_bounded_and_nested_errors_name_the_item(cast):
    client = api_client(cast.admin)
    response = client.post("/api/v1/assets/retier/", {"assets": [1, OVERFLOW, "x"], "tier": int(OVERFLOW),
                                                      "reason": "r"}, format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) >= {"assets.1", "assets.2", "tier"}, fields
    assert all(isinstance(message, str) and "ErrorDetail" not in message for m in fields.values() for message in m)


@pytest.mark.parametrize(("body", "field"), [
    ({"name": 0}, "name"), ({"name": "x", "parent": "1"}, "parent"), ({"name": ["x"]}, "name"),
])
def test_a_json_value_of_the_wrong_type_is_refused_rather_than_coerced(cast, body, field):
    response = api_client(cast.security).post("/api/v1/organisations/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


# ---- errors are JSON ------------------------------------------------------------------------------------


def test_an_unhandled_error_under_the_api_is_the_api_json_500_without_a_traceback(cast, monkeypatch, caplog):
    from shuhi.jobs.api import JobViewSet

    def explode(self, request, *args, **kwargs):
        raise RuntimeError("secret detail from /srv/shuhi/settings.py")

    monkeypatch.setattr(JobViewSet, "list", explode)
    response = api_client(cast.admin).get("/api/v1/jobs/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"code": "server_error", "message": response.json()["error"]["message"],
                                         "fields": {}}}
    assert b"Traceback" not in response.content and b"secret detail" not in response.content
    assert any(r.name == "shuhi.api" and r.exc_info for r in caplog.records), "the error was not logged"


def test_an_api_path_that_names_no_route_answers_the_api_404(cast):
    client = api_client(cast.admin)
    for path in ("/api/v1/no-such-thing/", "/api/v1/assets/1/no-such-action/", "/api/v1/x/y/z/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path
        assert response.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/users").status_code == 301  # APPEND_SLASH still leads to the route
    # A POST too, from a token client that sends no CSRF token: still the JSON 404, not the CSRF page.
    csrf_checking = api_client(cast.admin)
    csrf_checking.handler.enforce_csrf_checks = True
    response = csrf_checking.post("/api/v1/no-such-thing/", {}, format="json")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")


# ---- the docs page ----------------------------------------------------------------------------------------


def test_the_api_docs_page_references_no_external_url(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r"""(?:src|href|spec-url)\s*=\s*["']([^"']+)["']""", html)
    assert references, html
    external = [url for url in references if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I)]
    assert not external, external
    assert "/static/vendor/redoc/redoc.standalone.js" in references
    assert re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", html) is None


def test_the_docs_page_script_is_served_and_is_the_pinned_sidecars_copy(client):
    import drf_spectacular_sidecar
    from django.contrib.staticfiles import finders

    vendored = Path(finders.find("vendor/redoc/redoc.standalone.js"))
    pinned = Path(drf_spectacular_sidecar.__file__).parent / "static/drf_spectacular_sidecar/redoc/bundles"
    assert vendored.read_bytes() == (pinned / "redoc.standalone.js").read_bytes(), (
        "static/vendor/redoc/ differs from the drf-spectacular-sidecar pinned in pyproject.toml: copy it again")
    assert (vendored.parent / "LICENSE").exists() and (vendored.parent / "redoc.standalone.js.LICENSE.txt").exists()
    assert b"https://cdn" not in vendored.read_bytes()[:2000]


def test_the_docs_page_policy_still_runs_only_the_sites_own_scripts(client):
    response = client.get("/api/v1/docs/")
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["worker-src"] == "'self' blob:"
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    # Only this page relaxes style-src (Redoc injects its styles); every other page keeps 'self'.
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert "'unsafe-inline'" not in client.get("/accounts/login/")["Content-Security-Policy"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_api_docs_render_in_a_browser_under_the_sites_policy(page, live_server):
    from shuhi.testing.browser import shot

    # Redoc's footer shows Redocly's logo from their CDN; the policy refuses it, and nothing else.
    redocly_logo = "https://cdn.redoc.ly/redoc/logo-mini.svg"
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and redocly_logo not in message.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.get_by_role("heading", name=re.compile("shuhi API")).first.wait_for(timeout=30000)
    page.locator("h2", has_text="assessment_versions_list").first.wait_for(timeout=15000)
    shot(page, "api-docs")
    assert not problems, problems
    local = (live_server.url, "data:", "blob:", redocly_logo)
    assert all(url.startswith(local) for url in requests), [url for url in requests if not url.startswith(local)]


# ---- downloads are never stored by a cache ----------------------------------------------------------------


def _routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _download_urls(user):
    """Every GET-able page path: without parameters, or with the pk of up to three rows `user` can see."""
    for route, entry in _routes(get_resolver().url_patterns):
        route = route.replace("^", "").replace("$", "")
        if "(?P" in route or "\\" in route or "jsi18n" in route or "logout" in route:
            continue
        if "<" not in route:
            yield "/" + route
            continue
        model = getattr(entry.callback, "gate_model", None)
        if model is None or set(re.findall(r"<(?:\w+:)?(\w+)>", route)) != {"pk"}:
            continue
        for pk in model.objects.visible_to(user).values_list("pk", flat=True)[:3]:
            yield "/" + re.sub(r"<(?:int:)?pk>", str(pk), route)


def test_every_download_says_private_no_store(world):
    cast = world.cast
    downloads: dict[str, str] = {}
    for user in (cast.admin, cast.rep_a):
        web = Client()
        sign_in(web, user)
        api = api_client(user)
        for path in _download_urls(user):
            response = (api if path.startswith("/api/") else web).get(path)
            if response.get("Content-Disposition", "").startswith("attachment"):
                match = resolve(path)
                downloads[f"{match.namespace}:{match.url_name}"] = response.get("Cache-Control", "")
    expected = {"ledger:export", "ledger:template", "audit:export", "suppliers:framework_export",
                "suppliers:report_pdf", "suppliers:excel", ":assets-export"}
    assert expected <= set(downloads), sorted(downloads)
    for name, cache_control in downloads.items():
        directives = {d.strip() for d in cache_control.split(",")}
        assert {"private", "no-store"} <= directives, (name, cache_control)
        assert "public" not in directives and not any(d.startswith("max-age") for d in directives), name


def test_the_download_helper_overrides_a_public_or_cached_response(rf):
    from django.http import HttpResponse

    from shuhi.core.downloads import PrivateDownloadMiddleware

    def view(request):
        response = HttpResponse(b"secret", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        response["Cache-Control"] = "public, max-age=3600"
        return response

    response = PrivateDownloadMiddleware(view)(rf.get("/"))
    assert {d.strip() for d in response["Cache-Control"].split(",")} == {"private", "no-store"}
    page = PrivateDownloadMiddleware(lambda request: HttpResponse(b"page"))(rf.get("/"))
    assert "Cache-Control" not in page


# ---- framework YAML -----------------------------------------------------------------------------------------


def _upload_framework(client, text: str):
    upload = SimpleUploadedFile("framework.yaml", text.encode(), content_type="application/yaml")
    return client.post("/suppliers/frameworks/", {"file": upload})


def test_a_framework_of_50000_nested_brackets_is_a_clear_refusal_in_bounded_time(cast, login):
    client = login(cast.security)
    started = time.monotonic()
    response = _upload_framework(client, "[" * 50_000)
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    assert "YAML" in response.content.decode()


def test_the_framework_parser_refuses_deep_nesting_and_alias_bombs_quickly():
    from shuhi.suppliers.schema import FrameworkError, parse_yaml

    bomb = "a: &a [" + ", ".join(["x"] * 10) + "]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8))
    for text in ("[" * 50_000, "- " * 50 + "[" * 120 + "]" * 120, bomb):
        started = time.monotonic()
        with pytest.raises(FrameworkError) as refused:
            parse_yaml(text)
        assert time.monotonic() - started < 5
        assert refused.value.problems
    assert parse_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}
