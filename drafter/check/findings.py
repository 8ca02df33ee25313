"""What a check reports: a Finding, and the table of rules with their default severities."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from drafter.check.text import Para, quote

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)
SEVERITY_NAMES = {ERROR: "错误", WARNING: "警告"}


class RuleInfo(NamedTuple):  # a named tuple: a frozen @dataclass takes ~0.7 ms to create
    id: str
    severity: str  # the default; a config file may change it or turn the rule off
    title: str  # a short Chinese name, the group header in the text output
    fixable: bool = False


# The stable rule ids. Keep docs/check.md and this table in step (a test compares them).
RULES: dict[str, RuleInfo] = {r.id: r for r in (
    RuleInfo("count.mismatch", ERROR, "宣布的条数与实际不符"),
    RuleInfo("enum.sequence", ERROR, "序号不连贯"),
    RuleInfo("enum.mixed", ERROR, "同一组里序号写法混用"),
    RuleInfo("heading.sequence", ERROR, "标题序号不连贯"),
    RuleInfo("placeholder", WARNING, "还有没填的占位符"),
    RuleInfo("punct.halfwidth", WARNING, "中文里用了半角标点", fixable=True),
    RuleInfo("punct.quotes", WARNING, "中文里用了西文引号", fixable=True),
    RuleInfo("punct.unbalanced", ERROR, "引号或括号不成对"),
    RuleInfo("repeat.sentence", WARNING, "句子重复"),
    RuleInfo("repeat.paragraph", WARNING, "段落重复或几乎相同"),
    RuleInfo("list.lead_repeat", ERROR, "同一组里引领句重复"),
    RuleInfo("list.lead_shape", WARNING, "同一组引领句不对仗"),
    RuleInfo("date.format", WARNING, "日期写法不规范或不统一", fixable=True),
    RuleInfo("date.weekday", ERROR, "星期与日期不符"),
    RuleInfo("length.sentence", WARNING, "句子过长"),
    RuleInfo("time.total", WARNING, "讲话时长与安排不符"),
    RuleInfo("time.section", WARNING, "某一部分占时过多"),
    RuleInfo("phrase.banned", WARNING, "用了本单位不用或已过时的说法"),
)}


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer would mark.

    ``where`` follows the JSON output: ``file`` always; ``line`` for drafts built from an
    outline (the outline, template or snippet line) and for .txt files; ``paragraph`` for
    .docx and .txt files (1-based among non-empty paragraphs); ``quote`` the place itself.
    """

    rule: str
    severity: str
    message: str
    hint: str
    file: str
    quote: str
    line: int | None = None
    paragraph: int | None = None

    @property
    def where(self) -> dict:
        out: dict = {"file": self.file}
        if self.line is not None:
            out["line"] = self.line
        if self.paragraph is not None:
            out["paragraph"] = self.paragraph
        out["quote"] = self.quote
        return out

    def to_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "message": self.message,
                "hint": self.hint, "where": self.where}

    def location(self) -> str:
        """``file:line`` or ``file 第 N 段`` for people."""
        text = self.file
        if self.line is not None and self.paragraph is None:
            return f"{text}:{self.line}"
        if self.paragraph is not None:
            text += f" 第 {self.paragraph} 段"
            if self.line is not None:
                text += f"（第 {self.line} 行）"
        return text


def finding(rule: str, para: Para, message: str, hint: str, start: int = 0, end: int | None = None,
            *, quoted: str | None = None) -> Finding:
    """A finding at ``para`` with its default severity; the engine applies the config."""
    q = quoted if quoted is not None else quote(para.text, start, end)
    return Finding(rule, RULES[rule].severity, message, hint, para.file, q, para.line, para.paragraph)
