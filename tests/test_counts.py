"""Issue 2, what must hold 4: counts and numbering follow the sections actually present."""
from pathlib import Path

from drafter.model import Heading, Paragraph, Text
from drafter.pipeline import Request, build_document
from outline_samples import with_sections


def build(tmp_path: Path, text: str, name="m.toml"):
    outline = tmp_path / name
    outline.write_text(text, encoding="utf-8")
    return build_document(Request(outline=outline)).document


def transition_text(doc) -> str:
    return next("".join(i.text for i in b.inlines) for b in doc.blocks
                if isinstance(b, Paragraph) and "意见" in "".join(i.text for i in b.inlines if isinstance(i, Text)))


def headings(doc):
    return [b.number + b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]


def test_adding_or_removing_a_section_changes_the_count_and_renumbers(tmp_path):
    counts = {}
    for n, word in [(1, "两"), (2, "三"), (3, "四"), (10, "十一")]:
        doc = build(tmp_path, with_sections(n))
        counts[n] = transition_text(doc)
        assert f"讲{word}" in counts[n], counts[n]
        numbers = [h.split("、")[0] for h in headings(doc)]
        assert numbers == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"][:n + 1]
    assert headings(build(tmp_path, with_sections(3)))[-1].startswith("四、加强领导")


def test_unnumbered_guarantees_are_not_counted(tmp_path):
    text = with_sections(2).replace("[guarantees]", "[guarantees]\nnumbered = false")
    doc = build(tmp_path, text)
    assert "讲两" in transition_text(doc)
    assert len(headings(doc)) == 2


def test_a_snippet_that_adds_a_heading_is_counted(tmp_path):
    folder = tmp_path / "snippets" / "本单位"
    folder.mkdir(parents=True)
    (folder / "两节.j2").write_text(
        '+++\nkind = "section"\nsummary = "一次加两部分"\n+++\n# 第一个加出来的部分\n\n正文甲。\n\n# 第二个加出来的部分\n\n正文乙。\n',
        encoding="utf-8")
    text = with_sections(1) + '\n[[sections]]\nsnippet = "本单位/两节"\n'
    doc = build(tmp_path, text)
    assert "讲四" in transition_text(doc)
    assert [h[:2] for h in headings(doc)] == ["一、", "二、", "三、", "四、"]


def test_sub_points_number_themselves(tmp_path):
    text = with_sections(1) + '''
[[sections]]
heading = "抓好四件事"
[sections.list]
style = "首先"
items = ["甲。", "乙。", "丙。", "丁。"]
'''
    doc = build(tmp_path, text)
    (lst,) = [b for b in doc.blocks if hasattr(b, "items")]
    assert [p.marker for p in lst.items] == ["首先，", "其次，", "再次，", "最后，"]
