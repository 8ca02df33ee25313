"""``drafter batch`` end to end: issue 4's "what must hold" 1–3, reruns, locks, usage errors."""
from __future__ import annotations

import datetime as dt
import json
import re
import time
import zipfile
from pathlib import Path

import pytest

from drafter.batch.manifest import MANIFEST_NAME

# A small complete outline; {n} makes each one different. Our own text.
OUTLINE = '''[meeting]
title = "在第{n}片区环境整治推进会上的讲话"
speaker = "林清"
post = "区长"
date = 2026-05-12
office = "某某区人民政府办公室"

[[agenda]]
who = "区城管局"
about = "第{n}片区整治进展"

[[sections]]
heading = "看清差距，把整治标准提上去"
paragraphs = ["第{n}片区背街小巷多，群众意见集中在垃圾清运和占道经营上。"]

[[sections]]
heading = "盯住重点，把问题一件件解决"
[sections.list]
style = "是"
items = ["清运要及时。垃圾日产日清，不留死角。", "管理要常态。占道经营早晚巡查。"]

[guarantees]
heading = "压实责任，确保整治见到实效"
paragraphs = ["各街道要把整治列入重要议程，主要负责同志亲自过问。"]
'''

# One outline for a table of townships: columns are variables; local snippets with several
# variants make neighbouring drafts differ in wording (the unit key is the rendered name).
TABLE_OUTLINE = '''[meeting]
title = "在{{ 乡镇 }}防汛工作动员会上的讲话"
speaker = "{{ 书记 }}"
post = "党委书记"
date = 2026-06-02
office = "{{ 乡镇 }}党委办公室"

[[agenda]]
who = "{{ 乡镇 }}水利站"
about = "汛前隐患排查情况"

[opening]
assessment = { snippet = "本地/评价" }

[[sections]]
heading = "认清形势，把防汛责任扛在肩上"
paragraphs = ["全镇有堤防{{ 变量[\\"堤防(公里)\\"] }}公里，{{ 开会日期 }}前要完成全部隐患整改。"]
after = { snippet = "本地/要求" }

[[sections]]
heading = "突出重点，把各项措施落到实处"
paragraphs = ["{{ 乡镇 }}各村要把转移路线和安置点落实到户。"]
after = { snippet = "本地/叮嘱" }

[guarantees]
heading = "加强领导，确保安全度汛"
paragraphs = ["各村党支部书记是第一责任人。"]

[snippets."本地/评价"]
kind = "opening_assessment"
[snippets."本地/评价".variants]
"甲" = "总的看，前一阶段准备工作抓得早、抓得实。"
"乙" = "从排查情况看，大家思想上是重视的，行动上是积极的。"
"丙" = "这段时间，各村按照部署做了大量基础工作，成效初步显现。"
"丁" = "应当肯定，今年的汛前准备比往年更主动、更扎实。"

[snippets."本地/要求"]
kind = "section"
[snippets."本地/要求".variants]
"甲" = "这项工作没有退路，必须一抓到底。"
"乙" = "对排查出的问题，要建立台账、逐项销号。"
"丙" = "各村要对照清单，逐条逐项抓好落实。"
"丁" = "问题不解决不放过，整改不到位不收兵。"

[snippets."本地/叮嘱"]
kind = "section"
[snippets."本地/叮嘱".variants]
"甲" = "汛期就是战时，谁也不能掉以轻心。"
"乙" = "宁可十防九空，不可失防万一。"
"丙" = "关键时刻，党员干部要站在最前面。"
"丁" = "各项预案要经得起实战检验。"
'''

TOWNS = ["城关", "河口", "山前", "柳林", "石桥", "白沙", "青石", "东湖", "西岭", "南坪",
         "北岗", "双河", "三溪", "四方", "五里", "六合", "七星", "八角", "九龙", "十里",
         "金山", "银湖", "桃源", "杏林", "梅岭", "竹溪", "松坡", "柏树", "枫桥", "荷塘"]


def _docx_text(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs]


