"""punct.halfwidth, punct.quotes: half-width , : ; ( ) ! ? . ... and Western quotes inside
Chinese text (fixable); punct.unbalanced: “” 《》 （） 【】 that do not pair up in a paragraph.

Half-width findings are one per paragraph (a pasted draft may have hundreds), quoting the
first place and counting the rest.
"""
from __future__ import annotations

from drafter.check.edits import halfwidth_edits, quote_edits
from drafter.check.findings import finding
from drafter.check.rules import Context
from drafter.check.text import Lazy

PAIRS = {"“": "”", "《": "》", "（": "）", "【": "】", "〈": "〉", "「": "」", "『": "』"}
CLOSERS = {v: k for k, v in PAIRS.items()}
_BRACKETS = Lazy("[" + "".join(PAIRS) + "".join(CLOSERS) + "]")
NAMES = {"“": "前引号", "”": "后引号", "《": "前书名号“《”", "》": "后书名号“》”", "（": "前括号“（”",
         "）": "后括号“）”", "【": "前方括号“【”", "】": "后方括号“】”"}


def _name(ch: str) -> str:
    return NAMES.get(ch, f"“{ch}”")


def check_halfwidth(ctx: Context):
    for para in ctx.paras:
        edits = halfwidth_edits(para.text)
        if not edits:
            continue
        first = edits[0]
        marks = []
        for e in edits:
            mark = e.old(para.text).strip()
            if mark not in marks:
                marks.append(mark)
        shown = " ".join(f"“{m}”" for m in marks[:6])
        count = f"共 {len(edits)} 处" if len(edits) > 1 else "1 处"
        yield finding("punct.halfwidth", para,
                      f"中文里夹着半角标点 {shown}（{count}）。",
                      "中文里用全角标点：，：；（）！？。……；可运行 drafter check --fix 自动改正。",
                      first.start, first.end)


def check_quotes(ctx: Context):
    for para in ctx.paras:
        edits, found = quote_edits(para.text)
        if not found:
            continue
        pos = edits[0].start if edits else para.text.find('"')
        hint = "中文里用“”和‘’；可运行 drafter check --fix 自动改正。"
        if para.text.count('"') % 2 == 1:
            hint = "西文双引号的个数不成对，无法自动判断哪个是前引号，请手工改为“”。"
        yield finding("punct.quotes", para, "中文里用了西文引号（\"\" 或 ''）。", hint, max(pos, 0), max(pos, 0) + 1)


def check_unbalanced(ctx: Context):
    brackets = _BRACKETS()
    # A quotation of several paragraphs opens each with “ and closes only at the end of the last
    # (GB/T 15834-2011, 4.1.3.5): a paragraph's opening “ left open is no error when the next
    # paragraph opens with “ too; the last one in such a run still has to close.
    opens = [p.text.lstrip().startswith("“") for p in ctx.paras] + [False]
    for index, para in enumerate(ctx.paras):
        text = para.text
        continued = len(text) - len(text.lstrip()) if opens[index] and opens[index + 1] else -1
        stack: list[tuple[str, int]] = []
        crossed: dict[str, int] = {}  # openers already reported while closing across them
        for m in brackets.finditer(text):
            i, ch = m.start(), m.group()
            if ch in PAIRS:
                stack.append((ch, i))
            elif ch in CLOSERS:
                opener = CLOSERS[ch]
                if stack and stack[-1][0] == opener:
                    stack.pop()
                    continue
                if any(o == opener for o, _ in stack):
                    while stack[-1][0] != opener:
                        o, j = stack.pop()
                        crossed[o] = crossed.get(o, 0) + 1
                        yield _unclosed(para, o, j)
                    stack.pop()
                    continue
                if crossed.get(opener):
                    crossed[opener] -= 1  # its opener was reported when a pair closed across it
                    continue
                yield finding("punct.unbalanced", para,
                              f"多了一个{_name(ch)}：前面没有与之配对的{_name(opener)}。",
                              f"补上前面的{_name(opener)}，或删掉多余的{_name(ch)}。", i, i + 1)
        for o, j in stack:
            if not (o == "“" and j == continued):
                yield _unclosed(para, o, j)


def _unclosed(para, opener: str, pos: int):
    closer = PAIRS[opener]
    hint = f"在该结束的地方补上{_name(closer)}。"
    if opener == "“":
        hint += "常见的原因是把后引号误写成了前引号。"
    return finding("punct.unbalanced", para, f"{_name(opener)}没有配对的{_name(closer)}。", hint, pos, pos + 1)


CHECKERS = [
    (("punct.halfwidth",), check_halfwidth),
    (("punct.quotes",), check_quotes),
    (("punct.unbalanced",), check_unbalanced),
]
