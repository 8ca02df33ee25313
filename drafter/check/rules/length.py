"""length.sentence: sentences too long to read aloud in one go; time.total and time.section:
the speaking time against the slot on the agenda.

A sentence here ends at 。！？ or ；(a breath for the speaker). Its length counts every visible
character. Speaking time counts what is heard (ideographs, digits, Latin letters; not
punctuation) divided by the rate, default 220 characters a minute. The title block is not read.
"""
from __future__ import annotations

from drafter.check.findings import finding
from drafter.check.rules import Context
from drafter.check.text import sentences, spoken_len


def check_sentences(ctx: Context):
    limit = ctx.config.sentence_chars
    for para in ctx.paras:
        if para.kind in ("title", "meta"):
            continue
        text = para.text
        for start, end in sentences(text, semicolons=True):
            if end - start <= limit:
                continue
            n = sum(map(len, text[start:end].split()))  # the characters that are not white space
            if n > limit:
                yield finding("length.sentence", para, f"这句话有 {n} 个字，超过了 {limit} 字的上限。",
                              "拆成两三句短句，或删去可有可无的修饰语；上限可在 check.toml 的 [limits] 里调整。",
                              start, start + 16)


def _minutes(chars: int, rate: int) -> float:
    return chars / rate


def _fmt(minutes: float) -> str:
    return f"{minutes:.1f}".rstrip("0").rstrip(".")


def sections(ctx: Context) -> list[tuple[object, int]]:
    """(first paragraph, spoken characters) per part: the opening, then each 一、 section."""
    parts: list[list] = []
    for para in ctx.paras:
        if para.kind in ("title", "meta"):
            continue
        if not parts or (para.kind == "heading" and para.level == 1):
            parts.append([para, 0])
        parts[-1][1] += spoken_len(para.text)
    return [(p, n) for p, n in parts]


def check_time(ctx: Context):
    target = ctx.target_minutes or ctx.config.target_minutes
    if not target or not ctx.paras:
        return
    rate = ctx.config.chars_per_minute
    parts = sections(ctx)
    total = sum(n for _, n in parts)
    minutes = _minutes(total, rate)
    tolerance = ctx.config.time_tolerance
    numbered = [(p, n) for p, n in parts if p.kind == "heading" and p.level == 1]
    breakdown = "；".join(
        f"{(p.text[:p.text.find('、') + 1] if p.kind == 'heading' else '开头')}约 {_fmt(_minutes(n, rate))} 分钟"
        for p, n in parts)
    first = ctx.paras[0]
    if ctx.config.enabled("time.total"):
        if minutes > target * (1 + tolerance):
            yield finding("time.total", first,
                          f"全文约 {total} 字，按每分钟 {rate} 字要讲约 {_fmt(minutes)} 分钟，"
                          f"超过了安排的 {_fmt(target)} 分钟（各部分：{breakdown}）。",
                          f"压缩到约 {int(target * rate)} 字以内；先删重复的和可有可无的话。", 0, 20)
        elif minutes < target * (1 - tolerance):
            yield finding("time.total", first,
                          f"全文约 {total} 字，按每分钟 {rate} 字只需约 {_fmt(minutes)} 分钟，"
                          f"比安排的 {_fmt(target)} 分钟短不少（各部分：{breakdown}）。",
                          f"可充实到约 {int(target * rate * (1 - tolerance))} 字以上，或请会务调整时长。", 0, 20)
    share = ctx.config.section_share
    if len(numbered) >= 2:
        for para, n in numbered:
            m = _minutes(n, rate)
            if m > target * share:
                yield finding("time.section", para,
                              f"这一部分约 {n} 字，要讲约 {_fmt(m)} 分钟，占了安排时长（{_fmt(target)} 分钟）的"
                              f" {round(m / target * 100)}%。",
                              f"全文共 {len(numbered)} 个部分，这一部分宜压缩到 {_fmt(target * share)} 分钟"
                              f"（约 {int(target * share * rate)} 字）以内。", 0, 20)


CHECKERS = [(("length.sentence",), check_sentences), (("time.total", "time.section"), check_time)]
