"""The snippet library as writers see it: listing, shadowing, search, skeletons and checks.

Every layer of the search path (built-in < user < project < command line) holds a library;
a name in a later layer shadows the same name in earlier ones. This module answers "which
snippets exist, which file wins, what does it shadow" and checks libraries before they reach a
draft: syntax, parameters against their declaration, unsafe code, markup, near-duplicate
variants and the punctuation of the Chinese text. The CLI (cli_snippets.py) only prints.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import InputError, OutputError, Problem, UsageError, did_you_mean
from drafter.search import EXTENSIONS, SearchPath, check_name, user_roots
from drafter.snippets import KINDS, PARAM_TYPES, Snippet, load_snippet

LAYER_NAMES = {"built-in": "内置", "user": "用户", "project": "项目", "command-line": "命令行"}

# Tags are free words, but these are the documented ones (docs/snippets.md).
OCCASION_TAGS = ("通用", "党建", "部署动员", "总结表彰", "安全生产", "经济工作", "党风廉政", "培训开班", "企业会议")
RANK_TAGS = ("主要领导", "分管领导", "部门负责人")
LENGTH_TAGS = ("短", "中", "长")



# ---- what the layers hold --------------------------------------------------------------------
@dataclass
class Entry:
    """One visible snippet name: the file that wins and the files it shadows."""

    name: str
    path: Path
    layer: str
    shadows: list[tuple[str, Path]] = field(default_factory=list)  # (layer, path), nearest first
    snippet: Snippet | None = None
    error: InputError | None = None

    @property
    def kind(self) -> str:
        return self.snippet.kind if self.snippet else ""

    def row(self) -> dict:
        snip = self.snippet
        out = {
            "name": self.name,
            "kind": snip.kind if snip else "",
            "summary": snip.summary if snip else "",
            "variants": len(snip.variants) if snip else 0,
            "source": str(self.path),
            "shadows": [str(p) for _, p in self.shadows],
        }
        if self.error is not None:
            out["error"] = self.error.format()
        return out


def scan(search: SearchPath) -> dict[str, list[tuple[str, Path]]]:
    """Every snippet file by name, earliest layer first: name -> [(layer, path), …]."""
    out: dict[str, list[tuple[str, Path]]] = {}
    for layer, folder in layer_folders(search):
        for name, path in folder_files(folder):
            out.setdefault(name, []).append((layer, path))
    return out


def layer_folders(search: SearchPath) -> list[tuple[str, Path]]:
    """(layer name, folder) of each snippets folder, earliest first, each folder once.

    Run from the checkout itself, the project folder is the built-in one: it stays built-in.
    """
    seen, out = set(), []
    for layer, folder in search.dirs("snippets"):
        key = folder.resolve() if folder.exists() else folder
        if key not in seen:
            seen.add(key)
            out.append((layer.name, folder))
    return out


def folder_files(folder: Path) -> list[tuple[str, Path]]:
    """(name, path) of every snippet file under one library folder, sorted by name."""
    ext = EXTENSIONS["snippets"]
    if not folder.is_dir():
        return []
    found = []
    for path in folder.rglob("*" + ext):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        found.append((rel.with_suffix("").as_posix(), path))
    return sorted(found)


def _load(name: str, path: Path) -> tuple[Snippet | None, InputError | None]:
    try:
        return load_snippet(path, name), None
    except InputError as exc:
        return None, exc


def entries(search: SearchPath) -> list[Entry]:
    """Every visible name with its winning file, sorted by name."""
    out = []
    for name, files in sorted(scan(search).items()):
        layer, path = files[-1]
        snip, error = _load(name, path)
        out.append(Entry(name, path, layer, list(reversed(files[:-1])), snip, error))
    return out


def list_entries(search: SearchPath, kind: str | None = None, tag: str | None = None) -> list[Entry]:
    if kind is not None and kind not in KINDS:
        by_chinese = {v.split("（")[0]: k for k, v in KINDS.items()}
        if kind in by_chinese:
            kind = by_chinese[kind]
        else:
            raise UsageError(Problem(f"不认识的素材类别“{kind}”。",
                                     hint=did_you_mean(kind, KINDS) or "可用的类别：" + "、".join(KINDS)))
    rows = entries(search)
    if kind is not None:
        rows = [e for e in rows if e.kind == kind]
    if tag is not None:
        rows = [e for e in rows if e.snippet and tag in e.snippet.tags]
    return rows


def find_entry(search: SearchPath, name: str) -> Entry:
    name = check_name(name)
    files = scan(search).get(name)
    if not files:
        known = list(scan(search))
        raise InputError(Problem(f"找不到素材“{name}”。",
                                 hint=(did_you_mean(name, known) or "") +
                                 "运行“drafter snippets list”查看全部素材。"))
    layer, path = files[-1]
    snip, error = _load(name, path)
    if error is not None:
        raise error
    return Entry(name, path, layer, list(reversed(files[:-1])), snip, None)


def describe_layer(layer: str) -> str:
    return LAYER_NAMES.get(layer, layer)


# ---- search ----------------------------------------------------------------------------------
def search_entries(search: SearchPath, word: str) -> list[tuple[Entry, list[str]]]:
    """Snippets whose name, kind, summary, tags, parameters or bodies contain ``word``."""
    needle = word.strip().casefold()
    if not needle:
        raise UsageError(Problem("请写出要搜索的词。", hint="例如：drafter snippets search 安全"))
    hits = []
    for entry in entries(search):
        snip = entry.snippet
        where = []
        if needle in entry.name.casefold():
            where.append("名称")
        if snip is None:
            if where:
                hits.append((entry, where))
            continue
        if needle in snip.kind.casefold() or needle in KINDS.get(snip.kind, "").casefold():
            where.append("类别")
        if needle in snip.summary.casefold():
            where.append("说明")
        if any(needle in t.casefold() for t in snip.tags):
            where.append("标签")
        if any(needle in p.name.casefold() or needle in p.meaning.casefold() for p in snip.params.values()):
            where.append("参数")
        for variant in snip.variants:
            for offset, line in enumerate(variant.body.split("\n")):
                if needle in line.casefold():
                    where.append(f"写法“{variant.name}”第 {variant.line + offset} 行：{_excerpt(line, needle)}")
                    break
        if where:
            hits.append((entry, where))
    return hits


def _excerpt(line: str, needle: str, width: int = 16) -> str:
    text = line.strip()
    i = text.casefold().find(needle)
    start = max(0, i - width)
    end = min(len(text), i + len(needle) + width)
    return ("……" if start else "") + text[start:end] + ("……" if end < len(text) else "")


# ---- new: a commented skeleton ------------------------------------------------------------
_SKELETON_BODIES = {
    "section": (
        "# 把握工作重点，推动{{ topic }}取得新成效\n\n"
        "这里写这一部分的开头段落，讲清为什么要抓、抓什么。\n\n"
        "::list 是 block\n"
        "- 要明确目标任务。这里写第一项的展开。\n"
        "- 要细化工作措施。这里写第二项的展开。\n"
        "::end",
        "# 突出关键环节，确保{{ topic }}落到实处\n\n"
        "另一种写法：先讲现状，再讲要求，措辞和上一种写法要真正不同。\n\n"
        "::list 要 inline\n"
        "::intro 具体来说，\n"
        "- 盯住薄弱环节；\n"
        "- 用好考核结果。\n"
        "::end",
    ),
}
_DEFAULT_BODIES = (
    "这里写第一种写法，需要填事实的地方用参数，例如：做好{{ topic }}，关键在于抓落实。",
    "这里写第二种写法，换一种说法和句式，例如：{{ topic }}能不能见到成效，要看各项措施是否落了地。",
)


def skeleton(name: str, kind: str) -> str:
    """The text of a new snippet file, commented for writers; it passes ``snippets check``."""
    first, second = _SKELETON_BODIES.get(kind, _DEFAULT_BODIES)
    return f"""+++
