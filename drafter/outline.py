"""Load and validate a meeting outline (TOML) into plain data that templates read.

Keys are English (TOML bare keys are ASCII), values Chinese. Every schema problem is collected
with its line (tomllib gives none, so tomlerrors.KeyLines scans the source) and raised at once.
Strings come back as ``Sourced`` (a str that remembers its outline line), so later errors and
checks can point at the outline.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from drafter.errors import InputError, Problem, did_you_mean
from drafter.textio import read_text
from drafter.tomlerrors import KeyLines, TOMLDecodeError, loads, toml_problem


class Sourced(str):
    """A string from the outline that remembers its file and line."""

    file: str
    line: int

    def __new__(cls, value: str, file: str, line: int | None):
        obj = super().__new__(cls, value)
        obj.file, obj.line = file, line or 0
        return obj


class SourcedDict(dict):
    """A table from the outline that remembers its file and line (for snippet calls)."""

    file: str = ""
    line: int = 0


# ---- the schema ----------------------------------------------------------------------------
# A spec is one of: "text", "bool", "number", "date", "name", ("choice", *values), ("list", spec),
# ("array", spec) for arrays of tables, a dict of key -> spec (a table), "passage", "item",
# "free" (any scalar values) or ("any", spec, spec, ...).

PASSAGE = "passage"  # text, list of texts, a {snippet = "..."} table, or false
LIST_SPEC = {
    "style": ("choice", "是", "要", "首先", "第一", "一是", "一要"),
    "layout": ("choice", "block", "inline"),
    "intro": PASSAGE,
    "items": ("list", "item"),
    "outro": PASSAGE,
}
PARTS = {"before": PASSAGE, "after": PASSAGE}
SUBSECTION = {"heading": "text", "runin": "bool", "intro": PASSAGE, "paragraphs": PASSAGE,
              "list": LIST_SPEC, "snippet": "name", **PARTS}
SECTION = {"heading": "text", "intro": PASSAGE, "paragraphs": PASSAGE, "list": LIST_SPEC,
           "subsections": ("array", SUBSECTION), "snippet": "name", **PARTS}
SCHEMA = {
    "meeting": {
        "title": "text", "subtitle": "text", "speaker": "text", "post": "text",
        "byline": ("list", ("choice", "speaker", "date")), "date": "date", "place": "text",
        "occasion": "text", "office": "text", "salutation": "text", "duration": "number",
        "template": "name", "profile": "text", "seed": "text",
    },
    "vars": "free",
    "agenda": ("array", {"who": "text", "did": "text", "about": "text"}),
    "opening": {"recap": ("any", "bool", PASSAGE), "assessment": PASSAGE,
                "examples": ("any", ("array", {"who": "text", "did": "text"}), PASSAGE),
                "examples_intro": "text", "summary": PASSAGE, "snippet": "name", **PARTS},
    "problems": {**LIST_SPEC, "snippet": "name", **PARTS},
    "context": PASSAGE,
    "transition": ("any", {"topic": "text", "text": "text", "snippet": "name", **PARTS}, PASSAGE),
    "sections": ("array", SECTION),
    "guarantees": {**SECTION, "numbered": "bool"},
    "closing": ("any", {"text": PASSAGE, "snippet": "name", **PARTS}, PASSAGE),
    "snippets": "local-snippets",
}
REQUIRED = {("meeting",): ["title"], ("agenda", "*"): ["who"]}

_TYPE_NAMES = {"text": "文字（用双引号括起来）", "bool": "true 或 false", "number": "数字",
               "date": "日期（如 2026-03-15）", "name": "名称（如 \"opening/assessment\"）"}


@dataclass
class Outline:
    path: Path
    data: dict  # validated, every schema key present (None when not written); strings are Sourced
    text: str
    lines: KeyLines
    templated: tuple = ()  # paths in ``data`` of strings that use variables

    @property
    def meeting(self) -> dict:
        return self.data.get("meeting", {})



class _Validator:
    def __init__(self, path: str, lines: KeyLines):
        self.path, self.lines = path, lines
        self.problems: list[Problem] = []
        self.templated: list[tuple] = []  # where the strings that use variables are in the data

    def problem(self, keypath: tuple, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(message, self.path, self.lines.line(keypath), hint=hint))

    def sourced(self, value: str, keypath: tuple, where: tuple | None = None) -> Sourced:
        """``value`` with the line of ``keypath``; ``where`` is its place in the data when that
        differs (the items of a list share their key's line)."""
        if "{" in value and ("{{" in value or "{%" in value):
            self.templated.append(keypath if where is None else where)
        return Sourced(value, self.path, self.lines.line(keypath))

    def check(self, value, spec, keypath: tuple):
        """Validate ``value`` against ``spec``; return the converted value (or None if wrong)."""
        if isinstance(spec, dict):
            return self.table(value, spec, keypath)
        if isinstance(spec, tuple):
            head = spec[0]
            if head == "choice":
                if value not in spec[1:]:
                    self.problem(keypath, f"“{_dotted(keypath)}”的值“{value}”不在可选范围内。",
                                 "可写：" + "、".join(f"\"{c}\"" for c in spec[1:]))
                    return None
                return self.sourced(value, keypath)
            if head == "list":
                if not isinstance(value, list):
                    value = [value] if isinstance(value, (str, dict)) else value
                if not isinstance(value, list):
                    self.problem(keypath, f"“{_dotted(keypath)}”应当是一个列表 [ ……, …… ]。")
                    return None
                return [self.check(v, spec[1], keypath + (i,)) for i, v in enumerate(value)]
            if head == "array":
                if isinstance(value, dict) and "snippet" not in value:  # a snippet call is a passage
                    value = [value]
                if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                    self.problem(keypath, f"“{_dotted(keypath)}”应当写成 [[{_dotted(keypath)}]] 表。")
                    return None
                return [self.table(v, spec[1], keypath + (i,)) for i, v in enumerate(value)]
            if head == "any":
                return self.any_of(value, spec[1:], keypath)
        return self.scalar(value, spec, keypath)

    def any_of(self, value, specs, keypath):
        for spec in specs:
            probe = _Validator(self.path, self.lines)
            converted = probe.check(value, spec, keypath)
            if not probe.problems:
                self.templated += probe.templated
                return converted
        # Report against the most specific alternative: a table for a table, else the last.
        for spec in specs:
            if isinstance(value, dict) and isinstance(spec, dict):
                return self.check(value, spec, keypath)
        return self.check(value, specs[-1], keypath)

    def scalar(self, value, spec, keypath):
        if spec == "free":
            return self.free(value, keypath)
        if spec == "local-snippets":
            return self.local_snippets(value, keypath)
        if spec == PASSAGE:
            return self.passage(value, keypath)
        if spec == "item":
            return self.item(value, keypath)
        if not _SCALAR_FITS[spec](value):
            self.problem(keypath, f"“{_dotted(keypath)}”的值应当是{_TYPE_NAMES[spec]}。")
            return None
        return self.sourced(value, keypath) if isinstance(value, str) else value

    def table(self, value, spec: dict, keypath: tuple, fill: bool = True):
        """A table checked key by key. With ``fill``, every key the schema knows is present
        (None when not written), so templates can test ``{% if x.key %}`` under StrictUndefined
        without a wall of ``is defined`` checks."""
        if not isinstance(value, dict):
            self.problem(keypath, f"“{_dotted(keypath)}”应当是一个表（[{_dotted(keypath)}] 下面写各项）。")
            return None
        out = SourcedDict()
        out.file, out.line = self.path, self.lines.line(keypath) or 0
        calls_snippet = "snippet" in value
        for key, item in value.items():
            if key in spec:
                out[key] = self.check(item, spec[key], keypath + (key,))
            elif calls_snippet:
                out[key] = self.param(item, keypath + (key,))  # checked against the snippet later
            else:
                self.problem(keypath + (key,), f"不认识的项“{key}”。",
                             did_you_mean(key, spec) or "可用的项：" + "、".join(spec))
        wildcard = keypath[:-1] + ("*",) if keypath and isinstance(keypath[-1], int) else keypath
        for key in REQUIRED.get(wildcard, []):
            if key not in value:
                self.problem(keypath, f"缺少必填项“{key}”（在 [{_dotted(keypath)}] 里）。",
                             f"在 [{_dotted(keypath)}] 下面加一行 {key} = \"……\"。")
        if fill:
            for key in spec:
                if key not in out:
                    out[key] = None
        return out

    def param(self, value, keypath):
        if isinstance(value, str):
            return self.sourced(value, keypath)
        if isinstance(value, list):
            return [self.param(v, keypath + (i,)) for i, v in enumerate(value)]
        if isinstance(value, dict):
            out = SourcedDict({k: self.param(v, keypath + (k,)) for k, v in value.items()})
            out.file, out.line = self.path, self.lines.line(keypath) or 0
            return out
        return value

    def passage(self, value, keypath):
        if value is False:
            return False
        if isinstance(value, str):
            return self.sourced(value, keypath)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [self.sourced(v, keypath, keypath + (i,)) for i, v in enumerate(value)]
        if isinstance(value, dict) and "snippet" in value:
            return self.table(value, {"snippet": "name"}, keypath)
        self.problem(keypath, f"“{_dotted(keypath)}”的写法不对。",
                     "可写一段文字 \"……\"，多段文字 [\"……\", \"……\"]，引用素材 { snippet = \"名称\" }，或 false 表示不要这一部分。")
        return None

    def item(self, value, keypath):
        if isinstance(value, str):
            return self.sourced(value, keypath)
        if isinstance(value, dict):
            return self.table(value, {"lead": "text", "body": "text", "detail": "text"}, keypath, fill=False)
        self.problem(keypath, "列表的每一项应当是一段文字，或 { lead = \"引导句\", body = \"正文\" }。")
        return None

    def free(self, value, keypath):
        if not isinstance(value, dict):
            self.problem(keypath, "[vars] 应当是一个表：每行写 名称 = 值。")
            return {}
        out = {}
        for key, item in value.items():
            if isinstance(item, (dict, list)) and not (isinstance(item, list) and all(isinstance(i, str) for i in item)):
                self.problem(keypath + (key,), f"变量“{key}”的值只能是文字、数字、日期或文字列表。")
                continue
            out[key] = self.param(item, keypath + (key,))
        return out

    def local_snippets(self, value, keypath):
        if not isinstance(value, dict):
            self.problem(keypath, "[snippets] 应当是一个表，每个素材写成 [snippets.\"文件夹/名称\"]。")
            return {}
        out = {}
        for name, spec in value.items():
            if not isinstance(spec, dict) or not ("body" in spec or "variants" in spec):
                self.problem(keypath + (name,), f"提纲内素材“{name}”缺少 body（正文）。",
                             "写成 body = '''……'''，或 variants = { \"写法一\" = '''……''' }（中文名称要加双引号）。")
                continue
            body, variants = spec.get("body", ""), spec.get("variants", {})
            if not isinstance(body, str) or not (
                    isinstance(variants, dict) and all(isinstance(v, str) for v in variants.values())):
                self.problem(keypath + (name,), f"提纲内素材“{name}”的正文应当是文字。",
                             "写成 body = '''……'''，或 variants = { \"写法一\" = '''……''', \"写法二\" = '''……''' }。")
                continue
            allowed = {"kind", "summary", "tags", "params", "body", "variants"}
            for key in spec:
                if key not in allowed:
                    self.problem(keypath + (name, key), f"提纲内素材“{name}”里有不认识的项“{key}”。",
                                 did_you_mean(key, allowed))
            out[name] = (spec, self.lines.line(keypath + (name,)) or 0)
        return out


# One test per scalar type (a dict of all five results, built per value, cost more).
_SCALAR_FITS = {
    "text": lambda v: isinstance(v, str),
    "name": lambda v: isinstance(v, str),
    "bool": lambda v: isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "date": lambda v: isinstance(v, (dt.date, str)) and not isinstance(v, dt.datetime),
}


def _dotted(keypath: tuple) -> str:
    return ".".join(str(k) for k in keypath if not isinstance(k, int)) or "（顶层）"


def parse(text: str, path: str) -> Outline:
    if not text.strip():
        raise InputError(Problem("提纲文件是空的。", path, hint="可运行“drafter init 文件名.toml”生成一份带注释的样板。"))
    try:
        raw = loads(text)
    except TOMLDecodeError as exc:
        raise InputError(toml_problem(exc, path, text=text)) from None
    lines = KeyLines(text)
    validator = _Validator(path, lines)
    data = validator.table(raw, SCHEMA, ())
    if "meeting" not in raw:
        validator.problems.insert(0, Problem("提纲缺少 [meeting] 部分（会议信息）。", path, 1,
                                             hint="在文件开头写 [meeting]，下面至少写 title = \"在……会议上的讲话\"。"))
    has_sections = bool(raw.get("sections")) or isinstance(raw.get("guarantees"), dict)
    if "meeting" in raw and not has_sections:
        validator.problems.append(Problem("提纲里没有任何 [[sections]]（讲话的几点意见）。", path, None,
                                          hint="至少写一个 [[sections]]，里面写 heading = \"……\"。"))
    _check_parts(validator, raw)
    if validator.problems:
        raise InputError(validator.problems)
    return Outline(Path(path), data, text, lines, tuple(validator.templated))


def _tables(value) -> list:
    """An array of tables as the validator reads it: a single [table] counts as one, and
    anything else is reported by the validator itself."""
    if isinstance(value, dict):
        return [value]
    return value if isinstance(value, list) else []


def _numbered_parts(raw: dict):
    """(table, keypath, how a writer would name it, whether its heading is required) for every
    part the draft numbers: the sections, the guarantees, and their sub-sections."""
    parents = [(section, ("sections", index), f"第 {index + 1} 个 [[sections]] ", True)
               for index, section in enumerate(_tables(raw.get("sections")))]
    if isinstance(raw.get("guarantees"), dict):
        parents.append((raw["guarantees"], ("guarantees",), "[guarantees]（组织保障）", False))
    for table, keypath, label, required in parents:
        yield table, keypath, label, required
        if isinstance(table, dict):
            for k, sub in enumerate(_tables(table.get("subsections"))):
                yield sub, keypath + ("subsections", k), f"{label}的第 {k + 1} 个小标题", True


def _check_parts(validator: _Validator, raw: dict) -> None:
    """Outline mistakes that would otherwise reach the markup reader and be reported at the
    template's line: headings and lists without words, snippets where only text can stand."""
    for table, keypath, label, required in _numbered_parts(raw):
        if isinstance(table, dict):
            _check_heading(validator, table, keypath, label, required)
            _check_list(validator, table.get("list"), keypath + ("list",))
    _check_list(validator, raw.get("problems"), ("problems",), snippet_allowed=True)


def _check_heading(validator: _Validator, table: dict, keypath: tuple, label: str, required: bool) -> None:
    """A missing or blank heading would reach the template as an empty "# " line."""
    if "snippet" in table:  # the snippet writes the heading
        return
    heading = table.get("heading")
    if heading is None and required:
        validator.problem(keypath, f"{label}缺少 heading（标题）。",
                          "写 heading = \"……\"，或用 snippet = \"素材名\" 引用整段素材。")
    elif isinstance(heading, str) and not heading.strip():
        validator.problem(keypath + ("heading",), f"{label}的标题是空的。",
                          "写上标题的文字" + ("。" if required else "，或删掉这一行，使用默认标题。"))


_WHOLE_LIST = "要用素材写出整个列表，写在 paragraphs 里：paragraphs = { snippet = \"素材名\" }。"


def _check_list(validator: _Validator, table, keypath: tuple, snippet_allowed: bool = False) -> None:
    """A list needs items with words in them; point_list() calls no snippet in a list table."""
    if not isinstance(table, dict):
        return
    if "snippet" in table:
        if not snippet_allowed:
            validator.problem(keypath + ("snippet",), f"“{_dotted(keypath)}”里不能引用素材。", _WHOLE_LIST)
        return
    items = table.get("items")
    if isinstance(items, (str, dict)):  # the validator reads one text or table as one item
        items = [items]
    if not isinstance(items, list):  # another type is reported by the validator
        if items is None:
            validator.problem(keypath, f"“{_dotted(keypath)}”这个列表没有写任何一项。",
                              "加一行 items = [\"第一项\", \"第二项\"]，或删掉这个列表。")
        return
    if not items:
        validator.problem(keypath + ("items",), f"“{_dotted(keypath)}.items”是空的，列表里一项也没有。",
                          "在方括号里写上各项，或删掉这个列表。")
    for index, item in enumerate(items):
        where = keypath + ("items", index)
        if isinstance(item, dict) and "snippet" in item:
            validator.problem(where, f"“{_dotted(keypath)}.items”的第 {index + 1} 项引用了素材，列表的每一项只能是文字。",
                              "写成 \"引导句。正文……\" 或 { lead = \"引导句\", body = \"正文\" }；" + _WHOLE_LIST)
            continue
        words = item if isinstance(item, str) else (
            "".join(str(item.get(k) or "") for k in ("lead", "body", "detail")) if isinstance(item, dict) else "x")
        if not words.strip():
            validator.problem(where, f"“{_dotted(keypath)}.items”的第 {index + 1} 项是空的。", "写上这一项的文字，或删掉它。")


def load(path: Path) -> Outline:
    return parse(read_text(path, "提纲文件"), str(path))


def with_defaults(value, spec=SCHEMA):
    """Fill every key the schema knows with None, so templates can test ``{% if x.key %}``
    under StrictUndefined without a wall of ``is defined`` checks."""
    if isinstance(spec, dict) and isinstance(value, dict):
        out = SourcedDict(value)
        out.file, out.line = getattr(value, "file", ""), getattr(value, "line", 0)
        for key, sub in spec.items():
            if key not in value:
                out[key] = None
            elif not isinstance(sub, str):  # a plain spec ("text", "passage"…) has no tables
                out[key] = with_defaults(value[key], sub)
        return out
    if isinstance(spec, tuple) and spec[0] == "array" and isinstance(value, list):
        return [with_defaults(v, spec[1]) for v in value]
    if isinstance(spec, tuple) and spec[0] == "any":
        for alternative in spec[1:]:
            if isinstance(value, dict) and isinstance(alternative, dict):
                return with_defaults(value, alternative)
            if isinstance(value, list) and isinstance(alternative, tuple) and alternative[0] == "array" \
                    and all(isinstance(v, dict) for v in value):
                return with_defaults(value, alternative)
    return value
