"""Issue 2, what must hold 6 (part): --reference-doc names the styles it lacks; --strict refuses."""
import docx

from conftest import snapshot
from outline_samples import MINIMAL


def test_reference_doc_missing_styles_are_named(tmp_path, cli):
    outline = tmp_path / "m.toml"
    outline.write_text(MINIMAL, encoding="utf-8")
    reference = tmp_path / "本单位模板.docx"
    docx.Document().save(reference)  # python-docx's template: no Byline, Lead, Salutation …
    code, _, err = cli("new", "--outline", outline, "--reference-doc", reference)
    assert code == 0, err
    for style in ("Byline", "Salutation", "Lead"):
        assert f"参考模板缺少样式“{style}”" in err
    (tmp_path / "m.docx").unlink()
    before = snapshot(tmp_path)
    code, _, err = cli("new", "--outline", outline, "--reference-doc", reference, "--strict")
    assert code == 3 and "--strict" in err and "Byline" in err
    assert snapshot(tmp_path) == before


def test_missing_reference_doc_is_an_input_error(tmp_path, cli):
    outline = tmp_path / "m.toml"
    outline.write_text(MINIMAL, encoding="utf-8")
    code, _, err = cli("new", "--outline", outline, "--reference-doc", tmp_path / "nope.docx")
    assert code == 3 and "参考模板" in err and "Traceback" not in err
