"""The TOML reader: toml-rs (TOML 1.0) where installed, tomli for everything it refuses.

What drafter accepts, and the values it reads, must be tomli's on every platform: toml-rs may
only be faster. These tests hold the two readers to that on thousands of damaged outlines,
and check that a crafted outline nested thousands of levels deep gets a message, not a crash.
"""
from __future__ import annotations

import datetime as dt
import math
import random
import subprocess
import sys
from pathlib import Path

import pytest
import tomli

from conftest import skip_unless_wheel_here
from drafter import tomlerrors

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [ROOT / "examples" / "party-building.toml", ROOT / "examples" / "work-deployment.toml",
         ROOT / "drafter" / "starter.toml"]
EVERY_TYPE = """a = 1\nb = 1.5e3\nc = inf\nd = -nan\ne = 0x1F\nf = 0o17\ng = 0b101
h = 1979-05-27T07:32:00-08:00\ni = 1979-05-27T07:32:00Z\nj = 1979-05-27T07:32:00.999999
k = 07:32:00\nl = 1979-05-27\nm = { x = 1, y = [1, 2] }\nn = \"\"\"\\\n  line \\u00e9 \\U0001F600\"\"\"
o = 'lit'\np = [ 1, 2, ]\n"q r" = true\ns.t.u = 3\n[[arr]]\nv = 1\n[[arr]]\nv = 2
[tab.sub]\nw = +1_000\nx = 1979-05-27 07:32:00\n"""
# What writers' slips and TOML's corners are made of.
PIECES = ["\n", "\r\n", "\r", " ", "\t", '"', "'", '"""', "'''", "[", "]", "[[", "]]", "{", "}",
          "=", ",", ".", "#", "\\", "\\u", "\\n", "\\x4", "\\e", "0", "1", "e", "_", "+", "-", ":",
          "T", "Z", "inf", "nan", "true", "\x00", "\x7f", "\x1f", "\ufeff", "中", "，", "“", "a",
          "1979-05-27", "07:32", "1_000", "0x", "00", "\\\n", ",\n", ", }", "{\n", "\n}"]


