"""Issue 3: the built-in snippet library — size, kinds, variants, quality checks, rendering."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from drafter import library, library_check, markup
from drafter.cli import run
from drafter.render import file_table
from drafter.search import SearchPath, builtin_root
from drafter.snippets import KINDS

ROOT = Path(__file__).resolve().parent.parent
OCCASIONS = ("党建", "部署动员", "总结表彰", "安全生产", "经济工作", "党风廉政", "培训开班", "企业会议")
REQUIRED_KINDS = ("opening_recap", "opening_assessment", "problems", "transition", "section", "subpoint",
                  "guarantees", "closing")


@pytest.fixture(autouse=True)
def _private_user_folder(tmp_path, monkeypatch):
    """Never touch the real user folder; run from an empty folder (no project layer)."""
    user = tmp_path / "user"
    user.mkdir()
    monkeypatch.setenv("DRAFTER_PATH", str(user))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)


def builtin_entries():
    return library.entries(SearchPath.build(None))


def list_json(capsys, *args):
    code = run(["snippets", "list", "--format", "json", *args])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


def test_list_json_shows_the_builtin_library(capsys):
    rows = list_json(capsys)
    assert len(rows) >= 60
    for row in rows:
        assert set(row) == {"name", "kind", "summary", "variants", "source", "shadows"}
        assert row["variants"] >= 2, row["name"]
        assert row["kind"] in KINDS
        assert row["summary"]
        assert Path(row["source"]).is_file()
        assert row["shadows"] == []
    kinds = {row["kind"] for row in rows}
    assert len(kinds) >= 7
    assert set(REQUIRED_KINDS) <= kinds
    assert [r["name"] for r in rows] == sorted(r["name"] for r in rows)


def test_core_snippets_keep_their_names_and_parameters():
    by_name = {e.name: e.snippet for e in builtin_entries()}
    assert {"agenda"} <= set(by_name["opening/recap"].params)
    assert {"items", "intro"} <= set(by_name["opening/examples"].params)
    assert {"topic"} <= set(by_name["transition/default"].params)


def test_every_occasion_is_covered():
    tags = Counter(t for e in builtin_entries() for t in e.snippet.tags)
    for occasion in OCCASIONS:
        assert tags[occasion] >= 3, occasion


def test_list_filters_by_kind_and_tag(capsys):
    closings = list_json(capsys, "--kind", "closing")
    assert closings and all(r["kind"] == "closing" for r in closings)
    safety = list_json(capsys, "--tag", "安全生产")
    tagged = {e.name for e in builtin_entries() if "安全生产" in e.snippet.tags}
    assert safety and {r["name"] for r in safety} == tagged
    assert "sections/safety-hazards" in tagged
    assert run(["snippets", "list", "--kind", "closin"]) == 2
    assert "closing" in capsys.readouterr().err


def test_list_as_a_table(capsys):
    assert run(["snippets", "list", "--kind", "transition"]) == 0
    out = capsys.readouterr().out
    assert "transition/default" in out and "过渡语" in out and "种写法" in out


def test_check_passes_on_the_builtin_library(capsys):
    code = run(["snippets", "check", "--strict"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 个错误，0 个警告" in out


def test_builtin_variants_really_differ():
    ratios = {e.name: library.max_similarity(e.snippet) for e in builtin_entries()}
    worst = max(ratios.values())
    assert worst < library.NEAR_DUPLICATE, sorted(ratios.items(), key=lambda kv: -kv[1])[:3]


def test_every_variant_renders_with_its_defaults_into_valid_markup():
    renderer = library_check._check_renderer(SearchPath.build(None))
    rendered = 0
    for entry in builtin_entries():
        snip = entry.snippet
        for variant in snip.variants:
            out = renderer.render_snippet(snip, {}, None, variant.name)
            assert out.strip(), (snip.name, variant.name)
            blocks = markup.read(out, file_table(), default_file=snip.path).blocks
            assert blocks, (snip.name, variant.name)
            rendered += 1
    assert rendered >= 120


def _writer_text(body: str) -> str:
    return "\n".join(text for _, text in library.plain_lines(body, 1))


def test_snippets_never_type_numbers_or_counts():
    for entry in builtin_entries():
        for variant in entry.snippet.variants:
            text = _writer_text(variant.body)
            for pattern, _, _ in library_check._TYPED_NUMBERS:
                for line in text.split("\n"):
                    assert not pattern.search(line), (entry.name, line)


def test_section_snippets_bring_their_heading_and_others_do_not():
    for entry in builtin_entries():
        for variant in entry.snippet.variants:
            headings = [ln for ln in variant.body.split("\n") if re.match(r"^#{1,2}\+?\s", ln)]
            if entry.kind == "section":
                assert len([h for h in headings if h.startswith("# ")]) == 1, (entry.name, variant.name)
            else:
                assert not headings, (entry.name, variant.name)


def test_builtin_text_shares_nothing_with_the_specimen():
    tool = ROOT.parent / "shared" / "tools" / "specimen_overlap.py"
    if not tool.is_file():
        pytest.skip("shared/tools/specimen_overlap.py 不在这台机器上")
    result = subprocess.run([sys.executable, str(tool), str(ROOT)], capture_output=True, text=True)
    mine = [ln for ln in result.stdout.splitlines()
            if ln.startswith(("snippets/", "docs/snippets.md", "drafter/library.py", "tests/test_snippets_"))]
    assert not mine, mine


def test_builtin_library_is_where_the_search_path_says():
    assert (builtin_root() / "snippets" / "transition" / "default.j2").is_file()


def test_builtin_text_passes_the_draft_checker():
    """What the reviewer's checks (drafter check) would flag in a draft, no built-in snippet has."""
    check = pytest.importorskip("drafter.check")
    from drafter import transforms
    from drafter.model import Document, Heading, Meta, Title

    renderer = library_check._check_renderer(SearchPath.build(None))
    flagged = []
    for entry in builtin_entries():
        for variant in entry.snippet.variants:
            out = renderer.render_snippet(entry.snippet, {}, None, variant.name)
            blocks = markup.read(out, file_table(), default_file=entry.snippet.path).blocks
            head = (Title("在全县工作会议上的讲话"),)
            if entry.kind != "section":
                head += (Heading(1, "扎实做好各项工作"),)
            doc = transforms.resolve(Document(head + tuple(blocks), Meta(title="在全县工作会议上的讲话")))
            flagged += [(entry.name, variant.name, f.rule, f.message) for f in check.check_document(doc)
                        if not f.rule.startswith("length")]
    assert not flagged, flagged[:5]
