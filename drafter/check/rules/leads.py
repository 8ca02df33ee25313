"""list.lead_repeat: one list saying the same lead phrase twice (一要加强领导……三要加强领导);
list.lead_shape: lead phrases of clearly different shapes in one list.

The genre writes parallel leads ("加强领导，明确责任" / "统筹兼顾，协调推进": four plus four
characters). The shape of a lead is the length of each of its clauses. In a list of at least
three items, each starting its own paragraph, when most leads share one phrase-like shape (no clause longer
than eight characters), a lead with another number of clauses, or a clause three or more
characters off, is reported. Lists of full sentences are left alone.
"""
from __future__ import annotations

from collections import Counter

from drafter.check.findings import finding
from drafter.check.rules import Context
from drafter.check.text import normalise, spoken_len

PHRASE_CLAUSE = 8  # a clause longer than this makes a sentence, not a parallel phrase
OFF_BY = 3


def _core(lead: str) -> str:
    words = normalise(lead)
    return words[1:] if words[:1] in ("要", "是") else words


def shape(lead: str) -> tuple[int, ...]:
    text = lead.strip()
    if text[:1] in ("要", "是"):
        text = text[1:]
    clauses = text.replace("、", "，").replace(",", "，").split("，")  # split at ，、 and ,
    return tuple(n for n in map(spoken_len, clauses) if n)


def _clearly_different(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    if len(a) != len(b):
        return True
    return any(abs(x - y) >= OFF_BY for x, y in zip(a, b))


def _starts_paragraph(ctx: Context, m) -> bool:
    text = ctx.paras[m.para].text
    return m.start == len(text) - len(text.lstrip())


def check_leads(ctx: Context):
    for lst in ctx.lists.lists:
        seen: dict[str, object] = {}
        for m in lst.items:
            core = _core(m.lead)
            if len(core) < 2:
                continue
            if core in seen:
                first = seen[core]
                yield finding("list.lead_repeat", ctx.paras[m.para],
                              f"“{m.word}”的引领句和“{first.word}”的重复了：“{m.lead.strip()}”。",
                              "同一组里每条说一件事：改写其中一条，或把两条合并。",
                              m.end, m.end + len(m.lead))
            else:
                seen[core] = m
        if len(lst.items) < 3 or not all(_starts_paragraph(ctx, m) for m in lst.items):
            continue
        shapes = [shape(m.lead) for m in lst.items]
        (common, n), = Counter(shapes).most_common(1)
        if n < 2 or n * 2 <= len(shapes) or not common or max(common) > PHRASE_CLAUSE:
            continue
        pattern = "＋".join(str(x) for x in common)
        example = next(m for m, s in zip(lst.items, shapes) if s == common)
        for m, s in zip(lst.items, shapes):
            if s and _clearly_different(s, common):
                yield finding("list.lead_shape", ctx.paras[m.para],
                              f"“{m.word}”的引领句“{m.lead.strip()}”与同组其他条（如“{example.lead.strip()}”，"
                              f"{pattern} 字）不对仗。",
                              f"改成与其他条相同的句式（{pattern} 字），读起来才整齐。",
                              m.end, m.end + len(m.lead))


CHECKERS = [(("list.lead_repeat", "list.lead_shape"), check_leads)]
