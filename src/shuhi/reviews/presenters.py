"""The stored report shaped for the cycle page: top users per window, reasons in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from shuhi.i18n import override
from shuhi.logreview.wording import example_destination, indicator_name, peer_group_name, reason_figures, reason_text

TOP = 20


def _reason(reason: dict[str, Any]) -> dict[str, Any]:
    """The engine's figures worded through the catalogue in the reader's language."""
    return {**reason, "name": indicator_name(str(reason.get("indicator", ""))), "figures": reason_figures(reason),
            "text": reason_text(reason),
            "examples": [{**e, "destination": example_destination(e)} for e in reason.get("examples") or []]}


def ranking(report: dict[str, Any] | None, *, top: int = TOP, open_cases: set[str] | None = None) -> list[dict]:
    """Per window: start, end, how many users were ranked, and the first `top` entries."""
    open_cases = open_cases or set()
    windows = []
    for window in (report or {}).get("windows", []):
        entries = []
        for rank, entry in enumerate(window.get("ranking", [])[:top], start=1):
            with override(get_language() or "ja"):
                reasons = [_reason(r) for r in entry.get("reasons", [])]
            entries.append({
                "rank": rank, "user": entry["user"], "score": entry.get("score", 0.0),
                "peer_group": peer_group_name(entry.get("peer_group", "")), "events": entry.get("events"),
                "reasons": reasons, "summary": "; ".join(r["text"] for r in reasons)[:500],
                "has_case": entry["user"] in open_cases,
            })
        windows.append({"start": window["start"], "end": window["end"], "ranked": len(window.get("ranking", [])),
                        "entries": entries})
    return windows
