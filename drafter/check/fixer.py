"""``drafter check --fix``: apply the mechanical, safe corrections and write a copy.

Only punctuation widths, Western quotes and date formats are touched (see ``edits``). The
copy is ``<name>.fixed.docx`` / ``<name>.fixed.txt`` beside the original, written through a
temporary file in the same folder and a rename; the original is only read. In a .docx the
text of the existing w:t elements is edited in place, so every run keeps its formatting; a
.txt keeps its encoding, BOM and line ends.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from drafter.check.config import CheckConfig
from drafter.check.edits import Edit, date_edits, halfwidth_edits, merge_edits, quote_edits
from drafter.check.readers import Loaded, docx_paragraphs, open_docx, text_elements
from drafter.errors import OutputError, Problem


@dataclass(frozen=True)
class Change:
    paragraph: int
    line: int | None
    rule: str
    before: str
    after: str

    def to_dict(self) -> dict:
        out = {"paragraph": self.paragraph, "rule": self.rule, "before": self.before, "after": self.after}
        if self.line is not None:
            out["line"] = self.line
        return out


@dataclass
class FixResult:
    target: Path | None  # None when there was nothing to fix (no file written)
    changes: list[Change] = field(default_factory=list)


def plan_edits(text: str, config: CheckConfig) -> list[Edit]:
    groups = []
    if config.enabled("punct.halfwidth"):
        groups.append(halfwidth_edits(text))
    if config.enabled("punct.quotes"):
        groups.append(quote_edits(text)[0])
    if config.enabled("date.format"):
        groups.append(date_edits(text))
    return merge_edits(*groups)


# A fix can bring a mark next to Chinese ("a,(中" → "a,（中"), and a run of marks ("：).:)."
# after a quote) then turns full-width one mark per pass: repeat until stable. Every pass edits
# at least one character, so a paragraph never needs more passes than it has characters.
MAX_PASSES = 5


def fix_pieces(pieces: list[str], config: CheckConfig) -> tuple[list[str], list[tuple[str, list[Edit]]]]:
    """Fix the text made of ``pieces`` (run texts, or one line), editing each piece in place.

    Returns the new pieces and, per pass, the text before it and the edits applied to it.
    """
    passes = []
    for _ in range(max(MAX_PASSES, sum(map(len, pieces)) + 1)):
        text = "".join(pieces)
        edits = plan_edits(text, config)
        if not edits:
            break
        passes.append((text, edits))
        pieces = _split_edits(pieces, edits)
    return pieces, passes


def fixed_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.fixed{path.suffix}")


def _changes(text: str, edits: list[Edit], paragraph: int, line: int | None) -> list[Change]:
    out = []
    for e in edits:
        left, right = max(0, e.start - 6), min(len(text), e.end + 6)
        before = text[left:right]
        after = text[left:e.start] + e.new + text[e.end:right]
        out.append(Change(paragraph, line, e.rule, before, after))
    return out


def fix_file(loaded: Loaded, config: CheckConfig, *, force: bool = False) -> FixResult:
    """Write the fixed copy of a .docx or .txt; returns what changed."""
    target = fixed_path(loaded.path)
    if loaded.kind == "docx":
        data, changes = _fix_docx(loaded, config)
    else:
        data, changes = _fix_txt(loaded, config)
    if not changes:
        return FixResult(None)
    if target.exists() and not force:
        raise OutputError(Problem("改正后的文件已经存在，没有覆盖。", str(target),
                                  hint="删除或改名这个文件，或加 --force 覆盖它。"))
    from drafter.textio import write_atomic

    write_atomic(target, data, force=True)
    return FixResult(target, changes)


def _fix_txt(loaded: Loaded, config: CheckConfig) -> tuple[bytes, list[Change]]:
    changes: list[Change] = []
    out = []
    paragraph = 0
    for number, raw in enumerate(loaded.lines, start=1):
        body = raw.rstrip("\r\n")
        ending = raw[len(body):]
        if body.strip():
            paragraph += 1
            (body,), passes = fix_pieces([body], config)
            for text, edits in passes:
                changes += _changes(text, edits, paragraph, number)
        out.append(body + ending)
    return loaded.bom + "".join(out).encode(loaded.encoding), changes


def _fix_docx(loaded: Loaded, config: CheckConfig) -> tuple[bytes, list[Change]]:
    from docx.oxml.ns import qn

    document = open_docx(loaded.path)
    changes: list[Change] = []
    paragraph = 0
    for p in docx_paragraphs(document):
        elements = text_elements(p)
        text = "".join(t.text or "" for t in elements)
        if not text.strip():
            continue
        paragraph += 1
        pieces, passes = fix_pieces([t.text or "" for t in elements], config)
        if not passes:
            continue
        for before, edits in passes:
            changes += _changes(before, edits, paragraph, None)
        for t, new in zip(elements, pieces):
            if new != (t.text or ""):
                t.text = new
                if new != new.strip():
                    t.set(qn("xml:space"), "preserve")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), changes


def _split_edits(pieces: list[str], edits: list[Edit]) -> list[str]:
    """Apply paragraph-level edits to the pieces (run texts) that make the paragraph.

    An edit inside one piece changes that piece only; one spanning pieces puts its new text in
    the first and removes the covered text from the others. Edits are applied from the end, so
    the offsets of earlier pieces stay valid.
    """
    texts = list(pieces)
    bounds, pos = [], 0
    for piece in pieces:
        bounds.append((pos, pos + len(piece)))
        pos += len(piece)
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        k1 = _piece_at(bounds, e.start, e.start == e.end)
        k2 = _piece_at(bounds, max(e.end - 1, e.start), e.start == e.end)
        b1, b2 = bounds[k1][0], bounds[k2][0]
        if k1 == k2:
            texts[k1] = texts[k1][:e.start - b1] + e.new + texts[k1][e.end - b1:]
            continue
        texts[k1] = texts[k1][:e.start - b1] + e.new
        for k in range(k1 + 1, k2):
            texts[k] = ""
        texts[k2] = texts[k2][e.end - b2:]
    return texts


def _piece_at(bounds: list[tuple[int, int]], offset: int, insertion: bool) -> int:
    for k, (start, end) in enumerate(bounds):
        if start <= offset < end or (insertion and offset == end and end > start):
            return k
    return len(bounds) - 1
