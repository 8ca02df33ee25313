"""TOML for writers: one reader, Chinese syntax messages, and the line of any key.

The reader is toml-rs (the Rust ``toml`` crate) held to TOML 1.0 where it is installed, and
tomli (tomllib's upstream, TOML 1.1) for everything toml-rs refuses and wherever it is not:
an outline toml-rs cannot read is read again by tomli, which either accepts it (TOML 1.1 adds
a little to 1.0) or gives the error drafter translates. So what drafter accepts, and every
message it gives, is tomli's on every platform; toml-rs only reads outlines about 7× as fast
(0.15 vs 1.1 ms for the long example). Neither gives values positions, so key lines come from
scanning the source (KeyLines).
"""
from __future__ import annotations

import functools
import os
import re
import threading

# toml-rs allocates through mimalloc, which commits its first 4 MB arena at once: about 6 MB
# more in every process (a batch runs one per core). Committing on use measured no slower.
os.environ.setdefault("MIMALLOC_ARENA_EAGER_COMMIT", "0")
try:
    from toml_rs import loads as _toml_rs_loads
except ImportError:  # pragma: no cover - installed wherever it has a wheel
    _toml_rs_loads = None

from drafter.errors import Problem


class TOMLDecodeError(ValueError):
    """Not TOML: tomli's message as it words it ("… (at line 3, column 5)")."""


def _tomli():
    """tomli, imported when toml-rs leaves it a document: most runs never need its 3 ms."""
    try:
        import tomli
    except ImportError:  # pragma: no cover - tomli is a dependency; tomllib is its older copy
        import tomllib as tomli
    return tomli


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
    (r"Unclosed inline table", "花括号没有闭合。", "在最后加上“}”，各项之间用英文逗号分隔。"),
    (r"Nesting too deep", "方括号或花括号套得太深。", "提纲用不到这么多层；检查是否多写了“[”或“{”。"),
    (r"Unterminated string", "引号没有闭合。", "文字两边都要有英文双引号；很长的文字可用三个双引号 \"\"\" 括起来。"),
    # A string left open at the end of its line: what tomli calls a newline inside a string.
    (r"Illegal character '\\n'", "这一行的引号没有闭合（文字没写完就换行了）。",
     "在文字末尾补上英文双引号；文字很长要分几行写时，用三个单引号 \'\'\' 把它括起来。"),
    (r"Expected \"'''\"", "三个单引号括起的文字没有结束。", "在这段文字末尾另写三个英文单引号 '''。"),
    (r"Expected \"'\"", "单引号没有闭合。",
     "文字两边的单引号要成对；文字很长要分几行写时，用三个单引号 \'\'\' 把它括起来。"),
    (r"Illegal character|Found invalid character", "这里有不允许的字符。",
     "可能是中文引号或全角符号用在了语法位置：语法符号（= \" [ ] ,）要用英文半角。"),
    (r"Unescaped '\\' in a string|Escaped character|Invalid hex value", "文字里的反斜杠“\\”用法不对。",
     "把“\\”写成“\\\\”，或改用单引号括起文字。"),
]
# toml-rs recurses on the machine stack, about 2 KB per level of nested [ or {: a crafted
# outline thousands of levels deep would crash the process where tomli raises RecursionError.
# The count of brackets bounds the depth. Up to _DIRECT_BRACKETS (the long example has 131) it
# parses on the caller's stack, which holds them even in a 512 KB thread; up to _THREAD_BRACKETS
# in a thread of its own with a 64 MB stack (20,000 levels measured safe); beyond, tomli.
_DIRECT_BRACKETS = 200
_THREAD_BRACKETS = 20_000
_THREAD_STACK = 64 << 20
_stack_lock = threading.Lock()


def loads(text: str) -> dict:
    """The TOML document ``text`` as data; TOMLDecodeError with tomli's message when it is not TOML."""
    if _toml_rs_loads is not None:
        brackets = text.count("[") + text.count("{")
        try:
            if brackets <= _DIRECT_BRACKETS:
                return _read_toml_10(text)
            if brackets <= _THREAD_BRACKETS:
                return _in_big_stack(text)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # noqa: BLE001 - refused, failed, or a Rust panic (pyo3 raises those
            pass               # as BaseException): tomli decides and words the error
    tomli = _tomli()
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise TOMLDecodeError(str(exc)) from None
    except RecursionError:
        raise TOMLDecodeError("Nesting too deep (at end of document)") from None


def _read_toml_10(text: str) -> dict:
    """toml-rs held to TOML 1.0: its 1.1 mode accepts what tomli refuses (see the module note)."""
    return _toml_rs_loads(text, toml_version="1.0.0")


def _in_big_stack(text: str) -> dict:
    result: list = []

    def parse() -> None:
        try:
            result.append(_read_toml_10(text))
        except BaseException as exc:  # noqa: BLE001 - Rust panics are BaseExceptions
            result.append(exc)

    with _stack_lock:  # stack_size is process-wide: set, start, put back
        previous = threading.stack_size(_THREAD_STACK)
        try:
            worker = threading.Thread(target=parse, name="drafter-toml", daemon=True)
            worker.start()
        finally:
            threading.stack_size(previous)
    worker.join()
    if isinstance(result[0], BaseException):
        raise ValueError("toml-rs failed") from result[0]
    return result[0]


_BARE_KEY = re.compile(r"^\s*([^\"'=\s\[][^=]*?)\s*=")
# Writers' slips that tomli words in terms of what it expected next; the line itself says more.
_SLIPS = [
    (re.compile(r"[=\[,]\s*[“‘]"), "文字两边用了中文引号。",
     "把“ ”换成英文双引号 \"，如 title = \"在……会议上的讲话\"。"),
    (re.compile(r"^\s*[\w\"'.\-]+\s*＝"), "等号用了全角的“＝”。", "换成英文半角的“=”。"),
    (re.compile(r"=\s*\d{4}\s*(?:年\s*\d{1,2}\s*月|[-/.]\d{1,2}[-/.]\d{1,2})"), "日期写法不对。",
     "写成 2026-04-16（月、日都写两位数），或用双引号写成文字 \"2026年4月16日\"。"),
    # "2026年度……" or "3 个": a number, then words that were meant to be part of the text
    (re.compile(r"=\s*[0-9+\-][^\"'#]*[^\x00-\x7f]"), "文字没有用英文双引号括起来。",
     "文字两边要加英文双引号，如 title = \"2026年度……\"；这里要写的若是数字（如 duration = 70），"
     "数字后面不要带“分钟”这样的单位。"),
]
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
    for slip, message, hint in _SLIPS:
        if slip.search(source_line):
            return Problem("TOML 格式错误：" + message, path, line, col, hint)
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
            line = self.index.get(path)  # a tuple's hash is not cached: look up once
            if line is not None:
                return line
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
