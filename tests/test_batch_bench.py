"""benchmarks/bench.py: the --json contract (not the timings), and honest yardsticks — the docxtpl
and pandoc drafts it times are the same draft in the same house style as drafter's."""
from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "bench.py"
KEYS = {"floor_ms", "drafter_ms", "drafter_over_floor", "docxtpl_ms", "pandoc_ms",
        "batch_docs_per_s_1", "batch_docs_per_s_2", "rss_mb_100", "rss_mb_2000",
        "growth_10x", "growth_100x", "cli_ms", "python_ms"}


def _bench_module():
    spec = importlib.util.spec_from_file_location("drafter_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_json_has_every_key(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, str(BENCH), "--quick", "--json"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    last = proc.stdout.strip().splitlines()[-1]
    data = json.loads(last)
    assert KEYS <= set(data), KEYS - set(data)
    for key in KEYS - {"docxtpl_ms", "pandoc_ms"}:
        assert isinstance(data[key], (int, float)), (key, data[key])
    assert data["rounds"]["per_draft"] >= 3 and data["quick"] is True
    assert "Traceback" not in proc.stderr


def _facts(data: bytes):
    """What a reader sees: paragraphs (style, text, styled runs), page setup, footers."""
    import docx

    d = docx.Document(io.BytesIO(data))
    paragraphs = []
    for p in d.paragraphs:
        runs = []
        for r in p.runs:
            if not r.text:
                continue
            style = r.style.name if r.style is not None else None
            style = None if style in (None, "Default Paragraph Font") else style
            if runs and runs[-1][1] == style:
                runs[-1] = (runs[-1][0] + r.text, style)
            else:
                runs.append((r.text, style))
        paragraphs.append((p.style.name, p.text, tuple(runs)))
    s = d.sections[0]
    page = (s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin, s.right_margin,
            s.orientation)
    footers = "PAGE" in s.footer._element.xml and "PAGE" in s.even_page_footer._element.xml
    return paragraphs, page, footers


@pytest.fixture(scope="module")
def yardsticks(tmp_path_factory):
    bench = _bench_module()
    tmp = tmp_path_factory.mktemp("yardsticks")
    outline = bench.long_outline(tmp)
    return bench.yardsticks(outline, tmp)


def test_docxtpl_yardstick_is_the_same_draft(yardsticks):
    if yardsticks.get("docxtpl") is None:
        pytest.skip("docxtpl is not installed (pip install \"drafter[bench]\")")
    ours = _facts(yardsticks["drafter"]())
    theirs = _facts(yardsticks["docxtpl"]())
    assert len(ours[0]) > 50
    assert theirs[0] == ours[0]  # same paragraphs, paragraph styles and character styles
    assert theirs[1] == ours[1]  # same page setup
    assert theirs[2] and ours[2]  # page numbers in the footers


def test_pandoc_yardstick_is_the_same_draft(yardsticks):
    if yardsticks.get("pandoc") is None:
        pytest.skip("pandoc is not installed")
    ours = _facts(yardsticks["drafter"]())
    theirs = _facts(yardsticks["pandoc"]())
    assert theirs[0] == ours[0]
    assert theirs[1] == ours[1]
    assert theirs[2] and ours[2]


def test_only_measures_the_groups_named_and_keeps_every_key(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, str(BENCH), "--quick", "--only", "batch", "--json"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert KEYS <= set(data), KEYS - set(data)
    for key in ("batch_docs_per_s_1", "batch_docs_per_s_2", "batch_2_over_1"):
        assert isinstance(data[key], (int, float)), (key, data[key])
    for key in KEYS - {"batch_docs_per_s_1", "batch_docs_per_s_2"}:
        assert data[key] is None, key
    assert data["only"] == ["batch"] and any("--only batch" in n for n in data["notes"])
    bad = subprocess.run([sys.executable, str(BENCH), "--only", "nonsense"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and "--only" in bad.stderr
