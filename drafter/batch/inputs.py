"""The outlines a batch works on: files, folders of outlines, and glob patterns.

Shells on Windows do not expand ``*``, so drafter does (``**`` reaches into sub-folders). A
folder contributes the ``*.toml`` files directly inside it, except office settings
(``check.toml``) and hidden or temporary files. Each outline gives ``OUTDIR/<stem>.docx``;
two outlines with the same stem are an error naming both.
"""
from __future__ import annotations

import glob
import os
from pathlib import Path

from drafter.batch.names import name_key
from drafter.errors import InputError, Problem, UsageError

NOT_OUTLINES = {"check.toml", "pyproject.toml"}
_GLOB_CHARS = set("*?[")


def _is_outline_name(path: Path) -> bool:
    name = path.name
    return (path.suffix.lower() == ".toml" and name.lower() not in NOT_OUTLINES
            and not name.startswith((".", "~$")))


def expand_inputs(inputs: list[str | os.PathLike]) -> list[Path]:
    """Every outline named by ``inputs``, in a stable order, each once."""
    found: list[Path] = []
    problems: list[Problem] = []
    for raw in inputs:
        text = str(raw)
        path = Path(text)
        if path.is_dir():
            outlines = sorted((p for p in path.iterdir() if p.is_file() and _is_outline_name(p)),
                              key=lambda p: p.name)
            if not outlines:
                problems.append(Problem("这个文件夹里没有提纲文件（.toml）。", text,
                                        hint="把提纲放进这个文件夹，或直接写出提纲文件名。"))
            found += outlines
        elif path.is_file():
            found.append(path)
        elif _GLOB_CHARS & set(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True))
            outlines = [m for m in matches if m.is_file() and _is_outline_name(m)]
            if not outlines:
                problems.append(Problem(f"没有与“{text}”匹配的提纲文件。",
                                        hint="检查文件夹和通配符是否写对，例如：会议/*.toml。"))
            found += outlines
        else:
            problems.append(Problem("找不到这个提纲文件或文件夹。", text,
                                    hint="请检查文件名和所在文件夹是否写对。"))
    if problems:
        raise InputError(problems)
    unique: list[Path] = []
    seen: set[str] = set()
    for path in found:
        key = os.path.normcase(str(path.resolve()))
        if key not in seen:
            seen.add(key)
            unique.append(path)
    check_stems(unique)
    return unique


def check_stems(outlines: list[Path]) -> None:
    """Two outlines that would write the same OUTDIR/<stem>.docx: an error naming both."""
    first: dict[str, Path] = {}
    problems = []
    for path in outlines:
        key = name_key(path.stem)
        if key in first:
            problems.append(Problem(
                f"两份提纲会生成同一个文件“{path.stem}.docx”：{first[key]} 和 {path}。",
                hint="把其中一份提纲改名，或分两次运行、输出到不同的文件夹（-o）。"))
        else:
            first[key] = path
    if problems:
        raise UsageError(problems)
