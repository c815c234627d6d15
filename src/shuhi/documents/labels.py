"""Tell a label from the same word in running text.

"社外秘の資料は施錠して保管する" mentions the tier; "【社外秘】", "社外秘" alone on a line, "CONFIDENTIAL"
or "Confidential – do not distribute" in a footer mark the document. The decision is made per
line from three things: what touches the word (a particle or a compound means grammar, a bracket
or a separator means a mark), what else is on the line once known label phrases are taken away,
and where the line sits: headers, footers, watermarks, text boxes and properties hold little
but labels, so they are read more permissively than body text and cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from shuhi.documents.vocabulary import Vocabulary, fold, probe_text

# Places where a line is read strictly: prose lives here.
# A PDF comment (FreeText, a stamp's note) is typed by a reviewer: prose unless it is the label alone.
STRICT_WHERE = frozenset({"body", "first_lines", "cell", "slide", "notes", "last_lines", "comment"})
# Places where the word alone is the evidence: names hold no prose. (Document properties do:
# titles and descriptions are read like headers.)
LOOSE_WHERE = frozenset({"filename", "mip", "sheet_name"})

STRONG_OPENERS = frozenset("【[《〔［〖")
SEPARATORS = frozenset(" -–—―‐‑・:：;；|｜/／,、，.。·•*＊_=#~〜!！?？\t")
STRICT_RESIDUE = 20
BRACKET_RESIDUE = 60
LOOSE_RESIDUE = 60

# Phrases that travel with labels and say nothing else about the text.
_FILLER = re.compile(
    r"do\s+not\s+(?:distribute|copy|forward|disclose|share|duplicate)(?:\s+externally)?"
    r"|not\s+for\s+(?:external\s+|public\s+)?(?:distribution|disclosure|release)"
    r"|(?:and\s+)?proprietary(?:\s+information)?|information|document|material|use\s+only|only"
    r"|page\s*\d+(?:\s*of\s*\d+)?|\d+"
    r"|無断(?:複製|転載|持出し?|持ち出し)禁止|複製禁止|転載禁止|持出し?禁止|持ち出し禁止|社外持出禁止"
    r"|開示禁止|再配布禁止|コピー禁止|資料|情報|文書|区分|レベル|扱い|取扱い|以外|閲覧",
    re.IGNORECASE,
)
_SEPARATOR_RUN = re.compile(
    r"[\s\-–—―‐‑・:：;；|｜/／,、，.。·•*＊_=#~〜!！?？"
    r"()（）\[\]【】《》〔〕［］〖〗「」『』<>＜＞〈〉]+"
)
_LINE_BREAK = re.compile(r"[\r\n\v\f\u2028\u2029]+")


class Segment(NamedTuple):
    """A piece of text and where in the document it was found; OCR text carries its confidence."""

    where: str
    text: str
    confidence: float | None = None


class Label(NamedTuple):
    text: str
    tier: str
    where: str


def _is_kana(char: str) -> bool:
    return "\u3040" <= char <= "\u30ff"


def _is_hiragana(char: str) -> bool:
    return "\u3040" <= char <= "\u309f"


def _is_cjk_word(char: str) -> bool:
    return _is_kana(char) or "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or char == "々"


def _span_with_brackets(line: str, start: int, end: int, vocab: Vocabulary) -> tuple[int, int, bool]:
    """Widen a match to the brackets around it, if it is bracketed (spaces inside allowed)."""
    left = start
    while left > 0 and line[left - 1] == " ":
        left -= 1
    right = end
    while right < len(line) and line[right] == " ":
        right += 1
    if left > 0 and right < len(line):
        for opener, closer in vocab.brackets:
            if line[left - 1] == opener and line[right] == closer:
                return left - 1, right + 1, opener in STRONG_OPENERS
    return start, end, False


def _touches_ok(line: str, span: tuple[int, int], bracketed: bool, ascii_term: bool,
                edges: tuple[set[int], set[int]]) -> bool:
    """Whether the characters touching a match say "mark" rather than "word in a sentence"."""
    left, right = span
    starts, ends = edges
    # Two terms written together ("極秘取扱注意") touch each other, which is not a compound.
    before = line[left - 1] if left > 0 and left not in ends else ""
    after = line[right] if right < len(line) and right not in starts else ""
    # A particle right next to the word is grammar: 社外秘の資料, 本書は【極秘】です.
    if _is_hiragana(before) or _is_hiragana(after):
        return False
    if bracketed:
        return True
    if ascii_term:
        return not (before.isalnum() or after.isalnum())
    # Kanji or katakana on either side make a compound: 秘密, 機密情報, 非公開 inside 非公開化.
    return not (_is_cjk_word(before) or _is_cjk_word(after))


def _latin_context_ok(line: str, span: tuple[int, int], matched: str, where: str) -> bool:
    """English words: lowercase or followed by another word means prose ("confidential data")."""
    if where in LOOSE_WHERE:
        return True
    left, right = span
    rest = line[right:]
    if matched.islower() and _residue(line[:left] + rest) != "":
        return False
    if matched.isupper():
        return True
    # "Confidential information must be…" is prose; "Confidential and Proprietary" is a mark.
    return not re.match(r"\s+[^\W\d_]", rest) or _residue(rest) == ""


def _residue(text: str) -> str:
    """What is left of a line once label phrases, separators and brackets are taken away."""
    return _SEPARATOR_RUN.sub("", _FILLER.sub(" ", text))


def _accepted_spans(line: str, probe: str, where: str, vocab: Vocabulary) -> list[tuple[int, int, bool, str]]:
    """Matches found in `probe` (lower case) that read as marks in `line` (same offsets, original case)."""
    matches = list(vocab.pattern.finditer(probe))
    edges = ({m.start() for m in matches}, {m.end() for m in matches})
    spans: list[tuple[int, int, bool, str]] = []
    for match in matches:
        tier = vocab.tier_of(match.group())
        if tier is None:
            continue
        left, right, strong = _span_with_brackets(line, match.start(), match.end(), vocab)
        bracketed = (left, right) != match.span()
        written = line[match.start():match.end()]
        ascii_term = written.isascii()
        if not _touches_ok(line, (left, right), bracketed, ascii_term, edges):
            continue
        if ascii_term and not bracketed and not _latin_context_ok(line, (left, right), written, where):
            continue
        spans.append((left, right, strong, tier))
    return spans


def _line_is_label(line: str, spans: list[tuple[int, int, bool, str]], where: str) -> tuple[bool, str]:
    """Judge the whole line; returns (is a label, residue)."""
    pieces, cursor = [], 0
    for left, right, _strong, _tier in spans:
        pieces.append(line[cursor:left])
        cursor = right
    pieces.append(line[cursor:])
    residue = _residue(" ".join(pieces))
    if where in LOOSE_WHERE:
        return True, residue
    at_edge = _residue(line[: spans[0][0]]) == "" or _residue(line[spans[-1][1]:]) == ""
    sentence = line.rstrip().endswith(("。", "．")) and len(residue) > 8
    if where in STRICT_WHERE:
        strong_lead = spans[0][2] and _residue(line[: spans[0][0]]) == ""
        if strong_lead and len(residue) <= BRACKET_RESIDUE and not sentence:
            return True, residue
        return at_edge and len(residue) <= STRICT_RESIDUE and not sentence, residue
    bracketed = any(strong for _l, _r, strong, _t in spans)
    return (at_edge or bracketed or len(residue) <= STRICT_RESIDUE) and len(residue) <= LOOSE_RESIDUE \
        and not sentence, residue


def _refine_where(where: str, residue: str) -> str:
    if residue:
        return where
    return {"body": "standalone", "textbox": "stamp", "comment": "stamp"}.get(where, where)


def labels_in_line(original: str, where: str, vocab: Vocabulary, probe: str | None = None) -> list[Label]:
    line = fold(original)
    spans = _accepted_spans(line, probe_text(original) if probe is None else probe, where, vocab)
    if not spans:
        return []
    ok, residue = _line_is_label(line, spans, where)
    if not ok:
        return []
    place = _refine_where(where, residue)
    return [Label(original[left:right].strip(), tier, place) for left, right, _s, tier in spans]


def labels_in(text: str, where: str, vocab: Vocabulary) -> list[Label]:
    """Labels in one piece of text; each line is judged on its own."""
    if not text:
        return []
    probe = probe_text(text)
    if not vocab.pattern.search(probe):
        return []
    if not _LINE_BREAK.search(probe):
        return labels_in_line(text, where, vocab, probe)
    found: list[Label] = []
    start = 0
    # probe_text keeps offsets, so line boundaries found in it cut the original text too.
    for match in [*_LINE_BREAK.finditer(probe), None]:
        end = match.start() if match else len(text)
        if text[start:end].strip():
            found.extend(labels_in_line(text[start:end], where, vocab, probe[start:end]))
        start = match.end() if match else end
    return found


def find_labels(segments: Iterable[Segment], vocab: Vocabulary) -> list[dict[str, Any]]:
    """Labels of every segment, each (text, tier, where) once, in document order; a label read by
    OCR also says so, with Tesseract's confidence."""
    seen: set[Label] = set()
    out: list[dict[str, Any]] = []
    for segment in segments:
        for label in labels_in(segment.text, segment.where, vocab):
            if label not in seen:
                seen.add(label)
                found: dict[str, Any] = label._asdict()
                if segment.confidence is not None:
                    found.update(ocr=True, confidence=segment.confidence)
                out.append(found)
    return out
