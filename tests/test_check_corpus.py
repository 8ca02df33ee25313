"""Issue 5, precision: clean speeches of our own writing raise no error and at most one warning
per thousand characters; and the same speeches, broken on purpose, are caught (so a silent
corpus means precise rules, not rules that see nothing)."""
from __future__ import annotations

from pathlib import Path

import pytest

from drafter.check import check_file, check_text
from drafter.check.enums import find_lists
from drafter.check.readers import read_txt

CORPUS = sorted((Path(__file__).parent / "corpus" / "clean").glob("*.txt"))


def visible_chars(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def test_corpus_is_big_enough():
    assert len(CORPUS) >= 5
    for path in CORPUS:
        assert visible_chars(path.read_text(encoding="utf-8")) >= 1500, path.name


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_clean_speech_precision(path):
    findings = check_file(path)
    assert [f for f in findings if f.severity == "error"] == []
    warnings = [f for f in findings if f.severity == "warning"]
    per_thousand = len(warnings) / (visible_chars(path.read_text(encoding="utf-8")) / 1000)
    assert per_thousand <= 1.0, [(f.rule, f.quote) for f in warnings]


def test_corpus_exercises_the_structures_the_rules_read():
    """The clean corpus is not silent because nothing was recognised."""
    families, announcements = set(), 0
    for path in CORPUS:
        analysis = find_lists(read_txt(path).paras)
        families.update(lst.family for lst in analysis.lists if len(lst.items) >= 2)
        text = path.read_text(encoding="utf-8")
        announcements += text.count("我讲三点意见") + text.count("抓好以下四个方面") + text.count("提两点希望")
    assert families >= {"是", "要", "第", "序"}
    assert announcements >= 3


MUTATIONS = [
    ("01-spring-farming.txt", "我讲三点意见", "我讲四点意见", "count.mismatch"),
    ("01-spring-farming.txt", "三要严明纪律", "四要严明纪律", "enum.sequence"),
    ("01-spring-farming.txt", "三要严明纪律，较真碰硬", "三要督查", "list.lead_shape"),
    ("02-business-environment.txt", "再次，要在监管", "最后，要在监管", "enum.sequence"),
    ("02-business-environment.txt", "二是一些惠企政策", "二要一些惠企政策", "enum.mixed"),
    ("03-work-safety.txt", "2026年5月21日（星期四）", "2026年5月21日（星期五）", "date.weekday"),
    ("03-work-safety.txt", "四、在应急处置", "五、在应急处置", "heading.sequence"),
    ("03-work-safety.txt", "2026年5月21日", "2026-05-21", "date.format"),
    ("04-science-innovation.txt", "第三，要营造", "第二，要营造", "enum.sequence"),
    ("04-science-innovation.txt", "研发经费投入强度", "研发经费投入强度【待补】", "placeholder"),
    ("05-year-end-awards.txt", "提两点希望", "提三点希望", "count.mismatch"),
    ("05-year-end-awards.txt", "我们丝毫不能松懈。", "我们丝毫不能松懈,", "punct.halfwidth"),
    ("06-rural-revitalisation.txt", "抓好五项重点工作", "抓好六项重点工作", "count.mismatch"),
    ("06-rural-revitalisation.txt", "“三权分置”", "“三权分置“", "punct.unbalanced"),
]


@pytest.mark.parametrize("name, old, new, rule", MUTATIONS)
def test_broken_corpus_speech_is_caught(name, old, new, rule):
    text = (Path(__file__).parent / "corpus" / "clean" / name).read_text(encoding="utf-8")
    assert old in text
    assert rule not in {f.rule for f in check_text(text)}
    assert rule in {f.rule for f in check_text(text.replace(old, new, 1))}
