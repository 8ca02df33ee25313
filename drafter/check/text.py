"""Text helpers shared by the readers and the rules: the paragraph unit, Chinese numerals,
character classes, sentences and heading numbers. Standard library only, all pure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that make a neighbourhood "Chinese text": ideographs, CJK punctuation,
# full-width forms and the Chinese quotation marks.
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’"
CJK_RE = re.compile(f"[{CJK_CLASS}]")
IDEOGRAPH_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# What a listener hears: ideographs, digits and Latin letters (punctuation and spaces are silent).
SPOKEN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9A-Za-z〇]")
WORD_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9A-Za-z〇]+")

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_NUM = "[一二两三四五六七八九十百零〇]{1,4}"


@dataclass(frozen=True)
class Para:
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
    return bool(ch) and CJK_RE.match(ch) is not None


def spoken_len(text: str) -> int:
    """Characters read aloud: ideographs, digits, Latin letters."""
    return len(SPOKEN_RE.findall(text))


def normalise(text: str) -> str:
    """Only the words: used to compare sentences, paragraphs and lead phrases."""
    return "".join(WORD_RE.findall(text))


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
_SENT_END = re.compile(f"[。！？!?][{re.escape(_CLOSERS)}]*")
_CLAUSE_END = re.compile(f"[。！？!?；;][{re.escape(_CLOSERS)}]*")


def sentences(text: str, semicolons: bool = False) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text``; with ``semicolons`` a ；also ends one.

    Closing quotes and brackets after the terminator belong to the sentence; text after the
    last terminator is a sentence of its own.
    """
    pattern = _CLAUSE_END if semicolons else _SENT_END
    spans, start = [], 0
    for m in pattern.finditer(text):
        if text[start:m.end()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return [_trim(text, s, e) for s, e in spans]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# ---- headings ------------------------------------------------------------------------------

_HEADING_PATTERNS = (
    (1, re.compile(r"^\s*([一二三四五六七八九十]{1,3})、")),
    (2, re.compile(r"^\s*[（(]([一二三四五六七八九十]{1,3})[）)]")),
    (3, re.compile(r"^\s*(\d{1,2})(?:[.．](?![\d.．])|、)")),
    (4, re.compile(r"^\s*[（(](\d{1,2})[）)]")),
)


def heading_number(text: str) -> tuple[int, int, int] | None:
    """(level, number, length of the number) when ``text`` starts with 一、（一）1. or （1）."""
    for level, pattern in _HEADING_PATTERNS:
        m = pattern.match(text)
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
