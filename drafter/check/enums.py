"""Enumerations in running text: 一是/二是, 一要/二要, 第一/第二, 首先/其次/最后.

``find_lists`` scans the paragraphs once and groups markers into lists, recording every
break in a sequence on the way. A list is *block* when its items start paragraphs (and may
then run across paragraphs until a heading), *inline* when it lives inside one paragraph;
an inline list that ends its paragraph may be continued by the next paragraph's items.
The rules for sequences, announced counts and lead phrases all read this one analysis.
"""
from __future__ import annotations

from drafter.check.text import CLAUSE_END, Lazy, Para, parse_number

LAST = 99  # the value of 最后

_NUM = "[一二三四五六七八九十]{1,3}"
# Markers count only where a clause starts: the paragraph start or after a punctuation mark,
# so 统一要求 or 唯一是 never read as 一要 / 一是. 首先 is a marker wherever it stands.
_BOUNDARY = r"(?:^|(?<=[。；：，！？;:,!?\s”）)]))"
# The leading look-ahead names the characters a marker can start with: it changes no match and
# lets the search fail fast elsewhere. (Each alternative starts with its own characters, so their
# order does not matter; the boundary is written once, each CJK class costs time to compile.)
_MARKER_RE = Lazy(
    r"(?=[一二三四五六七八九十第首其再最])(?:"
    r"(?P<first>首先)"
    rf"|{_BOUNDARY}(?:(?P<num>{_NUM})(?P<kind>是|要)(?!{_NUM}[，,]|素|件)"
    rf"|第(?P<ord>{_NUM})(?=[，、：,:]|是|要)"
    r"|(?P<seq>其次|再次|最后)(?=[，,：:]|是|要)))"
)
_LOOSE_FIRST = Lazy(r"一(是|要)")
_SEQ_VALUES = {"首先": 1, "其次": 2, "再次": 3, "最后": LAST}
NUMERIC = ("是", "要", "第")
FAMILY_NAMES = {"是": "一是、二是", "要": "一要、二要", "第": "第一、第二", "序": "首先、其次、最后"}


