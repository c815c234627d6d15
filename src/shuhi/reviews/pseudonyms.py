"""Pseudonymous user ids for stored review reports.

A pseudonym is an HMAC-SHA256 of the normalised user id under an installation secret, so the
same person keeps the same pseudonym across cycles (a reviewer sees repeat appearances) while the
mapping back can only be recomputed on the server, by trying the source's known users. No table
holds the mapping: re-identification is an audited action of the security manager (services.py).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from typing import Any

from shuhi.paths import installation_secret

PREFIX = "U-"
# 8 hex digits, not 6: among 1,000 users six would collide with a probability of about 3%,
# eight with about 0.01%, and a collision would merge two people's evidence.
DIGITS = 8
PSEUDONYM_RE = re.compile(rf"^{PREFIX}[0-9A-F]{{{DIGITS}}}$")
EMAIL_RE = r"[A-Za-z0-9._%+'-]+@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
# Strings of the report that carry no personal data and are left as they are.
SKIP_KEYS = frozenset({"indicator", "name_ja", "name_en", "kind", "action", "time", "start", "end", "engine",
                       "window", "column_set", "mode", "batch", "host"})


def _secret() -> bytes:
    return installation_secret("pseudonym")


def normalise(user_id: str) -> str:
    # Directory ids are case-insensitive (Windows, LDAP): ECH2785 and ech2785 are one person.
    return str(user_id).strip().casefold()


def pseudonym(user_id: str, *, secret: bytes | None = None) -> str:
    digest = hmac.new(secret or _secret(), normalise(user_id).encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:DIGITS].upper()


def address_pseudonym(address: str, *, secret: bytes | None = None) -> str:
    """An outside address with its local part replaced: the domain is evidence, the name is not."""
    local, _, domain = address.rpartition("@")
    digest = hmac.new(secret or _secret(), f"addr:{normalise(local)}".encode(), hashlib.sha256).hexdigest()
    return f"x-{digest[:6]}@{domain}"


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex for many literals, shaped as a prefix tree: re tries an alternation of thousands
    of ids one by one at every position, a tree branches on the next character instead."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return render(trie)


class Pseudonymiser:
    """Replaces known user ids, their names and e-mail addresses, and every other e-mail address's
    local part, in all strings of a report."""

    def __init__(self, people: dict[str, dict[str, str]], *, secret: bytes | None = None) -> None:
        self.secret = secret or _secret()
        self.by_token: dict[str, str] = {}
        for user_id, details in people.items():
            alias = pseudonym(user_id, secret=self.secret)
            self.by_token[normalise(user_id)] = alias
            name = (details.get("name") or "").strip()
            if len(name) >= 3:
                self.by_token[normalise(name)] = alias
            email = (details.get("email") or "").strip()
            if email:
                self.by_token[normalise(email)] = f"{alias}@{email.rpartition('@')[2]}"
        tokens = sorted(self.by_token, key=len, reverse=True)
        known = _trie_pattern(tokens) if tokens else r"(?!x)x"
        self.regex = re.compile(rf"(?P<email>{EMAIL_RE})|(?<![\w])(?P<known>{known})(?![\w])", re.IGNORECASE)

    def user(self, user_id: str) -> str:
        return self.by_token.get(normalise(user_id)) or pseudonym(user_id, secret=self.secret)

    def _replace(self, match: re.Match) -> str:
        text = match.group(0)
        if match.group("email"):
            return self.by_token.get(normalise(text)) or address_pseudonym(text, secret=self.secret)
        return self.by_token.get(normalise(text), text)

    def text(self, value: str) -> str:
        return self.regex.sub(self._replace, value)

    def walk(self, value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: self._entry(k, v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.walk(v, key) for v in value]
        if isinstance(value, str) and key not in SKIP_KEYS:
            return self.text(value)
        return value

    def _entry(self, key: str, value: Any) -> Any:
        if key == "user" and isinstance(value, str):
            return self.user(value)
        return self.walk(value, key)


def pseudonymise_report(report: dict[str, Any], people: dict[str, dict[str, str]], *,
                        secret: bytes | None = None) -> dict[str, Any]:
    """The report with every user id (ranked users and everyone the context knows) pseudonymised."""
    known = dict(people)
    for window in report.get("windows", []):
        for entry in window.get("ranking", []):
            known.setdefault(str(entry["user"]), {})
    return Pseudonymiser(known, secret=secret).walk(report)


def find_user(alias: str, candidates: Iterable[str], *, secret: bytes | None = None) -> list[str]:
    """The candidate ids whose pseudonym is `alias` (normally one; two only on a hash collision)."""
    key = secret or _secret()
    return sorted({c for c in candidates if pseudonym(c, secret=key) == alias})
