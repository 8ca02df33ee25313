"""One search path, later wins: built-in < user (DRAFTER_PATH) < project < outline-local < command line."""
import os

import pytest

from drafter.errors import InputError
from drafter.pipeline import Request, build_document
from drafter.search import SearchPath, check_name
from outline_samples import MINIMAL

SNIPPET = '+++\nkind = "transition"\nsummary = "{who}的过渡语"\n[params.topic]\ndefault = ""\n+++\n下面，{who}讲[[count]]点。\n'


def write_transition(folder, who):
    path = folder / "transition" / "default.j2"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SNIPPET.replace("{who}", who), encoding="utf-8")
    return path


def transition(tmp_path, outline_text=MINIMAL, **kwargs):
    outline = tmp_path / "proj" / "meeting.toml"
    outline.parent.mkdir(exist_ok=True)
    outline.write_text(outline_text, encoding="utf-8")
    doc = build_document(Request(outline=outline, **kwargs)).document
    return next(b.src.file + "|" + "".join(i.text for i in b.inlines) for b in doc.blocks
                if hasattr(b, "inlines") and "下面" in "".join(getattr(i, "text", "") for i in b.inlines))


def test_layers_in_order(tmp_path, monkeypatch):
    user1, user2 = tmp_path / "u1", tmp_path / "u2"
    assert "snippets/transition/default.j2" in transition(tmp_path).replace(os.sep, "/")
    write_transition(user1 / "snippets", "用户一")
    write_transition(user2 / "snippets", "用户二")
    monkeypatch.setenv("DRAFTER_PATH", os.pathsep.join([str(user1), str(user2)]))
    assert "用户二" in transition(tmp_path)  # a later DRAFTER_PATH folder wins
    write_transition(tmp_path / "proj" / "snippets", "项目")
    assert "项目" in transition(tmp_path)
    local = MINIMAL + '\n[snippets."transition/default"]\nkind = "transition"\nbody = "下面，提纲内讲[[count]]点。"\n'
    assert "提纲内" in transition(tmp_path, local)
    cmd = write_transition(tmp_path / "cmd", "命令行").parent.parent
    assert "命令行" in transition(tmp_path, local, snippet_dirs=(cmd,))


def test_no_current_folder_layer_for_outlines(tmp_path, monkeypatch):
    write_transition(tmp_path / "elsewhere" / "snippets", "当前文件夹")
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert "当前文件夹" not in transition(tmp_path)


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "a/../../b", "C:/x", "..\\x", "", "a//b"])
def test_names_that_escape_are_refused(name):
    with pytest.raises(InputError) as info:
        check_name(name)
    assert "不合规" in info.value.problems[0].message


def test_escaping_snippet_reference_in_an_outline(tmp_path, cli):
    outline = tmp_path / "m.toml"
    outline.write_text(MINIMAL + '\n[closing]\nsnippet = "../../etc/passwd"\n', encoding="utf-8")
    code, _, err = cli("new", "--outline", outline)
    assert code == 3 and "不合规" in err and "Traceback" not in err


def test_missing_snippet_lists_folders_and_suggests(tmp_path, cli):
    outline = tmp_path / "m.toml"
    outline.write_text(MINIMAL + '\n[closing]\nsnippet = "transition/defualt"\n', encoding="utf-8")
    code, _, err = cli("new", "--outline", outline)
    assert code == 3 and "找不到素材" in err and "transition/default" in err and "内置" in err


def test_office_files_found_at_every_layer(tmp_path, monkeypatch):
    (tmp_path / "u").mkdir()
    (tmp_path / "u" / "check.toml").write_text("", encoding="utf-8")
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "check.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("DRAFTER_PATH", str(tmp_path / "u"))
    found = SearchPath.for_outline(tmp_path / "p" / "m.toml").files("check.toml")
    assert found == [tmp_path / "u" / "check.toml", tmp_path / "p" / "check.toml"]
