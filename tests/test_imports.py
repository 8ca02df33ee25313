"""Every drafter module imports on its own, whichever is imported first (no import cycles
that only work in one order: commands import their modules lazily, in any order)."""
import subprocess
import sys
from pathlib import Path

import drafter

_SCRIPT = r"""
import importlib, pkgutil, sys, traceback
import drafter
names = sorted(m.name for m in pkgutil.walk_packages(drafter.__path__, "drafter."))
failed = []
for name in names:
    for loaded in [m for m in sys.modules if m == "drafter" or m.startswith("drafter.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed.append(name + ": " + traceback.format_exc(limit=1).strip().splitlines()[-1])
print(len(names))
print("\n".join(failed))
"""


def test_each_module_imports_first():
    root = Path(drafter.__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, cwd=root,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    count, *failures = out.stdout.strip().split("\n")
    assert int(count) > 30
    assert not [f for f in failures if f], failures
