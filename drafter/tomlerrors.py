"""TOML for writers: one reader, Chinese syntax messages, and the line of any key.

The reader is tomllib's upstream, tomli, when installed: the same parser and messages, but its
wheels are compiled (mypyc), which reads an outline about 1.5× as fast; tomllib otherwise.
It reports errors in English and gives values no positions, so we translate its messages and
find key lines ourselves by scanning the source.
"""
from __future__ import annotations

import functools
import re

try:
    from tomli import TOMLDecodeError, loads
except ImportError:  # pragma: no cover - tomli is a dependency; tomllib is the same parser
    from tomllib import TOMLDecodeError, loads

from drafter.errors import Problem

_MESSAGES = [
    (r"Cannot overwrite a value", "同一个项写了两次。", "删掉重复的那一行。"),
    (r"Cannot declare (.+) twice", "同一个表（方括号里的标题）写了两次。", "把两处合并成一处。"),
    (r"Cannot redefine namespace|Cannot mutate immutable namespace", "这个表和前面的写法冲突。",
     "检查同名的 [表] 或 [[表]] 是否重复。"),
    (r"Duplicate inline table key", "花括号里同一个项写了两次。", "删掉重复的项。"),
    (r"Expected '=' after a key", "这一行缺少“=”。", "写成“名称 = 值”，文字值两边加英文双引号。"),
    (r"Expected '\]' at the end of a table", "表标题缺少右方括号“]”。", "写成 [名称]。"),
    (r"Expected '\]\]' at the end of an array", "表标题缺少“]]”。", "写成 [[名称]]。"),
    (r"Expected newline or end of document", "一行里只能写一项。", "把后面的内容移到下一行；文字值要用英文双引号括起来。"),
    (r"Invalid date or datetime", "日期写法不对。", "写成 2026-03-15 这样的格式，或用双引号写成文字“2026年3月15日”。"),
    (r"Invalid initial character for a key part|Invalid statement", "这一行的写法不对。",
     "项名用英文字母写，如 title = \"……\"；中文项名要加英文双引号。"),
    (r"Invalid value", "值的写法不对。", "文字要用英文双引号括起来，如 title = \"在……会议上的讲话\"。"),
    (r"Unclosed array", "方括号列表没有闭合。", "在列表最后加上“]”，各项之间用英文逗号分隔。"),
    (r"Unclosed inline table", "花括号没有闭合。", "在最后加上“}”；花括号内的内容必须写在同一行。"),
    (r"Unterminated string", "引号没有闭合。", "文字两边都要有英文双引号；很长的文字可用三个双引号 \"\"\" 括起来。"),
    (r"Illegal character|Found invalid character", "这里有不允许的字符。",
     "可能是中文引号或全角符号用在了语法位置：语法符号（= \" [ ] ,）要用英文半角。"),
    (r"Unescaped '\\\\' in a string|Escaped character|Invalid hex value", "文字里的反斜杠“\\”用法不对。",
     "把“\\”写成“\\\\”，或改用单引号括起文字。"),
]
_BARE_KEY = re.compile(r"^\s*([^\"'=\s\[][^=]*?)\s*=")
_POS_RE = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def toml_problem(exc: TOMLDecodeError, path: str, line_offset: int = 0, text: str = "") -> Problem:
    """A Chinese Problem for a TOML syntax error, with the line and column."""
    msg = str(exc)
    line = col = None
    m = _POS_RE.search(msg)
    if m and m.group(1):
        line, col = int(m.group(1)) + line_offset, int(m.group(2))
    elif m and text:
        line = text.count("\n") + 1 + line_offset
    source_line = text.split("\n")[line - 1 - line_offset] if text and line and line > line_offset else ""
    bare = _BARE_KEY.match(source_line)
    if bare and not bare.group(1).isascii():
        key = bare.group(1)
        return Problem(f"TOML 格式错误：中文项名“{key}”要用英文双引号括起来。", path, line, col,
                       f"写成 \"{key}\" = ……")
    for pattern, message, hint in _MESSAGES:
        if re.search(pattern, msg):
            return Problem("TOML 格式错误：" + message, path, line, col, hint)
    return Problem(f"TOML 格式错误（{_POS_RE.sub('', msg).strip()}）。", path, line, col,
                   "对照 docs/outline-format.md 检查这一行。")


class KeyLines:
    """Finds the source line of a dotted key path such as ("sections", 2, "heading").

    Built once per file by scanning table headers and ``key =`` lines; good enough for the
    plain TOML writers keep (no dotted keys spread over several tables).
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r'^\s*("[^"]*"|\'[^\']*\'|[A-Za-z0-9_\-]+)\s*=')

    def __init__(self, text: str):
        self.index: dict[tuple, int] = {}
        counters: dict[tuple, int] = {}
        table: tuple = ()
        in_multiline = None
        for number, line in enumerate(text.split("\n"), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            if "=" not in line and "[" not in line:  # most lines of an outline are text
                continue
            # The first visible character decides what a line can be: comments, blank lines
            # and "[" lines that are not headers hold no key (a key cannot start with "[").
            first = line.lstrip()[:1]
            if first in ("", "#"):
                continue
            if first == "[":
                header = self._HEADER.match(line)
                if header is None:
                    continue
                parts = _header_parts(header.group(2))
                if header.group(1) == "[[":
                    base = self._resolve(parts[:-1], counters)
                    key = base + (parts[-1],)
                    counters[key] = counters.get(key, -1) + 1
                    table = key + (counters[key],)
                else:
                    table = self._resolve(parts, counters)
                self.index.setdefault(table, number)
                continue
            if "=" not in line:
                continue
            key = self._KEY.match(line)
            if key:
                self.index.setdefault(table + (_unquote(key.group(1)),), number)
                rest = line[key.end():]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_multiline = quote

    @staticmethod
    def _resolve(parts: tuple, counters: dict) -> tuple:
        """Map a header path onto the latest element of every array-of-tables in it."""
        out: tuple = ()
        for part in parts:
            out = out + (part,)
            if out in counters:
                out = out + (counters[out],)
        return out

    def line(self, path: tuple) -> int | None:
        """The line of ``path`` or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.index:
                return self.index[path]
            path = path[:-1]
        return None


@functools.lru_cache(maxsize=1024)
def _header_parts(text: str) -> tuple[str, ...]:
    """("sections", "subsections") for "sections.subsections"; an outline repeats a few headers
    many times, so each is split once."""
    return tuple(_unquote(p) for p in _split_dotted(text))


_DOTTED_PART = re.compile(r'"[^"]*"|\'[^\']*\'|[^.]+')


def _split_dotted(text: str) -> list[str]:
    return [p.strip() for p in _DOTTED_PART.findall(text) if p.strip()]


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text
