"""Issue 5: properties of the checker and the fixer over generated text."""
from __future__ import annotations

from dataclasses import replace

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from drafter.check import check_text  # noqa: E402
from drafter.check.config import DEFAULT  # noqa: E402
from drafter.check.edits import Edit, apply_edits, halfwidth_edits, quote_edits  # noqa: E402
from drafter.check.fixer import _split_edits, fix_pieces  # noqa: E402
from drafter.check.text import normalise  # noqa: E402

ALPHABET = list("一二三四五是要第首先其次最后、，。；：！？（）《》“”【】,.;:!?()\"' 0123456789年月日星期XA-\n")
ALPHABET += list("领导工作会议落实")
speechy = st.text(alphabet=ALPHABET, max_size=300)


@settings(max_examples=300, deadline=None)
@given(speechy)
def test_checking_never_fails(text):
    for f in check_text(text):
        assert f.message and f.rule and f.severity in ("error", "warning")
        assert f.paragraph is not None and f.paragraph >= 1


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET.copy() + ["中"], max_size=20), min_size=1, max_size=6))
@example(["“", ":).", ":)."])  # a run of marks turns full-width one per pass (found by hypothesis)
def test_fix_is_stable_and_changes_only_punctuation(pieces):
    pieces = [p.replace("\n", "") for p in pieces]
    config = replace(DEFAULT, severity={"date.format": "off"})
    fixed, _ = fix_pieces(pieces, config)
    assert len(fixed) == len(pieces)
    text = "".join(fixed)
    assert halfwidth_edits(text) == []
    if text.count('"') % 2 == 0:
        assert '"' not in text or not quote_edits(text)[1]
    assert normalise(text) == normalise("".join(pieces))


@st.composite
def pieces_and_edits(draw):
    pieces = draw(st.lists(st.text(alphabet="abcdef", max_size=6), min_size=1, max_size=5))
    total = sum(len(p) for p in pieces)
    points = sorted(draw(st.lists(st.integers(0, total), max_size=6)))
    edits, last = [], -1
    for a, b in zip(points[::2], points[1::2]):
        if a > last or (a == b and a > last):
            edits.append(Edit(a, b, draw(st.text(alphabet="XY", max_size=2)), "punct.halfwidth"))
            last = b
    return pieces, edits


@settings(max_examples=300, deadline=None)
@given(pieces_and_edits())
def test_edits_spread_over_runs_give_the_same_text(case):
    pieces, edits = case
    assert "".join(_split_edits(pieces, edits)) == apply_edits("".join(pieces), edits)
