"""Paragraph text out of an XML part, with the kind of place each paragraph sits in.

One streaming walker serves WordprocessingML, DrawingML, SpreadsheetML strings and ODF: it is
told which elements are paragraphs, which hold text, and which containers change where a
paragraph counts as being (a text box, a table cell, a header). Nested paragraphs (a text box
anchored inside a paragraph) are reported on their own and not again inside their parent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from lxml import etree

from shuhi.documents.extract.base import iterparse
from shuhi.documents.labels import Segment

FIRST_LINES = 5


@dataclass(frozen=True)
class Walk:
    """How to read one XML dialect.

    `text` names the elements holding text; when empty, paragraphs have mixed content (ODF) and
    their whole inner text is taken, with `breaks` elements standing for a space or a newline.
    A context mapped to None hides what is inside it (phonetic guides, comments).
    """

    para: frozenset[str]
    text: frozenset[str] = frozenset()
    breaks: Mapping[str, str] = field(default_factory=dict)
    contexts: Mapping[str, str | None] = field(default_factory=dict)
    attributes: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # tag -> (attr, where)
    prune: frozenset[str] = frozenset()  # large repeated containers to drop once read

    def tags(self) -> list[str]:
        names = {*self.para, *self.text, *self.breaks, *self.contexts, *self.attributes, *self.prune}
        return sorted(names)


def _mixed_text(element: etree._Element, breaks: Mapping[str, str]) -> str:
    if breaks:
        for child in element.iter(*breaks):
            child.text = breaks[child.tag]
    return "".join(element.itertext())


def paragraphs(data: bytes, name: str, walk: Walk, default: str) -> Iterator[Segment]:
    """Yield one Segment per non-empty paragraph (and per text attribute such as a watermark)."""
    contexts: list[str | None] = []
    buffers: list[list[str]] = []
    for event, element in iterparse(data, name, ("start", "end"), walk.tags()):
        tag = element.tag
        if event == "start":
            if tag in walk.para:
                buffers.append([])
            elif tag in walk.contexts:
                contexts.append(walk.contexts[tag])
            continue
        hidden = bool(contexts) and contexts[-1] is None
        if tag in walk.text:
            if buffers and not hidden:
                buffers[-1].append(element.text or "")
        elif tag in walk.para:
            parts = buffers.pop() if buffers else []
            text = "".join(parts) if walk.text else _mixed_text(element, walk.breaks)
            if text.strip() and not hidden:
                yield Segment((contexts[-1] or default) if contexts else default, text)
            # Drop the paragraph so that an enclosing one does not read it twice (and memory stays flat).
            element.clear(keep_tail=True)
        elif tag in walk.contexts:
            contexts.pop()
        elif tag in walk.attributes:
            attribute, where = walk.attributes[tag]
            value = element.get(attribute)
            if value and value.strip():
                yield Segment(where, value)
        elif walk.text and tag in walk.breaks:
            if buffers:
                buffers[-1].append(walk.breaks[tag])
        elif tag in walk.prune:
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]


def mark_first_lines(segments: Iterable[Segment], body: str = "body", count: int = FIRST_LINES
                     ) -> Iterator[Segment]:
    """Rename the first `count` body paragraphs: labels sit at the top of a page."""
    seen = 0
    for segment in segments:
        if segment.where == body and seen < count:
            seen += 1
            yield Segment("first_lines", segment.text)
        else:
            yield segment