def _only_drafts_and_manifest(folder: Path) -> list[str]:
    names = sorted(p.name for p in folder.iterdir())
    assert all(n.endswith(".docx") or n == MANIFEST_NAME for n in names), names
    for name in names:
        if name.endswith(".docx"):
            with zipfile.ZipFile(folder / name) as zf:
                assert zf.testzip() is None
    return [n for n in names if n.endswith(".docx")]


def _table_rows(missing_row_for: str | None = None):
    rows = [["各乡镇防汛动员会信息表"], ["乡镇", "书记", "堤防(公里)", "开会日期"]]
    for i, town in enumerate(TOWNS):
        rows.append([town + "镇", f"书记{i + 1}", 3.0 + i, dt.datetime(2026, 3, 15)])
    if missing_row_for:
        rows.append([missing_row_for, None, 5.0, dt.datetime(2026, 3, 15)])
    return rows


def _write_xlsx(path: Path, rows):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "乡镇"
    for row in rows:
        ws.append(row)
    ws.merge_cells("A1:D1")
    wb.save(path)


def _write_gbk_csv(path: Path, rows):
    import csv
    import io

    from drafter.render import plain_value

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        cells = [(v.date() if isinstance(v, dt.datetime) else v) for v in row]
        cells = [plain_value(v) if v is not None else "" for v in cells]
        writer.writerow(cells + [""] * (4 - len(cells)))
    path.write_bytes(buf.getvalue().encode("gbk"))


# ---- 1. a folder of 50 outlines, two of them broken ----------------------------------------
def test_fifty_outlines_two_broken(tmp_path, cli):
    src = tmp_path / "提纲"
    src.mkdir()
    for n in range(50):
        (src / f"片区{n:02d}.toml").write_text(OUTLINE.format(n=n), encoding="utf-8")
    (src / "片区07.toml").write_text("[meeting\ntitle = \"x\"\n", encoding="utf-8")  # TOML syntax
    (src / "片区33.toml").write_text(OUTLINE.format(n=33).replace("第33片区背街", "{{ 街道 }}背街"),
                                   encoding="utf-8")  # an undefined variable
    out = tmp_path / "输出"
    code, _, err = cli("batch", src, "-o", out)
    assert code == 1, err
    drafts = _only_drafts_and_manifest(out)
    assert len(drafts) == 48 and "片区07.docx" not in drafts and "片区33.docx" not in drafts
    assert "失败 2 份" in err and "Traceback" not in err
    assert re.search(r"片区07\.toml:1.*错误", err) and "片区33.toml" in err and "“街道”没有定义" in err
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["outputs"]
    assert len(manifest) == 48
    entry = manifest["片区00.docx"]
    assert entry["input"]["outline"].endswith("片区00.toml")
    assert entry["characters"] > 100 and entry["minutes"] == round(entry["characters"] / 220, 1)
    assert any(d.endswith("speech/default.j2") for d in entry["deps"]) and entry["warnings"] == []
    assert len(entry["hash"]) == 64 and len(entry["output"]) == 64
    # the same outline through `drafter new` gives the same bytes, whatever the output is called
    code, _, err = cli("new", "--outline", src / "片区05.toml", "-o", tmp_path / "别的名字.docx")
    assert code == 0, err
    assert (tmp_path / "别的名字.docx").read_bytes() == (out / "片区05.docx").read_bytes()
    # a rerun does nothing but report the two failures again
    code, _, err = cli("batch", src, "-o", out)
    assert code == 1 and "新生成 0 份，已是最新 48 份" in err


