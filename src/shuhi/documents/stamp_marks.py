"""The words a stamp puts on a document, shared by every format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from shuhi.documents.fingerprint import Fingerprint

TIER_NAMES = {"top_secret": "極秘", "confidential": "社外秘", "public": "一般"}

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "ipaexg.ttf"
FONT_NAME = "IPAexGothic"
# Office files cannot carry our font without obfuscated font embedding; name fonts every
# Japanese Windows/macOS has, with IPAexGothic for machines that have installed it.
OFFICE_EA_FONT = "Yu Gothic"


class StampError(Exception):
    """A document that cannot be stamped; the message is shown to the user as is."""


@dataclass(frozen=True)
class Mark:
    tier: str
    tier_name: str
    owner: str
    recipient: str | None
    date: dt.date
    fingerprint: Fingerprint | None

    @property
    def text(self) -> str:
        """`【社外秘】ACME株式会社 — 開示先: 山田精工 2026-11-26`."""
        parts = [f"【{self.tier_name}】{self.owner}"]
        if self.recipient:
            parts.append(f"開示先: {self.recipient}")
        return " — ".join(parts) + f" {self.date.isoformat()}"

    @property
    def header_text(self) -> str:
        return self.text

    @property
    def footer_text(self) -> str:
        """The mark again, with the short reference code when there is a disclosure."""
        if self.fingerprint is None:
            return self.text
        return f"{self.text} — 管理番号 {self.fingerprint.reference}"

    @property
    def watermark_text(self) -> str:
        return self.tier_name


def make_mark(
    *,
    tier: str,
    owner: str,
    recipient: str | None,
    date: dt.date | str | None,
    fingerprint: Fingerprint | None,
) -> Mark:
    tier = (tier or "").strip()
    owner = " ".join((owner or "").split())
    if not tier:
        raise StampError("a tier is required (top_secret, confidential, public or a configured tier)")
    if not owner:
        raise StampError("an owner name is required")
    if len(owner) > 60 or (recipient and len(recipient) > 60):
        raise StampError("owner and recipient names must be at most 60 characters")
    if date is None:
        date = dt.date.today()
    elif isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError as exc:
            raise StampError(f"the date must be YYYY-MM-DD (got {date!r})") from exc
    recipient = " ".join(recipient.split()) if recipient else None
    return Mark(
        tier=tier,
        tier_name=TIER_NAMES.get(tier, tier),
        owner=owner,
        recipient=recipient or None,
        date=date,
        fingerprint=fingerprint,
    )
