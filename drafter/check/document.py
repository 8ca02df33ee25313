"""The paragraphs of a resolved model, laid out the way the .docx shows them: heading number +
text; marker + lead + body; an inline list is one paragraph. Each keeps the source line of its
block (outline, template or snippet).
"""
from __future__ import annotations

from drafter.check.text import Para
from drafter.model import (Byline, Count, Document, Heading, Paragraph, PointList, Salutation,
                           Subtitle, Text, Title)


def _plain(inlines) -> str:
    return "".join(i.text if isinstance(i, Text) else f"[[count {i.what}]]" if isinstance(i, Count) else ""
                   for i in inlines)


def from_document(doc: Document) -> list[Para]:
    """The paragraphs of a resolved Document, each with the source line of its block."""
    raw: list[tuple[str, object, str, int]] = []  # text, src, kind, level
    for block in doc.blocks:
        if isinstance(block, Title):
            raw.append((block.text, block.src, "title", 0))
        elif isinstance(block, Subtitle):
            text = block.text if block.text.startswith("——") else "——" + block.text.lstrip("—-－ ")
            raw.append((text, block.src, "meta", 0))
        elif isinstance(block, Byline):
            raw.append((block.text, block.src, "meta", 0))
        elif isinstance(block, Salutation):
            raw.append((block.text, block.src, "salutation", 0))
        elif isinstance(block, Heading):
            label = (block.number if block.numbered else "") + block.text
            level = block.level if block.numbered and block.number else 0
            if block.runin:
                label += _plain(block.body)
            raw.append((label, block.src, "heading", level))
        elif isinstance(block, Paragraph):
            raw.append((_plain(block.inlines), block.src, "body", 0))
        elif isinstance(block, PointList):
            if block.layout == "inline":
                text = _plain(block.intro) + "".join(p.marker + p.lead + _plain(p.body) for p in block.items)
                raw.append((text + _plain(block.outro), block.src, "body", 0))
                continue
            if block.intro:
                raw.append((_plain(block.intro), block.src, "body", 0))
            for p in block.items:
                raw.append((p.marker + p.lead + _plain(p.body), p.src if p.src.line else block.src, "body", 0))
            if block.outro:
                raw.append((_plain(block.outro), block.src, "body", 0))
    paras = []
    for text, src, kind, level in raw:
        if not text.strip():
            continue
        index = len(paras) + 1
        line = src.line if src.line else None
        paras.append(Para(index, text, src.file, line, None if line else index, kind, level))
    return paras
