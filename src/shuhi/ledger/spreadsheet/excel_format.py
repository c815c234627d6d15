"""The ledger's spreadsheet format: columns, the words each cell may hold, and how values are written back.

Import and export share this one vocabulary, so exporting and re-importing a ledger is the identity.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from shuhi.core.spreadsheet import csv_unquoted

MAX_TEXT = {"code": 40, "name": 200, "disposal_method": 200, "access_groups": 500}


class CellError(ValueError):
    """A cell's value cannot be used; the message is shown to the user."""


@dataclass(frozen=True)
class Column:
    key: str
    ja: str
    en: str
    required: bool = False
    aliases: tuple[str, ...] = ()


LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("code", "資産ID", "Asset ID", True, ("資産コード", "Code", "ID")),
    Column("name", "資産名", "Name", True, ("Asset name",)),
    Column("description", "説明", "Description"),
    Column("category", "分類", "Category"),
    Column("tier", "格付け", "Tier", True, ("格付", "区分")),
    Column("is_trade_secret", "営業秘密", "Trade secret"),
    Column("is_personal_data", "個人情報", "Personal data"),
    Column("department", "管理部署", "Department"),
    Column("owner", "管理責任者", "Owner"),
    Column("locations", "保管場所", "Locations", False, ("Location", "Storage locations")),
    Column("retention", "保存期間", "Retention", False, ("Retention period",)),
    Column("disposal_method", "廃棄方法", "Disposal method", False, ("Disposal",)),
    Column("likelihood", "発生可能性", "Likelihood"),
    Column("impact", "影響度", "Impact"),
    Column("label_status", "表示", "Label", False, ("Label status", "Marking")),
    Column("notes", "備考", "Notes"),
)

LOCATION_COLUMNS: tuple[Column, ...] = (
    Column("name", "保管場所", "Location", True, ("Name", "Storage location")),
    Column("kind", "種別", "Kind", False, ("Type",)),
    Column("tier", "格付け", "Tier", True, ("格付", "区分")),
    Column("path_patterns", "パス", "Paths", False, ("Path", "Path patterns")),
    Column("access_groups", "アクセス権", "Access", False, ("Access rights", "Who may access")),
)

LEDGER_SHEET_NAMES = ("台帳", "Ledger", "情報資産台帳")
LOCATION_SHEET_NAMES = ("保管場所", "Locations")
INSTRUCTION_SHEET_NAME = "記入方法"

# The short words of templates before the vocabulary was made one; still read on import.
OLD_CATEGORY_WORDS = {"技術": "technical", "製造": "production", "生産": "production", "営業": "sales",
                      "管理": "management", "経営": "management", "個人": "personal"}
LABEL_WORDS = {"applied": "済", "not_applied": "未", "not_needed": "不要"}
KIND_WORDS = {"shared_folder": "共有フォルダ", "cloud_drive": "クラウド", "business_system": "業務システム",
              "cabinet": "キャビネット", "other": "その他"}
YES, NO, PERMANENT = "はい", "いいえ", "永年"
TRUE_WORDS = {"はい", "yes", "y", "true", "1", "○", "◯", "〇", "有", "あり"}
FALSE_WORDS = {"いいえ", "no", "n", "false", "0", "×", "x", "✕", "無", "なし", "-"}
PERMANENT_WORDS = {"永年", "永久", "無期限", "permanent", "forever"}
NAME_SEPARATORS = re.compile(r"[;；、\r\n]+")
YEARS_RE = re.compile(r"^(\d{1,3})(年|years?|y)?$")
DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
LIST_SEPARATORS = re.compile(r"[;；、,，\r\n]+")


def norm(value: str) -> str:
    """Comparison form: full-width folded (ＡＢＣ１ → abc1), case-folded, spaces removed."""
    return re.sub(r"[\s_*]+", "", unicodedata.normalize("NFKC", value)).casefold()


def header_index(columns: tuple[Column, ...]) -> dict[str, Column]:
    index: dict[str, Column] = {}
    for column in columns:
        for word in (column.ja, column.en, column.key, *column.aliases):
            index.setdefault(norm(word), column)
    return index


def _vocabulary(words: dict[str, str], extra: dict[str, str] | None = None) -> dict[str, str]:
    """Accepts the Japanese word, the key and the key spelt with spaces ("not applied")."""
    vocab = {norm(key.replace("_", " ")): key for key in words}
    vocab.update({norm(word): key for key, word in words.items()})
    vocab.update({norm(word): key for word, key in (extra or {}).items()})
    return vocab


@lru_cache(maxsize=1)
def category_words() -> dict[str, str]:
    """Category → the word the screens show in Japanese (技術情報, 生産情報, …): the file format is
    Japanese, and the template, the import, the export and the screens share this one list, which
    is the model's own choices in the catalogue."""
    from shuhi.ledger.models import InformationAsset

    with translation.override("ja"):
        return {value: str(label) for value, label in InformationAsset.Category.choices}


@lru_cache(maxsize=1)
def category_vocab() -> dict[str, str]:
    """Every word an imported category cell may hold: the screens' words in Japanese and English,
    the keys, and the old short words (技術, 製造, …) as aliases."""
    from shuhi.ledger.models import InformationAsset

    with translation.override("en"):
        english = {str(label).lower(): value for value, label in InformationAsset.Category.choices}
    return _vocabulary(category_words(), {**english, **OLD_CATEGORY_WORDS, "personal data": "personal",
                                          "technology": "technical", "manufacturing": "production"})


