"""The rules. Each module offers checker functions ``fn(ctx) -> Iterable[Finding]`` and lists
them with the rule ids they report in ``CHECKERS``; the engine runs those with a rule on.

Every rule reads the one ``Context`` (paragraphs, config, the enumeration analysis computed
once), so the whole check stays near linear in the length of the draft.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from drafter.check.config import CheckConfig
from drafter.check.text import Para


@dataclass
class Context:
    paras: list[Para]
    config: CheckConfig
    target_minutes: float | None = None  # from the outline; else the config's
    year: int | None = None  # the year of the meeting, for weekdays of dates without one
    extra: dict = field(default_factory=dict)

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
