"""``drafter snippets …``: list, show, search, new and check the snippet libraries.

The commands take no outline, so the project layer is the current folder's ``snippets/``
(see search.py). Listings print as a table, or as JSON with ``--format json``.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Optional

import typer

from drafter.cli_i18n import TYPER_SETTINGS



class _LazyLibrary:
    """drafter.library (and Jinja with it) loads only when a snippets command runs."""

    def __getattr__(self, name):
        from drafter import library as module

        return getattr(module, name)


library = _LazyLibrary()
from drafter.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, Problem, UsageError
from drafter.search import SearchPath, check_name
from drafter.snippets import KINDS, PARAM_TYPES

FORMATS = ("text", "json")

snippets_app = typer.Typer(help="素材库：列出、查看、搜索、新建和检查素材。", **TYPER_SETTINGS)


def register(app: typer.Typer) -> None:
    app.add_typer(snippets_app, name="snippets", help="素材库：列出、查看、搜索、新建和检查素材。")


def _format(value: str) -> str:
    if value not in FORMATS:
        raise UsageError(Problem(f"不支持的格式“{value}”。", hint="--format 可写：text 或 json。"))
    return value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _kind_name(kind: str) -> str:
    return KINDS.get(kind, kind or "？").split("（")[0]


def _print_table(rows: list[library.Entry]) -> None:
    if not rows:
        typer.echo("没有找到符合条件的素材。")
        return
    name_width = max(_width(e.name) for e in rows) + 2
    kind_width = max(_width(_kind_name(e.kind)) for e in rows) + 2
    for e in rows:
        where = library.describe_layer(e.layer)
        if e.shadows:
            where += "，覆盖" + "、".join(library.describe_layer(layer) for layer, _ in e.shadows)
        if e.snippet is None:
            line = _pad(e.name, name_width) + "（文件有错误，运行 drafter snippets check 查看）"
        else:
            line = (_pad(e.name, name_width) + _pad(_kind_name(e.kind), kind_width)
                    + f"{len(e.snippet.variants)} 种写法  {e.snippet.summary}（{where}）")
        typer.echo(line)
    typer.echo(f"共 {len(rows)} 个素材。")


@snippets_app.command("list")
def list_command(
    kind: Optional[str] = typer.Option(None, "--kind", help="只列出这一类，如 closing（结尾号召）。"),
    tag: Optional[str] = typer.Option(None, "--tag", help="只列出带这个标签的，如 安全生产。"),
    fmt: str = typer.Option("text", "--format", help="输出格式：text 或 json。"),
) -> None:
    """列出所有可用的素材（内置、用户、当前文件夹的 snippets/），按名称排序。"""
    fmt = _format(fmt)
    rows = library.list_entries(SearchPath.for_cwd(), kind, tag)
    if fmt == "json":
        typer.echo(library.to_json([e.row() for e in rows]))
    else:
        _print_table(rows)


@snippets_app.command("show")
def show_command(
    name: str = typer.Argument(..., metavar="素材名", help="素材名，如 closing/call。"),
    fmt: str = typer.Option("text", "--format", help="输出格式：text 或 json。"),
) -> None:
    """显示一个素材：生效的文件、被它覆盖的文件、参数和各种写法的正文。"""
    fmt = _format(fmt)
    entry = library.find_entry(SearchPath.for_cwd(), name)
    snip = entry.snippet
    if fmt == "json":
        row = entry.row()
        row.update(
            tags=list(snip.tags),
            params=[{"name": p.name, "meaning": p.meaning, "type": p.type, "required": p.required,
                     "default": p.default} for p in snip.params.values()],
            bodies=[{"name": v.name, "line": v.line, "body": v.body} for v in snip.variants],
            layer=entry.layer,
        )
        typer.echo(library.to_json(row))
        return
    echo = typer.echo
    echo(f"素材：{entry.name}")
    echo(f"类别：{snip.kind}（{KINDS.get(snip.kind, '')}）")
    echo(f"说明：{snip.summary}")
    if snip.tags:
        echo("标签：" + "、".join(snip.tags))
    echo(f"生效的文件：{_shown(entry.path)}（{library.describe_layer(entry.layer)}）")
    if entry.shadows:
        for layer, path in entry.shadows:
            echo(f"它覆盖了：{_shown(path)}（{library.describe_layer(layer)}）")
    else:
        echo("它没有覆盖别的文件。")
    if snip.params:
        echo("参数：")
        for p in snip.params.values():
            need = "必填" if p.required else f"默认“{library_default(p.default)}”"
            echo(f"  {p.name}（{PARAM_TYPES.get(p.type, p.type)}，{need}）：{p.meaning}")
    else:
        echo("参数：无")
    echo(f"写法（共 {len(snip.variants)} 种，生成时按提纲和单位自动挑选一种）：")
    for v in snip.variants:
        echo(f"=== {v.name} ===（第 {v.line} 行起）")
        echo(v.body.strip("\n"))


def _shown(path: Path) -> str:
    """A path as the writer typed it: relative to the current folder when it is inside it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def library_default(value) -> str:
    from drafter.render import plain_value

    if isinstance(value, list) and value and isinstance(value[0], dict):
        return f"{len(value)} 项"
    return plain_value(value)


