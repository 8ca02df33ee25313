"""The rules. Each module offers checker functions ``fn(ctx) -> Iterable[Finding]`` and lists
them with the rule ids they report in ``CHECKERS``; the engine runs those with a rule on.

Every rule reads the one ``Context`` (paragraphs, config, the enumeration analysis computed
once), so the whole check stays near linear in the length of the draft.
"""
from __future__ import annotations

from functools import cached_property

from drafter.check.config import CheckConfig
from drafter.check.text import Para


class Context:
    """What every rule reads. (A plain class: @dataclass costs about 0.3 ms when the rules load.)"""

    def __init__(self, paras: list[Para], config: CheckConfig, target_minutes: float | None = None,
                 year: int | None = None, extra: dict | None = None) -> None:
        self.paras = paras
        self.config = config
        self.target_minutes = target_minutes  # from the outline; else the config's
        self.year = year  # the year of the meeting, for weekdays of dates without one
        self.extra = {} if extra is None else extra

    @cached_property
    def text(self) -> str:
        """All the paragraphs, one a line: to learn at once that no paragraph holds something."""
        return "\n".join(p.text for p in self.paras)

    @cached_property
    def lists(self):
        from drafter.check.enums import find_lists

        return find_lists(self.paras)


def place(para: Para) -> str:
    """Where another paragraph is, for messages: 第 N 段 or 文件 第 N 行."""
    if para.paragraph is not None:
        return f"第 {para.paragraph} 段"
    if para.line:
        return f"{para.file} 第 {para.line} 行"
    return f"第 {para.index} 段"


def all_checkers():
    from drafter.check.rules import counts, dates, leads, length, phrases, placeholders, punct, repeats, sequences

    out = []
    for module in (counts, sequences, placeholders, punct, repeats, leads, dates, length, phrases):
        out.extend(module.CHECKERS)
    return out
