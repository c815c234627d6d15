"""Django's e-mail settings from one `EMAIL_URL`, as DATABASE_URL gives the database. No Django here.

    smtp://user:password@mail.example.jp:587        SMTP with STARTTLS (the usual submission port)
    smtp://mail.example.jp:25?tls=0                 plain SMTP, as on a trusted relay
    smtps://user:password@mail.example.jp:465       SMTP over TLS
    file:///var/lib/shuhi/mail                      one file per message in that folder
    console://                                      messages printed on standard output

Without EMAIL_URL, messages are written as files under `<SHUHI_DATA_DIR>/mail/`, so that a local
installation needs no mail server and nothing is sent by accident.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

FALSE = {"0", "false", "no", "off"}


def email_settings(url: str, default_dir: Path) -> dict[str, Any]:
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(default_dir)}
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": unquote(parts.path) or str(default_dir)}
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme not in {"smtp", "smtps"}:
        raise ValueError(f"EMAIL_URL: unknown scheme {parts.scheme!r} (smtp, smtps, file or console)")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    ssl = scheme == "smtps" or query.get("ssl", "").lower() not in FALSE | {""}
    tls = not ssl and query.get("tls", "1").lower() not in FALSE
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if ssl else 587 if tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": ssl,
        "EMAIL_USE_TLS": tls,
        "EMAIL_TIMEOUT": int(query.get("timeout", "30")),
    }
