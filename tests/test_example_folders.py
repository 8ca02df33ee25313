"""The sub-folders of examples/: a batch table with its outline, and an office folder with its
own snippets and check settings. Both must keep working as the docs describe them."""
import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_batch_example_builds_one_draft_per_row(tmp_path, cli):
    example = ROOT / "examples" / "batch"
    out = tmp_path / "out"
    code, _, err = cli("batch", "--outline", example / "flood-mobilisation.toml", "--data", example / "units.csv",
                       "--name", "{{ 乡镇 }}防汛动员会讲话", "-o", out, "--jobs", "1")
    assert code == 0, err
    drafts = sorted(p.name for p in out.glob("*.docx"))
    assert drafts == ["清溪镇防汛动员会讲话.docx", "白沙镇防汛动员会讲话.docx", "石门镇防汛动员会讲话.docx"]
    assert all(zipfile.is_zipfile(out / name) for name in drafts)


def test_office_folder_uses_its_snippets_and_check_settings(tmp_path, cli):
    office = tmp_path / "office"
    shutil.copytree(ROOT / "examples" / "office", office)
    code, out, err = cli("new", "--outline", office / "staff-meeting.toml", "--to", "text", "-o", "-")
    assert code == 0, err
    assert "确保全年目标任务" in out  # the office's own closing snippet, with its parameter
    assert "警告" not in err
    (office / "check.toml").write_text("[limits]\nsentence_chars = 20\n", encoding="utf-8")
    code, _, err = cli("new", "--outline", office / "staff-meeting.toml", "--to", "text", "-o", "-")
    assert code == 0 and "length.sentence" in err  # the office's stricter limit applies
