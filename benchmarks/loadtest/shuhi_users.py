"""The locust users of benchmarks/load.py (run by it; not a benchmark of its own).

Four kinds of user share the run: the outsourcer's staff on the pages (signed in with the log-in
form), an outsourcer's integration on the API (token), suppliers' representatives in the supplier
portal (pages) and suppliers' integrations on the API. Each picks its next request at random from
the paths load.py found it may open (every one answered 200 before the run), and now and then a
supplier saves a draft answer (a write). A static file is fetched too, as the baseline: the same
server and network path with no Django view and no database behind it.

Every request's name, group and time are written to SHUHI_LOAD_SAMPLES when the run ends, so that
load.py computes the percentiles of each group itself.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task

CONFIG = json.loads(open(os.environ["SHUHI_LOAD_CONFIG"], encoding="utf-8").read())  # noqa: SIM115
SAMPLES: list[tuple[str, str, float, bool, float]] = []
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, context=None, **kwargs):
    SAMPLES.append((name, (context or {}).get("group", "other"), response_time, exception is None,
                    kwargs.get("start_time") or 0.0))


@events.test_stop.add_listener
def _write(environment, **kwargs):
    with open(os.environ["SHUHI_LOAD_SAMPLES"], "w", encoding="utf-8") as out:
        json.dump(SAMPLES, out)


def _cycle(items):
    items = list(items)
    random.shuffle(items)
    return itertools.cycle(items)


class _Base(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    group = ""

    def fetch(self, path: str, name: str = "") -> None:
        self.client.get(path, name=name or _name(path), context={"group": self.group})

    @task(1)
    def baseline(self) -> None:
        self.client.get(CONFIG["static"], name="baseline: static file", context={"group": "baseline"})


def _name(path: str) -> str:
    """/suppliers/assessments/12/ -> /suppliers/assessments/<id>/: one row per page, not per object."""
    return re.sub(r"/\d+/", "/<id>/", path.split("?")[0])


class _PageUser(_Base):
    abstract = True
    logins = ()

    def on_start(self) -> None:
        account = next(self.logins)
        self.paths = account["paths"]
        page = self.client.get("/accounts/login/", name="log-in", context={"group": "log-in"})
        token = CSRF.search(page.text)
        self.client.post("/accounts/login/", name="log-in", context={"group": "log-in"},
                         data={"username": account["email"], "password": account["password"],
                               "csrfmiddlewaretoken": token.group(1) if token else ""})
        self.draft = account.get("draft")

    @task(6)
    def page(self) -> None:
        self.fetch(random.choice(self.paths))


class OutsourcerPages(_PageUser):
    weight = 3
    group = "outsourcer pages"
    logins = _cycle(CONFIG["outsourcer_pages"])


class SupplierPages(_PageUser):
    weight = 3
    group = "supplier pages"
    logins = _cycle(CONFIG["supplier_pages"])

    @task(1)
    def save_draft(self) -> None:
        """A supplier saves one answer of its draft assessment: a write, in the web process."""
        if not self.draft:
            return
        path, question, choices = self.draft["path"], self.draft["question"], self.draft["choices"]
        form = self.client.get(path, name=_name(path), context={"group": self.group})
        token = CSRF.search(form.text)
        self.client.post(path, name="save draft answer", context={"group": "supplier writes"},
                         data={f"q-{question}": random.choice(choices),
                               "csrfmiddlewaretoken": token.group(1) if token else ""})


class _ApiUser(_Base):
    abstract = True
    tokens = ()

    def on_start(self) -> None:
        account = next(self.tokens)
        self.paths = account["paths"]
        self.client.headers["Authorization"] = f"Token {account['token']}"

    @task(6)
    def api(self) -> None:
        self.fetch(random.choice(self.paths))


class OutsourcerApi(_ApiUser):
    weight = 1
    group = "outsourcer API"
    tokens = _cycle(CONFIG["outsourcer_api"])


class SupplierApi(_ApiUser):
    weight = 1
    group = "supplier API"
    tokens = _cycle(CONFIG["supplier_api"])
