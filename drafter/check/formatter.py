"""Findings for people (grouped by rule, coloured on a terminal) and for tools (JSON)."""
from __future__ import annotations

import json

from drafter.check.findings import ERROR, RULES, SEVERITY_NAMES, Finding

_RED, _YELLOW, _DIM, _BOLD, _RESET = "\033[31m", "\033[33m", "\033[2m", "\033[1m", "\033[0m"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def summary(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = len(findings) - errors
    if not findings:
        return "没有发现问题。"
    parts = []
    if errors:
        parts.append(f"{errors} 个错误")
    if warnings:
        parts.append(f"{warnings} 个警告")
    return "共 " + "、".join(parts) + "。"


def format_findings(findings: list[Finding], color: bool = False) -> str:
    """Grouped by rule, errors first, each group in document order; ends with a summary."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule, f.severity), []).append(f)
    order = sorted(groups, key=lambda key: (key[1] != ERROR, list(RULES).index(key[0])))
    lines: list[str] = []
    for rule, severity in order:
        items = groups[(rule, severity)]
        label = SEVERITY_NAMES.get(severity, severity)
        head = f"{label}  {RULES[rule].title}（{rule}，{len(items)} 处）"
        lines.append(_paint(head, (_RED if severity == ERROR else _YELLOW) + _BOLD, color))
        for f in items:
            lines.append(f"  {f.location()}：“{f.quote}”")
            lines.append(f"    {f.message}")
            if f.hint:
                lines.append(_paint(f"    提示：{f.hint}", _DIM, color))
        lines.append("")
    lines.append(summary(findings))
    return "\n".join(lines)


def findings_to_json(findings: list[Finding], fixed: dict | None = None) -> str:
    data: dict = {"findings": [f.to_dict() for f in findings]}
    if fixed is not None:
        data["fixed"] = fixed
    return json.dumps(data, ensure_ascii=False, indent=2)
