"""Legacy Office and e-mail test files: .xls from xlwt, .eml from the standard library, and OLE
files (.msg, property sets added to .doc/.ppt/.xls samples) written with extract-msg's OleWriter.

Word and PowerPoint binaries cannot be written by any maintained Python library; they come from
the small samples in `samples/` (see samples/README.md), which these helpers copy and edit.
"""

from __future__ import annotations

import shutil
import struct
import uuid
from collections.abc import Iterable, Mapping
from email.message import EmailMessage
from pathlib import Path

import olefile

SAMPLES = Path(__file__).resolve().parent / "samples"
SUMMARY_FMTID = "F29F85E0-4FF9-1068-AB91-08002B27B3D9"
DOC_SUMMARY_FMTID = "D5CDD502-2E9C-101B-9397-08002B2CF9AE"
USER_FMTID = "D5CDD505-2E9C-101B-9397-08002B2CF9AE"
SUMMARY_IDS = {"title": 2, "subject": 3, "author": 4, "keywords": 5, "comments": 6}
DOC_SUMMARY_IDS = {"category": 2, "manager": 14, "company": 15}
VT_I2, VT_LPSTR, VT_LPWSTR = 0x02, 0x1E, 0x1F


def sample(name: str, folder: Path, rename: str | None = None) -> Path:
    target = folder / (rename or name)
    shutil.copyfile(SAMPLES / name, target)
    return target


# --- OLE property sets ([MS-OLEPS]) -----------------------------------------------------------


def _pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


def _string(text: str, codepage: int) -> bytes:
    if codepage == 1200:
        return _pad(struct.pack("<HHI", VT_LPWSTR, 0, len(text) + 1) + (text + "\0").encode("utf-16-le"))
    raw = (text + "\0").encode(f"cp{codepage}")
    return _pad(struct.pack("<HHI", VT_LPSTR, 0, len(raw)) + raw)


def _section(values: Mapping[int, bytes]) -> bytes:
    entries, body = b"", b""
    offset = 8 + 8 * len(values)
    for pid, data in values.items():
        entries += struct.pack("<II", pid, offset + len(body))
        body += data
    return struct.pack("<II", offset + len(body), len(values)) + entries + body


def _dictionary(names: Mapping[int, str], codepage: int) -> bytes:
    data = struct.pack("<I", len(names))
    for pid, name in names.items():
        raw = (name + "\0").encode(f"cp{codepage}")
        data += struct.pack("<II", pid, len(raw)) + raw
    return _pad(data)


def property_set(fields: Mapping[int, str], *, fmtid: str = SUMMARY_FMTID, codepage: int = 932,
                 user: Mapping[str, str] | None = None) -> bytes:
    """A property set stream; `user` adds the user-defined section (custom properties)."""
    codepage_value = struct.pack("<HHhH", VT_I2, 0, codepage if codepage < 32768 else codepage - 65536, 0)
    sections = [(fmtid, _section({1: codepage_value, **{pid: _string(v, codepage) for pid, v in fields.items()}}))]
    if user:
        names = {pid: name for pid, name in enumerate(user, start=2)}
        values = {0: _dictionary(names, codepage), 1: codepage_value}
        values.update({pid: _string(user[name], 1200) for pid, name in names.items()})
        sections.append((USER_FMTID, _section(values)))
    header = struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020006, b"\0" * 16, len(sections))
    offset = len(header) + 20 * len(sections)
    table, body = b"", b""
    for section_fmtid, data in sections:
        table += uuid.UUID(section_fmtid).bytes_le + struct.pack("<I", offset + len(body))
        body += data
    return header + table + body


def summary_streams(*, codepage: int = 932, user: Mapping[str, str] | None = None,
                    **fields: str) -> dict[str, bytes]:
    """SummaryInformation and DocumentSummaryInformation streams with the given fields."""
    summary = {SUMMARY_IDS[k]: v for k, v in fields.items() if k in SUMMARY_IDS}
    doc_summary = {DOC_SUMMARY_IDS[k]: v for k, v in fields.items() if k in DOC_SUMMARY_IDS}
    return {
        "\x05SummaryInformation": property_set(summary, codepage=codepage),
        "\x05DocumentSummaryInformation": property_set(doc_summary, fmtid=DOC_SUMMARY_FMTID,
                                                        codepage=codepage, user=user),
    }


# --- rewriting OLE files ----------------------------------------------------------------------


def rewrite_ole(path: Path, streams: Mapping[str, bytes | None]) -> Path:
    """Replace, add (bytes) or remove (None) top-level streams of an OLE file."""
    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    with olefile.OleFileIO(str(path)) as ole:
        writer.fromOleFile(ole)
        present = {entry[0] for entry in ole.listdir(streams=True, storages=True)}
    for name, data in streams.items():
        if data is None:
            writer.deleteEntry([name])
        elif name in present:
            writer.editEntry([name], data=data)
        else:
            writer.addEntry([name], data=data)
    writer.write(str(path))
    return path


