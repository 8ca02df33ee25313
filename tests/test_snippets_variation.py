"""Issue 3: variant choice — same key, same draft; different unit keys, different wording."""
from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest

from drafter.model import Heading, Paragraph, PointList, plain
from drafter.pipeline import Request, build_document
from drafter.render import variant_index

KEYS = [f"单位{i:02d}" for i in range(10)]

SAFETY = """[meeting]
title = "在全县安全生产工作会议上的讲话"
speaker = "王明"
post = "县长"
date = 2026-03-15
seed = "安全生产会"

[[agenda]]
who = "县应急管理局"
about = "去年全县安全生产工作情况"

[[agenda]]
who = "县交通运输局、县住建局"
did = "交流发言"

[opening]
before = { snippet = "opening/purpose", name = "全县安全生产工作会议", task = "总结去年工作，部署今年任务" }
assessment = { snippet = "opening/assessment-safety", period = "过去一年" }
summary = { snippet = "opening/summary", topic = "安全生产工作" }

[problems]
snippet = "problems/safety"

[context]
snippet = "context/safety-situation"
season = "一季度"

[transition]
snippet = "transition/requirements"
topic = "抓好今年的安全生产工作"

[[sections]]
snippet = "sections/safety-responsibility"

[[sections]]
snippet = "sections/safety-hazards"

[[sections]]
heading = "抓住关键环节，筑牢安全防线"
paragraphs = { snippet = "subpoints/risk-control" }

[[sections]]
snippet = "sections/safety-emergency"

[guarantees]
snippet = "guarantees/safety"

[closing]
snippet = "closing/safety"
"""

PARTY = """[meeting]
title = "在全县基层党建工作推进会上的讲话"
speaker = "李华"
date = 2026-04-10

[[agenda]]
who = "县委组织部"
about = "一季度基层党建工作情况"

[opening]
assessment = { snippet = "opening/assessment-party" }
summary = { snippet = "opening/summary", topic = "基层党建工作" }

[[opening.examples]]
who = "城关镇"
did = "推行党员积分管理，党员参与志愿服务的积极性明显提高"

[[opening.examples]]
who = "县卫健局"
did = "把党支部建在科室上，带动了服务质量的提升"

[problems]
snippet = "problems/party"

[context]
snippet = "context/significance"
topic = "基层党建工作"

[[sections]]
snippet = "sections/party-political"

[[sections]]
snippet = "sections/party-grassroots"

[[sections]]
snippet = "sections/party-members"

[[sections]]
heading = "创新工作载体，不断增强党建工作活力"
paragraphs = { snippet = "subpoints/party-innovation" }

[guarantees]
snippet = "guarantees/party"

[closing]
snippet = "closing/party"
"""


@pytest.fixture(autouse=True)
def _private_user_folder(tmp_path, monkeypatch):
    user = tmp_path / "user"
    user.mkdir()
    monkeypatch.setenv("DRAFTER_PATH", str(user))


def paragraphs(document, only_snippets: bool = True) -> list[str]:
    """The draft's paragraphs as the reader sees them; by default only those snippets made."""
    out = []
    for block in document.blocks:
        src = getattr(block, "src", None)
        from_snippet = src is not None and "/snippets/" in str(src.file).replace("\\", "/")
        if only_snippets and not from_snippet:
            continue
        if isinstance(block, Paragraph):
            out.append(plain(block.inlines))
        elif isinstance(block, Heading):
            out.append(block.number + block.text + plain(block.body or ()))
        elif isinstance(block, PointList):
            items = [p.marker + p.lead + plain(p.body) for p in block.items]
            if block.layout == "inline":
                out.append(plain(block.intro) + "".join(items) + plain(block.outro))
            else:
                out += [t for t in (plain(block.intro), *items, plain(block.outro)) if t]
    return out


def draft(outline: Path, key: str):
    return build_document(Request(outline=outline, unit_key=key)).document


def differing_share(a: list[str], b: list[str]) -> float:
    common = sum((Counter(a) & Counter(b)).values())
    return 1 - common / max(len(a), len(b))


@pytest.mark.parametrize("text", [SAFETY, PARTY], ids=["安全生产", "党建"])
def test_ten_unit_keys_give_different_wording(tmp_path, text):
    outline = tmp_path / "会议.toml"
    outline.write_text(text, encoding="utf-8")
    drafts = [paragraphs(draft(outline, key)) for key in KEYS]
    assert all(len(d) >= 15 for d in drafts)
    shares = [differing_share(a, b) for a, b in itertools.combinations(drafts, 2)]
    average = sum(shares) / len(shares)
    assert average >= 1 / 3, average
    assert len({tuple(d) for d in drafts}) == len(KEYS)


@pytest.mark.parametrize("text", [SAFETY, PARTY], ids=["安全生产", "党建"])
def test_the_same_key_twice_gives_identical_text(tmp_path, text):
    outline = tmp_path / "会议.toml"
    outline.write_text(text, encoding="utf-8")
    for key in ("单位03", ""):
        first = paragraphs(draft(outline, key), only_snippets=False)
        second = paragraphs(draft(outline, key), only_snippets=False)
        assert first == second


def test_the_same_outline_elsewhere_gives_the_same_draft(tmp_path):
    one, two = tmp_path / "a" / "会议.toml", tmp_path / "b" / "会议.toml"
    for path in (one, two):
        path.parent.mkdir()
        path.write_text(SAFETY, encoding="utf-8")
    assert paragraphs(draft(one, "单位05"), False) == paragraphs(draft(two, "单位05"), False)


def test_counts_follow_the_sections_snippets_add(tmp_path):
    outline = tmp_path / "会议.toml"
    outline.write_text(SAFETY, encoding="utf-8")
    text = "\n".join(paragraphs(draft(outline, "单位01"), only_snippets=False))
    assert "提五点要求" in text or "强调五个方面" in text
    assert "五、" in text and "六、" not in text


def test_variant_choice_is_a_pure_function():
    picks = {variant_index("种子", "closing/call", key, 3) for key in KEYS}
    assert picks <= {0, 1, 2} and len(picks) > 1
    assert variant_index("种子", "closing/call", "单位01", 3) == variant_index("种子", "closing/call", "单位01", 3)


def test_an_explicit_variant_wins(tmp_path):
    outline = tmp_path / "会议.toml"
    outline.write_text(SAFETY.replace('snippet = "closing/safety"', 'snippet = "closing/safety"\nvariant = "警钟长鸣"'),
                       encoding="utf-8")
    for key in KEYS[:4]:
        assert "如履薄冰" in paragraphs(draft(outline, key))[-1]
