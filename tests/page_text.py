"""What a reader meets on a rendered page: its visible text, its ids and its radio groups.

Read with the standard library's HTML parser, so that a test can walk hundreds of pages quickly
and report each problem with the page it is on.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements whose content nobody reads as text on the page.
_HIDDEN = frozenset({"script", "style", "template", "noscript", "code", "pre", "kbd", "samp", "textarea"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})
# Block-level elements end a run of text: words on either side are not one sentence.
_BREAKS = frozenset({"p", "div", "li", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "label",
                     "option", "summary", "legend", "dt", "dd", "section", "article", "header", "footer",
                     "nav", "button", "a", "small", "span", "b", "strong", "em", "i", "select", "form", "ul", "ol",
                     "table", "caption", "fieldset", "hgroup", "details", "aside", "main", "figure", "figcaption"})


@dataclass
class Page:
    texts: list[str] = field(default_factory=list)
    ids: Counter = field(default_factory=Counter)
    # radio name → whether every radio of that name sits in a labelled group
    radio_groups: dict[str, bool] = field(default_factory=dict)

    @property
    def duplicate_ids(self) -> list[str]:
        return sorted(i for i, n in self.ids.items() if n > 1)

    @property
    def unlabelled_radio_groups(self) -> list[str]:
        return sorted(name for name, ok in self.radio_groups.items() if not ok)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, bool]] = []  # (tag, labels a group of what it holds)
        self.hidden = 0
        self.run: list[str] = []
        self.legend_seen: list[bool] = []  # per open fieldset: has a legend

    def _flush(self) -> None:
        text = " ".join("".join(self.run).split())
        if text:
            self.page.texts.append(text)
        self.run = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if attr.get("id"):
            self.page.ids[attr["id"]] += 1
        if tag in _BREAKS:
            self._flush()
        if tag == "input" and (attr.get("type") or "").lower() == "radio":
            labelled = any(group for _tag, group in self.stack) or any(self.legend_seen)
            name = attr.get("name") or ""
            self.page.radio_groups[name] = self.page.radio_groups.get(name, True) and labelled
        if tag in _VOID:
            return
        if tag in _HIDDEN:
            self.hidden += 1
        role = (attr.get("role") or "").lower()
        # A fieldset is a group by itself; named by its legend (below) or by aria-labelledby.
        group = (role in {"group", "radiogroup"} or tag == "fieldset") and bool(
            attr.get("aria-labelledby") or attr.get("aria-label"))
        if tag == "fieldset":
            self.legend_seen.append(False)
        if tag == "legend" and self.legend_seen:
            self.legend_seen[-1] = True
        self.stack.append((tag, group))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag in _BREAKS:
            self._flush()
        while self.stack:
            open_tag, _group = self.stack.pop()
            if open_tag in _HIDDEN:
                self.hidden -= 1
            if open_tag == "fieldset" and self.legend_seen:
                self.legend_seen.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.run.append(data)


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader._flush()
    return reader.page


# Three or more ASCII words in a row, separated by spaces (and the punctuation of a sentence).
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’\-]*(?:[ ,:;]+[A-Za-z][A-Za-z'’\-]*){2,}[.!?]?")


def english_sentences(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """Runs of at least three English words in `text` that are not one of the `allowed` names."""
    found = []
    for match in _WORDS.finditer(text):
        run = match.group(0)
        if any(name in run or run in name for name in allowed):
            continue
        # A sentence has at least one lower-case word: "IPA FY Survey" is a name, "is not set" is not.
        if not any(w.islower() and len(w) > 1 for w in re.split(r"[ ,:;]+", run)):
            continue
        found.append(run)
    return found
