"""Chinese numerals and the enumeration markers of the genre.

Counts are spoken ("两点意见", "十一项任务"), ordinals are written ("二是", "十一是"), and the
首先/其次/最后 family depends on how many items there are. Everything here is pure.
"""
from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Ordinal-style Chinese numeral: 1→一, 10→十, 11→十一, 20→二十, 105→一百零五."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return _DIGITS[tens] + "十" + (_DIGITS[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        if rest == 0:
            return _DIGITS[hundreds] + "百"
        if rest < 10:
            return _DIGITS[hundreds] + "百零" + _DIGITS[rest]
        tail = cn_number(rest)
        if rest < 20:
            tail = "一" + tail  # 一百一十, not 一百十
        return _DIGITS[hundreds] + "百" + tail
    return str(n)


def cn_count(n: int) -> str:
    """A count before a measure word: 2→两 (两点), 12→十二, 22→二十二, 200→两百."""
    text = cn_number(n)
    if n == 2:
        return "两"
    if 200 <= n < 300:
        return "两" + text[1:]
    return text


# Marker styles for sub-points. A style maps (index, total) to the marker written before the lead.
STYLES = {
    "是": "一是 / 二是 / 三是",
    "要": "一要 / 二要 / 三要",
    "首先": "首先 / 其次 / （再次） / 最后",
    "第一": "第一 / 第二 / 第三",
}
STYLE_ALIASES = {"一是": "是", "一要": "要", "首先其次": "首先", "第一第二": "第一"}


def normalise_style(style: str) -> str | None:
    """The canonical style id for a user's spelling, or None when unknown."""
    style = style.strip()
    if style in STYLES:
        return style
    return STYLE_ALIASES.get(style)


def marker(style: str, index: int, total: int) -> str:
    """The marker of item ``index`` (0-based) in a list of ``total`` items."""
    if style == "是":
        return cn_number(index + 1) + "是"
    if style == "要":
        return cn_number(index + 1) + "要"
    if style == "第一":
        return "第" + cn_number(index + 1) + "，"
    if style == "首先":
        return _sequence_word(index, total) + "，"
    raise ValueError(style)


def _sequence_word(index: int, total: int) -> str:
    # 首先/其次 for two, 首先/其次/最后 for three, 首先/其次/再次/…/最后 beyond.
    if index == 0:
        return "首先"
    if index == total - 1 and total >= 3:
        return "最后"
    if index == 1:
        return "其次"
    if index == 2:
        return "再次"
    return "此外"


def heading_number(level: int, n: int) -> str:
    """GB/T 9704 structure numbers: 一、 / （一） / 1. / （1）."""
    if level == 1:
        return cn_number(n) + "、"
    if level == 2:
        return "（" + cn_number(n) + "）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"
