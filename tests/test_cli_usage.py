"""Usage mistakes read in Chinese and exit 2; help and version work."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from drafter import __version__


@pytest.mark.parametrize("args, words", [
    (["new"], "缺少必填选项"),
    (["frob"], "没有“frob”这个命令"),
    (["new", "--outline", "x.toml", "--bogus"], "没有“--bogus”这个选项"),
    (["new", "--outline"], "后面要写一个值"),
    (["new", "--outline", "x.toml", "--to", "pdf"], "不支持的输出格式"),
    # a file name that says another format: Word or Notepad would fail to open what was written
    (["new", "--outline", "x.toml", "-o", "稿子.doc"], "不生成 Word 97-2003 文档"),
    (["new", "--outline", "x.toml", "-o", "稿子.pdf"], "不生成 PDF"),
    (["new", "--outline", "x.toml", "--to", "text", "-o", "稿子.docx"], "文件名却以 .docx 结尾"),
    (["new", "--outline", "x.toml", "--to", "docx", "-o", "稿子.md"], "文件名却以 .md 结尾"),
    (["init", "提纲.docx"], "不能存成 .docx"),
])
def test_usage_errors_are_chinese_with_exit_2(args, words, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.toml").write_text('[meeting]\ntitle = "题"\n[[sections]]\nheading = "甲"\n', encoding="utf-8")
    code, out, err = cli(*args)
    assert code == 2
    assert words in err
    assert "Traceback" not in err and "Error:" not in err and "Usage:" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.toml"]  # nothing written, nothing lost


def test_help_is_chinese(cli):
    code, out, _ = cli("--help")
    assert code == 0
    assert "用法" in out and "根据提纲生成讲话稿" in out and "显示本帮助并退出" in out
    assert "Show this message" not in out


@pytest.mark.parametrize("command", [("new",), ("init",), ("check",), ("batch",), ("snippets", "show"),
                                     ("snippets", "search"), ("snippets", "new"), ("snippets", "check")])
def test_every_command_help_is_chinese_down_to_its_headings_and_arguments(cli, command):
    code, out, _ = cli(*command, "--help")
    assert code == 0 and out.startswith("用法：")
    headings = re.findall(r"^(\S[^\n]*?)[:：]$", out, flags=re.M)
    assert headings and all(h in ("选项", "参数", "命令") for h in headings), headings
    assert not re.search(r"^\S[^\n]*:$", out, flags=re.M)  # no ASCII colon after a heading
    arguments = out.split("参数：")[1].split("\n\n")[0] if "参数：" in out else ""
    assert not re.search(r"^\s+[a-z]+\s", arguments, flags=re.M), arguments  # argument names in Chinese


def test_version(cli):
    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"drafter {__version__}"


def test_help_lists_every_command_group(cli):
    code, out, _ = cli("--help")
    assert code == 0
    for command in ("new", "init", "check", "batch", "snippets"):
        assert command in out


def test_new_loads_no_other_command_group(tmp_path):
    """Issue 4 (start-up time): ``drafter new`` builds and imports only its own command."""
    root = Path(__file__).resolve().parent.parent
    (tmp_path / "x.toml").write_text('[meeting]\ntitle = "题"\n[[sections]]\nheading = "甲"\n', encoding="utf-8")
    code = ("import sys; from drafter.cli import run; code = run(['new', '--outline', 'x.toml']); "
            "print(code, sorted(m for m in ('drafter.cli_batch', 'drafter.cli_check', 'drafter.cli_snippets', "
            "'click', 'rich') if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True,
                            text=True)
    assert result.stdout.split() == ["0", "[]"], result.stdout + result.stderr
    assert (tmp_path / "x.docx").is_file()


def test_ctrl_c_says_it_stopped_and_leaves_nothing(tmp_path):
    """Ctrl+C during ``drafter new``: exit 130, one Chinese line, no traceback, no files."""
    import signal
    import time

    from outline_samples import with_sections

    root = Path(__file__).resolve().parent.parent
    (tmp_path / "大.toml").write_text(with_sections(40000), encoding="utf-8")  # seconds of work
    env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "drafter", "new", "--outline", "大.toml"], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().endswith("已中止。") and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["大.toml"]


@pytest.mark.parametrize("name, kind", [("稿子.txt", "text"), ("稿子.md", "markdown"), ("稿子.markup.txt", "markup"),
                                        ("稿子.DOCX", "docx"), ("稿子", "docx")])
def test_the_output_name_picks_the_format_when_to_is_not_given(name, kind, cli, tmp_path):
    from outline_samples import MINIMAL

    outline = tmp_path / "m.toml"
    outline.write_text(MINIMAL, encoding="utf-8")
    code, _, err = cli("new", "--outline", outline, "-o", tmp_path / name)
    assert code == 0, err
    data = (tmp_path / name).read_bytes()
    assert data.startswith(b"PK") == (kind == "docx")
    if kind == "text":
        assert data.decode("utf-8").splitlines()[0] == "在全镇秋季防火工作会议上的讲话"
    if kind == "markdown":
        assert "# " in data.decode("utf-8")
    if kind == "markup":
        assert "::title" in data.decode("utf-8")


def test_an_output_that_is_a_folder_is_named_as_one(cli, tmp_path):
    from outline_samples import MINIMAL

    outline = tmp_path / "m.toml"
    outline.write_text(MINIMAL, encoding="utf-8")
    code, _, err = cli("new", "--outline", outline, "-o", tmp_path)
    assert code == 4 and "输出位置是一个文件夹" in err