LABEL_VOCAB = _vocabulary(LABEL_WORDS, {"表示済": "applied", "未表示": "not_applied", "done": "applied"})
KIND_VOCAB = _vocabulary(KIND_WORDS, {"shared folder": "shared_folder", "cloud drive": "cloud_drive",
                                      "クラウドドライブ": "cloud_drive", "システム": "business_system",
                                      "business system": "business_system", "cabinet (paper)": "cabinet"})
BOOL_VOCAB = {**{norm(w): True for w in TRUE_WORDS}, **{norm(w): False for w in FALSE_WORDS}}


def text(raw: Any) -> str:
    """A cell as text: numbers without a spurious ".0" (asset ID 1001 typed as a number)."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat(" ")
    # The apostrophe our CSV export adds against formulas goes again.
    return csv_unquoted(str(raw).strip())


def bounded_text(raw: Any, key: str) -> str:
    value = text(raw)
    limit = MAX_TEXT.get(key)
    if limit and len(value) > limit:
        raise CellError(_("Too long: at most %(limit)s characters.") % {"limit": limit})
    return value


def _choice(raw: Any, vocab: dict[str, str], default: str, allowed: dict[str, str]) -> str:
    value = text(raw)
    if not value:
        return default
    key = vocab.get(norm(value))
    if key is None:
        raise CellError(_("Unknown value “%(value)s”; use one of: %(choices)s.")
                        % {"value": value, "choices": "、".join(allowed.values())})
    return key


def parse_category(raw: Any) -> str:
    return _choice(raw, category_vocab(), "other", category_words())


def parse_label(raw: Any) -> str:
    return _choice(raw, LABEL_VOCAB, "not_applied", LABEL_WORDS)


def parse_kind(raw: Any) -> str:
    return _choice(raw, KIND_VOCAB, "shared_folder", KIND_WORDS)


def parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    value = text(raw)
    if not value:
        return False
    result = BOOL_VOCAB.get(norm(value))
    if result is None:
        raise CellError(_("Write はい or いいえ, not “%(value)s”.") % {"value": value})
    return result


def parse_score(raw: Any) -> int | None:
    """Likelihood or impact: 1 to 5, or empty."""
    if raw is None or raw == "":
        return None
    try:
        number = float(unicodedata.normalize("NFKC", str(raw)).strip()) if not isinstance(raw, (int, float)) else raw
    except ValueError:
        raise CellError(_("Give a whole number from 1 to 5, not “%(value)s”.") % {"value": text(raw)}) from None
    if isinstance(raw, bool) or number != int(number) or not 1 <= number <= 5:
        raise CellError(_("Give a whole number from 1 to 5, not “%(value)s”.") % {"value": text(raw)})
    return int(number)


def parse_retention(raw: Any) -> tuple[str, int | None, date | None]:
    """`5年` → years, `2030-03-31` (or a date cell) → until, `永年` → permanent, empty → unset."""
    if isinstance(raw, datetime):
        return "until", None, raw.date()
    if isinstance(raw, date):
        return "until", None, raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer() and 0 < raw < 1000:
        return "years", int(raw), None
    value = unicodedata.normalize("NFKC", text(raw)).strip().casefold().replace(" ", "")
    if not value:
        return "unset", None, None
    if value in PERMANENT_WORDS:
        return "permanent", None, None
    match = YEARS_RE.match(value)
    if match and int(match.group(1)) > 0:
        return "years", int(match.group(1)), None
    match = DATE_RE.match(value)
    if match:
        try:
            return "until", None, date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    raise CellError(_("Write the retention as e.g. 5年, 2030-03-31 or 永年, not “%(value)s”.") % {"value": text(raw)})


def split_names(raw: Any) -> list[str]:
    """Location names separated by ; ； 、 or line breaks."""
    return [part.strip() for part in NAME_SEPARATORS.split(text(raw)) if part.strip()]


def parse_date(raw: Any, *, required: bool = False) -> date | None:
    """A date cell, or text such as 2026-04-01, 2026/4/1 or 2026年4月1日; empty is no date unless required."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    value = unicodedata.normalize("NFKC", text(raw)).strip()
    if not value:
        if required:
            raise CellError(_("This value is required."))
        return None
    match = DATE_RE.match(value)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    raise CellError(_("Write a date such as 2026-04-01, not “%(value)s”.") % {"value": value[:40]})


def split_list(raw: Any) -> list[str]:
    """Several values in one cell, separated by ; 、 , or line breaks; each once, in order."""
    seen: dict[str, None] = {}
    for part in LIST_SEPARATORS.split(text(raw)):
        if part.strip():
            seen.setdefault(part.strip(), None)
    return list(seen)


def split_patterns(raw: Any) -> str:
    """Path patterns, stored one per line."""
    return "\n".join(part.strip() for part in re.split(r"[;\r\n]+", text(raw)) if part.strip())


# Writing values back: exactly the words the parsers above read.

def format_bool(value: bool) -> str:
    return YES if value else NO


def format_retention(kind: str, years: int | None, until: date | None) -> str:
    if kind == "years" and years:
        return f"{years}年"
    if kind == "until" and until:
        return until.isoformat()
    if kind == "permanent":
        return PERMANENT
    return ""


def format_score(value: int | None) -> int | str:
    return "" if value is None else value
