"""Issue 5: checking a .docx that drafter did not make, and ``--fix`` on .docx and .txt."""
from __future__ import annotations

import hashlib
import json

import pytest

docx = pytest.importorskip("docx")
from docx.shared import Pt, RGBColor  # noqa: E402

from drafter.check import check_file  # noqa: E402
from drafter.check.readers import docx_paragraphs, text_elements  # noqa: E402
from drafter.cli import run  # noqa: E402


def build_docx(path):
    """A speech typed by hand in Word: mixed runs, an empty paragraph, a table, a text box-free body."""
    d = docx.Document()
    d.add_paragraph("在全县春季工作会议上的讲话")
    d.add_paragraph("同志们：")
    d.add_paragraph("")  # empty paragraphs do not count
    p = d.add_paragraph()
    r = p.add_run("今天召开会议")
    r.bold = True
    r.font.size = Pt(16)
    p.add_run(",主要任务是部署工作:")  # half-width marks at a run boundary
    r = p.add_run("一是抓落实;二是抓督查。")
    r.italic = True
    r.font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    d.add_paragraph("上午10:30开会，全年增长5.6%，保持不变。")
    d.add_paragraph("下面，我讲三点意见。")
    d.add_paragraph("一、统一思想")
    d.add_paragraph("请XX同志负责。")
    d.add_paragraph("二、压实责任")
    table = d.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "表格里的文字,不检查"
    d.add_paragraph("会议定于2026年03月05日召开。")
    d.save(path)
    return path


EXPECTED_FIXED = {
    3: "今天召开会议，主要任务是部署工作：一是抓落实；二是抓督查。",
    9: "会议定于2026年3月5日召开。",
}


def paragraph_texts(path):
    document = docx.Document(str(path))
    out = []
    for p in docx_paragraphs(document):
        text = "".join(t.text or "" for t in text_elements(p))
        if text.strip():
            out.append(text)
    return out


def run_signature(path):
    """(run text, run properties XML) for every run of every body paragraph."""
    from lxml import etree

    document = docx.Document(str(path))
    sig = []
    for p in docx_paragraphs(document):
        for r in p.runs:
            rpr = r._r.rPr
            sig.append((r.text, etree.tostring(rpr) if rpr is not None else b""))
    return sig


def test_docx_not_made_by_drafter_reports_paragraph_and_quote(tmp_path):
    path = build_docx(tmp_path / "讲话.docx")
    findings = {f.rule: f for f in check_file(path)}
    half = findings["punct.halfwidth"]
    assert half.paragraph == 3 and half.line is None
    assert "今天召开会议,主要" in half.quote
    count = findings["count.mismatch"]
    assert count.paragraph == 5 and count.quote == "下面，我讲三点意见。"
    assert "2 个一级标题" in count.message
    assert findings["placeholder"].paragraph == 7 and "XX" in findings["placeholder"].quote
    assert findings["date.format"].paragraph == 9
    assert not any("表格" in f.quote for f in findings.values())


def test_docx_paragraph_location_in_text_and_json(tmp_path, capsys):
    path = build_docx(tmp_path / "讲话.docx")
    assert run(["check", str(path)]) == 1  # count.mismatch is an error
    out = capsys.readouterr().out
    assert "讲话.docx 第 5 段：“下面，我讲三点意见。”" in out
    run(["check", str(path), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    where = next(f["where"] for f in data["findings"] if f["rule"] == "count.mismatch")
    assert where == {"file": str(path), "paragraph": 5, "quote": "下面，我讲三点意见。"}


def test_fix_docx_changes_only_punctuation_and_dates_and_keeps_formatting(tmp_path, capsys):
    path = build_docx(tmp_path / "讲话.docx")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    before_texts = paragraph_texts(path)
    before_runs = run_signature(path)

    code = run(["check", str(path), "--fix"])
    out = capsys.readouterr().out
    fixed = tmp_path / "讲话.fixed.docx"
    assert fixed.exists()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest  # the original untouched
    assert "已自动改正" in out and "第 3 段" in out and "“,主要”" not in out
    assert code == 1  # the count mismatch remains and is reported on the fixed copy

    after_texts = paragraph_texts(fixed)
    assert len(after_texts) == len(before_texts)
    for k, (old, new) in enumerate(zip(before_texts, after_texts), start=1):
        assert new == EXPECTED_FIXED.get(k, old)

    after_runs = run_signature(fixed)
    assert len(after_runs) == len(before_runs)
    for (old_text, old_rpr), (new_text, new_rpr) in zip(before_runs, after_runs):
        assert new_rpr == old_rpr  # formatting of every run kept
        assert len(new_text) <= len(old_text)
    changed = [(o, n) for (o, _), (n, _) in zip(before_runs, after_runs) if o != n]
    assert (",主要任务是部署工作:", "，主要任务是部署工作：") in changed
    assert ("一是抓落实;二是抓督查。", "一是抓落实；二是抓督查。") in changed
    remaining = {f.rule for f in check_file(fixed)}
    assert not remaining & {"punct.halfwidth", "date.format"}


def test_fix_refuses_to_overwrite_without_force(tmp_path, capsys):
    path = build_docx(tmp_path / "讲话.docx")
    fixed = tmp_path / "讲话.fixed.docx"
    fixed.write_bytes(b"keep me")
    assert run(["check", str(path), "--fix"]) == 4
    assert "已经存在" in capsys.readouterr().err
    assert fixed.read_bytes() == b"keep me"
    assert run(["check", str(path), "--fix", "--force"]) == 1
    assert fixed.read_bytes() != b"keep me"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~")]  # no temporary left


def test_fix_with_nothing_to_fix_writes_nothing(tmp_path, capsys):
    d = docx.Document()
    d.add_paragraph("同志们：")
    d.add_paragraph("今天的会议开得很好，大家要抓好落实。")
    path = tmp_path / "好稿.docx"
    d.save(path)
    assert run(["check", str(path), "--fix"]) == 0
    assert "没有可以自动改正的地方" in capsys.readouterr().out
    assert not (tmp_path / "好稿.fixed.docx").exists()


def test_fix_splits_an_edit_across_runs(tmp_path):
    """Spaces and a comma spread over runs: the edit lands in the first, the rest is removed."""
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("加快发展 ")
    p.add_run(",")
    p.add_run(" 推进改革。")
    path = tmp_path / "跨段.docx"
    d.save(path)
    assert run(["check", str(path), "--fix"]) == 0
    assert paragraph_texts(tmp_path / "跨段.fixed.docx") == ["加快发展，推进改革。"]


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")])
def test_fix_txt_keeps_encoding_and_line_ends(tmp_path, encoding, bom, capsys):
    text = "同志们：\r\n\r\n今天开会,部署工作。\r\n会议于2026-3-15召开。\r\n"
    path = tmp_path / "稿.txt"
    path.write_bytes(bom + text.encode(encoding))
    original = path.read_bytes()
    assert run(["check", str(path), "--fix"]) == 0
    out = capsys.readouterr().out
    assert "第 2 段（第 3 行）" in out
    fixed = (tmp_path / "稿.fixed.txt").read_bytes()
    assert path.read_bytes() == original
    assert fixed.startswith(bom)
    expected = "同志们：\r\n\r\n今天开会，部署工作。\r\n会议于2026年3月15日召开。\r\n"
    assert fixed[len(bom):].decode(encoding) == expected
