"""The mechanical, safe corrections: punctuation widths and date formats.

Each function returns ``Edit``s (a span of the paragraph's text and its replacement). The
rules report them and ``fixer`` applies them, so what ``check`` flags as fixable and what
``check --fix`` changes are the same thing. Conversion happens only next to Chinese, so
10:30, 5.6%, "1." numbering and English phrases survive (house style, item 38).
"""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from drafter.check.text import Lazy, has_ideograph, is_cjk


class Edit(NamedTuple):  # a named tuple: a frozen @dataclass takes ~0.7 ms to create at import
    start: int
    end: int
    new: str
    rule: str  # punct.halfwidth / punct.quotes / date.format

    def old(self, text: str) -> str:
        return text[self.start:self.end]


_HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_RUN = Lazy(r"[ \t]*([,;:?!]+)[ \t]*")
# A "." after Chinese: (?<=[\u3400-\u9fff”’）》])\.(?![\d.A-Za-z]), the look-behind tested in
# Python (_after_chinese) since a class of 27,000 characters takes a millisecond to compile.
_PERIOD = Lazy(r"\.(?![\d.A-Za-z])")
_ELLIPSIS = Lazy(r"\.{3,}|。{3,}|(?<!…)…(?!…)")
_PARENS = Lazy(r"[()]")
# Every half-width mark halfwidth_edits looks for; a text without any has nothing to fix.
_HALF_MARKS = ",;:?!().…"


def _prev(text: str, i: int) -> str:
    return text[i - 1] if i > 0 else ""


def _next(text: str, i: int) -> str:
    return text[i] if i < len(text) else ""


def halfwidth_edits(text: str) -> list[Edit]:
    """, : ; ? ! ( ) . and ... written half-width inside Chinese text."""
    if not any(mark in text for mark in _HALF_MARKS) and "。。。" not in text:
        return []
    edits: list[Edit] = []
    if any(mark in text for mark in ",;:?!"):
        for m in _HALF_RUN().finditer(text):
            if is_cjk(_prev(text, m.start())) or is_cjk(_next(text, m.end())):
                new = "".join(_HALF[c] for c in m.group(1))
                edits.append(Edit(m.start(), m.end(), new, "punct.halfwidth"))
    if "(" in text or ")" in text:
        edits += _paren_edits(text)
    if "." in text:
        ellipsis = _ELLIPSIS()
        for m in _PERIOD().finditer(text):
            i = m.start()
            if i > 0 and _after_chinese(text[i - 1]) and not ellipsis.match(text, i):
                edits.append(Edit(i, m.end(), "。", "punct.halfwidth"))
    if "." in text or "…" in text or "。。。" in text:
        for m in _ELLIPSIS().finditer(text):
            if is_cjk(_prev(text, m.start())) or is_cjk(_next(text, m.end())):
                edits.append(Edit(m.start(), m.end(), "……", "punct.halfwidth"))
    return _disjoint(edits)


