"""Issue 2, what must hold 5: every bad input exits with the documented code, a Chinese message
naming file and line, no traceback, and leaves the folder exactly as it was."""
import pytest

from conftest import snapshot
from outline_samples import MINIMAL

CASES = {
    # name: (outline text or bytes, expected exit code, words in the message, line or None)
    "empty": ("", 3, "空的", None),
    "binary": (b"\x00\x01PK\x03\x04\xff\xfe" * 40, 3, "不是文本文件", None),
    "toml-syntax": ('[meeting]\ntitle = "缺了右引号\n', 3, "TOML 格式错误", 2),
    "unclosed-quote": ('[meeting]\ntitle = "缺了右引号\nspeaker = "张三"\n', 3, "引号没有闭合", 2),
    "unclosed-single-quote": ("[meeting]\ntitle = '缺了右引号\n", 3, "单引号没有闭合", None),
    "chinese-quotes": ('[meeting]\ntitle = “在全县会议上的讲话”\n', 3, "中文引号", 2),
    "chinese-quotes-in-a-list": (MINIMAL.replace('"管住野外用火。严禁烧荒烧秸秆。"', '“管住野外用火。”'), 3, "中文引号", 21),
    "full-width-equals": ('[meeting]\ntitle ＝ "在全县会议上的讲话"\n', 3, "全角的“＝”", 2),
    "date-without-padding": (MINIMAL.replace("date = 2026-10-09", "date = 2026-10-9"), 3, "日期写法不对", 6),
    "date-in-chinese-unquoted": (MINIMAL.replace("date = 2026-10-09", "date = 2026年10月9日"), 3, "日期写法不对", 6),
    "text-starting-with-a-number-unquoted": ('[meeting]\ntitle = 2026年度工作会议上的讲话\n', 3, "没有用英文双引号", 2),
    "unclosed-triple-quotes": ("[meeting]\ntitle = '''在全县会议上的讲话\n", 3, "三个单引号", None),
    "backslash-in-text": ('[meeting]\ntitle = "见 D:\\材料\\讲话.docx"\n', 3, "反斜杠", 2),
    "chinese-bare-key": ('[meeting]\ntitle = "题目"\n[vars]\n县名 = "青川县"\n', 3, "双引号", 4),
    "unknown-key": (MINIMAL.replace('speaker = "周平"', 'speeker = "周平"'), 3, "speaker", 4),
    "missing-title": (MINIMAL.replace('title = "在全镇秋季防火工作会议上的讲话"', ""), 3, "title", 2),
    "missing-who": (MINIMAL.replace('who = "镇应急办"', ""), 3, "who", 9),
    "undefined-variable": (MINIMAL.replace("入秋以来", "入秋以来{{ 降雨量 }}"), 3, "降雨量", 15),
    # several strings use variables (they render together); the message names the right one
    "undefined-among-several": (MINIMAL.replace('[[agenda]]', '[vars]\n"镇名" = "清溪镇"\n\n[[agenda]]')
                                .replace("认清形势", "{{ 镇名 }}认清形势").replace("入秋以来", "{{ 镇名 }}入秋以来")
                                .replace("守住入山路口", "守住{{ 路口数 }}个入山路口"), 3, "路口数", 24),
    "wrong-type": (MINIMAL.replace('date = 2026-10-09', 'date = 12'), 3, "日期", 6),
    "bad-list-style": (MINIMAL.replace('style = "是"', 'style = "其一"'), 3, "可选范围", 20),
    # a blank heading used to reach the template as an empty "# " line, reported there
    "blank-heading": (MINIMAL.replace('heading = "认清形势，绷紧防火这根弦"', 'heading = "  "'), 3, "标题是空的", 14),
    "blank-guarantees-heading": (MINIMAL.replace('heading = "强化保障，确保不发生大的火情"', 'heading = ""'), 3,
                                 "标题是空的", 24),
    "guarantees-subsection-without-heading": (MINIMAL + '[[guarantees.subsections]]\nparagraphs = ["各村要落实。"]\n',
                                              3, "小标题缺少 heading", 28),
    "single-subsection-table-without-heading": (MINIMAL.replace('[[sections]]\nheading = "压实责任，把措施落到山头地块"',
                                                                '[[sections]]\nheading = "压实责任，把措施落到山头地块"\n'
                                                                '[sections.subsections]\nparagraphs = ["要落实。"]'),
                                                  3, "小标题缺少 heading", 19),
    # empty lists and blank items used to be reported at the template's "::list" line
    "empty-list": (MINIMAL.replace('items = ["守住入山路口。各村要在主要路口设卡登记。", "管住野外用火。严禁烧荒烧秸秆。"]',
                                   "items = []"), 3, "一项也没有", 21),
    "blank-list-item": (MINIMAL.replace('"管住野外用火。严禁烧荒烧秸秆。"', '"  "'), 3, "第 2 项是空的", 21),
    "list-without-items": (MINIMAL.replace('items = ["加强值守，畅通信息。", "备足物资，随时能战。"]', ""), 3,
                           "没有写任何一项", 25),
    # a snippet in a list's table or item was silently never called
    "snippet-in-a-list": (MINIMAL.replace('style = "是"', 'style = "是"\nsnippet = "problems/general"'), 3,
                          "不能引用素材", 21),
    "snippet-as-list-item": (MINIMAL.replace('"管住野外用火。严禁烧荒烧秸秆。"', '{ snippet = "closing/call" }'), 3,
                             "第 2 项引用了素材", 21),
    "list-snippet-in-run-in-subsection": (MINIMAL + '[[guarantees.subsections]]\nheading = "压实责任"\nruntime = 1\n'
                                          .replace("runtime = 1", "runin = true\nintro = { snippet = \"problems/general\" }"),
                                          3, "连排小标题的正文只能是文字", 31),
    # outline-local snippets with values of the wrong type used to raise TypeError/AttributeError
    "local-snippet-kind-is-a-number": (MINIMAL + '[snippets."本单位/结尾"]\nkind = 3\nbody = "散会。"\n', 3,
                                       "不认识的素材类别", 28),
    "local-snippet-variants-not-a-table": (MINIMAL + '[snippets."本单位/结尾"]\nvariants = 3\n', 3,
                                           "正文应当是文字", 28),
    "local-snippet-tags-not-a-list": (MINIMAL + '[snippets."本单位/结尾"]\ntags = 3\nbody = "散会。"\n', 3,
                                      "tags", 28),
    "local-snippet-params-not-a-table": (MINIMAL + '[snippets."本单位/结尾"]\nparams = 3\nbody = "散会。"\n', 3,
                                         "params", 28),
    # a list-writing snippet as a list's intro used to nest one list inside another
    "list-snippet-as-list-intro": (MINIMAL.replace('style = "是"', 'style = "是"\nintro = { snippet = "problems/general" }'),
                                   3, "只能是文字", 21),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_outline_is_reported_and_nothing_is_written(name, tmp_path, cli):
    content, code, words, line = CASES[name]
    outline = tmp_path / "meeting.toml"
    outline.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = snapshot(tmp_path)
    exit_code, out, err = cli("new", "--outline", outline)
    assert exit_code == code, err
    assert "Traceback" not in err + out
    assert words in err
    assert str(outline) in err
    if line is not None:
        assert f"{outline}:{line}" in err
    assert "错误" in err
    assert snapshot(tmp_path) == before


def test_missing_outline_file(tmp_path, cli):
    before = snapshot(tmp_path)
    code, _, err = cli("new", "--outline", tmp_path / "没有这个文件.toml")
    assert code == 3 and "找不到提纲文件" in err and "Traceback" not in err
    assert snapshot(tmp_path) == before


def test_existing_output_is_not_overwritten_without_force(tmp_path, cli):
    outline = tmp_path / "meeting.toml"
    outline.write_text(MINIMAL, encoding="utf-8")
    target = tmp_path / "meeting.docx"
    target.write_bytes(b"the writer's own edits")
    before = snapshot(tmp_path)
    code, _, err = cli("new", "--outline", outline)
    assert code == 4 and "已经存在" in err and "--force" in err
    assert snapshot(tmp_path) == before
    code, _, err = cli("new", "--outline", outline, "--force")
    assert code == 0, err
    assert target.read_bytes()[:2] == b"PK"


def test_output_folder_that_cannot_be_created(tmp_path, cli):
    outline = tmp_path / "meeting.toml"
    outline.write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "blocker").write_text("a regular file where a folder should be", encoding="utf-8")
    before = snapshot(tmp_path)
    code, _, err = cli("new", "--outline", outline, "-o", tmp_path / "blocker" / "sub" / "out.docx")
    assert code == 4, err
    assert "无法创建输出文件夹" in err and "Traceback" not in err
    assert snapshot(tmp_path) == before


def test_gb18030_and_bom_outlines_are_read(tmp_path, cli):
    for name, data in {"gbk.toml": MINIMAL.encode("gb18030"),
                       "bom.toml": b"\xef\xbb\xbf" + MINIMAL.encode("utf-8")}.items():
        outline = tmp_path / name
        outline.write_bytes(data)
        code, out, err = cli("new", "--outline", outline, "--to", "text", "-o", "-")
        assert code == 0, err
        assert "在全镇秋季防火工作会议上的讲话" in out


def test_internal_errors_are_one_chinese_line(monkeypatch, tmp_path, cli):
    import drafter.pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(drafter.pipeline, "build_document", boom)
    outline = tmp_path / "meeting.toml"
    outline.write_text(MINIMAL, encoding="utf-8")
    code, out, err = cli("new", "--outline", outline)
    assert code == 70
    assert "内部错误" in err and "Traceback" not in err + out


def test_bad_office_check_settings_fail_before_any_output(tmp_path, cli):
    outline = tmp_path / "meeting.toml"
    outline.write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "check.toml").write_text("[limits]\nsentence = 100\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, _, err = cli("new", "--outline", outline)
    assert code == 3 and "check.toml" in err and "sentence_chars" in err
    assert snapshot(tmp_path) == before
