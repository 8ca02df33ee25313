"""The draft markup reader: rendered template text → model.Document blocks.

Templates and snippets render a small line-oriented markup (docs/markup.md):

    ::title 在全县……会议上的讲话        ::subtitle / ::speaker / ::date / ::salutation
    # 标题                              level-1 heading, numbered 一、 by transforms
    ## 标题                             level-2 heading, numbered （一）
    ##+ 标题。正文……                    level-2 heading run into its paragraph
    ::list 是 block                     sub-points; style 是/要/首先/第一, layout block/inline
    ::intro 引导语                      (inside a list) text before the items
    - 引导句。正文……                    an item: the lead runs to the first 。 or to a "|"
    ::outro 收束语                      (inside a list) text after the items
    ::end
    %% 注释                             ignored; "%% @file:line" sets the source of the next block

A blank line ends a paragraph; continuation lines join without a space. Inline: **strong**,
[[count]] / [[count subsections]] / [[count points]], and a backslash escapes the next character.

Rendering interleaves private-use *source marks* (``mark(file_index, line)``) so every block
knows the template, snippet or outline line it came from; the reader strips them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from drafter.cnnum import normalise_style
from drafter.errors import InputError, Problem
from drafter.model import (
    Byline, Count, Heading, Inline, Paragraph, Point, PointList, Salutation, Source, Subtitle, Text,
    Title,
)

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
_MARK_RE = re.compile(f"{MARK_OPEN}(\\d+):(\\d+){MARK_CLOSE}")
_BLANK_MARKED_RE = re.compile(f"(?:{MARK_OPEN}\\d+:\\d+{MARK_CLOSE}|[ \\t])*")
_COMMENT_SOURCE_RE = re.compile(r"^%%\s*@\s*(.+):(\d+)\s*$")
_COUNT_RE = re.compile(r"\[\[\s*count(?:\s+(sections|subsections|points))?\s*\]\]")
_LINE_DIRECTIVES = {"title", "subtitle", "speaker", "date", "salutation"}
_LIST_DIRECTIVES = {"list", "intro", "outro", "end"}
_LEAD_END = "。！？"
_LEAD_SCAN = re.compile(r"\\.|[|。！？]", re.S)
ESCAPABLE = set("\\#:-|[]*%")
_BLANK_ENDS = MARK_CLOSE + " \t"
_ESCAPE_RE = re.compile(r"([\\#:\-|\[\]*%])")
_HEADING_RE = re.compile(r"^(#{1,2})(\+?)\s+(.*)$")
_DIRECTIVE_PREFIX_RE = re.compile(r"\s*(::\w+|#{1,2}\+?|-)\s*")
_INLINE_TOKEN = re.compile(r"(\\.|\*\*|\[\[\s*count(?:\s+(?:sections|subsections|points))?\s*\]\])")


def mark(file_index: int, line: int) -> str:
    return f"{MARK_OPEN}{file_index}:{line}{MARK_CLOSE}"


def escape(text: str) -> str:
    """Make outline text literal: it may fill a paragraph but never start a heading or directive."""
    # Most outline text has none of ESCAPABLE; on a long paragraph str's "in" finds that
    # several times faster than a character-class regex, and re.sub's set-up is skipped.
    if not ("\\" in text or "#" in text or ":" in text or "-" in text or "|" in text
            or "[" in text or "]" in text or "*" in text or "%" in text):
        return text
    return _ESCAPE_RE.sub(r"\\\1", text)


class _Line(NamedTuple):
    text: str  # marks removed, stripped
    src: Source
    raw_index: int


@dataclass
class _ListState:
    style: str
    layout: str
    src: Source
    intro: list[str] = field(default_factory=list)
    outro: list[str] = field(default_factory=list)
    items: list[tuple[list[str], Source]] = field(default_factory=list)
    target: str = "intro"  # where continuation lines go

    def blank_line(self) -> None:
        """A blank line in the intro or outro separates its paragraphs ("" marks the break)."""
        lines = self.intro if self.target == "intro" else self.outro if self.target == "outro" else None
        if lines and lines[-1] != "":
            lines.append("")


@dataclass
class ReadResult:
    blocks: tuple
    text: str
    block_starts: dict
    item_starts: dict

    @property
    def annotated(self) -> str:
        """The markup with marks replaced by "%% @file:line" comments before blocks and items."""
        return _annotate(self.text, self.block_starts, self.item_starts)


class _Reader:
    def __init__(self, files: list[str], default_file: str, sources: dict | None = None):
        self.files = files
        self.default_file = default_file
        self.blocks: list = []
        self.problems: list[Problem] = []
        self.para: list[_Line] = []
        self.lst: _ListState | None = None
        self.block_starts: dict[int, Source] = {}
        self.item_starts: dict[int, Source] = {}
        self.sources: dict[str, Source] = {} if sources is None else sources  # mark digits → Source

    # -- sources -----------------------------------------------------------------------------
    def split_marks(self, raw: str) -> tuple[str, Source | None, Source | None]:
        """Strip marks; return (text, source of the line's content, last mark on the line).

        The content's source is the last mark before its first visible character (a directive
        or heading marker does not count as content), so "::title <outline mark>题目" points at
        the outline, and template text points at the template line. It is None when content
        comes first (the caller carries the source from the lines above), and so is the last
        mark when the line has none.
        """
        if MARK_OPEN not in raw:
            return raw, None, None
        if raw.count(MARK_OPEN) == 1:  # most lines: "<mark>text", "- <mark>text", "::end<mark>"
            start = raw.find(MARK_OPEN)
            close = raw.find(MARK_CLOSE, start)
            src = self.mark_source(raw[start + 1:close]) if close > start else None
            if src is not None:
                if not start:
                    return raw[close + 1:], src, src
                before = raw[:start]
                content_first = before.strip() and not _only_directive(before)
                return before + raw[close + 1:], None if content_first else src, src
        parts = _MARK_RE.split(raw)  # text, file, line, text, file, line, …, text
        # Only two marks matter (the chosen one and the last), so Sources are made for those.
        chosen = None
        before = parts[0]  # the text ahead of the current mark
        for k in range(1, len(parts), 3):
            if before and before.strip() and not _only_directive(before):
                break
            chosen = k
            before += parts[k + 2]
        last = self.source(parts[-3], parts[-2]) if len(parts) > 1 else None
        src = None if chosen is None else self.source(parts[chosen], parts[chosen + 1])
        return "".join(parts[0::3]), src, last

    def source(self, index: str, line: str) -> Source:
        """The Source of a mark's digits; one shared (frozen) Source per mark, since a template
        line's mark recurs on every section it renders."""
        return self.mark_source(f"{index}:{line}")

    def mark_source(self, key: str) -> Source | None:
        """The Source of a mark's "file:line" digits, or None when ``key`` is not such digits."""
        src = self.sources.get(key)
        if src is None:
            index, sep, line = key.partition(":")
            if not (sep and index.isdecimal() and line.isdecimal()):
                return None
            idx = int(index)
            if idx >= len(self.files):  # not in the table: this read's own file (not kept)
                return Source(self.default_file, int(line))
            src = self.sources[key] = Source(self.files[idx], int(line))
        return src

    def error(self, src: Source, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(message, src.file, src.line, hint=hint))

    # -- main loop ---------------------------------------------------------------------------
    def read(self, text: str) -> None:
        carried = Source(self.default_file, 0)  # the source of content that has no mark before it
        pending_comment_src = None
        last_blank = ""  # the last marked blank line since the last content line
        for index, raw in enumerate(text.split("\n")):
            # Template control lines (most lines) hold only marks and spaces: they end with a mark,
            # a space or nothing, which text lines rarely do, so the regex runs for few others.
            if not raw or (raw[-1] in _BLANK_ENDS and _BLANK_MARKED_RE.fullmatch(raw)):
                if MARK_OPEN in raw:
                    last_blank = raw
                pending_comment_src = None
                if self.para:
                    self.flush_paragraph()
                if self.lst is not None:
                    self.lst.blank_line()
                continue
            line_text, src, last = self.split_marks(raw)
            if src is None:  # content before any mark: it comes from where the lines above did
                if last_blank:  # the marks of blank lines are read only when needed (rarely)
                    start = last_blank.rfind(MARK_OPEN)
                    carried = self.mark_source(last_blank[start + 1:last_blank.find(MARK_CLOSE, start)]) or carried
                src = carried
            last_blank = ""
            if last is not None:
                carried = last
            if src.file == self.default_file:  # unmarked text: its own line number
                src = carried = Source(self.default_file, index + 1)
            if pending_comment_src is not None:
                src, pending_comment_src = pending_comment_src, None
            stripped = line_text.strip()
            if stripped.startswith("%%"):
                m = _COMMENT_SOURCE_RE.match(stripped)
                if m:
                    pending_comment_src = Source(m.group(1).strip(), int(m.group(2)))
                continue
            self.handle(_Line(stripped, src, index))
        self.flush_paragraph()
        if self.lst is not None:
            self.error(self.lst.src, "列表没有用“::end”结束。", "在列表最后一项之后另起一行写“::end”。")
            self.finish_list()

    def note_start(self, line: _Line) -> None:
        self.block_starts[line.raw_index] = line.src

    def handle(self, line: _Line) -> None:
        text = line.text
        if not text:
            self.flush_paragraph()
            return
        if text.startswith("::"):
            self.flush_paragraph()
            self.directive(line)
            return
        if text.startswith("#"):
            self.flush_paragraph()
            self.heading(line)
            return
        if self.lst is not None:
            self.list_line(line)
            return
        if not self.para:
            self.note_start(line)
        self.para.append(line)

    def flush_paragraph(self) -> None:
        if not self.para:
            return
        joined = join_lines([ln.text for ln in self.para])
        inlines = self.inlines(joined, self.para[0].src)
        if inlines:
            self.blocks.append(Paragraph(inlines, self.para[0].src))
        self.para = []

    # -- directives --------------------------------------------------------------------------
    def directive(self, line: _Line) -> None:
        name, _, value = line.text[2:].partition(" ")
        name, value = name.strip(), value.strip()
        if name in _LIST_DIRECTIVES:
            self.list_directive(name, value, line)
            return
        if name not in _LINE_DIRECTIVES:
            known = "、".join(f"::{d}" for d in sorted(_LINE_DIRECTIVES | _LIST_DIRECTIVES))
            self.error(line.src, f"不认识的指令“::{name}”。", f"可用的指令有：{known}。")
            return
        if self.lst is not None:
            self.error(line.src, f"列表还没有结束就出现了“::{name}”。", "先用“::end”结束列表。")
            self.finish_list()
        self.note_start(line)
        text = _plain_text(self.inlines(value, line.src))
        block = {
            "title": lambda: Title(text, line.src),
            "subtitle": lambda: Subtitle(text, line.src),
            "speaker": lambda: Byline(text, "speaker", line.src),
            "date": lambda: Byline(text, "date", line.src),
            "salutation": lambda: Salutation(text, line.src),
        }[name]()
        if text:
            self.blocks.append(block)

    def heading(self, line: _Line) -> None:
        if self.lst is not None:
            self.error(line.src, "列表还没有结束就出现了标题。", "先用“::end”结束列表。")
            self.finish_list()
        m = _HEADING_RE.match(line.text)
        if not m:
            self.error(line.src, f"标题行写法不对：“{line.text[:20]}”。",
                       "一级标题写“# 标题”，二级标题写“## 标题”，井号后空一格。")
            return
        level, runin, rest = len(m.group(1)), bool(m.group(2)), m.group(3)
        self.note_start(line)
        if runin:
            if level != 2:
                self.error(line.src, "只有二级标题可以和正文连排（“##+”）。")
            head, body = _split_lead(rest)
            self.blocks.append(Heading(2, _plain_text(self.inlines(head, line.src)),
                                       body=self.inlines(body, line.src), src=line.src))
            return
        self.blocks.append(Heading(level, _plain_text(self.inlines(rest, line.src)), src=line.src))

    # -- lists -------------------------------------------------------------------------------
    def list_directive(self, name: str, value: str, line: _Line) -> None:
        if name == "list":
            if self.lst is not None:
                self.error(line.src, "上一个列表还没有用“::end”结束。")
                self.finish_list()
            parts = value.split()
            style = normalise_style(parts[0]) if parts else "是"
            layout = parts[1] if len(parts) > 1 else "block"
            if style is None:
                self.error(line.src, f"不认识的列表编号方式“{parts[0]}”。",
                           "可写：是（一是、二是）、要（一要、二要）、首先（首先、其次、最后）、第一（第一、第二）。")
                style = "是"
            if layout not in ("block", "inline"):
                self.error(line.src, f"不认识的列表排法“{layout}”。",
                           "block 表示每项一段，inline 表示各项连在一段里。")
                layout = "block"
            self.note_start(line)
            self.lst = _ListState(style, layout, line.src)
            return
        if self.lst is None:
            self.error(line.src, f"“::{name}”只能写在“::list”和“::end”之间。")
            return
        if name == "end":
            self.finish_list()
        elif name == "intro":
            self.lst.intro.append(value)
            self.lst.target = "intro"
        elif name == "outro":
            self.lst.outro.append(value)
            self.lst.target = "outro"

    def list_line(self, line: _Line) -> None:
        lst = self.lst
        if line.text.startswith("- "):
            self.item_starts[line.raw_index] = line.src
            lst.items.append(([line.text[2:].strip()], line.src))
            lst.target = "item"
        elif lst.target == "item" and lst.items:
            lst.items[-1][0].append(line.text)
        elif lst.target == "outro":
            lst.outro.append(line.text)
        else:
            lst.intro.append(line.text)

    def finish_list(self) -> None:
        lst, self.lst = self.lst, None
        if not lst.items:
            self.error(lst.src, "列表里一项也没有。", "每一项另起一行，以“- ”开头。")
            return
        points = []
        for lines, src in lst.items:
            lead, body = _split_lead(join_lines(lines))
            points.append(Point(_plain_text(self.inlines(lead, src)), self.inlines(body, src), src=src))
        # An intro or outro of several paragraphs: the list keeps the one next to its items
        # (the last of the intro, the first of the outro); the others stand on their own.
        intro, outro = _paragraph_lines(lst.intro) or [[]], _paragraph_lines(lst.outro) or [[]]
        for lines in intro[:-1]:
            self.blocks.append(Paragraph(self.inlines(join_lines(lines), lst.src), lst.src))
        self.blocks.append(PointList(
            lst.style, lst.layout, tuple(points),
            intro=self.inlines(join_lines(intro[-1]), lst.src),
            outro=self.inlines(join_lines(outro[0]), lst.src),
            src=lst.src,
        ))
        for lines in outro[1:]:
            self.blocks.append(Paragraph(self.inlines(join_lines(lines), lst.src), lst.src))

    # -- inlines -----------------------------------------------------------------------------
    def inlines(self, text: str, src: Source) -> tuple[Inline, ...]:
        if "\\" not in text and "*" not in text and "[" not in text:  # the common case: plain text
            return (Text(text),) if text else ()
        out: list[Inline] = []
        buf: list[str] = []
        strong = False
        for token in _INLINE_TOKEN.split(text):
            if not token:
                continue
            if token == "**":
                if buf:
                    out.append(Text("".join(buf), "strong" if strong else None))
                    buf.clear()
                strong = not strong
            elif token[0] == "\\" and len(token) == 2:
                buf.append(token[1])
            elif token.startswith("[[") and (count := _COUNT_RE.fullmatch(token)) is not None:
                if buf:
                    out.append(Text("".join(buf), "strong" if strong else None))
                    buf.clear()
                out.append(Count(count.group(1) or "sections"))
            else:  # text, including brackets that are no count ("[[附件]]")
                buf.append(token)
        if buf:
            out.append(Text("".join(buf), "strong" if strong else None))
        if strong:
            self.error(src, "“**”没有成对出现。", "加粗的文字两边各写一个“**”。")
        return tuple(_merge(out))


