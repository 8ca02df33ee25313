"""``drafter batch`` after option parsing: check the combination of options, run, exit code."""
from __future__ import annotations

from pathlib import Path

from drafter.batch.runner import BatchOptions, run_batch
from drafter.errors import Problem, UsageError

PROGRESS_KINDS = ("auto", "bar", "lines", "none")


def run_batch_command(*, inputs: list, out: Path, outline: Path | None, data: Path | None,
                      sheet: str | None, header_row: int | None, name: str | None, jobs: int | None,
                      force: bool, template: str | None, reference_doc: Path | None,
                      snippet_dirs: tuple, template_dirs: tuple, progress: str = "auto") -> int:
    if progress not in PROGRESS_KINDS:
        raise UsageError(Problem(f"--progress 不能写“{progress}”。", hint="可写：auto、bar、lines、none。"))
    if data is not None or outline is not None:
        if inputs:
            raise UsageError(Problem("用 --outline/--data 时，命令后面不要再写提纲文件。",
                                     hint="两种用法选一种：drafter batch 提纲… -o 文件夹，"
                                          "或 drafter batch --outline 提纲 --data 单位表 -o 文件夹。"))
        if data is None:
            raise UsageError(Problem("--outline 要和 --data（单位表）一起用。",
                                     hint=f"要生成多份提纲，直接写：drafter batch {outline} 其他提纲.toml -o 文件夹。"))
        if outline is None:
            raise UsageError(Problem("用 --data 时要用 --outline 指定各单位共用的提纲。"))
    else:
        for option, value in (("--sheet", sheet), ("--header-row", header_row), ("--name", name)):
            if value is not None:
                raise UsageError(Problem(f"{option} 只能和 --data（单位表）一起用。"))
        if not inputs:
            raise UsageError(Problem("没有写要处理的提纲。",
                                     hint="例如：drafter batch 会议/*.toml -o 输出，"
                                          "或 drafter batch --outline 提纲.toml --data 单位表.xlsx -o 输出。"))
    if jobs is not None and jobs < 1:
        raise UsageError(Problem("--jobs 应当是 1 或更大的整数。"))
    if header_row is not None and header_row < 1:
        raise UsageError(Problem("--header-row 应当是 1 或更大的行号（按 Excel 左侧显示的行号）。"))
    options = BatchOptions(
        outdir=Path(out), inputs=list(inputs), outline=outline, data=data, sheet=sheet,
        header_row=header_row, name=name, jobs=jobs, force=force, template=template,
        reference_doc=reference_doc, snippet_dirs=tuple(snippet_dirs),
        template_dirs=tuple(template_dirs), progress=progress,
    )
    return run_batch(options).exit_code
