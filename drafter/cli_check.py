"""``drafter check``: the typer command; the work is in drafter.check (imported lazily)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check_command(
        file: Path = typer.Argument(..., metavar="文件", help="要检查的文件：提纲（.toml）、Word 文档（.docx）或纯文本（.txt）。",
                                    show_default=False),
        final: bool = typer.Option(False, "--final", help="定稿检查：留下的占位符（XX、某某、【待补】等）算作错误。"),
        strict: bool = typer.Option(False, "--strict", help="有警告也以代码 1 退出。"),
        fix: bool = typer.Option(False, "--fix", help="自动改正标点全半角和日期写法，另存为“原名.fixed.docx/.txt”。"),
        force: bool = typer.Option(False, "--force", help="与 --fix 同用：改正后的文件已存在时覆盖它。"),
        fmt: str = typer.Option("text", "--format", help="输出格式：text（给人看，默认）或 json（给程序读）。"),
        config: Optional[Path] = typer.Option(None, "--config", help="再加一个检查配置文件（check.toml），优先级最高。"),
    ) -> None:
        """检查讲话稿：条数、序号、占位符、标点、重复、日期、句长和时长。"""
        from drafter.check.command import run_check

        raise typer.Exit(run_check(file, final=final, strict=strict, fix=fix, force=force, fmt=fmt,
                                   config=config))
