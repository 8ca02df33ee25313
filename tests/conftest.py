"""Shared fixtures. Tests never touch the real user folders: DRAFTER_PATH and
DRAFTER_CACHE_DIR point into tmp."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def _cache_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("drafter-cache")


@pytest.fixture(autouse=True)
def _isolated_user_folder(tmp_path_factory, monkeypatch, _cache_folder):
    user = tmp_path_factory.mktemp("user-layer")
    monkeypatch.setenv("DRAFTER_PATH", str(user))
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(_cache_folder))
    return user


@pytest.fixture
def cli(capsys):
    """Run the drafter CLI in-process; returns (exit code, stdout, stderr)."""
    from drafter.cli import run

    def invoke(*args):
        code = run([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def snapshot(folder: Path) -> dict:
    """Every file under folder with its bytes: to prove a failed run left nothing behind."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def skip_unless_wheel_here(distribution: str, why: str) -> None:
    """Skip where drafter's marker for ``distribution`` (a dependency installed only where it
    has wheels) leaves it out; everywhere else it must be installed."""
    from importlib.metadata import requires

    from packaging.requirements import Requirement

    wanted = next(Requirement(r) for r in requires("drafter") if r.startswith(distribution))
    if wanted.marker and not wanted.marker.evaluate():
        pytest.skip(why)