def read_stream(path: Path, name: str) -> bytes:
    with olefile.OleFileIO(str(path)) as ole:
        return ole.openstream(name).read()


# --- Excel 97-2003 with xlwt ------------------------------------------------------------------

FILEPASS = struct.pack("<HHHHH", 0x002F, 6, 0, 0x1234, 0x5678)  # XOR obfuscation, key and verifier


def xls(path: Path, *, cells: Iterable[str] = ("品番", "数量"), sheet_name: str = "Sheet1",
        header: str | None = None, footer: str | None = None, encrypted: bool = False) -> Path:
    """A workbook with one text cell per row (and a number), as Excel 97-2003 writes it."""
    import xlwt

    class Workbook(xlwt.Workbook):  # type: ignore[misc]
        def _Workbook__intf_hdr_rec(self) -> bytes:  # FILEPASS must follow the globals' BOF
            record = super()._Workbook__intf_hdr_rec()  # type: ignore[misc]
            return (FILEPASS if encrypted else b"") + record

    book = Workbook(encoding="utf-8")
    sheet = book.add_sheet(sheet_name)
    for row, text in enumerate(cells):
        sheet.write(row, 0, text)
        sheet.write(row, 1, row * 10)
    # xlwt's header_str setter breaks on Python 3; its record writer takes text.
    sheet._Worksheet__header_str = f"&L{header}&R&D" if header else ""
    sheet._Worksheet__footer_str = f"&C{footer}&R&P / &N" if footer else ""
    book.save(str(path))
    return path


# --- e-mail -----------------------------------------------------------------------------------


def eml(path: Path, *, subject: str = "見積の件", body: str = "", html: str | None = None,
        attachments: Iterable[tuple[str, bytes]] = (), attached_mails: Iterable[EmailMessage] = (),
        charset: str = "iso-2022-jp") -> Path:
    """A mail as Japanese mailers send it (ISO-2022-JP text, base64 attachments with encoded names)."""
    path.write_bytes(bytes(message(subject=subject, body=body, html=html, attachments=attachments,
                                   attached_mails=attached_mails, charset=charset)))
    return path


def message(*, subject: str, body: str, html: str | None = None, attachments: Iterable[tuple[str, bytes]] = (),
            attached_mails: Iterable[EmailMessage] = (), charset: str = "utf-8") -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = subject, "sender@example.jp", "partner@example.jp"
    mail.set_content(body or "\n", charset=charset)
    if html is not None:
        mail.add_alternative(html, subtype="html")
    for name, data in attachments:
        mail.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    for inner in attached_mails:
        mail.add_attachment(inner)
    return mail


def _msg_properties(header: bytes, fixed: Mapping[int, int]) -> bytes:
    entries = b"".join(struct.pack("<IIQ", tag, 6, value) for tag, value in fixed.items())
    return header + entries


def _msg_entries(subject: str, body: str) -> dict[str, bytes]:
    return {
        "__substg1.0_001A001F": "IPM.Note".encode("utf-16-le"),
        "__substg1.0_0037001F": subject.encode("utf-16-le"),
        "__substg1.0_1000001F": body.encode("utf-16-le"),
    }


def msg(path: Path, *, subject: str, body: str = "", attachments: Iterable[tuple[str, bytes]] = ()) -> Path:
    """An Outlook message ([MS-OXMSG]): property streams, a named-property storage, attachments."""
    from extract_msg.ole_writer import OleWriter

    attachments = list(attachments)
    writer = OleWriter()
    header = struct.pack("<8sIIII8s", b"", 0, len(attachments), 0, len(attachments), b"")
    writer.addEntry(["__properties_version1.0"], data=_msg_properties(header, {}))
    for name, data in _msg_entries(subject, body).items():
        writer.addEntry([name], data=data)
    writer.addEntry(["__nameid_version1.0"], storage=True)
    for stream in ("__substg1.0_00020102", "__substg1.0_00030102", "__substg1.0_00040102"):
        writer.addEntry(["__nameid_version1.0", stream], data=b"")
    for index, (name, data) in enumerate(attachments):
        folder = f"__attach_version1.0_#{index:08X}"
        writer.addEntry([folder], storage=True)
        writer.addEntry([folder, "__properties_version1.0"],
                        data=_msg_properties(b"\0" * 8, {0x37050003: 1, 0x0E210003: index}))
        writer.addEntry([folder, "__substg1.0_3707001F"], data=name.encode("utf-16-le"))
        writer.addEntry([folder, "__substg1.0_3704001F"], data=name[-12:].encode("utf-16-le"))
        writer.addEntry([folder, "__substg1.0_37010102"], data=data)
    writer.write(str(path))
    return path
