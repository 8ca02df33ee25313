"""Issue 5: checking the model ``drafter new`` builds, and outlines through the pipeline."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from drafter.check import check_document
from drafter.check.readers import from_document
from drafter.model import (Byline, Document, Heading, Meta, Paragraph, Point, PointList, Salutation,
                           Source, Subtitle, Text, Title)

HAS_PIPELINE = importlib.util.find_spec("drafter.pipeline") is not None
needs_pipeline = pytest.mark.skipif(not HAS_PIPELINE, reason="drafter.pipeline is not written yet (issue 2)")


def src(line, file="meeting.toml"):
    return Source(file, line)


def para(text, line, file="meeting.toml"):
    return Paragraph((Text(text),), src(line, file))


def speech(announced="三", target=None, sections=3):
    blocks = [
        Title("在全县工作会议上的讲话", src(2)),
        Subtitle("在全县工作会议上的讲话", src(3)),
        Byline("（2026年3月15日）", "date", src(4)),
        Salutation("同志们：", src(5)),
        para(f"下面，我讲{announced}点意见。", 12, "snippets/transition/default.j2"),
    ]
    bodies = ["形势要看清，成绩要讲够，问题要点透，各级干部要保持清醒头脑。",
              "任务要分解到单位、落实到个人，每一项都要明确完成时限和责任人。",
              "保障要跟上，资金、人员、制度三个方面都要配套到位，不能留缺口。"]
    for k in range(sections):
        number = "一二三四五"[k] + "、"
        blocks.append(Heading(1, f"第{k + 1}部分的标题", number=number, src=src(20 + 10 * k)))
        blocks.append(para(bodies[k], 21 + 10 * k))
    blocks.append(PointList("要", "block", (
        Point("加强领导，明确责任。", (Text("各级要重视。"),), "一要", src(60)),
        Point("统筹兼顾，协调推进。", (Text("各部门要配合。"),), "二要", src(61)),
        Point("严格督查，较真碰硬。", (Text("督查要到位。"),), "三要", src(62)),
    ), intro=(Text("为此，提三点要求。"),), src=src(59)))
    blocks.append(PointList("是", "inline", (
        Point("抓好春耕。", (), "一是", src(70)),
        Point("抓好水利。", (), "二是", src(71)),
    ), intro=(Text("具体有两点："),), outro=(Text("请大家抓好落实。"),), src=src(69)))
    blocks.append(Heading(2, "加强组织领导。", number="（一）", body=(Text("各地要行动起来。"),), src=src(80)))
    return Document(tuple(blocks), Meta(date="2026-03-15", target_minutes=target))


def test_model_is_laid_out_like_the_docx():
    texts = [(p.text, p.kind, p.level, p.line) for p in from_document(speech())]
    assert texts[1] == ("——在全县工作会议上的讲话", "meta", 0, 3)
    assert ("一、第1部分的标题", "heading", 1, 20) in texts
    assert ("为此，提三点要求。", "body", 0, 59) in texts
    assert ("一要加强领导，明确责任。各级要重视。", "body", 0, 60) in texts
    assert ("具体有两点：一是抓好春耕。二是抓好水利。请大家抓好落实。", "body", 0, 69) in texts
    assert ("（一）加强组织领导。各地要行动起来。", "heading", 2, 80) in texts


def test_clean_model_has_no_findings():
    assert check_document(speech()) == []


def test_findings_from_a_model_carry_the_source_line():
    findings = check_document(speech(announced="四"))
    assert [(f.rule, f.file, f.line, f.paragraph) for f in findings] == [
        ("count.mismatch", "snippets/transition/default.j2", 12, None)]
    assert findings[0].where == {"file": "snippets/transition/default.j2", "line": 12,
                                 "quote": "下面，我讲四点意见。"}


def test_model_lists_and_counts_are_checked():
    doc = speech()
    blocks = list(doc.blocks)
    lst = blocks[-3]
    blocks[-3] = PointList("要", "block", lst.items[:2] + (Point("督查。", (), "四要", src(63)),),
                           intro=lst.intro, src=lst.src)
    findings = {(f.rule, f.line) for f in check_document(doc.with_blocks(blocks))}
    assert ("count.mismatch", 59) not in findings  # still three items
    assert ("enum.sequence", 63) in findings
    assert ("list.lead_shape", 63) in findings


def test_model_speaking_time_uses_the_outline_target():
    findings = check_document(speech(target=0.5))
    total = [f for f in findings if f.rule == "time.total"]
    assert len(total) == 1 and "超过了安排的 0.5 分钟" in total[0].message
    assert total[0].line == 2  # the title's line: the whole speech
    assert [f for f in check_document(speech(target=1.0)) if f.rule == "time.total"] == []
    sections = [f for f in check_document(speech(target=1.0)) if f.rule == "time.section"]
    assert [f.line for f in sections] == [40]  # 三、 holds both lists and the run-in heading


def test_model_weekday_uses_the_meeting_year():
    doc = speech()
    doc = doc.with_blocks(doc.blocks + (para("检查定于3月16日（星期三）进行。", 90),))
    findings = check_document(doc)
    assert [(f.rule, f.line) for f in findings] == [("date.weekday", 90)]


def test_format_findings_for_drafter_new():
    from drafter.check import format_findings

    text = format_findings(check_document(speech(announced="四")), color=False)
    assert "snippets/transition/default.j2:12：“下面，我讲四点意见。”" in text
    assert text.endswith("共 1 个错误。")


# ---- outlines through the pipeline ---------------------------------------------------------

OUTLINE = '''[meeting]
title = "在全县安全生产工作会议上的讲话"
date = 2026-03-15

[[sections]]
heading = "提高思想认识"
paragraphs = ["安全生产是底线，各级要高度重视。"]

[[sections]]
heading = "压实工作责任"
paragraphs = ["请XX同志牵头负责。"]
'''


@needs_pipeline
def test_outline_findings_point_at_outline_lines(tmp_path, capsys):
    import json

    from drafter.cli import run

    outline = tmp_path / "meeting.toml"
    outline.write_text(OUTLINE, encoding="utf-8")
    code = run(["check", str(outline), "--format", "json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    findings = json.loads(out.out)["findings"]
    hit = next(f for f in findings if f["rule"] == "placeholder")
    assert hit["where"]["file"].endswith("meeting.toml") and hit["where"]["line"] == 11
    assert run(["check", str(outline), "--final"]) == 1


@needs_pipeline
def test_check_toml_beside_the_outline_is_used(tmp_path, monkeypatch):
    from drafter.cli import run

    monkeypatch.setenv("DRAFTER_PATH", str(tmp_path / "nobody"))
    outline = tmp_path / "meeting.toml"
    outline.write_text(OUTLINE, encoding="utf-8")
    assert run(["check", str(outline), "--strict"]) == 1
    (tmp_path / "check.toml").write_text('[rules]\n"placeholder" = "off"\n', encoding="utf-8")
    assert run(["check", str(outline), "--strict"]) == 0


@needs_pipeline
def test_outline_errors_are_input_errors(tmp_path, capsys):
    from drafter.cli import run

    outline = tmp_path / "meeting.toml"
    outline.write_text("[meeting\n", encoding="utf-8")
    assert run(["check", str(outline)]) == 3
    assert "Traceback" not in capsys.readouterr().err


EXAMPLES = sorted(p for p in (Path(__file__).parent.parent / "examples").rglob("*.toml")
                  if p.name != "check.toml")  # office check settings, not outlines


@needs_pipeline
@pytest.mark.skipif(not EXAMPLES, reason="no bundled examples yet")
@pytest.mark.parametrize("outline", EXAMPLES, ids=lambda p: p.name)
def test_bundled_examples_have_no_findings(outline):
    from drafter.pipeline import Request, build_document

    built = build_document(Request(outline=outline))
    findings = check_document(built.document)
    assert [(f.rule, f.location(), f.message) for f in findings] == []
