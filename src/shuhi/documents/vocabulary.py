"""The words that mark a document as secret, and the tier each one stands for.

Companies word their labels differently (機密 is 極秘 in one firm and 社外秘 in the next), so the
vocabulary is data: a default that covers the usual Japanese and English terms, and a file
(YAML or JSON) that replaces or extends it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TOP_SECRET = "top_secret"  # noqa: S105 - a tier name, not a password
CONFIDENTIAL = "confidential"
PUBLIC = "public"

DEFAULT_TIERS: dict[str, int] = {PUBLIC: 10, CONFIDENTIAL: 20, TOP_SECRET: 30}

DEFAULT_TERMS: tuple[tuple[str, str], ...] = (
    ("極秘", TOP_SECRET),
    ("厳秘", TOP_SECRET),
    ("極秘扱い", TOP_SECRET),
    ("Top Secret", TOP_SECRET),
    ("Strictly Confidential", TOP_SECRET),
    ("Highly Confidential", TOP_SECRET),
    # 機密 means different levels in different firms; the default errs on the side of a label
    # being seen at all, and a company file can move it.
    ("機密", CONFIDENTIAL),
    ("社外秘", CONFIDENTIAL),
    ("部外秘", CONFIDENTIAL),
    ("関係者外秘", CONFIDENTIAL),
    ("社内限り", CONFIDENTIAL),
    ("社内限定", CONFIDENTIAL),
    ("取扱注意", CONFIDENTIAL),
    ("取扱い注意", CONFIDENTIAL),
    ("取り扱い注意", CONFIDENTIAL),
    ("取扱厳重注意", CONFIDENTIAL),
    ("㊙", CONFIDENTIAL),
    ("秘", CONFIDENTIAL),
    ("マル秘", CONFIDENTIAL),
    ("非公開", CONFIDENTIAL),
    ("Confidential", CONFIDENTIAL),
    ("Company Confidential", CONFIDENTIAL),
    ("Internal Use Only", CONFIDENTIAL),
    ("For Internal Use Only", CONFIDENTIAL),
    ("Internal Only", CONFIDENTIAL),
    ("Internal", CONFIDENTIAL),
    ("一般", PUBLIC),
    ("一般情報", PUBLIC),
    ("公開", PUBLIC),
    ("Public", PUBLIC),
)

# Microsoft's default label names that are not ordinary words on a page: matched only against
# the names of Microsoft sensitivity labels, never against document text ("General" is a common
# section heading).
DEFAULT_MIP: tuple[dict[str, str], ...] = (
    {"id": "", "name": "General", "tier": PUBLIC},
    {"id": "", "name": "Personal", "tier": PUBLIC},
    {"id": "", "name": "Non-Business", "tier": PUBLIC},
)

# Names of the stamps PDF viewers ship (/Name of a Stamp annotation; "SB…" are Acrobat's
# "Standard Business" set). Only those that state a tier are listed: Approved, Draft, ForComment
# and the rest say nothing about secrecy. A company file can add its own custom stamp names.
DEFAULT_PDF_STAMPS: tuple[tuple[str, str], ...] = (
    ("TopSecret", TOP_SECRET),
    ("Confidential", CONFIDENTIAL),
    ("SBConfidential", CONFIDENTIAL),
    ("NotForPublicRelease", CONFIDENTIAL),
    ("SBNotForPublicRelease", CONFIDENTIAL),
    ("ForPublicRelease", PUBLIC),
    ("SBForPublicRelease", PUBLIC),
)

DEFAULT_BRACKETS: tuple[tuple[str, str], ...] = (
    ("【", "】"), ("[", "]"), ("《", "》"), ("〔", "〕"), ("「", "」"), ("『", "』"),
    ("(", ")"), ("（", "）"), ("<", ">"), ("＜", "＞"), ("〈", "〉"), ("［", "］"), ("〖", "〗"),
)

GUID_RE = re.compile(r"\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?")

# Full-width ASCII and ideographic space fold to ASCII one character for one character, so that
# offsets found in the folded text are valid in the original.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20, 0x2009: 0x20, 0x200B: 0x20, 0x09: 0x20})


_NEEDS_FOLD = re.compile("[\uff01-\uff5e\u3000\u00a0\u2009\u200b\t]")
_ASCII_LOWER = {code: code + 32 for code in range(0x41, 0x5B)}


def fold(text: str) -> str:
    """Fold widths and spaces without changing the length of `text`."""
    return text.translate(_FOLD) if _NEEDS_FOLD.search(text) else text


def probe_text(text: str) -> str:
    """Folded and lower-cased, same length as `text`: what the term pattern runs over.

    Matching lower-case text with a case-sensitive pattern is several times faster than an
    IGNORECASE alternation, and the scan spends most of its own time here.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lowers to two characters; keep offsets aligned
        lowered = text.translate(_ASCII_LOWER)
    return fold(lowered)


def term_key(text: str) -> str:
    """The key under which a term or a matched piece of text is looked up."""
    return re.sub(r"[\s_\-]+", " ", fold(text)).strip().lower()


def normalize_guid(value: str) -> str:
    match = GUID_RE.search(value or "")
    return match.group(1).lower() if match else (value or "").strip().lower()


class VocabularyError(ValueError):
    """A vocabulary file that cannot be used."""