class _Record:
    """A plain record: @dataclass would cost about 0.3 ms a class each time the rules load."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


class Marker(_Record):
    __slots__ = ("para", "start", "end", "family", "value", "word", "lead")

    def __init__(self, para: int, start: int, end: int, family: str, value: int, word: str,
                 lead: str = "") -> None:
        self.para = para  # position in the paragraph list (0-based)
        self.start = start
        self.end = end  # where the item's text begins
        self.family = family  # 是 / 要 / 第 / 序
        self.value = value
        self.word = word  # as written: 二是, 第三, 其次
        self.lead = lead  # the item's lead phrase (up to the first 。；！？ or the next marker)


class EnumList(_Record):
    __slots__ = ("family", "block", "items", "closed", "serial")

    def __init__(self, family: str, block: bool, items: list[Marker] | None = None,
                 closed: bool = False, serial: int = 0) -> None:
        self.family = family
        self.block = block
        self.items = [] if items is None else items
        self.closed = closed  # 最后 seen
        self.serial = serial  # creation order, to find the most recent list


class SequenceProblem(_Record):
    __slots__ = ("marker", "kind", "expected", "other")

    def __init__(self, marker: Marker, kind: str, expected: str = "", other: Marker | None = None) -> None:
        self.marker = marker
        self.kind = kind  # start / skip / repeat / mixed / order / after_last / repeat_last
        self.expected = expected  # the marker the sequence expected, as words
        self.other = other


class Analysis(_Record):
    __slots__ = ("lists", "problems")

    def __init__(self, lists: list[EnumList], problems: list[SequenceProblem]) -> None:
        self.lists = lists
        self.problems = problems


def find_markers(para_index: int, text: str) -> list[Marker]:
    out = []
    for m in _MARKER_RE().finditer(text):
        if m.group("num"):
            family, value = m.group("kind"), parse_number(m.group("num"))
        elif m.group("ord"):
            family, value = "第", parse_number(m.group("ord"))
        else:
            family, value = "序", _SEQ_VALUES[m.group("first") or m.group("seq")]
        if not value:
            continue
        end = m.end()
        while end < len(text) and text[end] in "，,：:、 ":
            end += 1
        out.append(Marker(para_index, m.start(), end, family, value, m.group()))
    for k, mk in enumerate(out):
        stop = out[k + 1].start if k + 1 < len(out) and out[k + 1].family == mk.family else len(text)
        piece = text[mk.end:stop]
        cut = CLAUSE_END().search(piece)  # its start: the first of 。；！？;!?
        mk.lead = piece[:cut.start()] if cut else piece
    return out


def word_for(family: str, value: int) -> str:
    from drafter.cnnum import cn_number

    if family == "序":
        return {1: "首先", 2: "其次", 3: "再次", LAST: "最后"}.get(value, "")
    if family == "第":
        return "第" + cn_number(value)
    return cn_number(value) + family


class _Builder:
    def __init__(self) -> None:
        self.lists: list[EnumList] = []
        self.problems: list[SequenceProblem] = []
        self.serial = 0

    def loose_first(self, m: Marker) -> Marker | None:
        """An 一是/一要 earlier in the paragraph that did not stand at a clause start."""
        for pos in reversed(self.loose.get(m.family, ())):
            if pos < m.start:
                piece = self.text[pos + 2:m.start]
                cut = CLAUSE_END().search(piece)
                return Marker(m.para, pos, pos + 2, m.family, 1, "一" + m.family,
                              piece[:cut.start()] if cut else piece)
        return None

    def new(self, family: str, block: bool, marker: Marker, scope: dict) -> EnumList:
        self.serial += 1
        lst = EnumList(family, block, [marker], serial=self.serial)
        self.lists.append(lst)
        scope[family] = lst
        return lst

    def add(self, m: Marker, scope: dict, block: bool, other_scope: dict | None = None) -> None:
        if m.family == "序":
            self.add_sequence_word(m, scope, block)
            return
        cur = scope.get(m.family)
        if m.value == 1:
            self.new(m.family, block, m, scope)
            return
        # One list mixing 一是 and 二要: another numeric family's most recent list is the one
        # this marker continues.
        candidates = list(scope.items()) + list((other_scope or {}).items())
        rivals = [lst for fam, lst in candidates
                  if fam != m.family and fam in NUMERIC and lst.items[-1].value == m.value - 1]
        rival = max(rivals, key=lambda lst: lst.serial, default=None)
        if rival is not None and (cur is None or rival.serial > cur.serial):
            self.problems.append(SequenceProblem(m, "mixed", word_for(rival.family, m.value), rival.items[0]))
            rival.items.append(m)
            return
        if cur is None:
            first = self.loose_first(m) if m.value == 2 else None
            if first is not None:  # "原因一是……；二是……": 一是 ran on from a word before it
                self.new(m.family, block, first, scope).items.append(m)
                return
            self.problems.append(SequenceProblem(m, "start", word_for(m.family, 1)))
            self.new(m.family, block, m, scope)
            return
        last = cur.items[-1].value
        if m.value == last + 1:
            pass
        elif m.value <= last:
            self.problems.append(SequenceProblem(m, "repeat", word_for(m.family, last + 1), cur.items[-1]))
        else:
            self.problems.append(SequenceProblem(m, "skip", word_for(m.family, last + 1), cur.items[-1]))
        cur.items.append(m)

    def add_sequence_word(self, m: Marker, scope: dict, block: bool) -> None:
        cur = scope.get("序")
        if m.value == 1:
            self.new("序", block, m, scope)
            return
        if cur is None:
            if m.value != LAST:  # a lone 最后 just closes a speech; a lone 其次 lost its 首先
                self.problems.append(SequenceProblem(m, "start", "首先"))
                self.new("序", block, m, scope)
            return
        if cur.closed:
            kind = "repeat_last" if m.value == LAST else "after_last"
            self.problems.append(SequenceProblem(m, kind, "", cur.items[-1]))
            cur.items.append(m)
            return
        last = cur.items[-1].value
        if m.value == LAST:
            cur.closed = True
        elif m.value <= last:
            self.problems.append(SequenceProblem(m, "repeat", word_for("序", last + 1), cur.items[-1]))
        elif m.value > last + 1:
            self.problems.append(SequenceProblem(m, "order", word_for("序", last + 1), cur.items[-1]))
        cur.items.append(m)


def find_lists(paras: list[Para]) -> Analysis:
    builder = _Builder()
    open_block: dict[str, EnumList] = {}
    for index, para in enumerate(paras):
        if para.kind == "heading":
            open_block.clear()
        if para.kind in ("title", "meta", "salutation"):
            continue
        markers = find_markers(index, para.text)
        if not markers:
            continue
        strict = {m.start for m in markers}
        builder.text = para.text
        builder.loose = {}
        for lm in _LOOSE_FIRST().finditer(para.text):
            if lm.start() not in strict:
                builder.loose.setdefault(lm.group(1), []).append(lm.start())
        lead_ws = len(para.text) - len(para.text.lstrip())
        starts = para.kind != "heading" and markers[0].start == lead_ws
        block_family = markers[0].family if starts else None
        local: dict[str, EnumList] = {}
        for m in markers:
            if m.family == block_family:
                builder.add(m, open_block, True)
            else:
                builder.add(m, local, False, open_block if starts else None)
        # An inline list that ends its paragraph may go on in the next one ("……三是……。" ¶ "四是……").
        for family, lst in local.items():
            open_block[family] = lst
    return Analysis(builder.lists, builder.problems)
