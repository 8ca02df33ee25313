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
# What an output file's name says about its format, so "-o 稿子.txt" gives text without --to.
_FORMAT_OF_SUFFIX = {".docx": "docx", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}
# Names of formats drafter does not write: Word, WPS or a reader would fail to open the file.
_OTHER_FORMATS = {".doc": "Word 97-2003 文档", ".wps": "WPS 文字文档", ".pdf": "PDF 文件", ".rtf": "RTF 文件",
                  ".odt": "OpenDocument 文档", ".html": "网页", ".htm": "网页", ".dotx": "Word 模板"}


def output_format(to: str | None, out: Path | None) -> str:
    """The format to write: --to, else what the output's file name says, else docx. A name
    that says another format is refused: Word cannot open text saved as "稿子.docx"."""
    from drafter.pipeline import OUTPUT_FORMATS

    if to is not None and to not in OUTPUT_FORMATS:
        raise UsageError(Problem(f"不支持的输出格式“{to}”。", hint="--to 可写：docx、markdown、text、markup。"))
    name = "" if out is None or str(out) == "-" else Path(out).name.lower()
    suffix = ".markup.txt" if name.endswith(".markup.txt") else Path(name).suffix
    if suffix in _OTHER_FORMATS:
        raise UsageError(Problem(f"drafter 不生成 {_OTHER_FORMATS[suffix]}（{suffix}）。", str(out),
                                 hint="Word 文档请用 .docx 结尾的文件名；需要其他格式时，用 Word 或 WPS 打开 .docx 后“另存为”。"))
    implied = "markup" if suffix == ".markup.txt" else _FORMAT_OF_SUFFIX.get(suffix)
    if to is None:
        return implied or "docx"
    if implied is not None and implied != to and not (to == "markup" and suffix == ".txt"):
        raise UsageError(Problem(f"输出格式是 {to}，文件名却以 {suffix} 结尾，打开时会出错。", str(out),
                                 hint=f"把文件名改成以 {SUFFIXES[to]} 结尾，或去掉 --to，按文件名决定格式。"))
    return to


def run_new(*, outline: Path, out: Path | None, force: bool, template: str | None,
            reference_doc: Path | None, to: str | None, strict: bool, snippet_dirs, template_dirs) -> int:
    from drafter.pipeline import Request, build

    to = output_format(to, out)
    if reference_doc is not None and not Path(reference_doc).is_file():
        raise InputError(Problem("找不到参考模板文件。", str(reference_doc), hint="--reference-doc 后写本单位 Word 模板（.docx）的路径。"))
    to_stdout = (out is not None and str(out) == "-") or (out is None and to == "markup")
    if not to_stdout:
        out = out or Path(outline).with_suffix(SUFFIXES[to])
        if out.is_dir():
            raise OutputError(Problem("输出位置是一个文件夹。", str(out), hint="请在 -o 后写文件名，如 -o 讲话稿.docx。"))
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

    suffix = Path(file).suffix.lower()
    if suffix == ".docx" or suffix in _OTHER_FORMATS:  # the outline is text; Word would not open it
        raise UsageError(Problem(f"提纲是 TOML 文本文件，不能存成 {suffix}。", str(file),
                                 hint=f"换一个以 .toml 结尾的文件名，如 drafter init {Path(file).stem}.toml。"))
    starter = files("drafter").joinpath("starter.toml").read_bytes()
    write_atomic(Path(file), starter, force=force)
    typer.echo(f"已写出提纲样板：{file}。按注释改好后运行：drafter new --outline {file}", err=True)
    return EXIT_OK
