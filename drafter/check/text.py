"""Text helpers shared by the readers and the rules: the paragraph unit, Chinese numerals,
character classes, sentences and heading numbers. Standard library only, all pure.
"""
from __future__ import annotations

import re
from typing import NamedTuple


class Lazy:
    """A regular expression compiled on first use.

    Importing the checks compiles nothing, and a check compiles only what the text in hand
    needs: classes of CJK characters take ~0.1 ms each to compile, big ranges ~1 ms. Call it for
    the compiled pattern (``PATTERN().finditer``, for loops); its methods work on it too.
    """

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags, self._compiled = pattern, flags, None

    def __call__(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str):
        return getattr(self(), name)


# Characters that make a neighbourhood "Chinese text": ideographs, CJK punctuation,
# full-width forms and the Chinese quotation marks. ``is_cjk`` tests them without a regex.
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’"
CJK_RE = Lazy(f"[{CJK_CLASS}]")
IDEOGRAPH_RE = Lazy("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# What a listener hears: ideographs, digits and Latin letters (punctuation and spaces are silent).
SPOKEN_RE = Lazy("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9A-Za-z〇]")
WORD_RE = Lazy("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9A-Za-z〇]+")

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_NUM = "[一二两三四五六七八九十百零〇]{1,4}"


class Para(NamedTuple):  # a named tuple: a frozen @dataclass takes ~0.7 ms to create at import
    """One paragraph as a reader sees it, with where it came from.

    ``index`` is the 1-based position among the document's non-empty paragraphs. ``kind`` is
    "title", "meta" (subtitle, speaker or date line), "salutation", "heading" or "body";
    ``level`` is the heading level (1 一、 … 4 （1）) or 0. ``line`` is a source line (outline,
    template or snippet; or the line of a .txt file) and ``paragraph`` a paragraph number to
    report for files drafter did not make; either may be None.
    """

    index: int
    text: str
    file: str
    line: int | None = None
    paragraph: int | None = None
    kind: str = "body"
    level: int = 0


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` (its first character) is in CJK_CLASS."""
    if not ch:
        return False
    c = ch[0]
    return ("\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
            or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff" or c in "“”‘’")


def is_ideograph(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff"


def has_ideograph(text: str) -> bool:
    """Whether ``text`` holds an ideograph (what IDEOGRAPH_RE.search finds)."""
    return any(map(is_ideograph, text))


def spoken_len(text: str) -> int:
    """Characters read aloud: ideographs, digits, Latin letters."""
    return sum(map(len, WORD_RE().findall(text)))


_SPOKEN: dict[str, int] = {}  # paragraph text -> spoken_len (a batch's rows share most paragraphs)
_SPOKEN_MAX = 1024


def speech_chars(document) -> int:
    """Characters read aloud in a draft, over the paragraphs the .docx holds: the one count
    behind "约 N 字" of ``drafter new``, the manifest and the benchmark. Each paragraph's count
    is remembered, a bounded number of them (the regex costs a batch more than the rest of its
    bookkeeping per draft)."""
    from drafter.profile import DEFAULT_PROFILE, get_profile
    from drafter.writers.text import layout

    total = 0
    for para in layout(document, get_profile(DEFAULT_PROFILE)):
        text = para.text
        count = _SPOKEN.get(text)
        if count is None:
            count = spoken_len(text)
            if len(_SPOKEN) >= _SPOKEN_MAX:  # many different outlines: start again, stay small
                _SPOKEN.clear()
            _SPOKEN[text] = count
        total += count
    return total


def normalise(text: str) -> str:
    """Only the words: used to compare sentences, paragraphs and lead phrases."""
    return "".join(WORD_RE().findall(text))


def parse_number(text: str) -> int | None:
    """Arabic digits or a Chinese numeral up to 999 (两 = 2, 十一, 二十三, 一百零五)."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, current = 0, None
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch == "十":
            total += (current if current is not None else 1) * 10
            current = None
        elif ch == "百":
            if current is None:
                return None
            total += current * 100
            current = None
        else:
            return None
    if current is not None:
        total += current
    return total


# ---- sentences -----------------------------------------------------------------------------

_CLOSERS = "”’）》」』】\"'"
# One pattern for both: a sentence is cut where a clause is, except at a semicolon (the closers
# after a semicolon cannot end a sentence either, as none of them starts one).
CLAUSE_END = Lazy(f"[。！？!?；;][{re.escape(_CLOSERS)}]*")


def sentences(text: str, semicolons: bool = False) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text``; with ``semicolons`` a ；also ends one.

    Closing quotes and brackets after the terminator belong to the sentence; text after the
    last terminator is a sentence of its own.
    """
    spans, start = [], 0
    for m in CLAUSE_END().finditer(text):
        if not semicolons and text[m.start()] in "；;":
            continue
        end = m.end()
        span = _trim(text, start, end)
        if span[0] < span[1]:
            spans.append(span)
        start = end
    span = _trim(text, start, len(text))
    if span[0] < span[1]:
        spans.append(span)
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``, ``end`` moved past the white space at either end (to ``end`` when all is)."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    if left == len(piece):
        return end, end
    return start + left, end - (len(piece) - len(piece.rstrip()))


# ---- headings ------------------------------------------------------------------------------

_HEADING_PATTERNS = (
    (1, Lazy(r"^\s*([一二三四五六七八九十]{1,3})、")),
    (2, Lazy(r"^\s*[（(]([一二三四五六七八九十]{1,3})[）)]")),
    (3, Lazy(r"^\s*(\d{1,2})(?:[.．](?![\d.．])|、)")),
    (4, Lazy(r"^\s*[（(](\d{1,2})[）)]")),
)


def heading_number(text: str) -> tuple[int, int, int] | None:
    """(level, number, length of the number) when ``text`` starts with 一、（一）1. or （1）."""
    head = text.lstrip()[:1]  # what the patterns' ^\s* leads to (\s is str.isspace, \d isdecimal)
    if not head or not (head in "一二三四五六七八九十（(" or head.isdecimal()):
        return None
    for level, pattern in _HEADING_PATTERNS:
        m = pattern().match(text)
        if m:
            value = parse_number(m.group(1))
            if value:
                return level, value, m.end()
    return None


def quote(text: str, start: int, end: int | None = None, width: int = 12) -> str:
    """The place in ``text`` with a little context, at most about 2 × width + match long."""
    end = start if end is None else end
    end = min(max(end, start + 1), len(text))
    if end - start > 40:
        end = start + 40
    left = max(0, start - width)
    right = min(len(text), end + width)
    snippet = text[left:right].strip()
    if left > 0:
        snippet = "…" + snippet
    if right < len(text):
        snippet = snippet + "…"
    return snippet