# 素材“{name}”。本文件可以用记事本或 WPS 编辑，保存为 UTF-8 编码即可。
# 写法说明见 docs/snippets.md。以“#”开头的行是注释，程序不读。
#
# kind：素材类别（可用的类别：{"、".join(KINDS)}）
kind = "{kind}"
# summary：一句话说明这个素材写的是什么，会显示在 drafter snippets list 里
summary = "在这里写一句话说明"
# tags：标签，写场合（如“党建”“安全生产”）、讲话人层级（如“主要领导”）和篇幅（短、中、长）
tags = ["通用", "中"]

# 参数：讲话稿里要填写事实的地方。每个参数写一节 [params.英文名称]：
#   meaning 说明含义；default 是默认值（不写 default 就是必填）；
#   type 是类型：{"、".join(f"{k}（{v}）" for k, v in PARAM_TYPES.items())}。
# 正文里用 {{{{ 参数名 }}}} 引用参数。
[params.topic]
meaning = "工作名称，如“安全生产工作”"
default = "这项工作"
type = "text"
+++
=== 写法一 ===
{first}
=== 写法二 ===
{second}
"""


def user_snippet_root() -> Path:
    """Where ``snippets new --user`` writes: the first DRAFTER_PATH folder, else the user folder."""
    return user_roots()[0] / "snippets" if os.environ.get("DRAFTER_PATH", "").strip(os.pathsep + " ") \
        else _platform_user_root() / "snippets"


def _platform_user_root() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("drafter", appauthor=False))


def new_snippet(name: str, kind: str, *, user: bool = False, cwd: Path | None = None) -> Path:
    name = check_name(name)
    if kind not in KINDS:
        raise UsageError(Problem(f"不认识的素材类别“{kind}”。",
                                 hint=did_you_mean(kind, KINDS) or "可用的类别：" + "、".join(KINDS)))
    root = user_snippet_root() if user else (cwd or Path.cwd()) / "snippets"
    path = root / (name + EXTENSIONS["snippets"])
    if path.exists():
        raise OutputError(Problem("素材文件已经存在，没有覆盖。", str(path),
                                  hint="换一个素材名，或直接编辑这个文件。"))
    from drafter.textio import write_atomic

    write_atomic(path, skeleton(name, kind).encode("utf-8"))
    return path


# ---- printing ------------------------------------------------------------------------------
def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


# The checks live in library_check.py; they are part of this module's interface.
from drafter.library_check import (  # noqa: E402
    NEAR_DUPLICATE, CheckReport, Finding, check_file, check_library, library_folder, max_similarity,
    plain_lines, render_variant, sample_params, similarity,
)

__all__ = [
    "Entry", "scan", "layer_folders", "folder_files", "entries", "list_entries", "find_entry",
    "describe_layer", "search_entries", "skeleton", "user_snippet_root", "new_snippet", "to_json",
    "NEAR_DUPLICATE", "CheckReport", "Finding", "check_file", "check_library", "library_folder",
    "max_similarity", "plain_lines", "render_variant", "sample_params", "similarity",
]
