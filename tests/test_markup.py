"""The draft markup reader: text → blocks, with every problem named by line."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter import markup
from drafter.errors import InputError
from drafter.model import Byline, Count, Heading, Paragraph, PointList, Salutation, Text, Title
from drafter.transforms import resolve
from drafter.model import Document


def blocks(text):
    return markup.read(text, default_file="t.md").blocks


def test_line_directives_and_paragraph_joining():
    out = blocks("::title 在全市会议上的讲话\n::speaker 王强\n::date （2026年5月6日）\n::salutation 同志们：\n\n"
                 "第一行\n第二行接着写。\n\nEnglish\nwords")
    assert out[0] == Title("在全市会议上的讲话", out[0].src)
    assert isinstance(out[1], Byline) and out[1].kind == "speaker"
    assert isinstance(out[2], Byline) and out[2].kind == "date"
    assert isinstance(out[3], Salutation)
    assert out[4].inlines == (Text("第一行第二行接着写。"),)
    assert out[5].inlines == (Text("English words"),)


def test_headings_and_runin():
    out = blocks("# 提高认识\n\n## 抓好学习\n\n##+ 加强领导。各单位要……")
    assert [(b.level, b.text, b.runin) for b in out] == [(1, "提高认识", False), (2, "抓好学习", False),
                                                         (2, "加强领导。", True)]
    assert out[2].body == (Text("各单位要……"),)


def test_lists_with_intro_outro_and_explicit_lead():
    out = blocks("::list 要 inline\n::intro 主要是：\n- 认识不到位。有的还停在口头。\n  补充一句。\n"
                 "- 载体不够实|活动与工作脱节。\n::outro 这些都要改。\n::end")
    (lst,) = out
    assert isinstance(lst, PointList) and (lst.style, lst.layout) == ("要", "inline")
    assert [(p.lead, p.body) for p in lst.items] == [
        ("认识不到位。", (Text("有的还停在口头。补充一句。"),)),
        ("载体不够实", (Text("活动与工作脱节。"),)),
    ]
    assert lst.intro == (Text("主要是："),) and lst.outro == (Text("这些都要改。"),)


def test_strong_and_count_inlines():
    (p,) = blocks("我讲[[count]]点，共[[count points]]项，**重点**在后。")
    assert p.inlines == (Text("我讲"), Count("sections"), Text("点，共"), Count("points"), Text("项，"),
                         Text("重点", "strong"), Text("在后。"))


def test_escapes_keep_outline_text_literal():
    (p,) = blocks(markup.escape("# 不是标题 ::title [[count]] a|b **x**"))
    assert isinstance(p, Paragraph)
    assert p.inlines == (Text("# 不是标题 ::title [[count]] a|b **x**"),)


@pytest.mark.parametrize("text, line, words", [
    ("正文\n::frob 什么", 2, "不认识的指令"),
    ("::list 是 block\n- 一项", 1, "::end"),
    ("::list 好的 block\n- 一项\n::end", 1, "编号方式"),
    ("::end", 1, "只能写在"),
    ("::list 是 block\n::end", 1, "一项也没有"),
    ("文字**没有收尾", 1, "**"),
    ("#标题没有空格", 1, "标题行写法不对"),
])
def test_errors_name_the_line(text, line, words):
    with pytest.raises(InputError) as info:
        blocks(text)
    problem = info.value.problems[0]
    assert problem.line == line and problem.file == "t.md"
    assert words in problem.message


def test_source_marks_pick_the_line_of_the_content():
    files = ["tpl.j2", "outline.toml"]
    text = f"{markup.mark(0, 5)}::title {markup.mark(1, 2)}标题\n{markup.mark(0, 6)}\n{markup.mark(0, 7)}正文{markup.mark(1, 9)}尾巴"
    out = markup.read(text, files).blocks
    assert (out[0].src.file, out[0].src.line) == ("outline.toml", 2)
    assert (out[1].src.file, out[1].src.line) == ("tpl.j2", 7)
    assert out[1].inlines == (Text("正文尾巴"),)


def test_annotated_markup_reads_back_to_the_same_blocks():
    files = ["a.j2"]
    text = "\n".join(f"{markup.mark(0, i + 1)}{line}" for i, line in enumerate(
        ["::title 题目", "", "# 第一部分", "", "正文一。", "", "::list 是 block", "- 要点。正文。", "::end"]))
    first = markup.read(text, files)
    again = markup.read(first.annotated, [])
    assert again.blocks == first.blocks


def test_counts_and_numbering_resolve_on_the_model():
    out = blocks("下面我讲[[count]]点意见：\n\n# 甲\n\n## 子一\n\n##+ 子二。正文\n\n# 乙\n\n::list 首先 block\n- 一。\n- 二。\n- 三。\n::end")
    doc = resolve(Document(out))
    assert doc.blocks[0].inlines == (Text("下面我讲"), Text("两"), Text("点意见："))
    assert [b.number for b in doc.blocks if isinstance(b, Heading)] == ["一、", "（一）", "（二）", "二、"]
    assert [p.marker for p in doc.blocks[-1].items] == ["首先，", "其次，", "最后，"]


def test_escape_knows_every_escapable_character():
    from drafter.markup import ESCAPABLE, escape

    for ch in ESCAPABLE:
        assert escape(f"中{ch}文") == f"中\\{ch}文"
    assert escape("中文，没有特殊字符。") == "中文，没有特殊字符。"


def test_a_line_of_spaces_ends_a_paragraph_and_keeps_line_numbers():
    out = blocks("第一段。\n  \n第二段。")
    assert [b.inlines for b in out] == [(Text("第一段。"),), (Text("第二段。"),)]
    assert [b.src.line for b in out] == [1, 3]


def test_private_use_characters_in_text_are_kept_as_text():
    # GB18030 maps some rare characters into the private-use area that source marks use.
    (para,) = blocks("生僻字\ue000在这里\ue001。")
    assert para.inlines == (Text("生僻字\ue000在这里\ue001。"),)


# ---- trimming a snippet's output: the linear version against the plain regex one -------------
from drafter.render import trim_rendered  # noqa: E402

_ANY_MARK = "\ue000\\d+:\\d+\ue001"


def _trimmed_by_regex(text):
    lead = re.match(f"(?:\\s|{_ANY_MARK})*", text).group(0)
    marks = re.findall(_ANY_MARK, lead)
    body = re.sub(f"(?:\\s|{_ANY_MARK})+$", "", text[len(lead):])
    return (marks[-1] if marks else "") + body if body else ""


_PIECES = st.sampled_from(["\ue0001:2\ue001", "\ue00012:345\ue001", " ", "\n", "\u3000", "\t", "a", "中",
                           "\ue000", "\ue001", "1:2", "\ue0001:\ue001"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_trim_rendered_drops_blank_space_and_marks_at_both_ends(text):
    assert trim_rendered(text) == _trimmed_by_regex(text)


def test_double_brackets_that_are_no_count_stay_text():
    (para,) = blocks("[[附件]]见后。")
    assert para.inlines == (Text("[[附件]]见后。"),)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "::title ", "::speaker ", "::list ", "::list 是 inline", "::list x y", "::intro ", "::outro ", "::end",
    "::bogus", "# ", "## ", "##+ ", "###", "- ", "|", "**", "\\", "[[count]]", "[[count points]]", "[[", "]]",
    "%% ", "%% @f.toml:3", "\n", "\n\n", " ", "文字", "。", "a", "\ue0000:5\ue001", "\ue000", "\ue001",
    "\ue00099:1\ue001", ":", "\u3000"]), max_size=30).map("".join))
def test_any_markup_reads_or_is_refused_with_a_message(text):
    """Templates and snippets are writers' files: whatever they render, the reader answers with
    blocks or an InputError naming lines, never a traceback."""
    try:
        result = markup.read(text, default_file="t.j2")
    except InputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
    else:
        assert isinstance(result.annotated, str)


def test_an_intro_or_outro_of_several_paragraphs_keeps_its_breaks():
    """The list keeps the paragraph next to its items; the others stand on their own (they
    used to run together into one paragraph with no break at all)."""
    out = blocks("::list 是 block\n::intro 段一。\n\n段二：\n- 甲。乙。\n::outro 收一。\n\n收二。\n::end")
    assert [type(b).__name__ for b in out] == ["Paragraph", "PointList", "Paragraph"]
    assert out[0].inlines == (Text("段一。"),) and out[2].inlines == (Text("收二。"),)
    assert out[1].intro == (Text("段二："),) and out[1].outro == (Text("收一。"),)
    # a blank line before the items or at the end changes nothing
    (lst,) = blocks("::list 是 block\n::intro 引导语：\n\n- 甲。\n::outro 收束。\n\n::end")
    assert lst.intro == (Text("引导语："),) and lst.outro == (Text("收束。"),)
