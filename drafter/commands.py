"""What ``drafter new`` and ``drafter init`` do, apart from parsing their options.

Each command imports what only it needs when it runs: the pipeline (Jinja, the outline model,
the markup reader) is ~35 ms that ``drafter init`` has no use for.
"""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from drafter.errors import EXIT_FINDINGS, EXIT_OK, InputError, OutputError, Problem, UsageError
from drafter.textio import write_atomic

SUFFIXES = {"docx": ".docx", "markdown": ".md", "text": ".txt", "markup": ".markup.txt"}


def run_new(*, outline: Path, out: Path | None, force: bool, template: str | None,
            reference_doc: Path | None, to: str, strict: bool, snippet_dirs, template_dirs) -> int:
    from drafter.pipeline import OUTPUT_FORMATS, Request, build

    if to not in OUTPUT_FORMATS:
        raise UsageError(Problem(f"不支持的输出格式“{to}”。", hint="--to 可写：docx、markdown、text、markup。"))
    if reference_doc is not None and not Path(reference_doc).is_file():
        raise InputError(Problem("找不到参考模板文件。", str(reference_doc), hint="--reference-doc 后写本单位 Word 模板（.docx）的路径。"))
    to_stdout = (out is not None and str(out) == "-") or (out is None and to == "markup")
    if not to_stdout:
        out = out or Path(outline).with_suffix(SUFFIXES[to])
        if out.exists() and not force:  # fail before the work, and again atomically on write
            raise OutputError(Problem("输出文件已经存在，没有覆盖。", str(out),
                                      hint="换一个输出文件名（-o），或加 --force 覆盖它。"))
    from drafter.check import find_config

    check_config = find_config(outline=Path(outline))  # a bad check.toml fails before any output
    req = Request(outline=Path(outline), template=template, snippet_dirs=tuple(snippet_dirs),
                  template_dirs=tuple(template_dirs), reference_doc=reference_doc)
    result = build(req, to)
    for warning in result.warnings:
        typer.echo(f"警告：{warning}", err=True)
    if strict and result.warnings:
        raise InputError(Problem("使用 --strict 时参考模板必须包含 drafter 用到的全部样式。",
                                 str(reference_doc) if reference_doc else None,
                                 hint="按上面的警告在模板里补上这些样式，或去掉 --strict。"))
    if to_stdout:
        sys.stdout.write(result.data.decode("utf-8"))
        sys.stdout.flush()
    else:
        write_atomic(out, result.data, force=force)
    code = _report_checks(result.built.document, check_config, strict)
    if not to_stdout:
        rate = check_config.chars_per_minute  # the office's rate (check.toml), default 220
        chars, minutes = speech_length(result.built.document, rate)
        typer.echo(f"已生成：{out}（约 {chars} 字，按每分钟 {rate} 字约讲 {minutes} 分钟）", err=True)
    return code


def _report_checks(document, config, strict: bool) -> int:
    """drafter new reviews what it drafted; findings only change the exit code under --strict."""
    from drafter.check import check_document, format_findings

    findings = check_document(document, config)
    if findings:
        typer.echo(format_findings(findings, color=sys.stderr.isatty()), err=True)
    return EXIT_FINDINGS if strict and findings else EXIT_OK


def speech_length(document, chars_per_minute: int) -> tuple[int, int]:
    from drafter.check.text import speech_chars

    chars = speech_chars(document)
    return chars, max(1, round(chars / chars_per_minute))


def run_init(file: Path, *, force: bool) -> int:
    from importlib.resources import files

    starter = files("drafter").joinpath("starter.toml").read_bytes()
    write_atomic(Path(file), starter, force=force)
    typer.echo(f"已写出提纲样板：{file}。按注释改好后运行：drafter new --outline {file}", err=True)
    return EXIT_OK
