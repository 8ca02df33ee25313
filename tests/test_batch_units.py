"""drafter.batch building blocks: data tables, safe names, inputs, lock files, manifest hashing."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from drafter.batch.inputs import expand_inputs
from drafter.batch.names import NamePattern, default_pattern, name_key, safe_stem
from drafter.batch.table import column_letter, read_table
from drafter.batch.worker import office_lock
from drafter.errors import InputError, UsageError


def _xlsx(path: Path, rows, *, merges=(), formats=None):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "乡镇"
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    wb.save(path)
    return path


# ---- tables ------------------------------------------------------------------------------------
def test_xlsx_title_row_merged_header_detected_values_as_excel_shows(tmp_path):
    path = _xlsx(tmp_path / "t.xlsx", [
        ["2026 年各乡镇防汛会议安排表"],
        ["填表单位：县防汛办"],
        ["乡镇", "书记", "产值(亿元)", "开会日期", "完成率"],
        ["城关镇", "王明", 3.0, dt.datetime(2026, 3, 15), 0.125],
        ["河口乡", None, 12.5, dt.datetime(2026, 3, 16, 14, 30), 1],
        [None, None, None, None, None],
        ["山前村", "李华", 7, dt.date(2026, 4, 1), None],
    ], merges=["A1:E1"], formats={"E4": "0.0%", "E5": "0%"})
    table = read_table(path)
    assert table.header_row == 3
    assert table.headers == ["乡镇", "书记", "产值(亿元)", "开会日期", "完成率"]
    assert [r.number for r in table.rows] == [4, 5, 7]  # Excel's numbers; the empty row skipped
    first, second, third = (r.values for r in table.rows)
    assert first["产值(亿元)"] == 3.0 and first["开会日期"] == dt.date(2026, 3, 15)
    assert first["完成率"] == "12.5%" and second["完成率"] == "100%"
    assert "书记" not in second  # empty cells are left out: the outline's default or an error
    assert second["开会日期"] == "2026年3月16日14时30分"
    assert table.columns["产值(亿元)"] == "C"
    from drafter.render import plain_value

    assert plain_value(first["产值(亿元)"]) == "3" and plain_value(first["开会日期"]) == "2026年3月15日"


def test_xlsx_vertical_merge_fills_each_row_and_header_row_option(tmp_path):
    path = _xlsx(tmp_path / "t.xlsx", [
        ["片区", "乡镇"],
        ["东片", "甲镇"],
        [None, "乙镇"],
        ["西片", "丙镇"],
    ], merges=["A2:A3"])
    table = read_table(path, header_row=1)
    assert [r.values["片区"] for r in table.rows] == ["东片", "东片", "西片"]


def test_xlsx_sheet_choice_and_unknown_sheet(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表说明"])
    ws = wb.create_sheet("名单")
    ws.append(["单位", "负责人"])
    ws.append(["甲", "张三"])
    wb.save(tmp_path / "w.xlsx")
    assert read_table(tmp_path / "w.xlsx", sheet="名单").rows[0].values == {"单位": "甲", "负责人": "张三"}
    with pytest.raises(InputError) as exc:
        read_table(tmp_path / "w.xlsx", sheet="名册")
    assert "名单" in exc.value.format() and "没有名为“名册”的工作表" in exc.value.format()


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8", "utf-16"])
def test_csv_encodings_as_excel_writes_them(tmp_path, encoding):
    text = "各乡镇名单,,\r\n乡镇,书记,日期\r\n城关镇,王明,2026/3/15\r\n河口乡,\"李华\",2026-03-16\r\n"
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode(encoding))
    table = read_table(path)
    assert table.header_row == 2 and table.headers == ["乡镇", "书记", "日期"]
    assert [r.number for r in table.rows] == [3, 4]
    assert table.rows[0].values == {"乡镇": "城关镇", "书记": "王明", "日期": dt.date(2026, 3, 15)}
    assert table.rows[1].values["日期"] == dt.date(2026, 3, 16)


def test_bad_tables_give_chinese_errors(tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(InputError) as exc:
        read_table(tmp_path / "old.xls")
    assert ".xlsx" in exc.value.format() and "另存为" in exc.value.format()
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip at all")
    with pytest.raises(InputError) as exc:
        read_table(tmp_path / "fake.xlsx")
    assert "无法读取" in exc.value.format()
    with pytest.raises(InputError):
        read_table(tmp_path / "missing.csv")
    (tmp_path / "dup.csv").write_text("乡镇,书记,乡镇\n甲,张,乙\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_table(tmp_path / "dup.csv")
    assert "A 列和 C 列" in exc.value.format()
    (tmp_path / "empty.csv").write_text("乡镇,书记\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_table(tmp_path / "empty.csv")
    assert "没有数据行" in exc.value.format()
    with pytest.raises(UsageError):
        read_table(tmp_path / "dup.csv", sheet="x")


@pytest.mark.parametrize("part, damage", [
    ("xl/workbook.xml", lambda xml: xml.replace(b"<sheets>", b"<sheets><", 1)),  # not well-formed
    ("xl/workbook.xml", lambda xml: xml.replace(b"sheetId", b"sheetI_d", 1)),  # unknown attribute
    ("xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2]),  # cut short
])
def test_damaged_workbooks_are_refused_in_chinese(tmp_path, part, damage):
    import io
    import zipfile

    good = _xlsx(tmp_path / "good.xlsx", [["乡镇", "书记"], ["柳湾镇", "王平"]]).read_bytes()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(tmp_path / "bad.xlsx", "w") as out:
        for name in src.namelist():
            data = src.read(name)
            out.writestr(name, damage(data) if name == part else data)
    with pytest.raises(InputError) as exc:
        read_table(tmp_path / "bad.xlsx")
    assert "损坏" in exc.value.format()


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


# ---- names -------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, safe", [
    ("城关镇", "城关镇"),
    ('a/b\\c:d*e?f"g<h>i|j', "a／b＼c：d＊e？f＂g＜h＞i｜j"),
    ("  尾部有点和空格. . ", "尾部有点和空格"),
    ("CON", "_CON"), ("nul.txt", "_nul.txt"), ("com1", "_com1"),
    ("第一行\n第二行\t制表", "第一行 第二行 制表"),
    ("~$像锁文件", "～＄像锁文件"),
    ("\x00\x1f", ""),
])
def test_safe_stem_for_windows(raw, safe):
    assert safe_stem(raw) == safe


def test_safe_stem_caps_length_and_keys_fold_case():
    assert len(safe_stem("长" * 300)) <= 120
    assert name_key("Abc") == name_key("aBC")


def test_name_pattern_uses_the_one_variable_syntax():
    headers = ["乡镇", "产值(亿元)", "日期"]
    pattern = NamePattern('{{ 乡镇 }}-{{ 变量["产值(亿元)"] }}亿-{{ 日期 }}-{{ 序号 }}', headers)
    name = pattern.render({"乡镇": "城关镇", "产值(亿元)": 3.0, "日期": dt.date(2026, 3, 15)}, {"序号": 7})
    assert name == "城关镇-3亿-2026年3月15日-7"
    # markup-special characters in values come through literally (no escaping backslashes)
    assert NamePattern("{{ 乡镇 }}", headers).render({"乡镇": "甲#乙|丙"}, {}) == "甲#乙|丙"
    assert default_pattern(["产值(亿元)"]) == '{{ 变量["产值(亿元)"] }}'
    with pytest.raises(InputError) as exc:
        NamePattern("{{ 乡 }}", headers).render({"乡镇": "x"}, {})
    assert "不是表格的列名" in exc.value.format() and "乡镇" in exc.value.format()


# ---- inputs ------------------------------------------------------------------------------------
def test_inputs_folders_globs_and_duplicate_stems(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for p in ("a/x.toml", "a/y.toml", "a/check.toml", "a/~$z.toml", "b/x.toml", "b/w.toml"):
        (tmp_path / p).write_text("", encoding="utf-8")
    found = expand_inputs([tmp_path / "a"])
    assert [p.name for p in found] == ["x.toml", "y.toml"]
    found = expand_inputs([str(tmp_path / "b" / "w*.toml"), tmp_path / "a" / "x.toml", tmp_path / "a" / "x.toml"])
    assert [p.name for p in found] == ["w.toml", "x.toml"]
    with pytest.raises(UsageError) as exc:
        expand_inputs([tmp_path / "a", tmp_path / "b"])
    assert "x.docx" in exc.value.format() and str(tmp_path / "a" / "x.toml") in exc.value.format()
    with pytest.raises(InputError):
        expand_inputs([tmp_path / "nothing.toml"])
    with pytest.raises(InputError):
        expand_inputs([str(tmp_path / "*.nothing")])


def test_office_lock_files(tmp_path):
    doc = tmp_path / "城关镇动员讲话.docx"
    assert office_lock(doc) is None
    (tmp_path / "~$城关镇动员讲话.docx").write_bytes(b"x")
    assert office_lock(doc) is not None
    long_doc = tmp_path / "meeting-speech.docx"
    (tmp_path / "~$eting-speech.docx").write_bytes(b"x")  # Word's name for long file names
    assert office_lock(long_doc) is not None
    lo = tmp_path / "b.docx"
    (tmp_path / ".~lock.b.docx#").write_bytes(b"x")
    assert office_lock(lo) is not None


def test_progress_bar_and_lines():
    import io

    from drafter.batch.progress import Bar, Lines, Silent, make_progress

    assert isinstance(make_progress("auto", io.StringIO()), Lines)  # not a terminal
    assert isinstance(make_progress("none", io.StringIO()), Silent)
    stream = io.StringIO()
    bar = make_progress("bar", stream)
    assert isinstance(bar, Bar)
    bar.start(3)
    for _ in range(3):
        bar.advance()
    bar.stop()
    lines = Lines(io.StringIO())
    lines.start(20)
    for _ in range(20):
        lines.advance()
    text = lines.stream.getvalue()
    assert text.count("进度：") == 10 and "20/20（100%）" in text
