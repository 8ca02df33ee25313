"""``drafter batch``: the typer command. The work is in drafter.batch, imported only when the
command runs, so ``drafter new`` starts no slower for it."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

HELP = """批量生成讲话稿：多份提纲一次生成，或者一份提纲配一张单位表、每行生成一份。

\b
  drafter batch 提纲1.toml 提纲2.toml 会议/ "其他/*.toml" -o 输出文件夹
  drafter batch --outline 动员会.toml --data 乡镇.xlsx --name "{{ 乡镇 }}动员会讲话" -o 输出文件夹

表格的列名就是变量，写法与提纲里相同：{{ 乡镇 }}，列名不是标识符时写 {{ 变量["产值(亿元)"] }}。
再次运行时只重新生成有变化的稿子；手工改过的稿子保留不动，除非加 --force。"""


def register(app: typer.Typer) -> None:
    @app.command("batch", help=HELP, options_metavar="[选项]")
    def batch_command(
        # The "..." is part of the metavar: typer 0.26-0.28 add none to a named one, and the
        # usage line should still say that several inputs may follow.
        inputs: Optional[List[Path]] = typer.Argument(
            None, metavar="输入...", show_default=False,
            help="提纲文件（.toml）、放提纲的文件夹，或通配符（如 \"会议/*.toml\"）。"),
        out: Path = typer.Option(..., "--out", "-o", metavar="文件夹", help="输出文件夹（记录文件 drafter-manifest.json 也放在这里）。",
                                 show_default=False),
        outline: Optional[Path] = typer.Option(None, "--outline", "-i", metavar="提纲", help="与 --data 同用：各单位共用的提纲。"),
        data: Optional[Path] = typer.Option(None, "--data", metavar="表格", help="单位表：Excel 工作簿（.xlsx）或 CSV（.csv），每行一个单位。"),
        sheet: Optional[str] = typer.Option(None, "--sheet", metavar="工作表", help="用工作簿里的哪张工作表；默认第一张。"),
        header_row: Optional[int] = typer.Option(None, "--header-row", metavar="行号", help="表头（列名）在第几行，按 Excel 左侧的行号；默认自动找。"),
        name: Optional[str] = typer.Option(None, "--name", metavar="模式", help="文件名模式，如 \"{{ 乡镇 }}动员会讲话\"；默认用第一列的值。"),
        jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="N", help="同时用几个进程；默认用全部 CPU 核。"),
        force: bool = typer.Option(False, "--force", help="覆盖手工改过的稿子和不是 drafter 生成的同名文件。"),
        template: Optional[str] = typer.Option(None, "--template", metavar="模板名", help="模板名，如 speech/default。"),
        reference_doc: Optional[Path] = typer.Option(None, "--reference-doc", metavar="文件", help="本单位的 Word 模板（.docx）。"),
        snippets: List[Path] = typer.Option([], "--snippets", metavar="文件夹", help="额外的素材文件夹（优先级最高），可写多次。"),
        templates: List[Path] = typer.Option([], "--templates", metavar="文件夹", help="额外的模板文件夹（优先级最高），可写多次。"),
        progress: str = typer.Option("auto", "--progress", metavar="方式", help="进度显示：auto（默认）、bar、lines 或 none。"),
    ) -> None:
        from drafter.batch.command import run_batch_command

        raise typer.Exit(run_batch_command(
            inputs=list(inputs or []), out=out, outline=outline, data=data, sheet=sheet,
            header_row=header_row, name=name, jobs=jobs, force=force, template=template,
            reference_doc=reference_doc, snippet_dirs=tuple(snippets), template_dirs=tuple(templates),
            progress=progress))