@dataclass
class Vocabulary:
    """Terms and Microsoft labels mapped to ranked tiers."""

    tiers: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_TIERS))
    terms: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (text, tier)
    mip_ids: dict[str, tuple[str, str]] = field(default_factory=dict)  # guid -> (name, tier)
    mip_names: dict[str, str] = field(default_factory=dict)  # name key -> tier
    pdf_stamps: dict[str, str] = field(default_factory=dict)  # stamp name, lower case -> tier
    brackets: tuple[tuple[str, str], ...] = DEFAULT_BRACKETS
    _pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def add_term(self, text: str, tier: str) -> None:
        self._check_tier(tier)
        key = term_key(text)
        if not key:
            raise VocabularyError("empty term")
        self.terms[key] = (text, tier)
        self._pattern = None

    def add_mip(self, guid: str, name: str, tier: str) -> None:
        self._check_tier(tier)
        if guid:
            self.mip_ids[normalize_guid(guid)] = (name, tier)
        if name:
            self.mip_names[term_key(name)] = tier

    def add_pdf_stamp(self, name: str, tier: str) -> None:
        self._check_tier(tier)
        key = name.strip().lstrip("/").lower()
        if not key:
            raise VocabularyError("empty stamp name")
        self.pdf_stamps[key] = tier

    def pdf_stamp_tier(self, name: str) -> str | None:
        """Tier of a PDF stamp annotation's /Name (Acrobat's "TopSecret", a company's custom name)."""
        return self.pdf_stamps.get(name.strip().lstrip("/").lower())

    def _check_tier(self, tier: str) -> None:
        if tier not in self.tiers:
            raise VocabularyError(f"unknown tier {tier!r}; declare it under 'tiers'")

    @property
    def pattern(self) -> re.Pattern[str]:
        """One alternation of every term, longest first, over `probe_text` (folded, lower case)."""
        if self._pattern is None:
            keys = sorted(self.terms, key=len, reverse=True)
            parts = [r"[\s_\-]+".join(re.escape(word) for word in key.split(" ")) for key in keys]
            self._pattern = re.compile("|".join(parts) or r"(?!x)x")
        return self._pattern

    def tier_of(self, matched: str) -> str | None:
        entry = self.terms.get(term_key(matched))
        return entry[1] if entry else None

    def rank(self, tier: str | None) -> int:
        return self.tiers.get(tier, -1) if tier else -1

    def strongest(self, tiers: Iterable[str | None]) -> str | None:
        best: str | None = None
        for tier in tiers:
            if tier and self.rank(tier) > self.rank(best):
                best = tier
        return best

    def mip_tier(self, label: dict[str, Any]) -> str | None:
        """Tier of a Microsoft label: configured GUID first, then its name read as a label."""
        by_id = self.mip_ids.get(normalize_guid(str(label.get("id") or "")))
        if by_id:
            return by_id[1]
        name = str(label.get("name") or "")
        if not name:
            return None
        tiers: list[str | None] = []
        # Names are hierarchical ("Confidential \ Microsoft Extended"): the parent label counts.
        for part in re.split(r"\s*[\\/]\s*", name):
            key = term_key(part)
            tiers.append(self.mip_names.get(key) or self.tier_of(part))
            tiers.extend(self.tier_of(m.group()) for m in self.pattern.finditer(probe_text(part)))
        return self.strongest(tiers)


def default_vocabulary() -> Vocabulary:
    vocab = Vocabulary()
    for text, tier in DEFAULT_TERMS:
        vocab.add_term(text, tier)
    for entry in DEFAULT_MIP:
        vocab.add_mip(entry["id"], entry["name"], entry["tier"])
    for name, tier in DEFAULT_PDF_STAMPS:
        vocab.add_pdf_stamp(name, tier)
    return vocab


def vocabulary_from_dict(data: dict[str, Any]) -> Vocabulary:
    """Build a vocabulary from `{"tiers": [...], "terms": [...], "mip": [...], "pdf_stamps": [...]}`.

    With `"extends": "default"` the entries are added to the default vocabulary (a term listed
    again moves to its new tier); otherwise the file is the whole vocabulary.
    """
    if not isinstance(data, dict):
        raise VocabularyError("a vocabulary is a mapping with 'tiers', 'terms' and 'mip'")
    vocab = default_vocabulary() if data.get("extends") == "default" else Vocabulary()
    for entry in data.get("tiers") or []:
        try:
            vocab.tiers[str(entry["id"])] = int(entry["rank"])
        except (KeyError, TypeError, ValueError) as exc:
            raise VocabularyError(f"bad tier entry {entry!r}") from exc
    for entry in data.get("terms") or []:
        try:
            vocab.add_term(str(entry["text"]), str(entry["tier"]))
        except (KeyError, TypeError) as exc:
            raise VocabularyError(f"bad term entry {entry!r}") from exc
    for entry in data.get("mip") or []:
        try:
            vocab.add_mip(str(entry.get("id") or ""), str(entry.get("name") or ""), str(entry["tier"]))
        except (KeyError, TypeError, AttributeError) as exc:
            raise VocabularyError(f"bad mip entry {entry!r}") from exc
    for entry in data.get("pdf_stamps") or []:
        try:
            vocab.add_pdf_stamp(str(entry["name"]), str(entry["tier"]))
        except (KeyError, TypeError) as exc:
            raise VocabularyError(f"bad pdf_stamps entry {entry!r}") from exc
    if data.get("brackets"):
        vocab.brackets = tuple((str(pair[0]), str(pair[1])) for pair in data["brackets"])
    return vocab


def load_vocabulary(path: str | Path) -> Vocabulary:
    """Read a vocabulary file; `.json` is JSON, anything else is read as YAML (a JSON superset)."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
        is_json = str(path).lower().endswith(".json")
        data = json.loads(text) if is_json else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise VocabularyError(f"cannot read {path}: {exc}") from exc
    return vocabulary_from_dict(data)
