"""drafter check: catch what a careful reviewer catches, before the leader does.

Public API::

    check_document(doc, config=None) -> list[Finding]     # a resolved drafter.model.Document
    check_file(path, config=None) -> list[Finding]        # .docx, .txt or an outline (.toml)
    check_text(text, config=None, file="<文本>")          # lines of text, as a .txt file
    format_findings(findings, color=False) -> str         # grouped by rule, for people
    findings_to_json(findings) -> str                     # {"findings": [...]}, see schema.json
    find_config(outline=None, explicit=None, final=False) / load_config(paths) -> CheckConfig

Rules, ids and severities: ``RULES`` and docs/check.md.
"""
from __future__ import annotations

from pathlib import Path

from drafter.check.config import CheckConfig, find_config, load_config
from drafter.check.findings import ERROR, RULES, WARNING, Finding
from drafter.check.formatter import findings_to_json, format_findings, summary

__all__ = [
    "CheckConfig", "Finding", "RULES", "ERROR", "WARNING", "SCHEMA_PATH",
    "check_document", "check_file", "check_text", "format_findings", "findings_to_json",
    "summary", "find_config", "load_config",
]

SCHEMA_PATH = Path(__file__).with_name("schema.json")


def check_document(doc, config: CheckConfig | None = None) -> list[Finding]:
    """Findings for a resolved Document; each carries the source line of its block."""
    import re

    from drafter.check.engine import check_paras
    from drafter.check.readers import from_document

    year = int(doc.meta.date[:4]) if re.match(r"\d{4}-", doc.meta.date or "") else None
    return check_paras(from_document(doc), config, target_minutes=doc.meta.target_minutes, year=year)


def check_file(path, config: CheckConfig | None = None) -> list[Finding]:
    """Findings for a .docx, .txt or outline file; raises InputError for unreadable input."""
    from drafter.check.engine import check_paras
    from drafter.check.readers import read_path

    loaded = read_path(Path(path))
    return check_paras(loaded.paras, config, target_minutes=loaded.target_minutes, year=loaded.year)


def check_text(text: str, config: CheckConfig | None = None, file: str = "<文本>",
               target_minutes: float | None = None) -> list[Finding]:
    """Findings for text laid out like a .txt file: one paragraph per non-empty line."""
    from drafter.check.engine import check_paras
    from drafter.check.readers import paras_from_texts

    lines = text.splitlines()
    paras = paras_from_texts([(ln, k) for k, ln in enumerate(lines, start=1)], file)
    return check_paras(paras, config, target_minutes=target_minutes)
