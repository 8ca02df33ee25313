"""What keeps two workers close to twice one: chunked hand-out, spaced manifest saves, workers
that import only what they run, per-process memo of spoken lengths — each without changing
what a batch writes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from drafter.batch import runner
from drafter.batch.manifest import MANIFEST_NAME, Manifest
from outline_samples import TINY

ROOT = Path(__file__).resolve().parent.parent


def test_chunk_sizes_follow_the_measured_cost_and_shrink_at_the_end():
    sizer = runner._ChunkSizer(workers=2)
    assert sizer.size(1000) == 1  # nothing timed yet
    sizer.learn(0.05, 10)  # 5 ms an item
    assert sizer.size(1000) == int(runner.CHUNK_SECONDS / 0.005)
    assert sizer.size(12) == 2 and sizer.size(3) == 1  # the tail: workers finish together
    slow = runner._ChunkSizer(workers=2)
    slow.learn(2.0, 1)  # long drafts: one at a time, so Ctrl+C stops promptly
    assert slow.size(1000) == 1
    fast = runner._ChunkSizer(workers=2)
    fast.learn(0.0001, 100)
    assert fast.size(100000) == runner.CHUNK_MAX
    fast.learn(0.0, 0)
    assert fast.size(100000) == runner.CHUNK_MAX


def _encoded(manifest: Manifest) -> bytes:
    fresh = Manifest(manifest.folder, {k: dict(v) for k, v in manifest.entries.items()})
    fresh.save()
    return fresh.path.read_bytes()


def test_manifest_saves_follow_every_change_and_stay_byte_identical(tmp_path):
    m = Manifest(tmp_path)
    m.save()
    assert json.loads(m.path.read_text(encoding="utf-8"))["outputs"] == {}
    m.entries = {f"第{i}份.docx": {"hash": str(i), "deps": ["a", "b"], "stat": [i, i]} for i in range(5)}
    m.save()
    first = m.path.read_bytes()
    assert first == _encoded(m)
    m.entries["第2份.docx"] = {**m.entries["第2份.docx"], "stat": [9, 9]}  # replaced, as the runner does
    m.entries["新的.docx"] = {"hash": "x"}
    del m.entries["第0份.docx"]
    m.save()
    data = json.loads(m.path.read_text(encoding="utf-8"))["outputs"]
    assert data["第2份.docx"]["stat"] == [9, 9] and "新的.docx" in data and "第0份.docx" not in data
    assert m.path.read_bytes() == _encoded(m)


def test_spoken_length_memo_counts_as_drafter_new_does():
    from drafter.check import text
    from drafter.check.text import spoken_len
    from drafter.pipeline import Request, build_document
    from drafter.profile import DEFAULT_PROFILE, get_profile
    from drafter.writers.text import layout

    document = build_document(Request(outline=ROOT / "examples" / "party-building.toml")).document
    plain = sum(spoken_len(p.text) for p in layout(document, get_profile(DEFAULT_PROFILE)))
    text._SPOKEN.clear()
    assert text.speech_chars(document) == plain  # counted
    assert text.speech_chars(document) == plain  # remembered
    old = text._SPOKEN_MAX
    try:
        text._SPOKEN_MAX = 3  # full: starts again instead of growing
        text._SPOKEN.clear()
        assert text.speech_chars(document) == plain
        assert len(text._SPOKEN) <= 3
    finally:
        text._SPOKEN_MAX = old
        text._SPOKEN.clear()


SCRIPT = '''import sys
from pathlib import Path

if __name__ == "__mp_main__":  # a spawned worker imported this script
    Path(__file__).with_name("imported-by-a-worker").write_text("yes")

if __name__ == "__main__":
    from drafter.batch.runner import BatchOptions, run_batch

    report = run_batch(BatchOptions(outdir=Path(sys.argv[1]), inputs=sys.argv[2:], jobs=2, progress="none"))
    assert sys.modules["__main__"].__file__ == __file__  # put back after the workers started
    sys.exit(report.exit_code)
'''


def test_workers_do_not_import_the_main_script(tmp_path):
    """The installed ``drafter`` command is a script importing the whole CLI; spawned workers
    need none of it."""
    src = tmp_path / "in"
    src.mkdir()
    for n in range(12):
        (src / f"例会{n:02d}.toml").write_text(TINY.format(n=n), encoding="utf-8")
    script = tmp_path / "main_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, str(script), str(out), str(src)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "批量生成完成：共 12 份，新生成 12 份" in proc.stderr
    assert not (tmp_path / "imported-by-a-worker").exists()
    names = sorted(p.name for p in out.iterdir())
    assert len([n for n in names if n.endswith(".docx")]) == 12 and MANIFEST_NAME in names
    assert len(json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["outputs"]) == 12


def test_two_workers_write_what_one_writes(tmp_path, cli):
    """Chunks change how items travel, not what is written: same bytes, same manifest entries
    (but the file stamps)."""
    src = tmp_path / "in"
    src.mkdir()
    for n in range(40):
        (src / f"例会{n:02d}.toml").write_text(TINY.format(n=n), encoding="utf-8")
    outs = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        code, _, err = cli("batch", src, "-o", out, "--jobs", jobs, "--progress", "none")
        assert code == 0, err
        outs[jobs] = out
    one = sorted(p.name for p in outs[1].iterdir())
    assert one == sorted(p.name for p in outs[2].iterdir())
    for name in one:
        if name.endswith(".docx"):
            assert (outs[1] / name).read_bytes() == (outs[2] / name).read_bytes(), name

    def entries(out):
        data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["outputs"]
        return {k: {f: v for f, v in e.items() if f != "stat"} for k, e in data.items()}

    assert entries(outs[1]) == entries(outs[2])
    code, _, err = cli("batch", src, "-o", outs[2], "--jobs", 2, "--progress", "none")
    assert code == 0 and "已是最新 40 份" in err, err
