"""The text and Markdown writers, checked against the .docx they shadow."""
from __future__ import annotations

import dataclasses
import io
import json
import shutil
import subprocess

import docx
import pytest

from drafter.model import Document, Paragraph, PointList, Text, Title
from drafter.profile import PROFILES, get_profile
from drafter.writers import write
from helpers_docs import long_document, sample_document

DOCS = {"sample": sample_document(), "long": long_document(2),
        "count": sample_document(with_count=True)}


@pytest.mark.parametrize("profile", sorted(PROFILES))
@pytest.mark.parametrize("name", sorted(DOCS))
def test_text_lines_equal_the_docx_paragraphs(name, profile):
    doc = DOCS[name]
    text = write(doc, "text", profile=profile).data.decode("utf-8")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(write(doc, "docx").data)).paragraphs]
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert text.split("\n")[:-1] == paragraphs


def test_text_output_is_utf8_with_one_line_per_paragraph():
    data = write(sample_document(), "text").data
    lines = data.decode("utf-8").splitlines()
    assert lines[:5] == ["凝心聚力抓落实　久久为功促发展", "——在全县基层治理现代化推进会上的讲话",
                         "县委书记　王　明", "（2026年3月15日）", "同志们："]
    assert "一是网格体系更加健全。全县划分网格1260个，专职网格员全部到岗。" in lines
    assert "附：有关说明" in lines
    assert write(Document(()), "text").data == b""


def test_subtitle_gets_its_dash_once():
    from drafter.model import Subtitle

    doc = Document((Title("题目"), Subtitle("在会议上的讲话"), Subtitle("——在会议上的讲话")))
    assert write(doc, "text").data.decode().splitlines()[1:] == ["——在会议上的讲话"] * 2


# ---- markdown ----------------------------------------------------------------------------------

def md(doc, **kw) -> str:
    return write(doc, "markdown", **kw).data.decode("utf-8")


def test_markdown_structure():
    out = md(sample_document())
    blocks = out.split("\n\n")
    assert blocks[0] == "# 凝心聚力抓落实　久久为功促发展"
    assert "## 一、充分肯定成绩，切实增强做好工作的信心" in blocks
    assert "### （一）在夯实基础上取得新进展" in blocks
    assert "## 附：有关说明" in blocks
    assert "同志们：" in blocks
    assert "**一是网格体系更加健全**。全县划分网格1260个，专职网格员全部到岗。" in blocks
    assert any(b.startswith("**（二）在破解难题上迈出新步伐**") for b in blocks)
    assert out.endswith("\n") and "\n\n\n" not in out


def test_markdown_paragraphs_match_the_text_writer():
    doc = long_document(2)
    text_lines = write(doc, "text").data.decode().splitlines()
    blocks = md(doc).rstrip("\n").split("\n\n")
    assert len(blocks) == len(text_lines)
    for block, line in zip(blocks, text_lines):
        assert block.lstrip("#").strip().replace("**", "") == line


def test_markdown_inline_points_follow_the_profile():
    doc = sample_document()
    plain = md(doc)
    assert "抓好今年的工作，一要压实责任，" in plain
    emphatic = md(doc, profile=dataclasses.replace(get_profile("gbt9704"), inline_emphasis=True))
    assert "抓好今年的工作，**一要压实责任**，" in emphatic


def test_markdown_escapes_markup_characters():
    doc = Document((Paragraph((Text("1. 不是列表 *星号* [方括号] <标签> # 井号"),)),
                    Paragraph((Text("# 不是标题"),))))
    blocks = md(doc).rstrip("\n").split("\n\n")
    assert blocks[0] == r"1\. 不是列表 \*星号\* \[方括号\] \<标签\> # 井号"
    assert blocks[1] == r"\# 不是标题"


@pytest.mark.parametrize("before,span,after,expected", [
    ("各地", "“十四五”规划", "要", "各地“**十四五”规划**要"),
    (None, "一是要强化责任。", "各地", "**一是要强化责任**。各地"),
    ("，", "要点", "。", "，**要点**。"),
])
def test_markdown_bold_edges_are_flanking_safe(before, span, after, expected):
    runs = ([Text(before)] if before else []) + [Text(span, "strong")] + [Text(after)]
    assert md(Document((Paragraph(tuple(runs)),))).strip() == expected


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")
@pytest.mark.parametrize("reader", ["markdown", "commonmark", "gfm"])
def test_markdown_reads_back_with_pandoc(reader):
    doc = sample_document()
    proc = subprocess.run(["pandoc", "-f", reader, "-t", "json"], input=md(doc),
                          capture_output=True, text=True, check=True, timeout=60)
    ast = json.loads(proc.stdout)["blocks"]

    def text(inlines):
        out = []
        for i in inlines:
            if i["t"] == "Str":
                out.append(i["c"])
            elif i["t"] == "Space":
                out.append(" ")
            elif i["t"] in ("Strong", "Emph"):
                out.append(text(i["c"]))
        return "".join(out)

    headers = [(b["c"][0], text(b["c"][2])) for b in ast if b["t"] == "Header"]
    assert headers[:3] == [(1, "凝心聚力抓落实　久久为功促发展"),
                           (2, "一、充分肯定成绩，切实增强做好工作的信心"),
                           (3, "（一）在夯实基础上取得新进展")]
    strong = [text(i["c"]) for b in ast if b["t"] == "Para" for i in b["c"] if i["t"] == "Strong"]
    leads = [i.marker + i.lead.rstrip("。") for b in doc.blocks
             if isinstance(b, PointList) and b.layout == "block" for i in b.items]
    for lead in leads:
        assert lead in strong
    assert "总结去年工作、部署今年任务" in strong
