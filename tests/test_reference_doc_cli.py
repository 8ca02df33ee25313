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


def test_reference_doc_with_damaged_parts_is_refused_in_chinese(tmp_path, cli):
    """A package that opens but whose styles part has the wrong content type, or whose
    relationships are garbled, failed deep inside python-docx."""
    import io
    import zipfile

    outline = tmp_path / "m.toml"
    outline.write_text(MINIMAL, encoding="utf-8")
    good = io.BytesIO()
    docx.Document().save(good)
    damages = {
        "[Content_Types].xml": lambda xml: xml.replace(b"wordprocessingml.styles+xml", b"wordprocessingml.stylez+xml"),
        "word/_rels/document.xml.rels": lambda xml: xml.replace(b" Type=", b" Typo=", 1),  # a link of no type
    }
    for part, damage in damages.items():
        reference = tmp_path / "坏模板.docx"
        with zipfile.ZipFile(io.BytesIO(good.getvalue())) as src, zipfile.ZipFile(reference, "w") as out:
            for name in src.namelist():
                data = src.read(name)
                out.writestr(name, damage(data) if name == part else data)
        before = snapshot(tmp_path)
        code, _, err = cli("new", "--outline", outline, "--reference-doc", reference)
        assert code == 3 and "不是有效的 Word 文档" in err and "Traceback" not in err, (part, err)
        assert snapshot(tmp_path) == before