# ---- 2. one outline × a 30-row table, .xlsx and GBK .csv -----------------------------------------
def test_outline_times_table_xlsx_and_gbk_csv(tmp_path, cli, monkeypatch):
    (tmp_path / "动员会.toml").write_text(TABLE_OUTLINE, encoding="utf-8")
    rows = _table_rows(missing_row_for="荷叶镇")
    _write_xlsx(tmp_path / "乡镇.xlsx", rows)
    _write_gbk_csv(tmp_path / "乡镇.csv", rows)
    pattern = "{{ 乡镇 }}防汛动员讲话"

    out_x = tmp_path / "x"
    code, _, err = cli("batch", "--outline", tmp_path / "动员会.toml", "--data", tmp_path / "乡镇.xlsx",
                       "--name", pattern, "-o", out_x, "--jobs", "2")
    assert code == 1, err
    drafts = _only_drafts_and_manifest(out_x)
    assert sorted(drafts) == sorted(f"{t}镇防汛动员讲话.docx" for t in TOWNS)
    # the row without a secretary: Excel row 33 (title row 1, header row 2, 30 rows 3–32)
    assert "第 33 行" in err and "“书记”列（B33 格）没有填写" in err and "动员会.toml" in err
    text = _docx_text(out_x / "城关镇防汛动员讲话.docx")
    assert text[0] == "在城关镇防汛工作动员会上的讲话"
    assert any("堤防3公里，2026年3月15日前" in p for p in text)  # 3.0 → 3; a date value → 中文日期

    # neighbouring drafts differ in wording, not only in the unit's own values
    def wording(town_index: int) -> str:
        town = TOWNS[town_index]
        body = "\n".join(_docx_text(out_x / f"{town}镇防汛动员讲话.docx"))
        body = body.replace(town + "镇", "某镇").replace(f"书记{town_index + 1}", "某人")
        return re.sub(r"\d+", "N", body)

    for i in range(len(TOWNS) - 1):
        assert wording(i) != wording(i + 1), (TOWNS[i], TOWNS[i + 1])

    # the same table as GBK .csv gives the same files, byte for byte
    out_c = tmp_path / "c"
    code, _, err = cli("batch", "--outline", tmp_path / "动员会.toml", "--data", tmp_path / "乡镇.csv",
                       "--name", pattern, "-o", out_c)
    assert code == 1 and "乡镇.csv 第 33 行" in err
    assert _only_drafts_and_manifest(out_c) == sorted(drafts)
    for name in drafts:
        assert (out_c / name).read_bytes() == (out_x / name).read_bytes(), name

    # the same input again, years later by the clock: byte-identical
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 10 * 365 * 86400)
    out_again = tmp_path / "again"
    code, _, _ = cli("batch", "--outline", tmp_path / "动员会.toml", "--data", tmp_path / "乡镇.xlsx",
                     "--name", pattern, "-o", out_again, "--jobs", "1")
    monkeypatch.setattr(time, "time", real_time)
    assert code == 1
    for name in drafts:
        assert (out_again / name).read_bytes() == (out_x / name).read_bytes(), name


