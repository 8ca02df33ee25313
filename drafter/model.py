"""The one document model every reader produces and every writer consumes.

Inert data: frozen dataclasses holding tuples, standard library only, so documents compare
equal in tests and can be shared between threads or pickled to worker processes.
Numbering markers and announced counts are *not* typed by templates: the reader leaves
``Point.marker`` and ``Heading.number`` empty and ``Count`` inlines unresolved, and
``transforms.resolve`` fills them from the structure actually present.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Union


def frozen(cls):
    """``@dataclass(frozen=True)`` with a faster ``__init__``.

    A frozen dataclass's own ``__init__`` sets each field through ``object.__setattr__``; a
    draft makes some 450 model objects, and writing the instance dict directly takes about
    half the time. Everything else (equality, hashing, repr, refusing assignment) is the
    dataclass's. A class with a default factory keeps the dataclass's ``__init__``.
    """
    factories = any(isinstance(v, dataclasses.Field) and v.default_factory is not dataclasses.MISSING
                    for v in vars(cls).values())
    # Without a factory the dataclass's own __init__ would be generated only to be replaced:
    # code generation is most of what a dataclass costs at import, on every start.
    cls = dataclass(frozen=True, init=factories)(cls)
    if factories:
        return cls
    fields = dataclasses.fields(cls)
    defaults = {f"_default_{f.name}": f.default for f in fields if f.default is not dataclasses.MISSING}
    params = ", ".join(f.name if f.default is dataclasses.MISSING else f"{f.name}=_default_{f.name}"
                       for f in fields)
    body = "".join(f"    d[{f.name!r}] = {f.name}\n" for f in fields)
    namespace = dict(defaults)
    exec(f"def __init__(self, {params}):\n    d = self.__dict__\n{body}", namespace)  # noqa: S102 - our own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init
    return cls


@frozen
class Source:
    """Where a block came from: an outline, template or snippet file and a 1-based line."""

    file: str
    line: int
    col: int | None = None

    def __str__(self) -> str:
        if self.col:
            return f"{self.file}:{self.line}:{self.col}"
        return f"{self.file}:{self.line}"


NOWHERE = Source("<未知>", 0)


# ---- inlines -------------------------------------------------------------------------------

@frozen
class Text:
    """Plain text. ``style`` names a character role: None (body), "strong", "lead", "runin"."""

    text: str
    style: str | None = None


@frozen
class Count:
    """An announced count ("我讲[[count]]点意见"), resolved to Chinese by transforms.

    ``what`` is "sections" (numbered level-1 headings), "subsections" (level-2 headings of the
    current section) or "points" (items of the next list). ``form`` "measure" gives 两 for 2.
    """

    what: str = "sections"
    form: str = "measure"


Inline = Union[Text, Count]


# ---- blocks --------------------------------------------------------------------------------

@frozen
class Title:
    text: str
    src: Source = NOWHERE


@frozen
class Subtitle:
    """The "——在……会议上的讲话" line under a thematic main title."""

    text: str
    src: Source = NOWHERE


@frozen
class Byline:
    """Speaker or date line under the title; ``kind`` is "speaker" or "date"."""

    text: str
    kind: str = "speaker"
    src: Source = NOWHERE


@frozen
class Salutation:
    text: str
    src: Source = NOWHERE


@frozen
class Heading:
    """A numbered heading. ``level`` 1 → "一、", 2 → "（一）".

    ``numbered`` False keeps a heading out of the numbering and the counts.
    ``body`` not None makes a run-in level-2 heading: one body paragraph whose heading part
    carries the "runin" character style and stays out of the navigation pane.
    """

    level: int
    text: str
    number: str = ""
    numbered: bool = True
    body: tuple[Inline, ...] | None = None
    src: Source = NOWHERE

    @property
    def runin(self) -> bool:
        return self.body is not None


@frozen
class Paragraph:
    inlines: tuple[Inline, ...]
    src: Source = NOWHERE


@frozen
class Point:
    """One sub-point: a lead phrase and its body; ``marker`` ("一是", "首先，") set by transforms."""

    lead: str
    body: tuple[Inline, ...] = ()
    marker: str = ""
    src: Source = NOWHERE


@frozen
class PointList:
    """Sub-points numbered in one style; ``layout`` "block" (a paragraph each) or "inline"."""

    style: str
    layout: str
    items: tuple[Point, ...]
    intro: tuple[Inline, ...] = ()
    outro: tuple[Inline, ...] = ()
    src: Source = NOWHERE


Block = Union[Title, Subtitle, Byline, Salutation, Heading, Paragraph, PointList]


@frozen
class Meta:
    """File properties. Dates come from the outline, never the clock (reproducible output)."""

    title: str = ""
    author: str = ""
    subject: str = "讲话稿"
    keywords: str = ""
    date: str = ""  # ISO date "2026-03-15" or ""
    language: str = "zh-CN"
    target_minutes: float | None = None  # the speaking slot on the agenda, for the time check


@frozen
class Document:
    blocks: tuple[Block, ...]
    meta: Meta = field(default_factory=Meta)

    def with_blocks(self, blocks) -> "Document":
        return evolve(self, blocks=tuple(blocks))


def evolve(block, **changes):
    """A copy of a frozen model object with some fields changed: ``dataclasses.replace``
    without its per-call field inspection (transforms copy every numbered heading and point;
    the model's classes have no __post_init__ to skip)."""
    if not changes.keys() <= type(block).__dataclass_fields__.keys():
        raise TypeError(f"{type(block).__name__} has no field {set(changes) - set(block.__dataclass_fields__)}")
    new = object.__new__(type(block))
    new.__dict__.update(block.__dict__, **changes)
    return new


def plain(inlines: tuple[Inline, ...]) -> str:
    """The text of inlines; unresolved counts show as their markup so nothing is silently lost."""
    return "".join(i.text if isinstance(i, Text) else f"[[count {i.what}]]" for i in inlines)
