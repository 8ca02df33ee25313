"""repeat.paragraph: the same or nearly the same paragraph twice; repeat.sentence: a sentence
said twice.

Near duplicates are found with character 4-gram shingles and an inverted index instead of
comparing every pair: each paragraph only meets the paragraphs it shares shingles with, and
shingles common to many paragraphs (set phrases) are skipped, so the cost stays near linear.
Only the shingles of two paragraphs or more are indexed (set operations find them first), so
the loops in Python see a few thousand shingles, not every one.
"""
from __future__ import annotations

from collections import defaultdict

from drafter.check.findings import finding
from drafter.check.rules import Context, place
from drafter.check.text import normalise, sentences

SHINGLE = 4
MIN_PARAGRAPH = 30  # characters (words only) before a paragraph is compared
MIN_EXACT = 12
MIN_SENTENCE = 12
SIMILAR = 0.75  # Jaccard similarity of the shingle sets
COMMON = 25  # a shingle in more paragraphs than this says nothing about duplication
_SHORT = SIMILAR / (1 + SIMILAR) - 0.01  # fewer shared shingles than this × sizes: not similar


def _pairs(ctx: Context) -> list[tuple[int, int, float]]:
    """(earlier, later, similarity) for duplicate and near-duplicate paragraphs, by the later."""
    out = []
    exact: dict[str, int] = {}
    shingled: list[tuple[int, set[int]]] = []
    for i, para in enumerate(ctx.paras):
        if para.kind in ("title", "meta", "salutation"):
            continue
        words = normalise(para.text)
        if len(words) >= MIN_EXACT:
            if words in exact:
                out.append((exact[words], i, 1.0))
                continue
            exact[words] = i
        if len(words) >= MIN_PARAGRAPH:
            # hashes, not the strings: half the memory, and fresh memory is slow to come by
            shingled.append((i, {hash(words[k:k + SHINGLE]) for k in range(len(words) - SHINGLE + 1)}))
    # A shingle of one paragraph only brings no paragraph nearer another: index only those met again.
    seen: set[int] = set()
    again: set[int] = set()
    for _, shingles in shingled:
        again |= shingles & seen
        seen |= shingles
    index: dict[int, list[int]] = defaultdict(list)
    sizes: dict[int, int] = {}
    for i, shingles in shingled:
        shared: dict[int, int] = defaultdict(int)
        for s in shingles & again:
            postings = index[s]
            if len(postings) <= COMMON:
                for j in postings:
                    shared[j] += 1
            postings.append(i)
        best = None
        # Similar needs n ≥ SIMILAR / (1 + SIMILAR) × (both sizes): most pairs fall far short.
        if shared and max(shared.values()) >= _SHORT * len(shingles):
            for j, n in sorted(shared.items()):  # the earliest of equally similar paragraphs
                if n < _SHORT * (len(shingles) + sizes[j]):
                    continue
                similarity = n / (len(shingles) + sizes[j] - n)
                if similarity >= SIMILAR and (best is None or similarity > best[1]):
                    best = (j, similarity)
        if best is not None:
            out.append((best[0], i, best[1]))
        sizes[i] = len(shingles)
    out.sort(key=lambda pair: pair[1])
    return out


def check_repeats(ctx: Context):
    pairs = _pairs(ctx)
    if ctx.config.enabled("repeat.paragraph"):
        for j, i, similarity in pairs:
            para, other = ctx.paras[i], ctx.paras[j]
            how = "完全相同" if similarity >= 1.0 else f"几乎相同（约 {round(similarity * 100)}% 的字句相同）"
            yield finding("repeat.paragraph", para, f"这一段和{place(other)}{how}。",
                          "删去其中一段，或把两段合并改写。", 0, 20)
    in_pairs = {(j, i) for j, i, _ in pairs}
    seen: dict[str, int] = {}
    for i, para in enumerate(ctx.paras):
        if para.kind in ("title", "meta", "salutation"):
            continue
        for start, end in sentences(para.text):
            if end - start < MIN_SENTENCE:  # fewer words still
                continue
            words = normalise(para.text[start:end])
            if len(words) < MIN_SENTENCE:
                continue
            if words in seen:
                j = seen[words]
                if (j, i) in in_pairs:
                    continue
                where = "本段前面" if j == i else place(ctx.paras[j])
                yield finding("repeat.sentence", para, f"这句话在{where}已经出现过。",
                              "删去重复的一句，或换一种说法。", start, end)
            else:
                seen[words] = i


CHECKERS = [(("repeat.paragraph", "repeat.sentence"), check_repeats)]
