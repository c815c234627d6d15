"""Japanese line breaking (禁則処理) for the PDF reports, with no dependency on reportlab or Django.

Japanese has no spaces between words, so a naive wrapper breaks after any character: a line may
then start with 。 or ）, or cut 運用ルール into 運用ル / ール. The rules followed here, after JIS X 4051
in a simplified form:

- characters that may not start a line (closing brackets, 、。, the long-vowel mark ー, small kana,
  ！？・ …) stay with the character before them; opening brackets stay with the one after them.
  When a line is full, the last unit is pushed to the next line (追い出し) rather than letting a
  closing mark hang;
- runs of kanji, katakana and Latin letters or digits are kept whole when they fit on a line
  (運用ルール, リテラシー, 1,000人); a plus sign stays with its number;
  hiragana may break between any two characters, as in printed Japanese;
- a run longer than a whole line is broken between its characters, still under the rules above;
- spaces are break opportunities and vanish at a line's end; a newline always breaks.
"""

from __future__ import annotations

from collections.abc import Callable

# 行頭禁則: may not start a line.
NO_START = frozenset(
    "、。，．,.:;：；!?！？)）]］}｝」』】〕〉》〙〗〟’”»›%％"
    "ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "・…‥ゝゞヽヾ々〻‐゠–〜～ｰｧｨｩｪｫｯｬｭｮ"
)
# 行末禁則: may not end a line.
NO_END = frozenset("(（[［{｛「『【〔〈《〘〖〝‘“«‹￥＄$#＃+＋±")

Measure = Callable[[str], float]


def _is_word(ch: str) -> bool:
    """Kanji, katakana, Latin letters and digits (half- or full-width): characters of words kept whole."""
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF  # kanji
        or 0x30A1 <= code <= 0x30FA or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F  # katakana
        or 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A  # full-width alnum
        or (ch.isascii() and ch.isalnum())
        or ch in "〆ヵヶ"
    )


def segments(text: str) -> list[str]:
    """The units of one line of text between which a line may break; a space is a unit of its own."""
    units: list[str] = []
    opening = ""  # opening brackets waiting for the character they stay with
    last = ""  # "word", "other" or "space": what the last unit ended with
    for ch in text:
        if ch.isspace():
            units.append(opening + " " if opening else " ")
            opening, last = "", "space"
        elif ch in NO_END:
            opening += ch
        elif ch in NO_START and not opening and units and last != "space":
            units[-1] += ch
            # ー and small kana inside a katakana word leave it a word, and so do the separators
            # of a number (1,000 / 3.5); other punctuation closes it.
            inside = _is_word_mark(ch) or (ch in ",." and units[-1][-2:-1].isdigit())
            last = "word" if last == "word" and inside else "other"
        elif _is_word(ch) and last == "word" and not opening:
            units[-1] += ch
        else:
            units.append(opening + ch)
            opening = ""
            last = "word" if _is_word(ch) else "other"
    if opening:
        units.append(opening)
    return units


def _is_word_mark(ch: str) -> bool:
    """Marks that belong inside a word: the long vowel and small kana (リテラシー, チェック)."""
    return ch in "ーｰ々〻ヽヾ" or 0x30A1 <= ord(ch) <= 0x30FA or 0xFF66 <= ord(ch) <= 0xFF9F


def _characters(unit: str) -> list[str]:
    """A unit too long for a line, cut between characters but never before a no-start or after a no-end one."""
    pieces: list[str] = []
    opening = ""
    for ch in unit:
        if ch in NO_END:
            opening += ch
        elif ch in NO_START and pieces and not opening:
            pieces[-1] += ch
        else:
            pieces.append(opening + ch)
            opening = ""
    if opening:
        pieces.append(opening)
    return pieces


def break_lines(text: str, width: float, measure: Measure = len) -> list[str]:
    """`text` broken into lines no wider than `width` (as `measure` gives a string's width) where the
    units allow; a unit that alone is wider than a line is the only thing that may overflow it."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_break_paragraph(paragraph, width, measure) or [""])
    return lines


def _break_paragraph(paragraph: str, width: float, measure: Measure) -> list[str]:
    lines: list[str] = []
    line = ""
    for unit in segments(paragraph):
        if unit.isspace():
            line = line + " " if line else line
            continue
        if measure(line + unit) <= width:
            line += unit
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        if measure(unit) <= width:
            line = unit
            continue
        for piece in _characters(unit):
            if line and measure(line + piece) > width:
                lines.append(line)
                line = ""
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines
