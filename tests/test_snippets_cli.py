"""Issue 3: snippet commands, project overrides, and the errors a bad snippet gives."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from drafter import library
from drafter.cli import run
from drafter.search import builtin_root


@pytest.fixture(autouse=True)
def user_folder(tmp_path, monkeypatch):
    """Never touch the real user folder: DRAFTER_PATH points at a private one."""
    user = tmp_path / "user"
    user.mkdir()
    monkeypatch.setenv("DRAFTER_PATH", str(user))
    return user


@pytest.fixture
def project(tmp_path, monkeypatch):
    folder = tmp_path / "project"
    (folder / "snippets").mkdir(parents=True)
    monkeypatch.chdir(folder)
    return folder


HEADER = """+++
kind = "section"
summary = "测试用素材"

[params.topic]
meaning = "工作名称"
default = "这项工作"
+++
"""

OUTLINE = """[meeting]
title = "在全县工作会议上的讲话"

[[sections]]
heading = "抓好落实"
paragraphs = {call}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def outline_calling(project: Path, call: str, name: str = "会议.toml") -> Path:
    return write(project / name, OUTLINE.replace("{call}", call))


def new_markup(capsys, outline: Path) -> tuple[int, str, str]:
    code = run(["new", "--outline", str(outline), "--to", "text", "-o", "-"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ---- 2. a project snippet under a built-in's name wins -------------------------------------
CLOSING = """+++
# 本单位的结尾
kind = "closing"
summary = "本单位习惯的结尾"

[params.topic]
meaning = "号召完成的工作"
default = "各项任务"
+++
=== 本单位 ===
同志们，让我们按照这次会议的部署，一步一个脚印把{{ topic }}落到实处！
=== 本单位二 ===
同志们，各项工作已经安排，希望大家回去以后抓紧行动，确保{{ topic }}按期完成！
"""


def test_project_snippet_shadows_the_builtin_in_new_and_show(project, capsys):
    mine = write(project / "snippets" / "closing" / "call.j2", CLOSING)
    outline = write(project / "会议.toml", OUTLINE.replace("{call}", '"我们要把工作抓实。"')
                    + '\n[closing]\nsnippet = "closing/call"\ntopic = "今年的重点工作"\n')
    code, out, err = new_markup(capsys, outline)
    assert code == 0, err
    assert "今年的重点工作" in out
    assert "一步一个脚印" in out or "按期完成" in out
    builtin = builtin_root() / "snippets" / "closing" / "call.j2"
    assert builtin.is_file()

    assert run(["snippets", "show", "closing/call"]) == 0
    shown = capsys.readouterr().out
    assert "生效的文件：snippets/closing/call.j2（项目）" in shown
    assert f"它覆盖了：{builtin}（内置）" in shown
    assert "=== 本单位 ===" in shown

    assert run(["snippets", "show", "closing/call", "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert Path(row["source"]) == mine.resolve() or Path(row["source"]).resolve() == mine.resolve()
    assert [Path(p).resolve() for p in row["shadows"]] == [builtin.resolve()]

    assert run(["snippets", "list", "--format", "json", "--kind", "closing"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert Path(rows["closing/call"]["source"]).resolve() == mine.resolve()
    assert len(rows["closing/call"]["shadows"]) == 1


def test_a_snippet_beside_the_outline_is_used_wherever_the_command_runs(project, tmp_path, capsys, monkeypatch):
    write(project / "snippets" / "closing" / "call.j2", CLOSING)
    outline = write(project / "会议.toml", OUTLINE.replace("{call}", '"我们要把工作抓实。"')
                    + '\n[closing]\nsnippet = "closing/call"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, err = new_markup(capsys, outline)
    assert code == 0, err
    assert "各项任务" in out


def test_user_layer_is_between_builtin_and_project(project, user_folder, capsys):
    write(user_folder / "snippets" / "closing" / "call.j2", CLOSING.replace("本单位习惯", "用户习惯"))
    assert run(["snippets", "show", "closing/call"]) == 0
    assert "（用户）" in capsys.readouterr().out
    write(project / "snippets" / "closing" / "call.j2", CLOSING)
    assert run(["snippets", "show", "closing/call"]) == 0
    shown = capsys.readouterr().out
    assert "（项目）" in shown and shown.count("它覆盖了") == 2


def test_office_namespace_folder(project, capsys):
    write(project / "snippets" / "本单位" / "表态.j2", CLOSING)
    assert run(["snippets", "list", "--format", "json"]) == 0
    names = [r["name"] for r in json.loads(capsys.readouterr().out)]
    assert "本单位/表态" in names and "closing/call" in names
    assert names == sorted(names)


# ---- show, search --------------------------------------------------------------------------
def test_show_a_builtin(project, capsys):
    assert run(["snippets", "show", "transition/default"]) == 0
    out = capsys.readouterr().out
    assert "它没有覆盖别的文件" in out and "{{ 点数 }}" in out and "topic" in out


def test_show_unknown_name_suggests(project, capsys):
    assert run(["snippets", "show", "closing/cal"]) == 3
    err = capsys.readouterr().err
    assert "找不到素材" in err and "closing/call" in err


def test_search(project, capsys):
    assert run(["snippets", "search", "隐患", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    names = {r["name"] for r in rows}
    assert "sections/safety-hazards" in names
    assert all(r["matches"] for r in rows)
    assert run(["snippets", "search", "没有这个词的素材"]) == 0
    assert "没有找到" in capsys.readouterr().out


# ---- new -----------------------------------------------------------------------------------
def test_new_writes_a_skeleton_that_passes_check(project, capsys):
    assert run(["snippets", "new", "本单位/开场", "--kind", "opening_purpose"]) == 0
    path = project / "snippets" / "本单位" / "开场.j2"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("+++") and 'kind = "opening_purpose"' in text and "# " in text
    assert run(["snippets", "new", "本单位/部分", "--kind", "section"]) == 0
    capsys.readouterr()
    assert run(["snippets", "check", "snippets", "--strict"]) == 0, capsys.readouterr().out
    assert run(["snippets", "new", "本单位/开场", "--kind", "closing"]) == 4
    assert "已经存在" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == text


def test_new_user_layer_goes_to_the_first_drafter_path_folder(project, tmp_path, monkeypatch, capsys):
    first, second = tmp_path / "first", tmp_path / "second"
    monkeypatch.setenv("DRAFTER_PATH", f"{first}{__import__('os').pathsep}{second}")
    assert run(["snippets", "new", "closing/call", "--kind", "closing", "--user"]) == 0
    assert (first / "snippets" / "closing" / "call.j2").is_file()
    assert not (project / "snippets" / "closing").exists()
    err = capsys.readouterr().err
    assert "同名" in err


def test_new_refuses_bad_names_and_kinds(project, capsys):
    assert run(["snippets", "new", "../逃出去", "--kind", "closing"]) == 3
    assert "不合规" in capsys.readouterr().err
    assert run(["snippets", "new", "本单位/x", "--kind", "closng"]) == 2
    assert "closing" in capsys.readouterr().err
    assert not any((project / "snippets").rglob("*.j2"))


# ---- 4. bad snippets: clear Chinese errors with file and line, exit 3, no traceback -------
BAD = {
    "syntax": ("做好{{ topic }，关键在落实。", "语法错误"),
    "undeclared": ("做好{{ topic }}，关键在{{ focus }}。", "focus"),
    "escape": ("做好{{ topic }}。{{ ''.__class__.__mro__ }}", "不安全"),
    "dotdot": ("做好{{ topic }}。{{ snippet(\"../../etc/passwd\") }}", "不合规"),
    "include": ("做好{{ topic }}。{% include \"other.j2\" %}", "include"),
}


def assert_clean_error(code: int, err: str, file: str, line: int, word: str) -> None:
    assert code == 3, err
    assert "Traceback" not in err and "内部错误" not in err
    assert re.search(re.escape(file) + rf":{line}: 错误：", err), err
    assert word in err
    assert "提示：" in err


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_snippet_in_new(project, capsys, case):
    body, word = BAD[case]
    path = write(project / "snippets" / "本单位" / f"{case}.j2", HEADER + "=== 甲 ===\n" + body + "\n")
    outline = outline_calling(project, f'{{ snippet = "本单位/{case}" }}')
    code, out, err = new_markup(capsys, outline)
    assert_clean_error(code, err, path.name, 10, word)
    assert str(path) in err


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_snippet_in_check(project, capsys, case):
    body, word = BAD[case]
    write(project / "snippets" / "本单位" / f"{case}.j2", HEADER + "=== 甲 ===\n" + body + "\n")
    code = run(["snippets", "check", "snippets"])
    out = capsys.readouterr().out
    assert code == 3
    assert re.search(rf"{case}\.j2:10: 错误：", out), out
    assert "Traceback" not in out


def test_include_cycle(project, capsys):
    a = write(project / "snippets" / "本单位" / "a.j2", HEADER + "做好{{ topic }}。\n{{ snippet(\"本单位/b\") }}\n")
    b = write(project / "snippets" / "本单位" / "b.j2", HEADER + "抓好{{ topic }}。\n\n{{ snippet(\"本单位/a\") }}\n")
    outline = outline_calling(project, '{ snippet = "本单位/a" }')
    code, out, err = new_markup(capsys, outline)
    assert_clean_error(code, err, str(b), 11, "循环")
    assert "本单位/a → 本单位/b → 本单位/a" in err
    assert run(["snippets", "check", "snippets"]) == 3
    out = capsys.readouterr().out
    assert f"{a.name}:10:" in out
    assert "b.j2:11:" in out


def test_dotdot_name_in_the_outline(project, capsys):
    outline = outline_calling(project, '{ snippet = "../evil" }')
    code, out, err = new_markup(capsys, outline)
    assert_clean_error(code, err, outline.name, 6, "不合规")


def test_absolute_name_in_the_outline(project, capsys):
    outline = outline_calling(project, '{ snippet = "/etc/passwd" }')
    code, out, err = new_markup(capsys, outline)
    assert_clean_error(code, err, outline.name, 6, "不合规")


def test_missing_required_parameter_names_snippet_parameter_and_outline_line(project, capsys):
    write(project / "snippets" / "本单位" / "req.j2",
          '+++\nkind = "section"\nsummary = "测试"\n\n[params.topic]\nmeaning = "工作名称"\n+++\n做好{{ topic }}。\n')
    outline = outline_calling(project, '{ snippet = "本单位/req" }')
    code, out, err = new_markup(capsys, outline)
    assert_clean_error(code, err, outline.name, 6, "缺少必填参数“topic”")
    assert "本单位/req" in err


def test_unknown_parameter_suggests_the_nearest(project, capsys):
    write(project / "snippets" / "本单位" / "s.j2", HEADER + "做好{{ topic }}。\n")
    outline = outline_calling(project, '{ snippet = "本单位/s", topik = "安全生产" }')
    code, out, err = new_markup(capsys, outline)
    assert_clean_error(code, err, outline.name, 6, "没有参数“topik”")
    assert "是不是想写“topic”" in err


def test_parameter_type_is_checked(project, capsys):
    write(project / "snippets" / "本单位" / "n.j2",
          '+++\nkind = "section"\nsummary = "测试"\n\n[params.count]\nmeaning = "家数"\ntype = "number"\ndefault = 3\n+++\n共有{{ count }}家。\n')
    outline = outline_calling(project, '{ snippet = "本单位/n", count = "十二" }')
    code, out, err = new_markup(capsys, outline)
    assert_clean_error(code, err, outline.name, 6, "应当是数字")


def test_builtin_parameters_are_checked_too(project, capsys):
    outline = outline_calling(project, '{ snippet = "subpoints/implementation", topc = "安全生产" }')
    code, out, err = new_markup(capsys, outline)
    assert_clean_error(code, err, outline.name, 6, "是不是想写“topic”")


def test_unknown_kind_in_a_snippet_file(project, capsys):
    write(project / "snippets" / "本单位" / "k.j2", '+++\nkind = "closin"\nsummary = "测试"\n+++\n同志们！\n')
    assert run(["snippets", "check", "snippets"]) == 3
    out = capsys.readouterr().out
    assert "不认识的素材类别“closin”" in out and "closing" in out


# ---- check's warnings ----------------------------------------------------------------------
def test_check_warns_about_quality(project, capsys):
    near = "做好{{ topic }}，必须坚持问题导向，把各项措施落到实处，确保取得群众满意的实际成效。"
    write(project / "snippets" / "本单位" / "near.j2",
          HEADER + f"=== 甲 ===\n{near}\n=== 乙 ===\n{near.replace('必须', '一定要')}\n")
    write(project / "snippets" / "本单位" / "punct.j2",
          HEADER + "=== 甲 ===\n做好{{ topic }},关键在“落实。\n=== 乙 ===\n我讲三点意见：{{ topic }}（要抓紧。\n")
    write(project / "snippets" / "本单位" / "typed.j2",
          HEADER + "=== 甲 ===\n一是要抓{{ topic }}。二是要抓落实。\n=== 乙 ===\n# 一、加强领导\n\n抓好{{ topic }}。\n")
    write(project / "snippets" / "本单位" / "intro.j2",
          HEADER + "::list 是 block\n::intro 抓好{{ topic }}，\n- 要压实责任。责任到人。\n::end\n")
    code = run(["snippets", "check", "snippets"])
    out = capsys.readouterr().out
    assert code == 0, out  # warnings alone do not fail
    assert "太相近" in out
    assert "半角标点“,”" in out
    assert "没有与它配对" in out
    assert "手写了“一是”" in out and "手写了“一、”" in out and "手写了意见的数目" in out
    assert "intro.j2:10: 警告：一项一段的列表，引导语会单独成段" in out
    assert run(["snippets", "check", "snippets", "--strict"]) == 1
    capsys.readouterr()
    assert run(["snippets", "check", "snippets", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["files"] == 4 and all(f["severity"] == "warning" for f in report["findings"])


def test_unused_parameter_is_reported_with_its_header_line(project, capsys):
    write(project / "snippets" / "本单位" / "unused.j2",
          '+++\nkind = "closing"\nsummary = "测试"\n\n[params.place]\nmeaning = "地方"\ndefault = "这里"\n+++\n同志们，加油！\n')
    assert run(["snippets", "check", "snippets"]) == 0
    out = capsys.readouterr().out
    assert "unused.j2:5: 警告：参数“place”声明了，但哪种写法都没有用到" in out


def test_names_that_collide_on_windows(project, capsys):
    write(project / "snippets" / "本单位" / "Closing.j2", HEADER + "做好{{ topic }}。\n")
    write(project / "snippets" / "本单位" / "closing.j2", HEADER + "抓好{{ topic }}。\n")
    assert run(["snippets", "check", "snippets"]) == 3
    assert "只差大小写" in capsys.readouterr().out


def test_reserved_parameter_names(project, capsys):
    write(project / "snippets" / "本单位" / "r.j2",
          '+++\nkind = "section"\nsummary = "测试"\n\n[params.heading]\nmeaning = "标题"\ndefault = "抓落实"\n+++\n# {{ heading }}\n\n正文。\n')
    assert run(["snippets", "check", "snippets"]) == 3
    assert "保留" in capsys.readouterr().out


def test_check_a_project_folder_or_everything(project, capsys):
    write(project / "snippets" / "本单位" / "ok.j2", HEADER + "=== 甲 ===\n做好{{ topic }}。\n=== 乙 ===\n把{{ topic }}抓实抓细。\n")
    assert run(["snippets", "check", str(project)]) == 0
    assert "检查了 1 个素材文件" in capsys.readouterr().out
    assert run(["snippets", "check"]) == 0
    out = capsys.readouterr().out
    total = len(library.folder_files(builtin_root() / "snippets")) + 1
    assert f"检查了 {total} 个素材文件" in out
    assert run(["snippets", "check", "没有这个文件夹"]) == 3


def test_snippet_calling_another_snippet(project, capsys):
    write(project / "snippets" / "本单位" / "outer.j2",
          HEADER + "{{ snippet(\"closing/call\", topic=topic) }}\n")
    outline = outline_calling(project, '{ snippet = "本单位/outer", topic = "春耕生产" }')
    code, out, err = new_markup(capsys, outline)
    assert code == 0, err
    assert "春耕生产" in out


def test_snippet_parameter_named_name(project, capsys):
    outline = outline_calling(project, '{ snippet = "opening/purpose", name = "全县春耕生产会议" }')
    code, out, err = new_markup(capsys, outline)
    assert code == 0, err
    assert "全县春耕生产会议" in out
