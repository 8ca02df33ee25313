"""count.mismatch: "我讲四点意见" over five sections, "抓好三项工作" before a list of four.

An announcement is a forward-looking verb (讲、谈、提、抓好、做好……, or 以下/如下) followed by a
count in Chinese numerals or Arabic digits and a measure (点、项、个方面、条、件事). "几点" has
no number and is not a count. The announced number is compared with what follows at once:

* a list starting in the same paragraph shortly after it (我讲三点：一是……二是……);
* when the announcement ends its paragraph, the list starting the next paragraph, or the run
  of headings starting there (of that level, up to a heading of a higher level).

Anything else (a count that refers back, or no structure right after) is left alone.
"""
from __future__ import annotations

import re

from drafter.check.findings import finding
from drafter.check.rules import Context
from drafter.check.text import Lazy, parse_number, sentences

_VERBS = "讲|谈|提|说|强调|抓好|做好|抓实|抓住|突出|把握好|把握|落实好|落实|注意|重点抓好|着力抓好|从|围绕|明确"
_MEASURES = ("点", "项", "方面", "条", "件事", "个问题")  # an announcement holds one of them
# The leading look-ahead names the characters a match can start with: it changes no match and
# lets the search fail fast elsewhere.
_ANNOUNCE_RE = Lazy(
    "(?=[" + "".join(sorted({verb[0] for verb in _VERBS.split("|")} | {"以", "如"})) + "])"
    rf"(?:(?:{_VERBS})(?:以下|如下|这么|这)?|以下|如下)"
    r"(?P<num>[一二两三四五六七八九十]{1,3}|\d{1,2})"
    r"(?P<measure>点|项|个方面|方面|条|件事|个问题)"
    r"(?![一二三四五六七八九十零〇半钟多\d])"
)
# "……集中体现在三个方面：一是……" — a count followed shortly by a colon announces what follows.
_COLON_RE = Lazy(
    r"(?<![一二两三四五六七八九十\d])(?P<num>[一二两三四五六七八九十]{1,3}|\d{1,2})"
    r"(?P<measure>点|项|个方面|方面|条|件事|个问题)"
    r"(?![一二三四五六七八九十零〇半钟多\d])[^，。；：！？\n]{0,8}[：:]"
)
_LEVEL_NAMES = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}


def _list_after(ctx: Context, para: int, pos: int):
    """The list whose first item is in paragraph ``para`` at or after ``pos``."""
    for lst in ctx.lists.lists:
        first = lst.items[0]
        if first.para == para and first.start >= pos:
            return lst
    return None


def _headings_from(ctx: Context, start: int) -> tuple[int, int]:
    """(level, how many) for the run of headings starting at paragraph ``start``."""
    level = ctx.paras[start].level
    n = 0
    for para in ctx.paras[start:]:
        if para.kind != "heading" or not para.level:
            continue
        if para.level < level:
            break
        if para.level == level:
            n += 1
    return level, n


def _announcements(text: str):
    if not any(measure in text for measure in _MEASURES):
        return
    seen = set()
    colon = "：" in text or ":" in text  # _COLON_RE needs one
    for pattern in (_ANNOUNCE_RE(), _COLON_RE()) if colon else (_ANNOUNCE_RE(),):
        for m in pattern.finditer(text):
            if m.start("num") not in seen:
                seen.add(m.start("num"))
                yield m


def check_counts(ctx: Context):
    from drafter.cnnum import cn_count

    paras = ctx.paras
    for index, para in enumerate(paras):
        if para.kind in ("title", "meta", "salutation"):
            continue
        text = para.text
        spans = None
        for m in _announcements(text):
            announced = parse_number(m.group("num"))
            if not announced:
                continue
            actual = what = None
            lst = _list_after(ctx, index, m.end())
            if lst is not None:
                gap = text[m.end():lst.items[0].start]
                if len(gap) <= 40 and len(re.findall(r"[。！？]", gap)) <= 1:
                    actual, what = len(lst.items), "list"
            if actual is None and index + 1 < len(paras):
                spans = spans or sentences(text)
                last_start = spans[-1][0] if spans else 0
                if m.start() >= last_start:
                    nxt = paras[index + 1]
                    if nxt.kind == "heading" and nxt.level:
                        level, actual = _headings_from(ctx, index + 1)
                        what = level
                    else:
                        lst = _list_after(ctx, index + 1, 0)
                        if lst is not None and lst.items[0].start <= len(nxt.text) - len(nxt.text.lstrip()):
                            actual, what = len(lst.items), "list"
            if actual is None or actual == announced:
                continue
            written = m.group("num") + m.group("measure")
            digits = m.group("num").isdigit()
            right = str(actual) if digits else cn_count(actual)
            if what == "list":
                words = [lst.items[0].word, lst.items[-1].word]
                detail = f"后面实际列了 {actual} 条（{words[0]}……{words[1]}）"
                fix = "增删后面的条目"
            else:
                detail = f"后面实际有 {actual} 个{_LEVEL_NAMES.get(what, '标题')}"
                fix = "增删后面的标题"
            yield finding(
                "count.mismatch", para,
                f"这里说“{written}”，{detail}。",
                f"把“{m.group('num')}”改为“{right}”，或{fix}，使两者一致。",
                m.start(), m.end(),
            )


CHECKERS = [(("count.mismatch",), check_counts)]
