"""Output file names: rendering ``--name`` patterns and making names safe on Windows.

A pattern uses the one variable syntax of drafter ({{ 乡镇 }}, {{ 变量["产值(亿元)"] }}) and is
rendered by the same sandboxed Jinja environment as outlines and snippets. The result becomes a
file name that Windows, macOS and Linux all accept: reserved characters become their full-width
forms (a Chinese reader still reads them), control characters go, trailing dots and spaces go,
device names (CON, NUL, COM1…) get an underscore, and the length is capped.
"""
from __future__ import annotations

import re
import unicodedata

from drafter.errors import InputError, Problem, did_you_mean

MAX_STEM = 120  # characters; leaves room for the folder in Windows' 260-character paths

_FULL_WIDTH = str.maketrans({
    "<": "＜", ">": "＞", ":": "：", '"': "＂", "/": "／", "\\": "＼", "|": "｜", "?": "？", "*": "＊",
})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}


def safe_stem(text: str) -> str:
    """A file name (without extension) that every common file system accepts; may be ''."""
    name = unicodedata.normalize("NFC", str(text))
    name = _SPACES.sub(" ", _CONTROL.sub("", name.replace("\n", " ").replace("\t", " ")))
    name = name.translate(_FULL_WIDTH).strip(" .")
    if name.startswith("~$"):  # looks like Word's lock file
        name = "～＄" + name[2:]
    if name.split(".")[0].strip().upper() in _RESERVED:
        name = "_" + name
    if len(name) > MAX_STEM:
        name = name[:MAX_STEM].rstrip(" .")
    return name


def name_key(stem: str) -> str:
    """Two names that are one file on Windows or macOS (case, Unicode forms) share a key."""
    return unicodedata.normalize("NFC", stem).casefold()


class NamePattern:
    """A compiled ``--name`` pattern; ``render(row)`` returns the unsafe, rendered text."""

    SOURCE = "--name"

    def __init__(self, pattern: str, headers: list[str]):
        from drafter.render import compile_source

        self.pattern = pattern
        self.headers = list(headers)
        self.template = compile_source(pattern, self.SOURCE)

    def render(self, values: dict, extra: dict) -> str:
        import jinja2

        from drafter.render import _strip_marks, _unescape

        ctx = dict(extra)
        ctx.update({"变量": values, "vars": values})
        for key, value in values.items():
            if key.isidentifier():
                ctx[key] = value
        try:
            out = self.template.render(ctx)
        except jinja2.UndefinedError as exc:
            raise self._undefined(exc, values) from None
        except Exception as exc:  # noqa: BLE001 - a writer's pattern: translate, never trace
            raise InputError(Problem(f"文件名模式“{self.pattern}”无法使用：{exc}。",
                                     hint="文件名模式写成 --name \"{{ 单位 }}讲话稿\"，列名不是标识符时写 {{ 变量[\"列名\"] }}。")) from None
        return _unescape(_strip_marks(out)).strip()

    def _undefined(self, exc, values: dict) -> InputError:
        message = str(exc)
        m = re.search(r"'([^']+)' is undefined", message) or re.search(r"has no attribute '([^']+)'", message)
        name = m.group(1) if m else ""
        if name in self.headers:  # a known column, empty in this row
            return InputError(Problem(f"“{name}”列是空的，无法生成文件名。", hint="在表格里填上这一格。"))
        hint = did_you_mean(name, self.headers) or ("表格的列有：" + "、".join(self.headers))
        return InputError(Problem(f"文件名模式里的“{name}”不是表格的列名。", hint=hint), )


def default_pattern(headers: list[str]) -> str:
    """Without ``--name``: the first column's value (usually the unit's name)."""
    first = headers[0]
    return "{{ " + first + " }}" if first.isidentifier() else '{{ 变量["' + first.replace('"', '\\"') + '"] }}'
