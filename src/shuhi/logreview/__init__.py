"""Log-review engine (ログの定期確認): ranks who needs a look in a period's access logs, and why.

No Django here. `run_review` ingests CERT-format or generically mapped logs into a Parquet event
store, computes indicators against each user's own past and their peers with Ibis (on DuckDB or
Spark), and returns the explained ranking per window; `render_html` makes it readable.
"""

from __future__ import annotations

from typing import Any

__all__ = ["load_context", "render_html", "run_review"]


def __getattr__(name: str) -> Any:
    # Imported lazily: `shuhi logreview synth` should not pay for Ibis and DuckDB.
    if name == "run_review":
        from .engine import run_review

        return run_review
    if name == "load_context":
        from .context import load_context

        return load_context
    if name == "render_html":
        from .report import render_html

        return render_html
    raise AttributeError(name)
