"""Issue 3: docs/snippets.md's walkthrough is run step by step, so the guide cannot drift.

Fenced blocks are read in order: ```<lang> file=PATH writes PATH (relative to a fresh folder);
```console [exit=N] runs each "$ drafter …" line in that folder and checks its exit code
(0 unless exit=N) and that every other line of the block appears in what it printed. In an
expected line, "⋯" stands for any text (a path that differs from machine to machine).
"""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from drafter.cli import run
from drafter.snippets import KINDS, PARAM_TYPES

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "snippets.md"
FENCE = re.compile(r"^```(\w*)([^\n]*)\n(.*?)^```[ \t]*$", re.M | re.S)


@pytest.fixture(autouse=True)
def _private_user_folder(tmp_path, monkeypatch):
    user = tmp_path / "user"
    user.mkdir()
    monkeypatch.setenv("DRAFTER_PATH", str(user))


def blocks() -> list[tuple[str, dict, str]]:
    out = []
    for m in FENCE.finditer(GUIDE.read_text(encoding="utf-8")):
        options = dict(re.findall(r"(\w+)=(\S+)", m.group(2)))
        out.append((m.group(1), options, m.group(3)))
    return out


def matches(expected: str, printed: list[str]) -> bool:
    pieces = [p for p in expected.strip().split("⋯")]
    pattern = ".*".join(re.escape(p) for p in pieces)
    return any(re.fullmatch(pattern, line.strip()) for line in printed)


def test_the_walkthrough_runs_as_written(tmp_path, monkeypatch, capsys):
    work = tmp_path / "walkthrough"
    work.mkdir()
    monkeypatch.chdir(work)
    files = commands = 0
    for lang, options, body in blocks():
        if "file" in options:
            path = work / options["file"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
            files += 1
            continue
        if lang != "console":
            continue
        expected_code = int(options.get("exit", 0))
        lines = body.strip("\n").split("\n")
        groups: list[tuple[str, list[str]]] = []
        for line in lines:
            if line.startswith("$ "):
                groups.append((line[2:], []))
            else:
                groups[-1][1].append(line)
        for command, expected in groups:
            argv = shlex.split(command)
            assert argv[0] == "drafter"
            code = run(argv[1:])
            captured = capsys.readouterr()
            printed = (captured.out + captured.err).split("\n")
            assert code == expected_code, (command, captured.out, captured.err)
            assert "Traceback" not in captured.err
            for line in expected:
                if line.strip():
                    assert matches(line, printed), (command, line, printed)
            commands += 1
    assert files >= 3 and commands >= 6


def test_the_guide_names_every_kind_and_parameter_type():
    text = GUIDE.read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"`{kind}`" in text, kind
    for ptype in PARAM_TYPES:
        assert f"`{ptype}`" in text, ptype
    for command in ("list", "show", "search", "new", "check"):
        assert f"drafter snippets {command}" in text
