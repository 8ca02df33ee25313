"""The bundled examples, the starter outline of ``drafter init`` and the examples of
docs/outline-format.md all build, on their own, with the built-in templates and snippets only.

Each example is copied ALONE into a temporary folder (no snippets/ or templates/ beside it; the
user layer is an empty tmp folder, see conftest), so an example that leaned on anything but the
built-in library would fail here.
"""
from __future__ import annotations

import importlib.util
import re
import shutil
from importlib.resources import files
from pathlib import Path

import pytest

from drafter.cli import run
from drafter.model import Heading
from drafter.pipeline import Request, build_document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
LONG_EXAMPLE = "party-building.toml"
DOC = ROOT / "docs" / "outline-format.md"

# What a writer leaves where a name or a figure still has to be filled in.
PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])[XxＸｘ]{2,}(?![A-Za-z])|[×✕╳]{2,}|某某|[＿_]{2,}"
    r"|【[^】\n]{0,10}待[补填定核查改][^】\n]{0,10}】|(?<![A-Za-z])(?:TODO|FIXME|TBD)(?![A-Za-z])"
)
HAN = re.compile(r"[\u4e00-\u9fff]")
HAS_DOCX_WRITER = importlib.util.find_spec("drafter.writers") is not None and \
    importlib.util.find_spec("docx") is not None


def _alone(src: Path, folder: Path) -> Path:
    """Copy one outline into an otherwise empty folder."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / src.name
    shutil.copyfile(src, copy)
    return copy


def _text(outline: Path, folder: Path) -> str:
    out = folder / (outline.stem + ".txt")
    assert run(["new", "--outline", str(outline), "--to", "text", "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def _numbered_sections(outline: Path) -> int:
    doc = build_document(Request(outline=outline)).document
    return sum(1 for b in doc.blocks if isinstance(b, Heading) and b.level == 1 and b.numbered)


def test_there_are_examples():
    names = {p.name for p in EXAMPLES}
    assert LONG_EXAMPLE in names and len(names) >= 2


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_builds_alone(example, tmp_path):
    copy = _alone(example, tmp_path / "alone")
    out = tmp_path / "out" / (example.stem + ".docx")
    assert run(["new", "--outline", str(copy), "-o", str(out)]) == 0
    assert out.is_file() and out.stat().st_size > 0
    # Nothing but the outline and what was asked for: no stray files beside the copy.
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_is_a_complete_speech(example, tmp_path):
    copy = _alone(example, tmp_path)
    assert _numbered_sections(copy) >= 2


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_has_no_placeholders(example, tmp_path):
    copy = _alone(example, tmp_path)
    text = _text(copy, tmp_path)
    assert not PLACEHOLDER.findall(text), "placeholders in the draft"
    assert not PLACEHOLDER.findall(example.read_text(encoding="utf-8")), "placeholders in the outline"


def test_long_example_is_long(tmp_path):
    copy = _alone(ROOT / "examples" / LONG_EXAMPLE, tmp_path)
    chars = len(HAN.findall(_text(copy, tmp_path)))
    assert chars >= 16000, f"the benchmark's draft has only {chars} Chinese characters"


@pytest.mark.skipif(not HAS_DOCX_WRITER, reason="drafter.writers (or python-docx) is not importable yet")
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_text_output_equals_docx_paragraphs(example, tmp_path):
    import docx

    copy = _alone(example, tmp_path / "alone")
    out = tmp_path / "out.docx"
    assert run(["new", "--outline", str(copy), "-o", str(out)]) == 0
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    lines = _text(copy, tmp_path).rstrip("\n").split("\n")
    assert paragraphs == lines


# ---- drafter init -----------------------------------------------------------------------------

def test_starter_builds_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outline = tmp_path / "x.toml"
    assert run(["init", "x.toml"]) == 0
    assert outline.read_bytes() == files("drafter").joinpath("starter.toml").read_bytes()
    assert run(["new", "--outline", "x.toml"]) == 0
    assert (tmp_path / "x.docx").is_file()
    assert _numbered_sections(outline) >= 2
    assert not PLACEHOLDER.findall(_text(outline, tmp_path / "text"))
    assert not PLACEHOLDER.findall(outline.read_text(encoding="utf-8"))


def test_init_refuses_to_overwrite_without_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outline = tmp_path / "x.toml"
    outline.write_text("# 我自己的提纲\n", encoding="utf-8")
    before = outline.read_bytes()
    assert run(["init", "x.toml"]) == 4
    assert outline.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.toml"]  # no temporary file left
    assert run(["init", "x.toml", "--force"]) == 0
    assert outline.read_bytes() == files("drafter").joinpath("starter.toml").read_bytes()


def test_init_writes_meeting_toml_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(["init"]) == 0
    assert (tmp_path / "meeting.toml").is_file()


# ---- docs/outline-format.md ----------------------------------------------------------------------

def _doc_outlines() -> list[str]:
    """Every ```toml block of the outline reference that is a whole outline (has [meeting])."""
    blocks = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return [b for b in blocks if "[meeting]" in b]


def test_outline_reference_has_whole_examples():
    assert len(_doc_outlines()) >= 10


@pytest.mark.parametrize("index", range(len(_doc_outlines())) if DOC.is_file() else [])
def test_outline_reference_example_builds(index, tmp_path):
    outline = tmp_path / f"例{index + 1}.toml"
    outline.write_text(_doc_outlines()[index], encoding="utf-8")
    text = _text(outline, tmp_path)
    assert text.strip()


@pytest.mark.parametrize("marker, expected", [
    ("我讲{{ 点数 }}点意见", "下面，就做好今年的安全生产工作，我讲三点意见。"),
    ('"党员人数(名)" = 21368', "全县共有党员21368名，桐川县的发展离不开每一名党员。"),
    ("runin = true", "（二）抓好城市基层党建。要健全街道党工委统筹协调、社区党组织兜底负责的工作机制。"),
    ('variant = "有力"', "同志们，春季农业生产时不我待。让我们撸起袖子加油干，为青禾县夺取全年丰收开好局！"),
    ("[guarantees]\nnumbered = false", "一要压实责任，守土尽责。各乡镇主要负责同志要亲自部署、亲自检查。"),
    ('snippet = "本县/防灾"', "二、强化防灾减灾"),
])
def test_outline_reference_says_what_drafter_does(marker, expected, tmp_path):
    """Outputs the reference quotes in its prose (those that do not depend on a snippet variant)."""
    (source,) = [b for b in _doc_outlines() if marker in b]
    outline = tmp_path / "例.toml"
    outline.write_text(source, encoding="utf-8")
    assert expected in _text(outline, tmp_path).split("\n")
