"""Issue 2, what must hold 6 (part): every block of --to markup can be traced to its source line."""
import re
from pathlib import Path

from drafter.markup import read
from outline_samples import MINIMAL

VARS = MINIMAL.replace('[[agenda]]', '[vars]\n"镇名" = "清溪镇"\n"面积(公顷)" = 1200.0\n\n[[agenda]]').replace(
    "入秋以来", "{{ 镇名 }}林地{{ 变量['面积(公顷)'] }}公顷，入秋以来")


def test_every_block_names_an_existing_source_line(tmp_path, cli):
    outline = tmp_path / "m.toml"
    outline.write_text(VARS, encoding="utf-8")
    code, out, err = cli("new", "--outline", outline, "--to", "markup")
    assert code == 0, err
    comments = re.findall(r"^%% @(.+):(\d+)$", out, flags=re.M)
    blocks = read(out).blocks
    assert len(comments) >= len(blocks) > 8
    for file, line in comments:
        lines = Path(file).read_text(encoding="utf-8").split("\n")
        assert 1 <= int(line) <= len(lines), (file, line)
    outline_lines = outline.read_text(encoding="utf-8").split("\n")
    by_text = {getattr(b, "text", ""): b.src for b in blocks}
    title_src = by_text["在全镇秋季防火工作会议上的讲话"]
    assert Path(title_src.file) == outline and "title" in outline_lines[title_src.line - 1]
    heading_src = by_text["认清形势，绷紧防火这根弦"]
    assert "heading" in outline_lines[heading_src.line - 1]


def test_variables_fill_outline_text_and_non_identifiers_stay_reachable(tmp_path, cli):
    outline = tmp_path / "m.toml"
    outline.write_text(VARS, encoding="utf-8")
    code, out, err = cli("new", "--outline", outline, "--to", "text", "-o", "-")
    assert code == 0, err
    assert "清溪镇林地1200公顷，入秋以来" in out  # 1200.0 prints as 1200


def test_one_parsed_outline_serves_many_rows_unchanged(tmp_path):
    # batch parses an outline once and builds it for every row: rendering variables must
    # not leave one row's values in the shared outline
    from drafter.markup import Text
    from drafter.outline import load
    from drafter.pipeline import Request, build_document

    path = tmp_path / "m.toml"
    path.write_text(VARS, encoding="utf-8")
    outline = load(path)

    def first_body_text(town):
        built = build_document(Request(path, variables={"镇名": town}, preloaded=outline))
        return "".join(i.text for b in built.document.blocks for i in getattr(b, "inlines", ())
                       if isinstance(i, Text))

    assert "清溪镇林地" in first_body_text("清溪镇")
    assert "石门镇林地" in first_body_text("石门镇") and "清溪镇" not in first_body_text("石门镇")
    assert "{{ 镇名 }}林地" in "".join(str(v) for s in outline.data["sections"]
                                       for v in (s.get("paragraphs") or []))


def test_outline_text_cannot_inject_markup(tmp_path, cli):
    outline = tmp_path / "m.toml"
    outline.write_text(MINIMAL.replace("入秋以来", "# 假标题 ::title 假题目 [[count]] **不加粗** 入秋以来"), encoding="utf-8")
    code, out, err = cli("new", "--outline", outline, "--to", "text", "-o", "-")
    assert code == 0, err
    assert "# 假标题 ::title 假题目 [[count]] **不加粗** 入秋以来" in out


def test_examples_can_come_from_a_snippet(tmp_path, cli):
    folder = tmp_path / "snippets" / "本单位"
    folder.mkdir(parents=True)
    (folder / "事例.j2").write_text('+++\nkind = "opening_examples"\nsummary = "本单位的事例"\n+++\n比如，东村修好了山塘。\n',
                                   encoding="utf-8")
    outline = tmp_path / "m.toml"
    outline.write_text(MINIMAL.replace("[[sections]]", '[opening]\nexamples = { snippet = "本单位/事例" }\n\n[[sections]]', 1),
                       encoding="utf-8")
    code, out, err = cli("new", "--outline", outline, "--to", "text", "-o", "-")
    assert code == 0, err
    assert "比如，东村修好了山塘。" in out and "比如，。" not in out


