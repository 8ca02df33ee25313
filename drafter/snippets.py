"""The snippet file format: a commented TOML header, then one or more Jinja variants.

    +++
    kind = "guarantees"                 # one of KINDS
    summary = "组织保障：加强领导、压实责任、督查问效"
    tags = ["通用", "部署动员"]
    [params.topic]
    meaning = "工作名称"
    default = "这项工作"                  # no default → required
    type = "text"                        # text / list / number / date / table
    +++
    === 平实 ===
    ……Jinja producing draft markup……
    === 有力 ===
    ……

A file without "=== name ===" lines has one variant called 默认. Writers keep these files in
Notepad or WPS, so the header is plain TOML and every problem names the file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import InputError, Problem
from drafter.textio import read_text
from drafter.tomlerrors import TOMLDecodeError, loads, toml_problem

# The closed list of kinds: English ids for files, Chinese names for people.
KINDS = {
    "opening_purpose": "开场主旨（今天召开……）",
    "opening_recap": "开场回顾（刚才……）",
    "opening_assessment": "开场评价",
    "opening_examples": "典型事例",
    "opening_summary": "开场小结（总之……）",
    "problems": "问题不足",
    "context": "形势背景",
    "transition": "过渡语（下面，我讲几点意见）",
    "section": "意见正文",
    "subpoint": "分项要点",
    "guarantees": "组织保障",
    "closing": "结尾号召",
    "speech": "整篇讲话",
}
PARAM_TYPES = {"text": "文字", "list": "文字列表", "number": "数字", "date": "日期", "table": "表格"}
_VARIANT_RE = re.compile(r"^===\s*(.+?)\s*===\s*$")
_HEADER_KEYS = {"kind", "summary", "tags", "params"}
_PARAM_KEYS = {"meaning", "default", "type", "required"}


@dataclass(frozen=True)
class Param:
    name: str
    meaning: str = ""
    required: bool = False
    default: object = None
    type: str = "text"


@dataclass(frozen=True)
class Variant:
    name: str
    body: str
    line: int  # file line of the body's first line


@dataclass(frozen=True)
class Snippet:
    name: str
    path: str
    kind: str
    summary: str
    tags: tuple[str, ...]
    params: dict = field(default_factory=dict)  # name -> Param
    variants: tuple[Variant, ...] = ()


def parse_snippet(text: str, name: str, path: str, first_line: int = 1) -> Snippet:
    """Parse a snippet file's text; every problem names ``path`` and its line."""
    lines = text.split("\n")
    header, body_start = {}, 0
    problems: list[Problem] = []
    if lines and lines[0].strip() == "+++":
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
        except StopIteration:
            raise InputError(Problem("素材文件头没有结束：缺少第二个“+++”行。", path, first_line,
                                     hint="文件头以“+++”开始，也要以单独一行“+++”结束。")) from None
        header = _parse_header("\n".join(lines[1:end]), path, first_line + 1)
        body_start = end + 1
    else:
        problems.append(Problem("素材文件缺少文件头（以“+++”开始和结束）。", path, first_line,
                                hint="参照 docs/snippets.md，在文件开头写明 kind、summary 和参数。"))
    variants = _split_variants(lines[body_start:], first_line + body_start)
    if problems:
        raise InputError(problems)
    return snippet_from_header(header, variants, name, path, first_line)


def snippet_from_header(header: dict, variants: list, name: str, path: str, line: int) -> Snippet:
    """Check a parsed header and build the Snippet (shared by files and outline-local snippets)."""
    problems = _check_header(header, path, line)
    if not variants:
        problems.append(Problem(f"素材“{name}”没有正文。", path, line))
    if problems:
        raise InputError(problems)
    params = {}
    for pname, spec in (header.get("params") or {}).items():
        spec = spec if isinstance(spec, dict) else {"default": spec}
        required = bool(spec.get("required", "default" not in spec))
        params[pname] = Param(pname, str(spec.get("meaning", "")), required, spec.get("default"),
                              str(spec.get("type", "text")))
    return Snippet(name, path, header.get("kind", ""), str(header.get("summary", "")),
                   tuple(header.get("tags", ())), params, tuple(variants))


def _parse_header(text: str, path: str, line: int) -> dict:
    try:
        return loads(text)
    except TOMLDecodeError as exc:
        raise InputError(toml_problem(exc, path, line_offset=line - 1)) from None


def _check_header(header: dict, path: str, first_line: int) -> list[Problem]:
    from drafter.errors import did_you_mean

    problems = []
    if not header:
        return problems
    for key in header:
        if key not in _HEADER_KEYS:
            problems.append(Problem(f"素材文件头里有不认识的项“{key}”。", path, first_line,
                                    hint=did_you_mean(key, _HEADER_KEYS) or "可用的项：kind、summary、tags、params。"))
    kind = header.get("kind")
    if kind is None:
        problems.append(Problem("素材文件头缺少 kind（素材类别）。", path, first_line,
                                hint="可用的类别：" + "、".join(KINDS)))
    elif not isinstance(kind, str) or kind not in KINDS:
        problems.append(Problem(f"不认识的素材类别“{kind}”。", path, first_line,
                                hint=did_you_mean(kind, KINDS) or "可用的类别：" + "、".join(KINDS)))
    if not isinstance(header.get("summary", ""), str):
        problems.append(Problem("素材文件头的 summary（简介）应当是一段文字。", path, first_line,
                                hint="写成 summary = \"……\"。"))
    tags = header.get("tags", [])
    if not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        problems.append(Problem("素材文件头的 tags（标签）应当是文字列表。", path, first_line,
                                hint="写成 tags = [\"安全生产\", \"乡镇\"]。"))
    params = header.get("params") or {}
    if not isinstance(params, dict):
        problems.append(Problem("素材文件头的 params 应当是一个表：[params.参数名]。", path, first_line,
                                hint="每个参数写成 [params.名称]，下面写 meaning、default 等。"))
        params = {}
    for pname, spec in params.items():
        if isinstance(spec, dict):
            for key in spec:
                if key not in _PARAM_KEYS:
                    problems.append(Problem(f"参数“{pname}”里有不认识的项“{key}”。", path, first_line,
                                            hint=did_you_mean(key, _PARAM_KEYS) or "可用的项：meaning、default、type、required。"))
            ptype = spec.get("type", "text")
            if not isinstance(ptype, str) or ptype not in PARAM_TYPES:
                problems.append(Problem(f"参数“{pname}”的类型“{ptype}”不认识。", path, first_line,
                                        hint="可用的类型：" + "、".join(PARAM_TYPES)))
    return problems


def _split_variants(lines: list[str], first_line: int) -> list[Variant]:
    variants: list[Variant] = []
    name, start, body = "默认", first_line, []
    seen_marker = False
    for offset, line in enumerate(lines):
        m = _VARIANT_RE.match(line.strip())
        if m:
            if seen_marker or "".join(body).strip():
                variants.append(Variant(name, "\n".join(body), start))
            name, start, body, seen_marker = m.group(1), first_line + offset + 1, [], True
        else:
            body.append(line)
    if "".join(body).strip():
        variants.append(Variant(name, "\n".join(body), start))
    return [v for v in variants if v.body.strip()]


_CACHE: dict[tuple, Snippet] = {}


def load_snippet(path: Path, name: str) -> Snippet:
    """Parse a snippet file once per process and change (batch runs load each file once)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(key)
    if cached is None or cached.name != name:
        cached = parse_snippet(read_text(path, "素材文件"), name, str(path))
        _CACHE[key] = cached
    return cached
