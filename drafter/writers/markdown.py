"""The Markdown writer: the .docx's paragraphs as Markdown, for review in a browser or a diff.

Mapping (one Markdown block per .docx paragraph, blocks separated by a blank line):

=====================================  ==========================================
.docx paragraph                        Markdown
=====================================  ==========================================
Title                                  ``# 在全市……会议上的讲话``
Subtitle, Byline, Salutation           a plain paragraph (``——在……``, ``（2026年3月15日）``)
Heading 1 / 2 / 3 / 4                  ``## 一、…`` / ``### （一）…`` / ``####`` / ``#####``
body paragraph                         a plain paragraph
run-in heading, lead, strong text      ``**bold**`` (the heading part, the point's lead …)
=====================================  ==========================================

Markers and leads of inline point lists are bold only when the profile emphasises them
(``inline_emphasis``), as in the .docx. Characters Markdown would read as markup are
backslash-escaped. CommonMark does not open or close ``**`` between a letter and a
punctuation mark (``各地**“十四五”**``), which is common in Chinese; such an edge mark is
moved just outside the bold span, so the output reads the same in pandoc, CommonMark and GFM.
"""
from __future__ import annotations

import re
import unicodedata

from drafter.model import Document
from drafter.profile import Profile
from drafter.writers.text import Para, layout

HEADING_MARKS = {"title": "#", "heading1": "##", "heading2": "###", "heading3": "####",
                 "heading4": "#####"}

_ESCAPE = re.compile(r"([\\`*_\[\]<>~^$&|])")
_LINE_START = re.compile(r"^(\s*)(?:([-+#>=])|(\d+)([.)]))")


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _escape_line_start(m: re.Match) -> str:
    """"# x" → "\\# x"; "1. x" → "1\\. x" (a backslash only escapes punctuation)."""
    if m.group(2):
        return m.group(1) + "\\" + m.group(2)
    return m.group(1) + m.group(3) + "\\" + m.group(4)


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _is_plain_letter(ch: str | None) -> bool:
    """True for a neighbour that stops ``**`` from flanking a punctuation mark."""
    return ch is not None and not ch.isspace() and not _is_punct(ch)


def _bold(span: str, before: str | None, after: str | None) -> tuple[str, str, str]:
    """(outside-left, bold span, outside-right) with flanking-safe edges."""
    left = right = ""
    while span and (span[0].isspace() or (_is_punct(span[0]) and _is_plain_letter(before))):
        left += span[0]
        before = span[0]
        span = span[1:]
    while span and (span[-1].isspace() or (_is_punct(span[-1]) and _is_plain_letter(after))):
        right = span[-1] + right
        after = span[-1]
        span = span[:-1]
    return left, span, right


def _inline(para: Para) -> str:
    # Merge neighbouring emphasised runs: "**a****b**" would not read as one span.
    spans: list[tuple[str, bool]] = []
    for text, role in para.runs:
        strong = role is not None
        if spans and spans[-1][1] == strong:
            spans[-1] = (spans[-1][0] + text, strong)
        else:
            spans.append((text, strong))
    out: list[str] = []
    raw_prev: str | None = None
    for k, (text, strong) in enumerate(spans):
        if not strong:
            out.append(_escape(text))
        else:
            nxt = spans[k + 1][0][:1] if k + 1 < len(spans) else None
            left, span, right = _bold(text, raw_prev, nxt or None)
            out.append(_escape(left))
            if span:
                out.append("**" + _escape(span) + "**")
            out.append(_escape(right))
        raw_prev = text[-1:] or raw_prev
    if out and spans and not spans[0][1]:  # a paragraph must not start like a list or heading
        out[0] = _LINE_START.sub(_escape_line_start, out[0])
    return "".join(out).replace("\n", "\\\n")


def write_markdown(doc: Document, profile: Profile) -> bytes:
    blocks = []
    for para in layout(doc, profile):
        mark = HEADING_MARKS.get(para.role)
        if mark:
            blocks.append(f"{mark} {_escape(para.text)}")
        else:
            blocks.append(_inline(para))
    return ("\n\n".join(blocks) + "\n").encode("utf-8") if blocks else b""
