"""The cross-process cache (drafter.diskcache): the docx base and compiled Jinja code.

What must hold: a draft is byte-identical whether the cache is off, cold or warm (in a fresh
process, which then never imports python-docx or lxml); reference-document warnings come back
on a hit exactly as on a miss; a damaged entry of any kind is only a miss.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from conftest import ROOT
from drafter import diskcache
from drafter.profile import get_profile
from drafter.writers import docx as docx_writer
from helpers_docs import sample_document

OUTLINE = ROOT / "examples" / "party-building.toml"

# Runs one `drafter new` in a fresh interpreter and reports what it loaded.
_CHILD = """
import json, sys
from drafter.cli import run
code = run(sys.argv[1:])
print(json.dumps({"code": code, "docx": "docx" in sys.modules,
                  "lxml": any(m == "lxml" or m.startswith("lxml.") for m in sys.modules)}))
"""


def _new(tmp_path: Path, cache: str, name: str, *extra) -> tuple[bytes, dict, str]:
    out = tmp_path / name
    env = dict(os.environ, DRAFTER_CACHE_DIR=cache, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", _CHILD, "new", "--outline", str(OUTLINE),
                           "-o", str(out), "--force", *map(str, extra)],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, proc.stderr
    return out.read_bytes(), report, proc.stderr


def test_off_cold_and_warm_give_the_same_bytes_and_warm_skips_python_docx(tmp_path):
    cache = tmp_path / "cache"
    off, _, _ = _new(tmp_path, "", "off.docx")
    cold, cold_report, _ = _new(tmp_path, str(cache), "cold.docx")
    assert any((cache / "docx").iterdir()) and any((cache / "jinja").iterdir())
    warm, warm_report, _ = _new(tmp_path, str(cache), "warm.docx")
    assert off == cold == warm
    assert cold_report["docx"]  # the base had to be built
    assert not warm_report["docx"] and not warm_report["lxml"]


def test_reference_doc_warnings_come_back_on_a_hit(tmp_path):
    reference = tmp_path / "本单位模板.docx"
    docx.Document().save(reference)  # lacks Byline, Salutation, Lead …
    cache = tmp_path / "cache"
    off, _, off_err = _new(tmp_path, "", "off.docx", "--reference-doc", reference)
    cold, _, cold_err = _new(tmp_path, str(cache), "cold.docx", "--reference-doc", reference)
    warm, report, warm_err = _new(tmp_path, str(cache), "warm.docx", "--reference-doc", reference)
    warnings = [[line for line in err.splitlines() if "参考模板" in line]
                for err in (off_err, cold_err, warm_err)]
    assert any("参考模板缺少样式“Byline”" in line for line in warnings[0])
    assert off == cold == warm and warnings[0] == warnings[1] == warnings[2]
    assert not report["docx"]


def _fresh_base(profile, reference=None):
    docx_writer._cache.clear()
    return docx_writer._base(profile, reference)


def test_the_base_survives_its_serialization(monkeypatch):
    base = _fresh_base(get_profile("win10"))
    # the deflated copies of the parts are made per process, not stored
    assert docx_writer._deflated(docx_writer._load_base(docx_writer._dump_base(base))) == base
    monkeypatch.setattr(docx_writer, "builtin_document", None)  # a hit must not build
    assert _fresh_base(get_profile("win10")) == base


def test_reference_key_is_its_content_not_its_path(tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "sub" / "b.docx"
    b.parent.mkdir()
    docx.Document().save(a)
    shutil.copyfile(a, b)
    profile = get_profile("gbt9704")
    key = docx_writer._disk_key
    assert key(profile, a.read_bytes()) == key(profile, b.read_bytes())
    assert key(profile, a.read_bytes()) != key(profile, a.read_bytes() + b"\0")
    assert key(profile, a.read_bytes()) != key(get_profile("gbk"), a.read_bytes())
    assert key(profile, None) != key(profile, a.read_bytes())


def _entries(kind: str) -> list[Path]:
    return sorted((diskcache.folder() / kind).iterdir())


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "valid-digest junk",
                                    "valid-digest truncated base"])
def test_a_damaged_docx_entry_is_ignored(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    profile = get_profile("gbt9704")
    built = _fresh_base(profile)
    (entry,) = _entries("docx")
    good = entry.read_bytes()
    key = entry.name
    if damage == "flip":
        entry.write_bytes(good[:-100] + bytes([good[-100] ^ 1]) + good[-99:])
    elif damage == "truncate":
        entry.write_bytes(good[:len(good) // 2])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "valid-digest junk":
        diskcache.store("docx", key, b"not a base at all")
    else:
        diskcache.store("docx", key, docx_writer._dump_base(built)[:-10])
    assert _fresh_base(profile) == built
    assert entry.read_bytes() == good  # rebuilt and stored again
    draft = sample_document()
    first = docx_writer.write_docx(draft, profile)
    entry.write_bytes(b"\0" * 64)
    docx_writer._cache.clear()
    assert docx_writer.write_docx(draft, profile) == first


def test_damaged_jinja_entries_are_ignored(tmp_path, monkeypatch):
    from drafter import render

    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    source = "{% for x in items %}第{{ x }}条\n{% endfor %}"
    name = str(tmp_path / "t.j2")

    def rendered():
        render._COMPILED.clear()
        return render.compile_source(source, name, 3).render(items=[1, 2])

    first = rendered()
    (entry,) = _entries("jinja")
    with monkeypatch.context() as m:
        m.setattr(render.ENV, "compile", None)  # a hit must not compile
        assert rendered() == first
    for junk in (b"", b"\x00garbage", __import__("marshal").dumps(("not", "code"))):
        diskcache.store("jinja", entry.name, junk)
        assert rendered() == first
    entry.write_bytes(entry.read_bytes()[:-3])
    assert rendered() == first


def test_cache_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_CACHE_DIR", "")
    assert diskcache.folder() is None
    diskcache.store("docx", "k", b"x")
    assert diskcache.load("docx", "k") is None
    _fresh_base(get_profile("gbk"))


def test_old_entries_are_pruned(tmp_path, monkeypatch):
    from drafter import diskcache

    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(diskcache, "MAX_ENTRIES", 5)
    keys = [diskcache.key("prune", str(i)) for i in range(8)]
    for i, k in enumerate(keys):
        diskcache.store("prune-test", k, b"x" * i)
        os.utime(tmp_path / "prune-test" / k, ns=(i * 10**9, i * 10**9))
    assert len(list((tmp_path / "prune-test").iterdir())) == 5
    assert diskcache.load("prune-test", keys[-1]) == b"x" * 7
    assert diskcache.load("prune-test", keys[0]) is None
