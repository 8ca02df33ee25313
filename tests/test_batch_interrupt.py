"""Issue 4, "what must hold" 4: Ctrl+C in the middle of a batch of 2,000 outlines."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from outline_samples import TINY

ROOT = Path(__file__).resolve().parent.parent


def _drafter(*args, cwd: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([sys.executable, "-m", "drafter", *map(str, args)], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups and SIGINT are POSIX")
@pytest.mark.parametrize("count, jobs", [(2000, 2), (600, 1)])
def test_sigint_to_the_process_group_then_rerun_finishes(tmp_path, count, jobs):
    src = tmp_path / "in"
    src.mkdir()
    for n in range(count):
        (src / f"例会{n:04d}.toml").write_text(TINY.format(n=n), encoding="utf-8")
    out = tmp_path / "out"

    proc = _drafter("batch", src, "-o", out, "--jobs", jobs, cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not (out.is_dir() and any(out.glob("*.docx"))):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no output appeared"
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    err = err.decode("utf-8", "replace")
    assert proc.returncode != 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "已中止" in err

    names = sorted(p.name for p in out.iterdir())
    leftovers = [n for n in names if not (n.endswith(".docx") or n == "drafter-manifest.json")]
    assert leftovers == []  # no temporary files
    drafts = [n for n in names if n.endswith(".docx")]
    assert 0 < len(drafts) < count, len(drafts)
    for name in drafts:  # only complete files
        with zipfile.ZipFile(out / name) as zf:
            assert zf.testzip() is None
            assert "word/document.xml" in zf.namelist()

    proc = _drafter("batch", src, "-o", out, "--jobs", jobs, cwd=tmp_path)
    _, err = proc.communicate(timeout=300)
    err = err.decode("utf-8", "replace")
    assert proc.returncode == 0, err
    m = re.search(r"新生成 (\d+) 份，已是最新 (\d+) 份，保留 (\d+) 份，失败 (\d+) 份", err)
    assert m, err
    rebuilt, uptodate, kept, failed = map(int, m.groups())
    assert rebuilt + uptodate == count and kept == failed == 0
    assert uptodate == len(drafts)  # everything that finished before Ctrl+C counted as done
    assert len(list(out.glob("*.docx"))) == count
