"""phrase.banned: phrases an office does not use, or no longer uses, listed in check.toml's
[phrases] with their replacements. One regular expression for all phrases, longest first."""
from __future__ import annotations

import re

from drafter.check.findings import finding
from drafter.check.rules import Context


def check_phrases(ctx: Context):
    phrases = ctx.config.phrases
    if not phrases:
        return
    pattern = re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)))
    for para in ctx.paras:
        for m in pattern.finditer(para.text):
            replacement = phrases[m.group()]
            hint = f"改为“{replacement}”。" if replacement else "换一种说法。"
            yield finding("phrase.banned", para, f"“{m.group()}”是本单位不用或已经过时的说法。",
                          hint, m.start(), m.end())


CHECKERS = [(("phrase.banned",), check_phrases)]
