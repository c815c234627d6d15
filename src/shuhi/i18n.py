"""Japanese and English for the engine command-line tools, without Django.

`shuhi scan`, `stamp`, `trace` and `logreview` must start fast and run on a machine that has only
the documents, so they cannot set Django up to translate. They read the web app's own compiled
catalogue (locale/<lang>/LC_MESSAGES/django.mo) with the standard library instead: one catalogue,
filled by `make messages`, serves both.

The language is looked up on every call, not at import, so that a test (or a long-lived process)
that changes the environment gets what it asked for; the catalogue itself is loaded once.
HelpFormatter lets argparse wrap Japanese help by terminal columns.
"""

from __future__ import annotations

import argparse
import contextlib
import gettext as _stdlib_gettext
import os
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# Japanese-first like the web UI (LANGUAGE_CODE = "ja"): a bare C/POSIX locale, common on servers
# and in containers, says nothing about the reader, so it gets the default rather than English.
DEFAULT_LANGUAGE = "ja"
# SHUHI_LANG lets someone pick shuhi's language without changing their whole locale; the rest is
# the order in which GNU gettext looks for the message language.
LANGUAGE_VARIABLES = ("SHUHI_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language_of(value: str) -> str:
    """Catalogue language of a locale value: ja_JP.UTF-8, ja:en → ja; en_US, de_DE → en; C, POSIX → default."""
    first = value.split(":", 1)[0]  # LANGUAGE holds a list of preferences such as "ja:en"
    code = first.split(".", 1)[0].split("@", 1)[0].replace("-", "_").strip().lower()
    if code in {"", "c", "posix"}:
        return DEFAULT_LANGUAGE
    # Only Japanese has a catalogue; any other real locale reads the English the code is written in.
    return "ja" if code.split("_", 1)[0] == "ja" else "en"


# Set by the web app around a request or a background job, so that engine messages follow the
# person they are for rather than the server's locale (see override()).
_chosen: ContextVar[str | None] = ContextVar("shuhi_language", default=None)


@contextlib.contextmanager
def override(lang: str | None) -> Iterator[None]:
    """Engine messages in `lang` (a Django language code such as "ja" or "en") inside the block."""
    token = _chosen.set(lang)
    try:
        yield
    finally:
        _chosen.reset(token)


def language() -> str:
    chosen = _chosen.get()
    if chosen:
        return language_of(chosen)
    for name in LANGUAGE_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            return language_of(value)
    return DEFAULT_LANGUAGE


@cache
def _catalogue(lang: str) -> _stdlib_gettext.NullTranslations:
    # fallback=True: no catalogue for English (or a checkout without the compiled .mo) means the
    # messages as written, never a crash of a command-line tool over its own wording.
    return _stdlib_gettext.translation("django", localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def gettext(message: str) -> str:
    return _catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue(language()).ngettext(singular, plural, n)


def gettext_noop(message: str) -> str:
    """Marks a message for `make messages` where it is defined; translate it with gettext() where it is shown."""
    return message


# argparse's own words (usage, the headings, -h, its errors), in the catalogue so that a command's
# help and errors are in one language rather than Japanese help under English headings.
ARGPARSE_MESSAGES = (
    gettext_noop("usage: "),
    gettext_noop("positional arguments"),
    gettext_noop("options"),
    gettext_noop("show this help message and exit"),
    gettext_noop("the following arguments are required: %s"),
    gettext_noop("unrecognized arguments: %s"),
    gettext_noop("argument %(argument_name)s: %(message)s"),
    gettext_noop("expected one argument"),
    gettext_noop("invalid %(type)s value: %(value)r"),
    gettext_noop("invalid choice: %(value)r (choose from %(choices)s)"),
    gettext_noop("ambiguous option: %(option)s could match %(matches)s"),
    gettext_noop("%(prog)s: error: %(message)s\n"),
    gettext_noop("not allowed with argument %s"),
    gettext_noop("one of the arguments %s is required"),
)


def localise_argparse() -> None:
    """Route argparse's messages through this catalogue (argparse looks its `_` up on every call)."""
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


# Kinsoku (禁則): a line does not start with closing punctuation or end with an opening bracket.
_NO_LINE_START = frozenset("、。，．）」』】〕！？：；ー・…")
_NO_LINE_END = frozenset("（「『【〔")


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def display_width(text: str) -> int:
    """Terminal columns: a kanji or kana takes two."""
    return sum(2 if _is_wide(char) else 1 for char in text)


def _break_units(text: str) -> list[str]:
    """Pieces a line may break between: spaces, runs of narrow characters (an English word, a
    path), and each wide character, since Japanese breaks between any two of them."""
    units: list[str] = []
    run = ""
    for char in text:
        if char.isspace() or _is_wide(char):
            if run:
                units.append(run)
                run = ""
            units.append(" " if char.isspace() else char)
        else:
            run += char
    if run:
        units.append(run)
    glued: list[str] = []
    for unit in units:
        if glued and unit != " " and glued[-1] != " " and (unit[0] in _NO_LINE_START or glued[-1][-1] in _NO_LINE_END):
            glued[-1] += unit
        else:
            glued.append(unit)
    return glued


def wrap(text: str, width: int) -> list[str]:
    """textwrap.wrap for mixed Japanese and English: measures in columns and breaks inside Japanese."""
    lines: list[str] = []
    line, used = "", 0
    for unit in _break_units(" ".join(text.split())):
        if unit == " ":
            if line:
                line, used = line + " ", used + 1
            continue
        size = display_width(unit)
        if line and used + size > width:
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + unit, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter counts characters, so Japanese help ran past the terminal's edge and
    split English words in two; this one wraps by terminal columns."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))