def _typed(value):
    """``value`` with every type spelled out (1 == 1.0 == True in Python) and NaN comparable."""
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    if isinstance(value, dict):
        return ("table", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("array", [_typed(v) for v in value])
    if isinstance(value, (dt.datetime, dt.time)):
        return (type(value).__name__, value.isoformat(), repr(value.utcoffset()))
    return (type(value).__name__, value)


def _read(loads, text: str):
    try:
        return "read", _typed(loads(text))
    except (tomli.TOMLDecodeError, tomlerrors.TOMLDecodeError):
        return "refused", None


def _damaged(rng: random.Random, sources: list[str]) -> str:
    text = rng.choice(sources)
    if len(text) > 3000 and rng.random() < 0.6:  # a window of the long outline keeps it quick
        start = text.rfind("\n", 0, rng.randrange(0, len(text) - 2000)) + 1
        text = text[start:start + rng.randrange(200, 2000)]
    for _ in range(rng.randrange(1, 4)):
        at, roll = rng.randrange(0, len(text) + 1), rng.random()
        if roll < 0.4:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif roll < 0.7:
            text = text[:at] + text[at + rng.randrange(1, 6):]
        else:
            text = text[:at] + rng.choice(PIECES) + text[at + 1:]
    return text


def test_drafter_reads_what_tomli_reads_and_refuses_what_it_refuses():
    sources = [p.read_text(encoding="utf-8") for p in SEEDS] + [EVERY_TYPE]
    rng = random.Random(20261128)
    outcomes = {"read": 0, "refused": 0}
    for _ in range(2500):
        text = _damaged(rng, sources)
        expected = _read(tomli.loads, text)
        assert _read(tomlerrors.loads, text) == expected, text
        outcomes[expected[0]] += 1
        if expected[0] == "refused":  # and the writer is told, in Chinese, where
            with pytest.raises(tomlerrors.TOMLDecodeError) as caught:
                tomlerrors.loads(text)
            problem = tomlerrors.toml_problem(caught.value, "提纲.toml", text=text)
            assert problem.message.startswith("TOML 格式错误") and problem.hint
            assert problem.line is None or 1 <= problem.line <= text.count("\n") + 1
    assert min(outcomes.values()) > 500  # both kinds were tried in earnest


def test_toml_11_outlines_are_read_where_toml_rs_keeps_to_10():
    text = 'a = { x = 1,\n  y = "\\e" }\nb = 07:32\n'
    assert tomlerrors.loads(text) == {"a": {"x": 1, "y": "\x1b"}, "b": dt.time(7, 32)}


def test_the_fast_reader_is_installed_where_it_has_wheels():
    skip_unless_wheel_here("toml-rs", "toml-rs has no wheel for this platform; tomli reads everything")
    assert tomlerrors._toml_rs_loads is not None
    # Called as loads() calls it: a changed signature would otherwise fall back to tomli unseen.
    text = SEEDS[0].read_text(encoding="utf-8")
    assert _typed(tomlerrors._read_toml_10(text)) == _typed(tomli.loads(text))


DEEP = """
import sys
from drafter import tomlerrors
depth = int(sys.argv[1])
for text in ("a = " + "[" * depth + "]" * depth, "a = " + "{b=" * depth + "1" + "}" * depth,
             "a" + ".a" * depth + " = 1"):
    try:
        tomlerrors.loads(text)
        print("read")
    except tomlerrors.TOMLDecodeError as exc:
        print("refused", exc)
"""


@pytest.mark.parametrize("depth", [150, 5_000, 100_000])
def test_deep_nesting_is_read_or_refused_never_a_crash(depth):
    # A subprocess: a reader that overflowed the machine stack would kill pytest itself.
    run = subprocess.run([sys.executable, "-c", DEEP, str(depth)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    outcomes = run.stdout.split("\n")
    assert len([o for o in outcomes if o]) == 3
    if depth <= 5_000:
        assert outcomes[:3] == ["read"] * 3
    else:
        assert outcomes[0].startswith("refused Nesting too deep")


def test_a_deeply_nested_outline_gets_a_chinese_message(tmp_path):
    outline = tmp_path / "深.toml"
    outline.write_text('[meeting]\ntitle = "x"\n[vars]\na = ' + "[" * 100_000 + "]" * 100_000 + "\n",
                       encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "drafter", "new", "--outline", str(outline)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 3
    assert "套得太深" in run.stderr and "Traceback" not in run.stderr
    assert not list(tmp_path.glob("*.docx"))


def test_without_the_fast_libraries_the_examples_come_out_the_same(monkeypatch):
    # Where toml-rs and libdeflate have no wheels (LoongArch, MIPS), tomli and zlib do the work:
    # every part of every draft must be the same, only the deflate streams may differ.
    import io
    import zipfile
    import zlib

    from drafter.pipeline import Request, build
    from drafter.writers import _ooxml

    def parts(data: bytes) -> dict:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None
            return {name: z.read(name) for name in z.namelist()}

    examples = [ROOT / "examples" / "party-building.toml", ROOT / "examples" / "work-deployment.toml"]
    fast = [build(Request(outline=p)).data for p in examples]
    monkeypatch.setattr(tomlerrors, "_toml_rs_loads", None)
    monkeypatch.setattr(_ooxml, "_libdeflate", None)
    monkeypatch.setattr(_ooxml, "_crc32", zlib.crc32)
    plain = [build(Request(outline=p)).data for p in examples]
    for a, b in zip(fast, plain):
        assert parts(a) == parts(b)


class _Panic(BaseException):
    """What pyo3 raises for a panic inside Rust code: not an Exception."""


@pytest.mark.parametrize("brackets", [1, 500])  # on the caller's stack, and in the big-stack thread
def test_a_failing_fast_reader_hands_the_outline_to_tomli(monkeypatch, brackets):
    def panics(text, **kwargs):
        raise _Panic("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(tomlerrors, "_toml_rs_loads", panics)
    text = 'a = [' + ", ".join(["[1]"] * (brackets - 1)) + ']\nb = "乙"\n'
    assert tomlerrors.loads(text)["b"] == "乙"
    with pytest.raises(tomlerrors.TOMLDecodeError):
        tomlerrors.loads('a = "没有闭合\n')


def test_ctrl_c_in_the_fast_reader_is_not_swallowed(monkeypatch):
    def interrupted(text, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(tomlerrors, "_toml_rs_loads", interrupted)
    with pytest.raises(KeyboardInterrupt):
        tomlerrors.loads("a = 1\n")
