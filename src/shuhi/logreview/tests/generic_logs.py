"""Small hand-made logs in the shapes of the shipped generic mappings (mappings/*.yaml).

Six people browse and mail every weekday for nine weeks from Monday 2024-01-01; in the last week
(2024-02-26 to 2024-03-03) some of them do what the indicators look for. Each log also holds bad
rows: a time that does not parse, a row without a user, a row the reader cannot split or parse.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"
FIRST = dt.date(2024, 1, 1)
REVIEW_START = dt.date(2024, 2, 26)
REVIEW_END = dt.date(2024, 3, 3)
USERS = ("tanaka", "suzuki", "sato", "ito", "kato", "yamada")


def _weekdays() -> list[dt.date]:
    days = [FIRST + dt.timedelta(days=n) for n in range((REVIEW_END - FIRST).days + 1)]
    return [d for d in days if d.weekday() < 5]


def write_proxy_logs(directory: Path) -> Path:
    """Two CSV files in `proxy_log.yaml`'s shape: January and February-March."""
    directory.mkdir(parents=True, exist_ok=True)
    header = "timestamp,username,client_ip,method,url,status,bytes"
    files: dict[str, list[str]] = {"2024-01.csv": [header], "2024-02.csv": [header]}
    for day in _weekdays():
        rows = files["2024-01.csv" if day.month == 1 else "2024-02.csv"]
        for n, user in enumerate(USERS):
            client = f"{user},10.0.0.{n + 1}"
            rows.append(f"{day} 09:{n:02d}:00,{client},GET,https://news.example.jp/{day}/{n},200,{100 + n}")
            rows.append(f"{day} 13:{n:02d}:30,{client},GET,http://intranet.example.co.jp:8080/wiki?p={n},304,")
    late = files["2024-02.csv"]
    late += [
        "2024-02-27 22:10:00,tanaka,10.0.0.1,POST,https://www.dropbox.com/upload?session=a1,200,99999",
        "2024-02-27 22:40:00,tanaka,10.0.0.1,PUT,https://www.dropbox.com/upload?session=a2,200,123456",
        "2024-02-28 23:05:00,tanaka,10.0.0.1,GET,https://drive.google.com/drive/my-drive,200,5120",
        "2024-02-29 12:00:00,sato,10.0.0.3,GET,https://wikileaks.org/submit,200,777",
        "2024-03-01 10:00:00,suzuki,10.0.0.2,GET,https://www.monster.com/jobs/search?q=設計,200,2048",
        "2024-03-01 10:05:00,suzuki,10.0.0.2,GET,https://www.indeed.com/viewjob?jk=1,200,",
        # bad rows: a time that does not parse, no user, a row short of fields
        "not a time,tanaka,10.0.0.1,GET,https://x.example/,200,1",
        "2024-02-28 09:00:00,,10.0.0.9,GET,https://news.example.jp/,200,1",
        "2024-02-28 09:01:00,ito,10.0.0.4",
    ]
    for name, rows in files.items():
        (directory / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return directory


def write_mail_log(path: Path) -> Path:
    """JSON lines in `mail_log.yaml`'s shape (sizes as numbers and as text, as gateways write them)."""
    lines = []
    for day in _weekdays():
        for n, user in enumerate(USERS):
            lines.append({"ts": f"{day}T10:{n:02d}:00", "sender_user": user, "client": f"PC-{n}",
                          "direction": "internal", "recipients": f"{USERS[(n + 1) % 6]}@example.co.jp",
                          "attachments": "", "bytes": 2000 + n})
    lines += [
        {"ts": "2024-02-27T21:30:00", "sender_user": "tanaka", "client": "PC-0", "direction": "outbound",
         "recipients": "Tanaka.Home@gmail.com", "attachments": "plans.pdf;bom.xlsx", "bytes": "482133"},
        {"ts": "2024-02-28T21:35:00", "sender_user": "tanaka", "client": "PC-0", "direction": "outbound",
         "recipients": "tanaka.home@gmail.com;partner@competitor.example", "attachments": "rev3.dwg",
         "bytes": 912000},
        {"ts": "2024-02-29T09:00:00", "sender_user": "kato", "client": "PC-4", "direction": "outbound",
         "recipients": ";".join(f"customer{n}@client.example" for n in range(12)), "attachments": "",
         "bytes": 3000},
        {"ts": "2024/02/29 09:00", "sender_user": "kato", "client": "PC-4", "direction": "inbound"},
    ]
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + '\n{"ts": "2024-02-29T10:00:00", "sender_user": \n', encoding="utf-8")
    return path