def _after_chinese(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or c in "”’）》"


def _paren_edits(text: str) -> list[Edit]:
    edits, stack, paired = [], [], set()
    parens = [(m.start(), m.group()) for m in _PARENS().finditer(text)]
    for i, ch in parens:
        if ch == "(":
            stack.append(i)
        elif stack:
            j = stack.pop()
            paired.update((i, j))
            inside = text[j + 1:i]
            if (has_ideograph(inside) or is_cjk(_prev(text, j)) or is_cjk(_next(text, i + 1))):
                edits.append(Edit(j, j + 1, "（", "punct.halfwidth"))
                edits.append(Edit(i, i + 1, "）", "punct.halfwidth"))
    for i, ch in parens:  # a lone half-width bracket next to Chinese: （1) → （1）
        if i not in paired and (is_cjk(_prev(text, i)) or is_cjk(_next(text, i + 1))):
            edits.append(Edit(i, i + 1, "（" if ch == "(" else "）", "punct.halfwidth"))
    return edits


def quote_edits(text: str) -> tuple[list[Edit], bool]:
    """Western quotes around Chinese. Returns (edits, found): an odd number of ASCII double
    quotes is reported but left alone, since which one opens cannot be told."""
    edits: list[Edit] = []
    if '"' not in text and "'" not in text:
        return edits, False
    positions = []
    i = text.find('"')
    while i >= 0:
        positions.append(i)
        i = text.find('"', i + 1)
    found = any(is_cjk(_prev(text, i)) or is_cjk(_next(text, i + 1)) for i in positions)
    if found and len(positions) % 2 == 0:
        for k, i in enumerate(positions):
            edits.append(Edit(i, i + 1, "“" if k % 2 == 0 else "”", "punct.quotes"))
    for m in _SINGLE_QUOTED().finditer(text) if "'" in text else ():
        if has_ideograph(m.group(1)):
            found = True
            edits.append(Edit(m.start(), m.start() + 1, "‘", "punct.quotes"))
            edits.append(Edit(m.end() - 1, m.end(), "’", "punct.quotes"))
    return _disjoint(edits), found


_SINGLE_QUOTED = Lazy(r"'([^'\n]{1,60}?)'")


# ---- dates ---------------------------------------------------------------------------------

# Tried only on texts holding the characters they need (月; - / or . ; 0; 年). The look-ahead
# (?=\d) changes no match: it lets a search fail fast where no digit stands.
ARABIC_DATE = Lazy(r"(?=\d)(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日")
NUMERIC_DATE = Lazy(r"(?=\d)(?<![\d.\-/])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d.\-/]|\d)")
CN_DATE = Lazy("([〇零○OoＯ一二三四五六七八九]{4})年([十一二三四五六七八九]{1,2})月"
               "(?:([一二三四五六七八九十]{1,3})日)?")
_PADDED_MONTH = Lazy(r"(?<=年)0(\d)月|(?<![\d年])0(\d)月(?=\d{1,2}日)")
_PADDED_DAY = Lazy(r"(?<=月)0(\d)日")
_WRONG_ZERO = "零○OoＯ"
_CN_YEAR_DIGITS = "〇零○OoＯ一二三四五六七八九"


def may_hold_cn_date(text: str) -> bool:
    """Whether CN_DATE can match ``text``: it has a 月 and a 年 right after a year digit."""
    if "月" not in text:
        return False
    i = text.find("年", 1)
    while i > 0:
        if text[i - 1] in _CN_YEAR_DIGITS:
            return True
        i = text.find("年", i + 1)
    return False


def valid_date(y: int, m: int, d: int) -> dt.date | None:
    if not 1900 <= y <= 2100:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def date_edits(text: str) -> list[Edit]:
    """2026-3-15 / 2026/03/15 → 2026年3月15日; 03月05日 → 3月5日; 二零二六年 → 二〇二六年."""
    edits: list[Edit] = []
    if "-" in text or "/" in text or "." in text:
        for m in NUMERIC_DATE().finditer(text):
            y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if valid_date(y, mo, d) and (is_cjk(_prev(text, m.start())) or is_cjk(_next(text, m.end()))
                                         or m.group(2) == "-"):
                edits.append(Edit(m.start(), m.end(), f"{y}年{mo}月{d}日", "date.format"))
    if "月" not in text:
        return _disjoint(edits)
    for pattern in (_PADDED_MONTH, _PADDED_DAY) if "0" in text else ():
        for m in pattern().finditer(text):
            edits.append(Edit(m.start(), m.start() + 1, "", "date.format"))
    for m in CN_DATE().finditer(text) if may_hold_cn_date(text) else ():
        year = m.group(1)
        for k, ch in enumerate(year):
            if ch in _WRONG_ZERO:
                edits.append(Edit(m.start() + k, m.start() + k + 1, "〇", "date.format"))
    return _disjoint(edits)


def _disjoint(edits: list[Edit]) -> list[Edit]:
    """Sorted edits with overlaps dropped (the earlier one wins)."""
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def merge_edits(*groups: list[Edit]) -> list[Edit]:
    return _disjoint([e for g in groups for e in g])


def apply_edits(text: str, edits: list[Edit]) -> str:
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        out.append(text[pos:e.start])
        out.append(e.new)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)

