"""Run the rules over a list of paragraphs and apply the configuration."""
from __future__ import annotations

from dataclasses import replace

from drafter.check.config import DEFAULT, CheckConfig
from drafter.check.findings import RULES, Finding
from drafter.check.rules import Context, all_checkers
from drafter.check.text import Para

_RULE_ORDER = {rule: k for k, rule in enumerate(RULES)}


def check_paras(paras: list[Para], config: CheckConfig | None = None, *,
                target_minutes: float | None = None, year: int | None = None) -> list[Finding]:
    """Every finding for ``paras``, in document order, with the configured severities."""
    config = config or DEFAULT
    ctx = Context(list(paras), config, target_minutes, year)
    order = {}
    found: list[Finding] = []
    for rules, checker in all_checkers():
        if not any(config.enabled(r) for r in rules):
            continue
        for f in checker(ctx):
            severity = config.severity_of(f.rule)
            if severity == "off":
                continue
            if severity != f.severity:
                f = replace(f, severity=severity)
            if f not in order:
                order[f] = len(found)
                found.append(f)
    position = _positions(paras)
    found.sort(key=lambda f: (position.get((f.file, f.line, f.paragraph), 0), _RULE_ORDER[f.rule],
                              order[f]))
    return found


def _positions(paras: list[Para]) -> dict:
    out: dict = {}
    for p in paras:
        out.setdefault((p.file, p.line, p.paragraph), p.index)
    return out