def _paragraph_lines(lines: list[str]) -> list[list[str]]:
    """Lines split at the "" paragraph breaks; paragraphs without words are dropped."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line == "":
            paragraphs.append([])
        else:
            paragraphs[-1].append(line)
    return [p for p in paragraphs if "".join(p).strip()]


def _only_directive(prefix: str) -> bool:
    """True when what precedes a mark is only a directive or heading marker (``::title ``, ``# ``)."""
    return bool(_DIRECTIVE_PREFIX_RE.fullmatch(prefix))


def join_lines(lines: list[str]) -> str:
    """Join continuation lines: no space between Chinese, one space between Latin words."""
    if len(lines) == 1:  # most paragraphs: one rendered line
        return lines[0].strip()
    out: list[str] = []
    end = ""  # last character so far
    for piece in lines:
        piece = piece.strip()
        if not piece:
            continue
        if end.isascii() and end.isalnum() and piece[0].isascii() and piece[0].isalnum():
            out.append(" ")
        out.append(piece)
        end = piece[-1]
    return "".join(out)


def _split_lead(text: str) -> tuple[str, str]:
    """Lead phrase and body: split at an unescaped "|" (anywhere: it wins, so a lead may end
    with 。 as in "加强领导。|正文"), else after the first 。！？."""
    if "\\" not in text:  # nothing escaped: str.find does it (an outline item with a lead has "|")
        bar = text.find("|")
        if bar >= 0:
            return text[:bar].strip(), text[bar + 1:].strip()
        ends = [i for i in (text.find(ch) for ch in _LEAD_END) if i >= 0]
        if not ends:
            return text, ""
        first = min(ends)
        return text[:first + 1], text[first + 1:]
    first_end = None
    for m in _LEAD_SCAN.finditer(text):  # escaped pairs match as a whole and are passed over
        ch = m.group()
        if ch == "|":
            return text[:m.start()].strip(), text[m.end():].strip()
        if first_end is None and ch in _LEAD_END:
            first_end = m.start()
    if first_end is not None:
        return text[:first_end + 1], text[first_end + 1:]
    return text, ""


def _plain_text(inlines: tuple[Inline, ...]) -> str:
    return "".join(i.text for i in inlines if isinstance(i, Text))


def _merge(inlines: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for item in inlines:
        if merged and isinstance(item, Text) and isinstance(merged[-1], Text) and merged[-1].style == item.style:
            merged[-1] = Text(merged[-1].text + item.text, item.style)
        else:
            merged.append(item)
    return merged


def read(text: str, files: list[str] | None = None, default_file: str = "<markup>",
         sources: dict | None = None) -> ReadResult:
    """Read draft markup into blocks; raise InputError listing every problem found.

    ``sources`` may be a dict kept between reads against the same (append-only) ``files``:
    every draft carries the marks of the same template lines, so their Sources are made once.
    """
    reader = _Reader(files or [], default_file, sources)
    reader.read(text)
    if reader.problems:
        raise InputError(reader.problems)
    return ReadResult(tuple(reader.blocks), text, reader.block_starts, reader.item_starts)


def _annotate(text: str, starts: dict[int, Source], items: dict[int, Source]) -> str:
    out = []
    for index, raw in enumerate(text.split("\n")):
        if index in starts:
            if out and out[-1] != "":
                out.append("")
            out.append(f"%% @{starts[index]}")
        elif index in items:
            out.append(f"%% @{items[index]}")
        clean = _MARK_RE.sub("", raw).rstrip()
        if clean.strip().startswith("%% @"):
            continue
        if clean or (out and out[-1] != ""):
            out.append(clean)
    return "\n".join(out).strip("\n") + "\n"
