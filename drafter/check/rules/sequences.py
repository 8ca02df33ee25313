"""enum.sequence, enum.mixed: 一是…二是…四是, 其次 after 最后, 一是 mixed with 二要;
heading.sequence: 一、二、四、 or （一）（三） under one heading.
"""
from __future__ import annotations

from drafter.check.enums import FAMILY_NAMES
from drafter.check.findings import finding
from drafter.check.rules import Context
from drafter.check.text import heading_number
from drafter.cnnum import heading_number as number_text


def check_enumerations(ctx: Context):
    for p in ctx.lists.problems:
        m = p.marker
        para = ctx.paras[m.para]
        prev = p.other.word if p.other is not None else ""
        if p.kind == "mixed":
            yield finding(
                "enum.mixed", para,
                f"同一组里序号写法混用：前面是“{prev}”，这里是“{m.word}”。",
                f"统一用“{FAMILY_NAMES[p.other.family]}”的写法，把“{m.word}”改为“{p.expected}”。",
                m.start, m.start + len(m.word))
            continue
        if p.kind == "start":
            if m.family == "序":
                message = f"“{m.word}”前面没有“首先”。"
                hint = "补上以“首先”开头的一条，或把“其次”“再次”改成别的连接词。"
            else:
                message = f"这一组从“{m.word}”开始，前面没有“{p.expected}”。"
                hint = f"把序号改为从“{p.expected}”开始，或补上前面缺的条目。"
        elif p.kind == "skip":
            message = f"“{prev}”之后是“{m.word}”，中间缺了“{p.expected}”。"
            hint = f"把“{m.word}”改为“{p.expected}”，或补上缺的一条。"
        elif p.kind == "repeat":
            message = f"序号重复：前面已有“{prev}”，这里又是“{m.word}”。"
            hint = f"把这里改为“{p.expected}”。"
        elif p.kind == "order":
            message = f"“{prev}”之后直接是“{m.word}”，缺了“{p.expected}”。"
            hint = f"把“{m.word}”改为“{p.expected}”。"
        elif p.kind == "repeat_last":
            message = "同一组里“最后”用了两次。"
            hint = "把前一个“最后”改为“再次”，或把后一处改用别的说法（如“此外”）。"
        else:  # after_last
            message = f"“最后”之后又出现了“{m.word}”。"
            hint = "“最后”只能用在最后一条：调整顺序，或把前面的“最后”改为“再次”。"
        yield finding("enum.sequence", para, message, hint, m.start, m.start + len(m.word))


def check_headings(ctx: Context):
    counters = [0] * 5
    for para in ctx.paras:
        if para.kind != "heading" or not para.level:
            continue
        parsed = heading_number(para.text)
        if parsed is None:
            continue
        level, value, length = parsed
        expected = counters[level] + 1
        if value != expected:
            written = para.text[:length].strip()
            want = number_text(level, expected)
            if counters[level] == 0:
                message = f"这一层标题从“{written}”开始，应当从“{want}”开始。"
            elif value == counters[level]:
                message = f"标题序号“{written}”重复了。"
            elif value < expected:
                message = f"标题序号倒退了：前一个是“{number_text(level, counters[level])}”，这里是“{written}”。"
            else:
                message = f"标题“{number_text(level, counters[level])}”之后是“{written}”，中间缺了“{want}”。"
            yield finding("heading.sequence", para, message,
                          f"把这里改为“{want}”，其后的标题依次顺延；用 drafter 生成的稿子会自动编号，"
                          "手改过的稿子请按顺序重新编号。", 0, length)
        counters[level] = value
        for deeper in range(level + 1, 5):
            counters[deeper] = 0


CHECKERS = [
    (("enum.sequence", "enum.mixed"), check_enumerations),
    (("heading.sequence",), check_headings),
]
