"""Which storage location a scanned file belongs to, from the locations' path patterns.

Patterns are written the way staff know their folders: `/srv/share/secret/**`, `\\\\fs01\\極秘\\**`,
`D:\\設計\\*.dwg`. `**` spans folders, `*` and `?` stay within one folder name. Windows patterns
(UNC or drive letter) compare case-insensitively and with either slash.

A file scanned on the server has an absolute path and must match the whole pattern. A member of
an uploaded archive has only its path inside the archive, so it matches when it lines up with the
end of a pattern: `極秘/設計書.docx` matches `\\\\fs01\\極秘\\**` (the archive was made from that
folder), but never through wildcards alone. When several locations match, the most specific
pattern (the most literal characters) wins, so `/share/secret/**` beats `/share/**`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_WINDOWS = re.compile(r"^(\\\\|//|[A-Za-z]:[\\/])")
_WILD = re.compile(r"[*?\[]")


def is_windows_pattern(pattern: str) -> bool:
    return bool(_WINDOWS.match(pattern.strip()))


def _segments(pattern: str) -> list[str]:
    return pattern.strip().replace("\\", "/").split("/")


def _segment_regex(segment: str) -> str:
    if segment == "**":
        return "(?:.*)"
    out = []
    for char in segment:
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _regex(segments: list[str], ignore_case: bool) -> re.Pattern[str]:
    parts: list[str] = []
    for index, segment in enumerate(segments):
        if segment == "**":
            # "a/**" matches "a/x/y"; "a/**/b" matches "a/b" too.
            parts.append("(?:.*/)?" if index < len(segments) - 1 else ".*")
            continue
        parts.append(_segment_regex(segment) + ("/" if index < len(segments) - 1 else ""))
    return re.compile("".join(parts), re.IGNORECASE if ignore_case else 0)


def _literal_weight(segments: list[str]) -> int:
    return sum(len(_WILD.sub("", s)) for s in segments)


@dataclass(frozen=True)
class Pattern:
    text: str
    location_id: int
    full: re.Pattern[str]
    # Tails of the pattern that start at a literal folder name, for archive-relative paths.
    tails: tuple[tuple[re.Pattern[str], int], ...]
    weight: int

    @classmethod
    def compile(cls, text: str, location_id: int) -> Pattern:
        segments = _segments(text)
        ignore_case = is_windows_pattern(text)
        tails = []
        for start in range(len(segments)):
            tail = segments[start:]
            if not tail[0] or _WILD.search(tail[0]):
                continue  # a tail must begin with a real folder (or file) name
            tails.append((_regex(tail, ignore_case), _literal_weight(tail)))
        return cls(text=text, location_id=location_id, full=_regex(segments, ignore_case),
                   tails=tuple(tails), weight=_literal_weight(segments))

    def match(self, path: str, relative: bool) -> int | None:
        """The match's specificity, or None when `path` does not match."""
        path = path.replace("\\", "/")
        if not relative:
            return self.weight if self.full.fullmatch(path) else None
        best = None
        for regex, weight in self.tails:
            if regex.fullmatch(path) and (best is None or weight > best):
                best = weight
        return best


class LocationMatcher:
    """Matches paths against every location of one organisation."""

    def __init__(self, locations: Iterable[Any]) -> None:
        self.patterns = [Pattern.compile(text, loc.pk) for loc in locations for text in loc.patterns]

    def match(self, path: str, *, relative: bool = False) -> int | None:
        """The id of the location `path` belongs to, or None."""
        best: tuple[int, int] | None = None
        for pattern in self.patterns:
            weight = pattern.match(path, relative)
            if weight is not None and (best is None or weight > best[0]):
                best = (weight, pattern.location_id)
        return best[1] if best else None


def local_root(pattern: str) -> Path | None:
    """The folder on this server to walk for a pattern: its literal part, or None if not local."""
    if is_windows_pattern(pattern) or not pattern.strip().startswith("/"):
        return None
    literal: list[str] = []
    for segment in pattern.strip().split("/"):
        if _WILD.search(segment):
            break
        literal.append(segment)
    root = "/".join(literal) or "/"
    return Path(root)