def test_recap_from_a_chosen_snippet_variant_gets_the_agenda(tmp_path, cli):
    outline = tmp_path / "m.toml"
    outline.write_text(MINIMAL.replace("[[sections]]", '[opening]\nrecap = { snippet = "opening/recap", variant = "简明" }\n\n[[sections]]', 1),
                       encoding="utf-8")
    code, out, err = cli("new", "--outline", outline, "--to", "text", "-o", "-")
    assert code == 0, err
    assert "刚才，镇应急办汇报了近期火情隐患排查情况" in out


def test_subsection_without_heading_points_at_the_outline(tmp_path, cli):
    outline = tmp_path / "m.toml"
    outline.write_text(MINIMAL + '\n[[sections]]\nheading = "甲"\n[[sections.subsections]]\nparagraphs = ["乙。"]\n',
                       encoding="utf-8")
    code, _, err = cli("new", "--outline", outline)
    assert code == 3 and f"{outline}:" in err and "heading" in err


def test_outline_strings_rendered_together_match_one_by_one(tmp_path):
    from drafter.outline import Sourced
    from drafter.render import Renderer
    from drafter.search import SearchPath

    renderer = Renderer(search=SearchPath.for_outline(tmp_path / "m.toml"), variables={"镇名": "清溪镇"})
    renderer.base_context = {"镇名": "清溪镇", "vars": {"镇名": "清溪镇"}}
    values = [Sourced("{{ 镇名 }}林地", "m.toml", 3), Sourced("{% if 镇名 %}有{% endif %}镇", "m.toml", 4),
              Sourced("第二\\#句{{ 镇名 }}", "m.toml", 5), Sourced("含\ue003分隔{{ 镇名 }}", "m.toml", 6)]
    one_by_one = [renderer.render_outline_text(v) for v in values]
    assert [str(v) for v in one_by_one] == ["清溪镇林地", "有镇", "第二\\#句清溪镇", "含\ue003分隔清溪镇"]
    for chosen in (values, values[:3], values[:1] + values[2:3]):
        together = renderer.render_outline_texts(chosen)
        expected = [renderer.render_outline_text(v) for v in chosen]
        assert [(str(v), v.line, v.markup) for v in together] == [(str(v), v.line, v.markup) for v in expected]


def test_outline_knows_every_string_that_uses_variables(tmp_path):
    from drafter.outline import Sourced, load

    text = '''[meeting]
title = "在{{ 镇名 }}会议上的讲话"
byline = ["speaker", "date"]
[vars]
"镇名" = "清溪镇"
"口号" = "{{ 镇名 }}加油"
[[agenda]]
who = "{{ 镇名 }}应急办"
[opening]
assessment = ["第一段", "{{ 镇名 }}第二段"]
examples = [{ who = "{{ 镇名 }}一村", did = "做法" }]
[transition]
topic = "{{ 镇名 }}防火"
[[sections]]
heading = "{{ 镇名 }}要抓好"
intro = "{% if 镇名 %}有{% endif %}"
[sections.list]
items = ["一般", { lead = "{{ 镇名 }}领", body = "体" }]
[[sections.subsections]]
heading = "小标题"
paragraphs = "{{ 镇名 }}段"
[[sections]]
heading = "二"
snippet = "closing/call"
topic = "{{ 镇名 }}参数"
[closing]
text = "{{ 镇名 }}结尾"
'''
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    outline = load(path)

    def walk(value, where, found):
        for key, item in (value.items() if isinstance(value, dict) else enumerate(value)):
            if isinstance(item, Sourced) and ("{{" in item or "{%" in item):
                found.add(where + (key,))
            elif isinstance(item, (dict, list)):
                walk(item, where + (key,), found)
        return found

    assert set(outline.templated) == walk(outline.data, (), set())
    assert len(outline.templated) == len(set(outline.templated)) == 12