@snippets_app.command("search")
def search_command(
    word: str = typer.Argument(..., metavar="词", help="要找的词，如 隐患。"),
    fmt: str = typer.Option("text", "--format", help="输出格式：text 或 json。"),
) -> None:
    """按词搜索素材的名称、说明、标签、参数和正文。"""
    fmt = _format(fmt)
    hits = library.search_entries(SearchPath.for_cwd(), word)
    if fmt == "json":
        rows = []
        for entry, where in hits:
            row = entry.row()
            row["matches"] = where
            rows.append(row)
        typer.echo(library.to_json(rows))
        return
    if not hits:
        typer.echo(f"没有找到含“{word}”的素材。")
        return
    for entry, where in hits:
        summary = entry.snippet.summary if entry.snippet else ""
        typer.echo(f"{entry.name}  {summary}")
        for w in where:
            typer.echo(f"    {w}")
    typer.echo(f"共 {len(hits)} 个素材含“{word}”。")


@snippets_app.command("new")
def new_command(
    name: str = typer.Argument(..., metavar="素材名", help="新素材名，如 本单位/结尾 或 closing/call（同名即覆盖内置素材）。"),
    kind: str = typer.Option(..., "--kind", help="素材类别：" + "、".join(KINDS) + "。"),
    user: bool = typer.Option(False, "--user", help="写到用户素材库（本机所有提纲都能用），而不是当前文件夹的 snippets/。"),
) -> None:
    """写出一个带注释的素材样板，默认放在当前文件夹的 snippets/ 里。"""
    path = library.new_snippet(name, kind, user=user)
    typer.echo(f"已写出素材样板：{_shown(path)}", err=True)
    search = SearchPath.for_cwd()
    files = library.scan(search).get(check_name(name), [])
    older = [p for _, p in files if p.resolve() != path.resolve()]
    if older:
        typer.echo(f"它与已有素材同名，生成讲话稿时会用它代替：{_shown(older[-1])}", err=True)
    typer.echo("改好后运行“drafter snippets check”检查。", err=True)


@snippets_app.command("check")
def check_command(
    folder: Optional[Path] = typer.Argument(None, metavar="文件夹", help="要检查的素材文件夹；不写则检查当前能用到的全部素材库（含内置）。"),
    strict: bool = typer.Option(False, "--strict", help="有警告时也以代码 1 退出。"),
    fmt: str = typer.Option("text", "--format", help="输出格式：text 或 json。"),
) -> None:
    """检查素材：语法、参数声明、类别、重名、写法是否太相近、标点和引号。"""
    fmt = _format(fmt)
    if folder is None:
        search = SearchPath.for_cwd()
        report = library.check_library(search)
    else:
        root = library.library_folder(folder)
        search = SearchPath.for_cwd(snippet_dirs=[root])
        report = library.check_library(search, [root])
    if fmt == "json":
        typer.echo(library.to_json({"files": report.files, "variants": report.variants,
                                    "findings": [f.as_dict() for f in report.findings]}))
    else:
        for finding in report.findings:
            typer.echo(finding.format())
        typer.echo(f"检查了 {report.files} 个素材文件、{report.variants} 种写法："
                   f"{len(report.errors)} 个错误，{len(report.warnings)} 个警告。")
    if report.errors:
        raise typer.Exit(EXIT_INPUT)
    if strict and report.warnings:
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)
