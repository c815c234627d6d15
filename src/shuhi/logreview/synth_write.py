"""Fast column building and CSV writing for the synthetic CERT data.

At r4.2 scale the generator emits ~33 million rows; formatting ids and dates row by row in
Python would take far longer than generating them, so both are built as fixed-width byte
matrices in numpy and handed to Arrow as string buffers without a per-row Python step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

# The r4.2 column sets, exactly as in the reference (cert-insider-format.md).
HEADERS: dict[str, tuple[str, ...]] = {
    "logon": ("id", "date", "user", "pc", "activity"),
    "device": ("id", "date", "user", "pc", "activity"),
    "file": ("id", "date", "user", "pc", "filename", "content"),
    "http": ("id", "date", "user", "pc", "url", "content"),
    "email": ("id", "date", "user", "pc", "to", "cc", "bcc", "from", "size", "attachments", "content"),
}
# CERT r5.2: file activity and removable-media flags, the drive's file tree, mail Send/Receive.
HEADERS_R52: dict[str, tuple[str, ...]] = {
    "logon": HEADERS["logon"],
    "device": ("id", "date", "user", "pc", "file_tree", "activity"),
    "file": ("id", "date", "user", "pc", "filename", "activity", "to_removable_media",
             "from_removable_media", "content"),
    "http": HEADERS["http"],
    "email": ("id", "date", "user", "pc", "to", "cc", "bcc", "from", "activity", "size", "attachments",
              "content"),
}
FORMATS = ("r4.2", "r5.2")


def headers(fmt: str) -> dict[str, tuple[str, ...]]:
    if fmt not in FORMATS:
        raise ValueError(f"unknown CERT format {fmt!r}; one of {', '.join(FORMATS)}")
    return HEADERS_R52 if fmt == "r5.2" else HEADERS
LDAP_HEADER = ("employee_name", "user_id", "email", "role", "business_unit", "functional_unit",
               "department", "team", "supervisor")
PSYCHOMETRIC_HEADER = ("employee_name", "user_id", "O", "C", "E", "A", "N")
EVENT_FILES = tuple(HEADERS)

_ID_ALPHABET = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)
_DIGITS = np.frombuffer(b"0123456789", dtype=np.uint8)
EPOCH_DAY = np.datetime64("1970-01-01", "D")


def fixed_width_strings(matrix: np.ndarray) -> pa.Array:
    """An Arrow string array whose i-th value is the bytes of row i of a (n, width) uint8 matrix."""
    n, width = matrix.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    data = np.ascontiguousarray(matrix, dtype=np.uint8)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


def random_ids(rng: np.random.Generator, n: int) -> pa.Array:
    """CERT-style event ids `{X1D9-S0ES98JV-5357PWMI}`; collisions are ~1e-31 likely per pair."""
    body = _ID_ALPHABET[rng.integers(0, 36, size=(n, 20), dtype=np.uint8)]
    out = np.empty((n, 24), dtype=np.uint8)
    out[:, 0], out[:, 5], out[:, 14], out[:, 23] = ord("{"), ord("-"), ord("-"), ord("}")
    out[:, 1:5], out[:, 6:14], out[:, 15:23] = body[:, :4], body[:, 4:12], body[:, 12:20]
    return fixed_width_strings(out)


def _put_digits(out: np.ndarray, col: int, values: np.ndarray, width: int) -> None:
    for k in range(width):
        out[:, col + width - 1 - k] = _DIGITS[(values // 10**k) % 10]


def format_dates(seconds: np.ndarray) -> pa.Array:
    """`MM/DD/YYYY HH:MM:SS` for seconds since 1970-01-01 (naive local time, as in CERT)."""
    seconds = np.asarray(seconds, dtype=np.int64)
    days = (seconds // 86400).astype("timedelta64[D]") + EPOCH_DAY
    months = days.astype("datetime64[M]")
    years = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    sod = seconds % 86400
    out = np.empty((len(seconds), 19), dtype=np.uint8)
    out[:, [2, 5]], out[:, 10], out[:, [13, 16]] = ord("/"), ord(" "), ord(":")
    _put_digits(out, 0, month, 2)
    _put_digits(out, 3, day, 2)
    _put_digits(out, 6, years, 4)
    _put_digits(out, 11, sod // 3600, 2)
    _put_digits(out, 14, (sod // 60) % 60, 2)
    _put_digits(out, 17, sod % 60, 2)
    return fixed_width_strings(out)


def cert_date_key(date: str) -> tuple[str, str, str]:
    """Sort key for `MM/DD/YYYY HH:MM:SS`, whose text order is not time order across years."""
    return date[6:10], date[:5], date[11:]


def format_date_one(seconds: int) -> str:
    return str(format_dates(np.array([seconds]))[0])


def take(pool: pa.Array, index: np.ndarray) -> pa.Array:
    return pool.take(pa.array(np.asarray(index, dtype=np.int64)))


class EventSink:
    """One open CSV per event file; each day's rows are sorted by time and appended."""

    def __init__(self, out_dir: Path, fmt: str = "r4.2") -> None:
        self.headers = headers(fmt)
        self.counts = dict.fromkeys(EVENT_FILES, 0)
        self._files: dict[str, Any] = {}
        self._writers: dict[str, pacsv.CSVWriter] = {}
        self._options = pacsv.WriteOptions(include_header=False, quoting_style="none",
                                           batch_size=65536)
        for name, header in self.headers.items():
            handle = pa.OSFile(str(out_dir / f"{name}.csv"), "wb")
            # Arrow quotes header names even with quoting "none"; CERT headers are bare.
            handle.write((",".join(header) + "\n").encode())
            self._files[name] = handle

    def write(self, name: str, table: pa.Table) -> None:
        """Append rows; `table` carries a `_t` column (seconds) used only for ordering."""
        if table.num_rows == 0:
            return
        table = table.take(pc.sort_indices(table["_t"]))
        table = table.drop_columns(["_t"]).select(list(self.headers[name]))
        writer = self._writers.get(name)
        if writer is None:
            writer = pacsv.CSVWriter(self._files[name], table.schema, write_options=self._options)
            self._writers[name] = writer
        writer.write_table(table)
        self.counts[name] += table.num_rows

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()
        for handle in self._files.values():
            handle.close()


def write_small_csv(path: Path, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """LDAP and psychometric files are a few thousand rows: plain text is clearest."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [",".join(header)]
    for row in rows:
        cells = [str(cell) for cell in row]
        if any("," in cell for cell in cells):
            raise ValueError(f"CERT files are written unquoted; a comma slipped into {row!r}")
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
