"""E-mail: .eml (MIME, read by the standard library) and Outlook .msg (read by extract-msg).

A label on a mail sits in the subject (【社外秘】 見積の件) or at the top of the body, and the
secret itself usually travels as an attachment. The subject is read like a title (`where`
"subject"); the body (text/plain, or text/html turned into text by the standard library's HTML
tokenizer, which runs no script and fetches nothing) like a text file: first lines, standalone
lines, last lines. Every attachment is written to a private temporary file and scanned as a
file of its own, to the depth and size limits of archives; a mail attached to a mail counts one
level deeper. The mail's tier is the strongest of its own labels and its attachments'.
"""

from __future__ import annotations

import email
import logging
import mimetypes
import os
import tempfile
from collections.abc import Callable, Iterator
from email import policy
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from shuhi.documents.extract.archive import safe_file_name
from shuhi.documents.extract.base import (
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_TOTAL_BYTES,
    Corrupt,
    Extraction,
    TooLarge,
    Unsupported,
)
from shuhi.documents.extract.nested import ScanMember, add_member
from shuhi.documents.extract.text import LAST_LINES
from shuhi.documents.extract.xmltext import FIRST_LINES

MAX_MAIL_BYTES = MAX_TOTAL_BYTES
_BLOCKS = frozenset({"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr", "td", "th",
                     "blockquote", "pre", "title"})
_HIDDEN = frozenset({"script", "style", "head"})

# extract-msg logs every oddity of a damaged file as a warning; the scan reports the file's error.
logging.getLogger("extract_msg").setLevel(logging.ERROR)


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def add_body(result: Extraction, text: str) -> None:
    """Body lines placed as in a text file: labels sit at the top, disclaimers at the bottom."""
    lines = [line for line in text.replace("\r", "\n").split("\n") if line.strip()]
    for number, line in enumerate(lines):
        if number < FIRST_LINES:
            where = "first_lines"
        elif number >= max(FIRST_LINES, len(lines) - LAST_LINES):
            where = "last_lines"
        else:
            where = "body"
        result.add(where, line)


class _Attachments:
    """Writes attachments one at a time to private temporary files and scans each, within the limits.
    Files, not a folder: creating and removing a folder costs more than reading a small mail on
    some file systems. The attachment's name ends the file's name, so its extension and any label
    in it reach the scanner."""

    def __init__(self, result: Extraction, scan_member: ScanMember) -> None:
        self.result, self.scan_member = result, scan_member
        self.count = self.total = 0

    def scan(self, name: str, write: Callable[[Path], None], size: int | None = None) -> None:
        self.count += 1
        if self.count > MAX_MEMBERS:
            raise TooLarge(f"more than {MAX_MEMBERS} attachments")
        if size is not None and (size > MAX_MEMBER_BYTES or self.total + size > MAX_TOTAL_BYTES):
            self.result.note(f"too large: attachment:{name}")
            return
        handle, temporary = tempfile.mkstemp(prefix="shuhi-", suffix=f"-{safe_file_name(name)}")  # mode 0600
        os.close(handle)
        target = Path(temporary)
        try:
            write(target)
            self.total += target.stat().st_size
            add_member(self.result, f"attachment:{name}", self.scan_member(str(target)))
        finally:
            target.unlink(missing_ok=True)


def _eml_attachments(message: EmailMessage) -> Iterator[tuple[str, EmailMessage]]:
    for index, part in enumerate(message.iter_attachments(), start=1):
        name = part.get_filename()
        if not name:
            kind = part.get_content_type()
            extension = ".eml" if kind == "message/rfc822" else mimetypes.guess_extension(kind) or ".bin"
            name = f"attachment{index}{extension}"
        yield name, part


def _eml_payload(part: EmailMessage) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return inner.as_bytes(policy=policy.SMTP) if isinstance(inner, email.message.Message) else b""
    return part.get_payload(decode=True) or b""


def _read_eml(path: str | Path, result: Extraction, attachments: _Attachments | None) -> None:
    with open(path, "rb") as handle:
        data = handle.read(MAX_MAIL_BYTES + 1)
    if len(data) > MAX_MAIL_BYTES:
        raise TooLarge(f"mail over {MAX_MAIL_BYTES} bytes")
    message = email.message_from_bytes(data, policy=policy.default)
    if not isinstance(message, EmailMessage) or (not message.keys() and not message.get_payload()):
        raise Corrupt("no mail headers")
    result.add("subject", str(message.get("subject", "") or ""))
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        text = body.get_content()
        add_body(result, html_text(text) if body.get_content_type() == "text/html" else text)
    if attachments is not None:
        for name, part in _eml_attachments(message):
            payload = _eml_payload(part)
            attachments.scan(name, lambda target, payload=payload: target.write_bytes(payload), len(payload))


def _read_msg(path: str | Path, result: Extraction, attachments: _Attachments | None) -> None:
    import extract_msg

    try:
        message = extract_msg.openMsg(str(path), strict=False, delayAttachments=False)
    except Exception as exc:  # the library raises its own and olefile's errors for damaged files
        raise Corrupt(f"msg: {type(exc).__name__}: {exc}") from exc
    try:
        result.add("subject", getattr(message, "subject", None) or "")
        body = getattr(message, "body", None)
        if not body and getattr(message, "htmlBody", None):
            body = html_text(message.htmlBody.decode("utf-8", "replace"))
        if body:
            add_body(result, body)
        if attachments is not None:
            for index, attachment in enumerate(getattr(message, "attachments", []), start=1):
                _msg_attachment(attachments, index, attachment)
    finally:
        message.close()


def _msg_attachment(attachments: _Attachments, index: int, attachment: Any) -> None:
    data = attachment.data
    name = attachment.name or f"attachment{index}"
    if isinstance(data, bytes):
        attachments.scan(name, lambda target: target.write_bytes(data), len(data))
    elif hasattr(data, "export"):  # a message attached to the message
        name = name if name.lower().endswith(".msg") else f"{name}.msg"
        attachments.scan(name, lambda target: data.export(str(target)))


def extract_mail(path: str | Path, fmt: str, probe: Callable[[str], bool] | None = None,
                 scan_member: ScanMember | None = None) -> Extraction:
    """Subject, body and attachments of one e-mail; attachments only when `scan_member` is given."""
    if fmt not in {"eml", "msg"}:
        raise Unsupported()
    result = Extraction(fmt)
    read = _read_eml if fmt == "eml" else _read_msg
    read(path, result, _Attachments(result, scan_member) if scan_member else None)
    return result