def test_table_name_clash_and_bad_pattern_stop_before_writing(tmp_path, cli):
    (tmp_path / "m.toml").write_text(TABLE_OUTLINE, encoding="utf-8")
    rows = _table_rows()
    rows[5][0] = rows[3][0]  # two rows for one township: Excel rows 4 and 6
    _write_xlsx(tmp_path / "t.xlsx", rows)
    out = tmp_path / "out"
    code, _, err = cli("batch", "--outline", tmp_path / "m.toml", "--data", tmp_path / "t.xlsx", "-o", out)
    assert code == 3 and "第 4 行和第 6 行" in err and not out.exists()
    code, _, err = cli("batch", "--outline", tmp_path / "m.toml", "--data", tmp_path / "t.xlsx",
                       "--name", "{{ 乡 }}", "-o", out)
    assert code == 3 and "不是表格的列名" in err and "乡镇" in err and not out.exists()
    (tmp_path / "t.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    code, _, err = cli("batch", "--outline", tmp_path / "m.toml", "--data", tmp_path / "t.xls", "-o", out)
    assert code == 3 and ".xlsx" in err and not out.exists()


# ---- 3. reruns like make ---------------------------------------------------------------------------
SNIPPET = '''+++
kind = "section"
summary = "本单位常用的一段要求"
+++
=== 一 ===
各单位要{{ "把工作抓细抓实" }}，不搞形式主义。
=== 二 ===
各单位要把责任落实到具体岗位，不留空档。
'''


def test_rerun_rebuilds_only_what_changed_and_keeps_hand_edits(tmp_path, cli):
    project = tmp_path / "项目"
    (project / "snippets" / "本单位").mkdir(parents=True)
    (project / "snippets" / "本单位" / "要求.j2").write_text(SNIPPET, encoding="utf-8")
    for n in range(6):
        text = OUTLINE.format(n=n)
        if n in (1, 4):  # only these two use the office's snippet
            text = text.replace('[[sections]]\nheading = "盯住重点',
                                'after = { snippet = "本单位/要求" }\n\n[[sections]]\nheading = "盯住重点', 1)
        (project / f"o{n}.toml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = cli("batch", project, "-o", out)
    assert code == 0 and "新生成 6 份" in err, err
    first = {p.name: p.read_bytes() for p in out.glob("*.docx")}

    code, _, err = cli("batch", project, "-o", out)
    assert code == 0 and "新生成 0 份，已是最新 6 份" in err

    # edit the snippet: only o1 and o4 are rebuilt
    snippet = project / "snippets" / "本单位" / "要求.j2"
    snippet.write_text(SNIPPET.replace("不搞形式主义", "不搞花架子").replace("不留空档", "不留死角"),
                       encoding="utf-8")
    code, _, err = cli("batch", project, "-o", out)
    assert code == 0 and "新生成 2 份，已是最新 4 份" in err, err
    changed = {p.name for p in out.glob("*.docx") if p.read_bytes() != first[p.name]}
    assert changed == {"o1.docx", "o4.docx"}

    # edit one draft by hand and change its outline: the draft is kept and reported
    (out / "o2.docx").write_bytes(b"hand-edited in Word")
    (project / "o2.toml").write_text(OUTLINE.format(n=2).replace("林清", "林青"), encoding="utf-8")
    code, _, err = cli("batch", project, "-o", out)
    assert code == 0 and "保留 1 份" in err and "o2.docx" in err and "手工修改" in err, err
    assert (out / "o2.docx").read_bytes() == b"hand-edited in Word"
    code, _, err = cli("batch", project, "-o", out)  # still kept, still reported
    assert "保留 1 份" in err and (out / "o2.docx").read_bytes() == b"hand-edited in Word"

    # a file drafter did not make is kept; --force replaces both
    (project / "o9.toml").write_text(OUTLINE.format(n=9), encoding="utf-8")
    (out / "o9.docx").write_bytes(b"someone else's file")
    code, _, err = cli("batch", project, "-o", out)
    assert "不是 drafter 生成的" in err and (out / "o9.docx").read_bytes() == b"someone else's file"
    code, _, err = cli("batch", project, "-o", out, "--force")
    assert code == 0 and "新生成 2 份" in err and "保留 0 份" in err, err
    assert zipfile.is_zipfile(out / "o2.docx") and zipfile.is_zipfile(out / "o9.docx")

    # a project snippet that now shadows a built-in one: every outline in the project rebuilds
    (project / "snippets" / "transition").mkdir()
    (project / "snippets" / "transition" / "default.j2").write_text(
        '+++\nkind = "transition"\nsummary = "本单位的过渡语"\n[params.topic]\ndefault = ""\n+++\n'
        "下面，我讲{{ 点数 }}点意见。\n", encoding="utf-8")
    code, _, err = cli("batch", project, "-o", out)
    assert code == 0 and "新生成 7 份" in err, err


def _outline_folder(tmp_path, count: int, stem: str):
    """A folder ``src`` of ``count`` small outlines named ``{stem}0.toml`` …"""
    src = tmp_path / "src"
    src.mkdir()
    for n in range(count):
        (src / f"{stem}{n}.toml").write_text(OUTLINE.format(n=n), encoding="utf-8")
    return src


def test_deleted_manifest_adopts_identical_drafts(tmp_path, cli):
    src = _outline_folder(tmp_path, 3, "o")
    out = tmp_path / "out"
    assert cli("batch", src, "-o", out)[0] == 0
    (out / MANIFEST_NAME).unlink()
    code, _, err = cli("batch", src, "-o", out)
    assert code == 0 and "已是最新 3 份" in err and "保留 0 份" in err
    (out / MANIFEST_NAME).write_text("{ damaged", encoding="utf-8")
    code, _, err = cli("batch", src, "-o", out)
    assert code == 0 and "已损坏" in err and "已是最新 3 份" in err


def test_locked_by_word_reports_that_item_and_goes_on(tmp_path, cli):
    src = _outline_folder(tmp_path, 3, "讲话")
    out = tmp_path / "out"
    assert cli("batch", src, "-o", out)[0] == 0
    for n in range(3):
        (src / f"讲话{n}.toml").write_text(OUTLINE.format(n=n + 10), encoding="utf-8")
    (out / "~$讲话1.docx").write_bytes(b"owner file Word keeps while the document is open")
    before = (out / "讲话1.docx").read_bytes()
    code, _, err = cli("batch", src, "-o", out)
    assert code == 1 and "文件正被 Word/WPS 打开，请关闭后重试" in err and "讲话1.docx" in err
    assert "新生成 2 份" in err and (out / "讲话1.docx").read_bytes() == before
    (out / "~$讲话1.docx").unlink()
    code, _, err = cli("batch", src, "-o", out)
    assert code == 0 and "新生成 1 份，已是最新 2 份" in err


def test_a_second_batch_into_the_same_folder_is_refused(tmp_path, cli):
    from conftest import snapshot
    from drafter.batch.manifest import LOCK_NAME, folder_lock

    src = _outline_folder(tmp_path, 3, "o")
    out = tmp_path / "out"
    assert cli("batch", src, "-o", out)[0] == 0
    assert not (out / LOCK_NAME).exists()  # a finished batch leaves no lock behind
    before = snapshot(out)
    with folder_lock(out):  # another batch is writing into this folder
        code, _, err = cli("batch", src, "-o", out, "--force")
    assert code == 4 and "另一个 drafter batch 正在向这个文件夹输出稿子" in err and "Traceback" not in err
    assert snapshot(out) == before
    code, _, err = cli("batch", src, "-o", out, "--force")
    assert code == 0 and "已是最新 3 份" in err


@pytest.mark.parametrize("args, code, words", [
    ((), 2, "没有写要处理的提纲"),
    (("--outline", "m.toml"), 2, "--outline 要和 --data"),
    (("x.toml", "--sheet", "表一"), 2, "--sheet 只能和 --data"),
    (("x.toml", "--jobs", "0"), 2, "--jobs"),
    (("不存在.toml",), 3, "找不到"),
    (("--outline", "不存在.toml", "--data", "t.csv"), 3, "找不到"),
])
def test_usage_and_input_errors(tmp_path, cli, monkeypatch, args, code, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.toml").write_text(OUTLINE.format(n=1), encoding="utf-8")
    got, _, err = cli("batch", *args, "-o", "out")
    assert got == code and words in err and "Traceback" not in err, err
    assert not (tmp_path / "out").exists()


def test_missing_output_option_and_output_is_a_file(tmp_path, cli):
    (tmp_path / "x.toml").write_text(OUTLINE.format(n=1), encoding="utf-8")
    code, _, err = cli("batch", tmp_path / "x.toml")
    assert code == 2 and "Traceback" not in err
    (tmp_path / "file").write_text("", encoding="utf-8")
    code, _, err = cli("batch", tmp_path / "x.toml", "-o", tmp_path / "file")
    assert code == 4 and "不是文件夹" in err


def test_progress_lines_when_not_a_terminal(tmp_path, cli):
    src = _outline_folder(tmp_path, 4, "o")
    code, _, err = cli("batch", src, "-o", tmp_path / "out", "--progress", "lines")
    assert code == 0 and "进度：4/4（100%）" in err and "每秒" in err
