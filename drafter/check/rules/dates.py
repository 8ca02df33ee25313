"""date.format: 2026-3-15 next to 2026年3月15日, zero-padded 03月05日, 二零二六年, and dates in
Chinese numerals mixed with Arabic ones (house style item 9: 2026年3月15日, no zeros, 〇 not 零);
date.weekday: a weekday that does not match its date.

A date without a year (3月15日星期日) is checked only when the year is known: the outline's
meeting date, or the one year all full dates in the text share.
"""
from __future__ import annotations

from drafter.check.edits import (ARABIC_DATE, CN_DATE, NUMERIC_DATE, date_edits, may_hold_cn_date,
                                  valid_date)
from drafter.check.findings import finding
from drafter.check.rules import Context
from drafter.check.text import Lazy

_WEEKDAY_RE = Lazy(r"\s*[（(，,、]?\s*(?:星期|周|礼拜)([一二三四五六日天])")
_MONTH_DAY = Lazy(r"(?=\d)(?<![\d年月])(\d{1,2})月(\d{1,2})日")
_WEEKDAYS = "一二三四五六日"
_PADDED_SPAN = Lazy(r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?")


# Each pattern is tried only on a text holding the characters it cannot match without.
def _arabic_dates(text: str):
    return ARABIC_DATE().finditer(text) if "年" in text and "月" in text and "日" in text else ()


def _numeric_dates(text: str):
    return NUMERIC_DATE().finditer(text) if "-" in text or "/" in text or "." in text else ()


def check_format(ctx: Context):
    arabic = cn = None
    for para in ctx.paras:
        text = para.text
        if arabic is None and "年" in text and "月" in text and "日" in text:
            m = ARABIC_DATE().search(text)
            if m:
                arabic = (para, m)
        if cn is None and may_hold_cn_date(text):
            m = CN_DATE().search(text)
            if m:
                cn = (para, m)
        padded_done: set[int] = set()
        for e in date_edits(para.text):
            old = e.old(para.text)
            if e.new == "":
                span = next((m for m in _PADDED_SPAN().finditer(para.text) if m.start() <= e.start < m.end()), None)
                if span is None or span.start() in padded_done:
                    continue
                padded_done.add(span.start())
                yield finding("date.format", para, f"日期“{span.group()}”的月、日前面多了“0”。",
                              "月和日不补零，写作“2026年3月5日”；可运行 drafter check --fix 自动改正。",
                              span.start(), span.end())
            elif e.new == "〇":
                yield finding("date.format", para, f"年份里的零写成了“{old}”。",
                              "汉字年份里的零写作“〇”；可运行 drafter check --fix 自动改正。", e.start, e.end)
            else:
                yield finding("date.format", para, f"日期“{old}”应写作“{e.new}”。",
                              "讲话稿里的日期统一写作“2026年3月15日”；可运行 drafter check --fix 自动改正。",
                              e.start, e.end)
    if arabic and cn:
        para, m = cn if cn[0].index >= arabic[0].index else arabic
        other = arabic if (para, m) == cn else cn
        yield finding("date.format", para,
                      f"日期写法不统一：这里是“{m.group()}”，{_where(other[0], para)}写作“{other[1].group()}”。",
                      "全文统一用阿拉伯数字写日期，如“2026年3月15日”。", m.start(), m.end())


def _where(other, para) -> str:
    from drafter.check.rules import place

    return "同一段" if other is para else place(other)


def _known_year(ctx: Context) -> int | None:
    if ctx.year:
        return ctx.year
    years = set()
    for para in ctx.paras:
        years.update(int(m.group(1)) for m in _arabic_dates(para.text))
        years.update(int(m.group(1)) for m in _numeric_dates(para.text))
    return years.pop() if len(years) == 1 else None


def check_weekday(ctx: Context):
    year = None
    year_known = False
    for para in ctx.paras:
        text = para.text
        if "星期" not in text and "周" not in text and "礼拜" not in text:
            continue  # no weekday to check (_WEEKDAY_RE needs one of these)
        dates = []
        full_spans = []
        for found, groups in ((_arabic_dates(text), (1, 2, 3)), (_numeric_dates(text), (1, 3, 4))):
            for m in found:
                dates.append((m, int(m.group(groups[0])), int(m.group(groups[1])), int(m.group(groups[2]))))
                full_spans.append((m.start(), m.end()))
        for m in _MONTH_DAY().finditer(text) if "月" in text and "日" in text else ():
            if any(s <= m.start() < e for s, e in full_spans):
                continue
            if not year_known:
                year, year_known = _known_year(ctx), True
            if year:
                dates.append((m, year, int(m.group(1)), int(m.group(2))))
        for m, y, mo, d in dates:
            w = _WEEKDAY_RE().match(text, m.end())
            if not w:
                continue
            date = valid_date(y, mo, d)
            if date is None:
                continue
            actual = _WEEKDAYS[date.weekday()]
            written = "日" if w.group(1) == "天" else w.group(1)
            if written != actual:
                label = w.group().strip(" （(，,、")
                yield finding("date.weekday", para,
                              f"{y}年{mo}月{d}日是星期{actual}，这里写的是“{label}”。",
                              "核对日期和星期，改正写错的那一个。", m.start(), w.end())


CHECKERS = [(("date.format",), check_format), (("date.weekday",), check_weekday)]
