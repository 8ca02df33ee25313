"""The paragraph plan shared by all writers, and the plain-text writer built on it.

``layout()`` turns a resolved Document into the list of paragraphs the .docx will hold, each
with a paragraph role and runs carrying a character role. The docx writer maps roles to style
ids; the text writer prints each paragraph's text on one line, so text output and .docx
always agree on what the paragraphs say (a test reads the .docx back to check).

Paragraph roles: "title", "subtitle", "byline", "salutation", "heading1" … "heading4", "body".
Character roles: None (plain), "strong", "lead", "runin".
"""
from __future__ import annotations

from drafter.model import (Byline, Count, Document, Heading, Inline, Paragraph, PointList,
                           Salutation, Subtitle, Text, Title, frozen, plain)
from drafter.profile import Profile

CHAR_ROLES = ("strong", "lead", "runin")
TITLE_GROUP = ("title", "subtitle", "byline")
SUBTITLE_DASH = "——"


@frozen
class Para:
    """One output paragraph. ``space_after`` is whole blank lines after it (never an empty
    paragraph); runs are (text, character role) with neighbours of one role merged."""

    role: str
    runs: tuple[tuple[str, str | None], ...]
    space_after: int = 0

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


def _inline_runs(inlines: tuple[Inline, ...]) -> list[tuple[str, str | None]]:
    if len(inlines) == 1 and type(inlines[0]) is Text and inlines[0].style is None:  # most paragraphs
        return [(inlines[0].text, None)]
    runs = []
    for i in inlines:
        if isinstance(i, Text):
            runs.append((i.text, i.style if i.style in CHAR_ROLES else None))
        elif isinstance(i, Count):  # should have been resolved; show it rather than lose it
            runs.append((plain((i,)), None))
    return runs


def _merge(runs) -> tuple[tuple[str, str | None], ...]:
    if len(runs) == 1:  # most paragraphs: one run, nothing to merge
        return tuple(runs) if runs[0][0] else ()
    out: list[tuple[str, str | None]] = []
    for text, role in runs:
        if not text:
            continue
        if out and out[-1][1] == role:
            out[-1] = (out[-1][0] + text, role)
        else:
            out.append((text, role))
    return tuple(out)


def _para(role: str, runs) -> Para:
    return Para(role, _merge(runs))


def _heading_label(h: Heading) -> str:
    return (h.number if h.numbered else "") + h.text


def _subtitle(text: str) -> str:
    return text if text.startswith(SUBTITLE_DASH) else SUBTITLE_DASH + text.lstrip("—-－ ")


def _points(pl: PointList, profile: Profile) -> list[Para]:
    if pl.layout == "inline":
        lead_role = "lead" if profile.inline_emphasis else None
        runs = _inline_runs(pl.intro)
        for item in pl.items:
            runs.append((item.marker + item.lead, lead_role))
            runs.extend(_inline_runs(item.body))
        runs.extend(_inline_runs(pl.outro))
        return [_para("body", runs)]
    paras = []
    if pl.intro:
        paras.append(_para("body", _inline_runs(pl.intro)))
    for item in pl.items:
        paras.append(_para("body", [(item.marker + item.lead, "lead"), *_inline_runs(item.body)]))
    if pl.outro:
        paras.append(_para("body", _inline_runs(pl.outro)))
    return paras


def layout(doc: Document, profile: Profile) -> list[Para]:
    """The paragraphs of ``doc`` in order, as every writer renders them."""
    paras: list[Para] = []
    for block in doc.blocks:
        kind = type(block)  # the model's block classes are final: most common first
        if kind is Paragraph:
            paras.append(_para("body", _inline_runs(block.inlines)))
        elif kind is PointList:
            paras.extend(_points(block, profile))
        elif kind is Heading:
            label = _heading_label(block)
            if block.runin:
                paras.append(_para("body", [(label, "runin"), *_inline_runs(block.body)]))
            else:
                level = min(max(block.level, 1), 4)
                paras.append(_para(f"heading{level}", [(label, None)]))
        elif kind is Title:
            paras.append(_para("title", [(block.text, None)]))
        elif kind is Subtitle:
            paras.append(_para("subtitle", [(_subtitle(block.text), None)]))
        elif kind is Byline:
            paras.append(_para("byline", [(block.text, None)]))
        elif kind is Salutation:
            paras.append(_para("salutation", [(block.text, None)]))
        else:  # pragma: no cover - the model has no other blocks
            raise TypeError(f"unknown block {type(block).__name__}")
    # One blank line between the title group (title, subtitle, speaker/date) and what follows.
    for k in range(len(paras) - 1):
        if paras[k].role in TITLE_GROUP and paras[k + 1].role not in TITLE_GROUP:
            paras[k] = Para(paras[k].role, paras[k].runs, space_after=1)
    return paras


def write_text(doc: Document, profile: Profile) -> bytes:
    """UTF-8 text, one line per .docx paragraph, lines joined with "\\n", final newline."""
    lines = [p.text for p in layout(doc, profile)]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
