"""The ``drafter check`` command behind the thin typer layer in drafter/cli_check.py."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from drafter.check.config import find_config
from drafter.check.engine import check_paras
from drafter.check.findings import ERROR
from drafter.check.formatter import findings_to_json, format_findings
from drafter.check.readers import check_path_kind, read_path
from drafter.check.text import spoken_len
from drafter.errors import EXIT_FINDINGS, EXIT_OK, InputError, Problem, UsageError

FORMATS = ("text", "json")


def exit_code(findings, strict: bool) -> int:
    if any(f.severity == ERROR for f in findings) or (strict and findings):
        return EXIT_FINDINGS
    return EXIT_OK


def run_check(file: Path, *, final: bool = False, strict: bool = False, fix: bool = False,
              force: bool = False, fmt: str = "text", config: Path | None = None) -> int:
    if fmt not in FORMATS:
        raise UsageError(Problem(f"--format 只能是 text 或 json，不能是“{fmt}”。",
                                 hint="给人看用 text（默认），给其他程序读用 json。"))
    file = Path(file)
    if not file.exists():
        raise InputError(Problem("找不到要检查的文件。", str(file), hint="请检查文件名和所在文件夹是否写对。"))
    kind = check_path_kind(file)
    if fix and kind == "outline":
        raise UsageError(Problem("--fix 不能用于提纲：提纲里没有排好的稿子可改。", str(file),
                                 hint="请改提纲或素材后重新生成；或对生成的 .docx 运行 drafter check --fix。"))
    settings = find_config(outline=file if kind == "outline" else None, explicit=config, final=final)
    loaded = read_path(file)
    fixed = None
    if fix:
        from drafter.check.fixer import fix_file

        result = fix_file(loaded, settings, force=force)
        fixed = {"file": str(result.target) if result.target else None,
                 "changes": [c.to_dict() for c in result.changes]}
        if result.target is not None:
            loaded = read_path(result.target)
        if fmt == "text":
            typer.echo(_describe_fix(result))
    findings = check_paras(loaded.paras, settings, target_minutes=loaded.target_minutes, year=loaded.year)
    if fmt == "json":
        typer.echo(findings_to_json(findings, fixed))
    else:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        typer.echo(format_findings(findings, color=color))
        typer.echo(_time_line(loaded, settings))
    return exit_code(findings, strict)


def _describe_fix(result) -> str:
    if result.target is None:
        return "没有可以自动改正的地方，没有写出文件。\n"
    lines = [f"已自动改正 {len(result.changes)} 处，写入 {result.target}（原文件未改动）："]
    for c in result.changes:
        where = f"第 {c.paragraph} 段" + (f"（第 {c.line} 行）" if c.line else "")
        lines.append(f"  {where}：“{c.before}” → “{c.after}”")
    lines.append("以下是改正后文件的检查结果：\n")
    return "\n".join(lines)


def _time_line(loaded, settings) -> str:
    chars = sum(spoken_len(p.text) for p in loaded.paras if p.kind not in ("title", "meta"))
    minutes = chars / settings.chars_per_minute
    return f"全文约 {chars} 字，按每分钟 {settings.chars_per_minute} 字约需 {minutes:.1f} 分钟。"
