"""The one place the stages are chained:

    load outline → validate → resolve snippets (search path) → render Jinja (sandbox)
    → read markup → transforms (numbering, counts) → write (docx / markdown / text / markup)

The CLI, batch runs, checks and tests all call ``build_document`` or ``build``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter import markup, transforms
from drafter.model import Document, Meta
from drafter.outline import Outline, SourcedDict, load
from drafter.render import RawMarkup, Renderer, cn_date, file_table, local_snippet, plain_value, source_cache
from drafter.search import SearchPath

DEFAULT_TEMPLATE = "speech/default"
OUTPUT_FORMATS = ("docx", "markdown", "text", "markup")
_IDENTIFIER = re.compile(r"^[^\d\W]\w*$")


@dataclass
class Request:
    outline: Path
    template: str | None = None
    snippet_dirs: tuple = ()
    template_dirs: tuple = ()
    reference_doc: Path | None = None
    profile: str | None = None
    variables: dict | None = None  # batch: a data row's values, overriding [vars]
    unit_key: str = ""  # batch: picks snippet variants per unit
    preloaded: Outline | None = None  # batch: parse an outline once for many rows


@dataclass
class Built:
    document: Document  # resolved: numbered, counted
    read: markup.ReadResult
    outline: Outline
    dependencies: list[str] = field(default_factory=list)  # files read (outline, template, snippets)

    @property
    def markup(self) -> str:
        """The intermediate markup, each block preceded by "%% @file:line" (built on demand)."""
        return self.read.annotated


@dataclass
class Output:
    data: bytes
    built: Built
    warnings: list[str] = field(default_factory=list)


def build_document(req: Request) -> Built:
    outline = req.preloaded or load(Path(req.outline))
    search = SearchPath.for_outline(outline.path, req.snippet_dirs, req.template_dirs)
    meeting = outline.meeting
    variables = dict(outline.data.get("vars") or {})
    variables.update(req.variables or {})
    renderer = Renderer(
        search=search,
        local_snippets=_local_snippets(outline),
        seed=str(meeting.get("seed") or outline.path.stem),
        unit_key=req.unit_key,
        variables=variables,
    )
    renderer.base_context = _base_context(meeting, variables)
    data = _render_outline_strings(outline, renderer)
    data["agenda"] = [_agenda_item(a) for a in data.get("agenda") or []]
    renderer.base_context["meeting"] = data.get("meeting", {})
    template = req.template or meeting.get("template") or DEFAULT_TEMPLATE
    text = renderer.render_template(str(template), data)
    result = markup.read(text, file_table(), default_file=str(template), sources=source_cache())
    document = Document(result.blocks, _meta(data.get("meeting", {})))
    deps = [str(outline.path)] + sorted(renderer.used_files)
    return Built(transforms.resolve(document), result, outline, deps)


def build(req: Request, fmt: str = "docx") -> Output:
    """Build and write one draft into bytes (nothing touches the disk here)."""
    built = build_document(req)
    if fmt == "markup":
        return Output(built.markup.encode("utf-8"), built)
    from drafter import writers

    profile = req.profile or str(built.outline.meeting.get("profile") or "gbt9704")
    result = writers.write(built.document, fmt, profile=profile, reference_doc=req.reference_doc)
    return Output(result.data, built, list(result.warnings))


# ---- helpers -------------------------------------------------------------------------------
def _local_snippets(outline: Outline) -> dict:
    out = {}
    for name, (spec, line) in (outline.data.get("snippets") or {}).items():
        snip = local_snippet(name, spec, str(outline.path), line)
        out[snip.name] = snip
    return out


def _base_context(meeting: dict, variables: dict) -> dict:
    ctx = {"meeting": meeting, "vars": variables, "变量": variables,
           "点数": RawMarkup("[[count]]"), "count": RawMarkup("[[count]]"),
           "cn_date": cn_date}
    for name, value in variables.items():
        if _IDENTIFIER.match(name) and name not in ctx:
            ctx[name] = value
    return ctx


def _render_outline_strings(outline: Outline, renderer: Renderer) -> dict:
    """Every outline string may use variables: {{ 县名 }}, {{ 变量["产值(亿元)"] }}.

    Only the strings that do are rendered; the tables and lists on their way are copied and
    everything else is shared with the outline, which stays as read.
    """
    data = _copy(outline.data)
    copies = {(): data}
    parents = []
    for path in outline.templated:
        parent = data
        for depth in range(1, len(path)):
            prefix = path[:depth]
            if prefix not in copies:
                copies[prefix] = parent[path[depth - 1]] = _copy(parent[path[depth - 1]])
            parent = copies[prefix]
        parents.append(parent)
    rendered = renderer.render_outline_texts([p[path[-1]] for p, path in zip(parents, outline.templated)])
    for parent, path, value in zip(parents, outline.templated, rendered):
        parent[path[-1]] = value
    return data


def _copy(container):
    if isinstance(container, SourcedDict):
        out = SourcedDict(container)
        out.file, out.line = container.file, container.line
        return out
    return type(container)(container)


def _agenda_item(item: dict) -> SourcedDict:
    out = SourcedDict(item)
    out.file, out.line = getattr(item, "file", ""), getattr(item, "line", 0)
    out.setdefault("did", "汇报")
    out.setdefault("about", "")
    return out


def _meta(meeting: dict) -> Meta:
    date = meeting.get("date")
    iso = ""
    if isinstance(date, dt.date):
        iso = date.isoformat()
    elif date:
        m = re.search(r"(\d{4})\D+(\d{1,2})\D+(\d{1,2})", str(date))
        if m:
            iso = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    duration = meeting.get("duration")
    return Meta(
        title=plain_value(meeting.get("title", "")),
        author=plain_value(meeting.get("office") or meeting.get("speaker") or ""),
        keywords=plain_value(meeting.get("occasion", "")),
        date=iso,
        target_minutes=float(duration) if duration else None,
    )


