"""Pure Document → Document passes: numbering and announced counts come from the model.

Writers never count and templates never type a numeral: headings get 一、/（一）, sub-points
get 一是/一要/首先/第一, and every ``Count`` inline becomes the number of sections, sub-sections
or points actually present — including those a snippet added.
"""
from __future__ import annotations

from drafter.cnnum import cn_count, cn_number, heading_number, marker
from drafter.model import Count, Document, Heading, Paragraph, PointList, Text, evolve


def resolve(doc: Document) -> Document:
    """Apply every pass in order."""
    return resolve_counts(number_points(number_headings(doc)))


def number_headings(doc: Document) -> Document:
    blocks, h1, h2 = [], 0, 0
    for block in doc.blocks:
        if isinstance(block, Heading) and block.numbered:
            if block.level == 1:
                h1, h2 = h1 + 1, 0
                block = evolve(block, number=heading_number(1, h1))
            else:
                h2 += 1
                block = evolve(block, number=heading_number(2, h2))
        blocks.append(block)
    return doc.with_blocks(blocks)


def number_points(doc: Document) -> Document:
    blocks = []
    for block in doc.blocks:
        if isinstance(block, PointList):
            total = len(block.items)
            items = tuple(evolve(p, marker=marker(block.style, i, total)) for i, p in enumerate(block.items))
            block = evolve(block, items=items)
        blocks.append(block)
    return doc.with_blocks(blocks)


def resolve_counts(doc: Document) -> Document:
    blocks = list(doc.blocks)
    for index, block in enumerate(blocks):
        blocks[index] = _map_inlines(block, lambda c, i=index: Text(_count_text(blocks, i, c)))
    return doc.with_blocks(blocks)


def _count_text(blocks, index: int, count: Count) -> str:
    n = _count(blocks, index, count.what)
    return cn_count(n) if count.form == "measure" else cn_number(n)


def _count(blocks, index: int, what: str) -> int:
    if what == "points":
        here = blocks[index]
        if isinstance(here, PointList):
            return len(here.items)
        following = next((b for b in blocks[index + 1:] if isinstance(b, PointList)), None)
        return len(following.items) if following else 0
    if what == "subsections":
        n = 0
        for block in blocks[index + 1:]:
            if isinstance(block, Heading) and block.level == 1:
                break
            n += isinstance(block, Heading) and block.level == 2 and block.numbered
        return n
    after = sum(1 for b in blocks[index + 1:] if isinstance(b, Heading) and b.level == 1 and b.numbered)
    return after or sum(1 for b in blocks if isinstance(b, Heading) and b.level == 1 and b.numbered)


def _map_inlines(block, fn):
    """Replace Count inlines anywhere in a block by fn(count)."""

    def sub(inlines):
        if not _has_count(inlines):
            return inlines
        return tuple(fn(i) if isinstance(i, Count) else i for i in inlines)

    # Counts are rare: a block without one is kept as it is (copies cost most of a pass).
    if isinstance(block, Paragraph):
        return evolve(block, inlines=sub(block.inlines)) if _has_count(block.inlines) else block
    if isinstance(block, Heading) and block.body is not None:
        return evolve(block, body=sub(block.body)) if _has_count(block.body) else block
    if isinstance(block, PointList):
        if not (_has_count(block.intro) or _has_count(block.outro)
                or any(_has_count(p.body) for p in block.items)):
            return block
        items = tuple(evolve(p, body=sub(p.body)) for p in block.items)
        return evolve(block, intro=sub(block.intro), outro=sub(block.outro), items=items)
    return block


def _has_count(inlines) -> bool:
    return Count in map(type, inlines)  # the model's inlines are exactly Text or Count
