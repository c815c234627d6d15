"""Every page the cast can reach reads as Japanese, has unique ids and names its answer groups.

Walks the same pages as test_every_page_answers.py (every page without parameters and every gated
page for objects the user may see) on the World, in Japanese, and fails with the page and the text:
- a run of three or more English words that is not a name on the allow-list below (an untranslated
  message, or an engine's English reaching the screen);
- an id attribute used twice on one page (a label then points at the wrong field);
- radio buttons outside a group with a name (fieldset and legend, or aria-labelledby), which a
  screen reader reads as a row of bare "yes / no" without the question.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import get_resolver

from shuhi.testing.cast import sign_in
from tests.page_text import english_sentences, read_page
from tests.test_isolation import _simple_paths, _walk, everyone, world  # noqa: F401 — `world` is a fixture

pytestmark = pytest.mark.django_db

# Names that stay in English in Japanese text: commands, products, formats, standards.
ALLOWED = (
    "shuhi audit verify", "shuhi audit anchor", "shuhi logreview", "shuhi scan", "shuhi stamp", "shuhi trace",
    "Microsoft Purview", "Microsoft Information Protection", "CISO Assistant", "Google Authenticator",
    "Microsoft Authenticator", "Privacy Mark", "Information-technology Promotion Agency",
)


def _pages(user):
    paths = [path for path, _entry in _simple_paths() if not path.startswith("/api/")]
    for route, entry in _walk(get_resolver().url_patterns):
        if hasattr(entry.callback, "gate_model") and route.count("<") == 1:
            for pk in entry.callback.gate_model.objects.visible_to(user).values_list("pk", flat=True)[:3]:
                paths.append("/" + re.sub(r"<(?:int:)?pk>", str(pk), route))
    return paths


def _html(response) -> str | None:
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", "replace")


def test_every_japanese_page_is_in_japanese_with_unique_ids_and_named_answer_groups(world):  # noqa: F811
    problems: set[str] = set()
    for user in everyone(world.cast):
        client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="ja")
        sign_in(client, user)
        for path in _pages(user):
            html = _html(client.get(path))
            if html is None or '<html lang="ja"' not in html:
                continue
            page = read_page(html)
            shape = re.sub(r"\d+", "N", path)
            for text in page.texts:
                for sentence in english_sentences(text, ALLOWED):
                    problems.add(f"{shape}: English text “{sentence}” in “{text[:120]}”")
            for duplicate in page.duplicate_ids:
                problems.add(f"{shape}: the id “{duplicate}” is used more than once")
            for name in page.unlabelled_radio_groups:
                problems.add(f"{shape}: the radio buttons “{name}” are not in a named group")
    assert not problems, "\n".join(sorted(problems))


def test_the_checks_themselves_catch_what_they_are_for():
    page = read_page('<main><p>格付け：File copies to removable media: 35</p><script>var a = "not shown here"</script>'
                     '<input id="x"><input id="x"><p><input type="radio" name="q1"> はい</p>'
                     '<fieldset><legend>質問2</legend><input type="radio" name="q2"></fieldset>'
                     '<fieldset aria-labelledby="t3"><input type="radio" name="q3"></fieldset></main>')
    assert [s for t in page.texts for s in english_sentences(t)] == ["File copies to removable media"]
    assert page.duplicate_ids == ["x"]
    assert page.unlabelled_radio_groups == ["q1"]
    assert english_sentences("「shuhi audit verify」で検出", ALLOWED) == []
    assert english_sentences("IPA FY Survey") == [], "a name in capitals is not a sentence"
