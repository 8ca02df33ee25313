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

__all__ = [
    "CheckConfig", "Finding", "RULES", "ERROR", "WARNING", "SCHEMA_PATH",
    "check_document", "check_file", "check_text", "format_findings", "findings_to_json",
    "summary", "find_config", "load_config",
]

# Importing drafter.check loads nothing else: every module is imported when first needed, the
# rules only when something is checked (``drafter new`` imports this for every draft).
_LAZY = {
    "CheckConfig": "config", "load_config": "config",
    "Finding": "findings", "RULES": "findings", "ERROR": "findings", "WARNING": "findings",
    "findings_to_json": "formatter", "summary": "formatter",
}


def __getattr__(name: str):
    if name == "SCHEMA_PATH":
        from pathlib import Path

        value = Path(__file__).with_name("schema.json")
    elif name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f"drafter.check.{_LAZY[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _year(date) -> int | None:
    """The year of an ISO date such as "2026-04-16", else None."""
    date = date or ""
    return int(date[:4]) if len(date) > 4 and date[:4].isdecimal() and date[4] == "-" else None


def check_document(doc, config: CheckConfig | None = None) -> list[Finding]:
    """Findings for a resolved Document; each carries the source line of its block."""
    from drafter.check.document import from_document
    from drafter.check.engine import check_paras

    return check_paras(from_document(doc), config, target_minutes=doc.meta.target_minutes,
                       year=_year(doc.meta.date))


def check_file(path, config: CheckConfig | None = None) -> list[Finding]:
    """Findings for a .docx, .txt or outline file; raises InputError for unreadable input."""
    from pathlib import Path

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


def find_config(*, outline=None, explicit=None, final: bool = False) -> CheckConfig:
    """The layered ``check.toml`` settings for checking ``outline`` (see drafter.check.config)."""
    from drafter.check.config import find_config

    return find_config(outline=outline, explicit=explicit, final=final)


def format_findings(findings: list[Finding], color: bool = False) -> str:
    """Findings for people, grouped by rule (see drafter.check.formatter)."""
    from drafter.check.formatter import format_findings

    return format_findings(findings, color=color)
