"""placeholder: XX, XXX, ××, 某某, ＿＿, 【待补】, TODO left where a name or figure belongs.

Warnings by default; ``--final`` (CheckConfig.final) makes them errors.
"""
from __future__ import annotations

import re

from drafter.check.findings import finding
from drafter.check.rules import Context
from drafter.check.text import Lazy

# Every character a placeholder can start with. The look-ahead changes no match: it lets the
# search fail fast everywhere else, and a draft without any of them is not searched at all.
_STARTS = "XxＸｘ×✕╳某＿_【[TF"
PLACEHOLDER_RE = Lazy(
    "(?=[" + re.escape(_STARTS) + "])(?:"
    r"(?<![A-Za-z])[XxＸｘ]{2,}(?![A-Za-z])"
    r"|[×✕╳]{2,}"
    r"|某某"
    r"|[＿_]{2,}"
    r"|【[^】\n]{0,10}?待[补填定核查改][^】\n]{0,10}?】"
    r"|\[[^\]\n]{0,10}?待[补填定核查改][^\]\n]{0,10}?\]"
    r"|(?<![A-Za-z])(?:TODO|FIXME|TBD)(?![A-Za-z]))"
)


def check_placeholders(ctx: Context):
    if not any(c in ctx.text for c in _STARTS):
        return
    pattern = PLACEHOLDER_RE()
    for para in ctx.paras:
        for m in pattern.finditer(para.text):
            yield finding("placeholder", para, f"这里还留着占位符“{m.group()}”。",
                          "填上实际的名称、数字或日期；定稿前可用 drafter check --final 把占位符当作错误。",
                          m.start(), m.end())


CHECKERS = [(("placeholder",), check_placeholders)]
