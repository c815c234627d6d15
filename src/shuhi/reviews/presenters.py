"""The stored report shaped for the cycle page: top users per window, reasons in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

TOP = 20


def _reason(reason: dict[str, Any], japanese: bool) -> dict[str, Any]:
    name = reason.get("name_ja") if japanese else reason.get("name_en")
    return {**reason, "name": name or reason.get("indicator", ""), "examples": reason.get("examples") or []}


def ranking(report: dict[str, Any] | None, *, top: int = TOP, open_cases: set[str] | None = None) -> list[dict]:
    """Per window: start, end, how many users were ranked, and the first `top` entries."""
    japanese = (get_language() or "ja").startswith("ja")
    open_cases = open_cases or set()
    windows = []
    for window in (report or {}).get("windows", []):
        entries = []
        for rank, entry in enumerate(window.get("ranking", [])[:top], start=1):
            reasons = [_reason(r, japanese) for r in entry.get("reasons", [])]
            entries.append({
                "rank": rank, "user": entry["user"], "score": entry.get("score", 0.0),
                "peer_group": entry.get("peer_group", ""), "events": entry.get("events"),
                "reasons": reasons, "summary": "; ".join(f"{r['name']} ({r['count']})" for r in reasons)[:500],
                "has_case": entry["user"] in open_cases,
            })
        windows.append({"start": window["start"], "end": window["end"], "ranked": len(window.get("ranking", [])),
                        "entries": entries})
    return windows
