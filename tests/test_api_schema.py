"""The OpenAPI schema describes the API: schemathesis over /api/v1/schema/ against the real app.

The app runs in Django's live server over the world of every model (shuhi.testing.world); the
schemathesis command line drives it once with an administrator's token and once with a supplier
representative's, with a fixed seed and a bounded number of examples per operation. Any server
error, any response the schema does not describe and any request the schema forbids but the API
accepts fails the test, with schemathesis' own report of how to reproduce it (the whole output is
kept in test-artifacts/schemathesis-<user>.txt).

The administrator reaches every operation's validation, so their run has every phase (examples,
coverage, fuzzing, stateful). The supplier is refused before validation almost everywhere (403 or
404 first: no existence oracle), so the coverage phase's thousands of boundary values would only
be refused again: their run has examples, fuzzing and stateful, which still send invalid data to
the lists they may read.

Below it, the defects of the schema that the probe found, each as a test of its own.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shuhi.testing.browser import ARTIFACTS
from shuhi.testing.cast import api_client
from shuhi.testing.world import build_world

pytestmark = pytest.mark.security

SEED = 20260601
MAX_EXAMPLES = int(os.environ.get("SHUHI_SCHEMATHESIS_EXAMPLES", "10"))
PHASES = {"admin": "examples,coverage,fuzzing,stateful", "rep_a": "examples,fuzzing,stateful"}
# Every check but two:
# - positive_data_acceptance expects every body the schema allows to be accepted, but a schema cannot
#   say which ids exist or which names are taken: {"tier": 7} for a tier that does not exist, or a
#   department name already used, is rightly a 400 (tests/test_api_hygiene.py checks that a foreign
#   id is answered exactly like a missing one). Bodies the schema forbids must still be refused
#   (negative_data_rejection), and every response must match its schema.
# - object_level_authorization needs a second token to compare with; tests/test_isolation.py walks
#   every route with every user of the cast instead.
EXCLUDED_CHECKS = "positive_data_acceptance,object_level_authorization"


def _schemathesis() -> str:
    found = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")
    if not found:
        pytest.fail("schemathesis is not installed: `pip install -e '.[test]'` installs it")
    return found


def _token(user) -> str:
    client = api_client(user)
    return client._credentials["HTTP_AUTHORIZATION"].split(" ", 1)[1]


def run_schemathesis(base_url: str, token: str, phases: str, report: Path) -> tuple[subprocess.CompletedProcess, float]:
    command = [
        _schemathesis(), "run", f"{base_url}/api/v1/schema/",
        "--header", f"Authorization: Token {token}",
        "--phases", phases, "--checks", "all", "--exclude-checks", EXCLUDED_CHECKS,
        "--seed", str(SEED), "--max-examples", str(MAX_EXAMPLES), "--workers", "1",
        "--request-timeout", "60", "--suppress-health-check", "all", "--no-color",
        "--report", "ndjson", "--report-ndjson-path", str(report),
    ]
    started = time.monotonic()
    # The Django test process serves the requests; the command line only sends them.
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False,
                            env={**os.environ, "NO_COLOR": "1"}, cwd=report.parent)
    return result, time.monotonic() - started


@pytest.fixture
def world(settings):
    settings.DEBUG = False
    return build_world()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", list(PHASES))
def test_schemathesis_finds_no_server_error_and_no_schema_violation(world, live_server, tmp_path, caplog, who):
    user = getattr(world.cast, who)
    with caplog.at_level(logging.ERROR, logger="shuhi.api"):
        result, elapsed = run_schemathesis(live_server.url, _token(user), PHASES[who], tmp_path / "report.ndjson")
    crashes = [record for record in caplog.records if record.name == "shuhi.api" and record.exc_info]
    tracebacks = "\n".join(logging.Formatter().format(record) for record in crashes)
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"schemathesis-{who}.txt"
    log.write_text(f"{result.stdout}{result.stderr}\n{tracebacks}", encoding="utf-8")
    output = result.stdout[-20000:] + result.stderr[-5000:]
    print(f"schemathesis as {who}: {elapsed:.0f} s\n{output}")
    assert result.returncode == 0, output + tracebacks[-10000:]
    assert not crashes, tracebacks[-10000:]


# ---- the schema's defects found by the probe (issue 12, item 10), each checked directly --------------


@pytest.fixture(scope="module")
def openapi():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _response_schema(openapi, path, method="get", status="200", media="application/json"):
    return openapi["paths"][path][method]["responses"][status]["content"][media]["schema"]


def test_an_assets_risk_score_is_documented_as_null_while_likelihood_or_impact_is_unknown(openapi):
    risk = openapi["components"]["schemas"]["Asset"]["properties"]["risk_score"]
    assert risk["type"] == "integer"
    assert risk["nullable"] is True


@pytest.mark.parametrize("path", ["/api/v1/assets/findings/", "/api/v1/scan-runs/coverage/"])
def test_the_findings_and_the_coverage_are_documented_as_the_plain_lists_they_are(openapi, path):
    schema = _response_schema(openapi, path)
    assert schema["type"] == "array", schema
    assert "$ref" in schema["items"]


def test_the_ledger_export_is_documented_as_the_spreadsheet_or_csv_file_it_is(openapi):
    content = openapi["paths"]["/api/v1/assets/export/"]["get"]["responses"]["200"]["content"]
    assert set(content) == {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"}
    assert all(body["schema"] == {"type": "string", "format": "binary"} for body in content.values())


def test_page_and_page_size_are_documented_with_their_bounds(openapi):
    parameters = {p["name"]: p["schema"] for p in openapi["paths"]["/api/v1/users/"]["get"]["parameters"]}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 500}
    assert parameters["page"]["minimum"] == 1


def test_every_operation_documents_the_one_error_format(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            default = operation["responses"].get("default")
            assert default, (method, path)
            assert default["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_only_the_methods_the_api_answers_are_advertised(openapi):
    advertised = {(path, method) for path, ops in openapi["paths"].items() for method in ops}
    for path in ("/api/v1/organisations/{id}/", "/api/v1/departments/{id}/", "/api/v1/projects/{id}/"):
        assert (path, "patch") not in advertised and (path, "put") not in advertised
    assert ("/api/v1/users/", "post") not in advertised
    assert not {method for _path, method in advertised} & {"put", "delete"}


@pytest.mark.django_db
def test_no_advertised_operation_answers_405(openapi, cast):
    client = api_client(cast.admin)
    for path, operations in openapi["paths"].items():
        url = path.replace("{id}", str(cast.employee.pk if path.startswith("/api/v1/users/") else 1))
        for method in operations:
            status = getattr(client, method)(url, {}, format="json").status_code
            assert status != 405, (method, url)


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", ["-1", "0", "501", "abc", "", "1e3"])
def test_an_invalid_page_size_is_refused_with_the_api_error(cast, page_size):
    response = api_client(cast.admin).get("/api/v1/users/", {"page_size": page_size})
    assert response.status_code == 400
    assert "page_size" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_a_valid_page_size_is_honoured(cast):
    body = api_client(cast.admin).get("/api/v1/users/", {"page_size": "500"}).json()
    assert len(body["results"]) == body["count"]
