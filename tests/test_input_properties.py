"""Files writers hand drafter besides outlines: snippet files, data tables, check.toml.

Each is generated from the pieces writers (and their mistakes) are made of. Whatever comes out,
drafter answers with a result or an InputError naming the file; never another exception, since
a traceback for a writer's mistake is a bug.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from drafter.batch.table import read_table
from drafter.check.config import load_config
from drafter.errors import InputError, UsageError
from drafter.pipeline import Request, build

FILES = settings(max_examples=150, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# ---- snippet files -------------------------------------------------------------------------
HEADER_LINES = ['kind = "closing"', 'kind = "没有这种"', "kind = 3", 'summary = "结尾号召"', 'tags = ["通用"]',
                'tags = "通用"', "[params.topic]", 'meaning = "工作名称"', 'default = "这项工作"',
                'type = "list"', 'type = "表格"', "required = true", "x = ", "[params]", "# 注释",
                "[params.年份]", "default = 2026", 'default = ["甲", "乙"]', "params = 1"]
BODY_LINES = ["=== 平实 ===", "=== ===", "===  有力 ===", "同志们，{{ topic }}要抓紧抓实。", "{{ topic }}",
              "{{ 没有定义 }}", "{% if topic %}有{% endif %}", "{% for x in topic %}{{ x }}{% endfor %}",
              "{% if %}", "{% endif %}", "::list 是", "- 一项。", "::end", "# 标题", "## 小标题",
              "我讲[[count]]点", '{{ snippet("closing/call") }}', '{{ snippet("../x") }}',
              "{{ topic.__class__ }}", '{{ "".__class__.__mro__ }}', "", "   ", "+++", "**加粗**", "\\#",
              "{{ topic | cn_number }}", "{{ 1 / 0 }}", "{% raw %}", "{# 注释 #}", "{{ topic[0] }}"]
TOPICS = st.sampled_from(['"乡村振兴"', '"乡村振兴"', '["甲", "乙"]', "3", '""', "2026-03-15", "{ a = 1 }"])


GOOD_HEADER = ["+++", 'kind = "closing"', 'summary = "结尾号召"', "[params.topic]", 'meaning = "工作名称"',
               'default = "这项工作"', "+++"]
GOOD_BODY = ["同志们，{{ topic }}要抓紧抓实。", "各级各部门要把{{ topic }}放在心上。", "", "**抓落实。**要一件一件抓。",
             "{% if topic %}有{% endif %}"]


@st.composite
def snippet_files(draw):
    """A sound snippet file, damaged now and then: a header line dropped, a stray one added,
    body lines a writer might type, right or wrong."""
    header = list(GOOD_HEADER) if draw(st.integers(0, 6)) < 6 else []  # hypothesis favours 0
    for _ in range(draw(st.integers(0, 2))):
        if header and draw(st.booleans()):
            del header[draw(st.integers(0, len(header) - 1))]
        else:
            header.insert(draw(st.integers(0, len(header))), draw(st.sampled_from(HEADER_LINES)))
    lines = st.one_of(st.sampled_from(GOOD_BODY), st.sampled_from(GOOD_BODY), st.sampled_from(BODY_LINES))
    body = draw(st.lists(lines, min_size=1, max_size=8))
    return "\n".join(header + body) + draw(st.sampled_from(["\n", "", "\r\n"]))


@FILES
@given(text=snippet_files(), topic=TOPICS)
def test_any_snippet_file_gives_a_draft_or_a_message(tmp_path, text, topic):
    folder = tmp_path / "snippets" / "本单位"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "甲.j2").write_text(text, encoding="utf-8", newline="")
    outline = tmp_path / "提纲.toml"
    outline.write_text('[meeting]\ntitle = "在全县会议上的讲话"\n[[sections]]\nheading = "抓好落实"\n'
                       'paragraphs = "各地要抓紧。"\n'
                       f'[closing]\nsnippet = "本单位/甲"\ntopic = {topic}\n', encoding="utf-8")
    try:
        data = build(Request(outline=outline)).data
    except InputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        event("refused with a message")
    else:
        assert data[:2] == b"PK"
        event("drafted")


# ---- data tables ---------------------------------------------------------------------------
CELLS = [b"\xef\xbb\xbf", "单位,县名\n".encode("utf-8"), "单位,县名\n".encode("gbk"), b",", b'"', b'""',
         b"\n", b"\r\n", b"\r", b"\x00", "桐川县".encode("gbk"), "桐川县".encode("utf-8"), b"\xff\xfe",
         b"=1+1", b"  ", b"3.0", b"2026-03-15", b"\t", "产值（亿元）".encode("utf-8"), b"\xe6\xa1",
         "标题行：各乡镇名单\n".encode("utf-8"), b";", b"\x1a"]


@FILES
@given(pieces=st.lists(st.sampled_from(CELLS), max_size=25), suffix=st.sampled_from([".csv", ".tsv", ".txt"]),
       header_row=st.sampled_from([None, None, 1, 2, 9]))
def test_any_csv_file_gives_a_table_or_a_message(tmp_path, pieces, suffix, header_row):
    path = tmp_path / ("数据" + suffix)
    path.write_bytes(b"".join(pieces))
    try:
        table = read_table(path, header_row=header_row)
    except (InputError, UsageError) as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        event("refused with a message")
    else:
        event("read")
        assert table.columns is not None
        for row in table.rows:
            assert row.number >= 1


# ---- check.toml ----------------------------------------------------------------------------
CONFIG_LINES = ["[rules]", '"length.sentence" = "off"', '"length.sentence" = "关"', '"repeat.sentence" = "error"',
                '"repeat.sentence" = true', '"没有这条" = "off"', '"placeholder" = 3', "[limits]",
                "sentence_chars = 100", "sentence_chars = 5", "sentence_chars = 100.5", "chars_per_minute = 230",
                'chars_per_minute = "快"', "time_tolerance = 0.2", "time_tolerance = inf",
                "time_tolerance = nan", "target_minutes = true", "[phrases]", '"抓手" = "办法"', '"" = "x"',
                '"  " = ""', '"旧说法" = false', '"旧说法" = 3', "[other]", "rules = 1", "limits = []",
                "x = ", "[[rules]]", "# 注释", "", "[rules.x]"]


@FILES
@given(lines=st.lists(st.sampled_from(CONFIG_LINES), max_size=10))
def test_any_check_config_gives_a_config_or_a_message(tmp_path, lines):
    path = tmp_path / "check.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        config = load_config([path])
    except InputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        event("refused with a message")
    else:
        event("read")
        assert config is not None
