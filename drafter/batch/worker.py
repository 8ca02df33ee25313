"""Building and writing one batch item, in the parent (``--jobs 1``) or in a spawned worker.

Work items are small (paths, a data row); the worker builds the draft, writes it atomically
itself and sends back only the manifest entry, so no .docx bytes cross a process boundary.
The pool hands out items in chunks (``run_chunk``): one round trip per chunk instead of one per
draft, which is what the parent would otherwise spend its time on as drafts get cheaper.
Per process it keeps the parsed outline (one outline × many rows parses once), file hashes,
the spoken length of paragraph texts seen before, and — in the core — compiled templates and
parsed snippet files.

Workers ignore SIGINT: on Ctrl+C the parent stops handing out work and lets each worker finish
the chunk it holds (about a tenth of a second of work; a single item when drafts are slower),
so every output is either complete or absent, and the manifest records everything that finished.
"""
from __future__ import annotations

import os
import re
import signal
import time
import traceback
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from drafter.batch.manifest import FileHashes, dependency_hash, key_hash, sha256
from drafter.errors import DrafterError, InputError, OutputError, Problem

LOCKED = "文件正被 Word/WPS 打开，请关闭后重试"


@dataclass(frozen=True)
class Settings:
    """What every item of one batch shares; sent to each worker once."""

    outdir: str
    force: bool = False
    template: str | None = None
    reference_doc: str | None = None
    snippet_dirs: tuple = ()
    template_dirs: tuple = ()
    options: dict = field(default_factory=dict)  # in the dependency hash (see runner.options)
    data: str | None = None  # data table (table mode)
    sheet: str | None = None  # its worksheet (.xlsx)
    data_label: str = ""  # "units.xlsx" or "units.xlsx（工作表“乡镇”）"
    columns: dict = field(default_factory=dict)  # header -> column letter


@dataclass(frozen=True)
class Item:
    index: int
    output: str  # file name inside outdir
    outline: str
    label: str  # how messages name the item: "a.toml", "units.xlsx 第 5 行"
    row: int | None = None  # Excel row number (table mode)
    variables: dict | None = None
    unit_key: str = ""
    expected: str | None = None  # hash of the output's bytes recorded in the manifest


# ---- per-process state ---------------------------------------------------------------------
_SETTINGS: Settings | None = None
_HASHES = FileHashes()
_OUTLINES: OrderedDict = OrderedDict()  # path -> (stamp, digest, Outline); a few only
_RESOLVED: dict[str, str] = {}  # outline path as given -> resolved; one per outline, not per row
_WARM = False  # this process has built an item (the first pays for imports and caches)


def init_worker(settings: Settings) -> None:
    """Process-pool initializer (also called in-process for ``--jobs 1``)."""
    global _SETTINGS
    _SETTINGS = settings
    _RESOLVED.clear()  # relative outline paths: a new batch may run from another folder


def init_spawned_worker() -> None:
    """In a spawned worker: Ctrl+C belongs to the parent, which drains the work cleanly. The
    batch's Settings come with each chunk: workers start while the parent is still planning."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # the parent blocked it while starting us
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def warm_up() -> None:
    """Import what building a draft needs, while the parent plans the batch (the first draft
    of a worker would otherwise pay for it, after planning)."""
    import importlib

    for name in ("drafter.pipeline", "drafter.writers", "drafter.writers.docx", "drafter.profile",
                 "drafter.writers.text", "drafter.check.text"):
        try:
            importlib.import_module(name)
        except ImportError:  # pragma: no cover - a module moved: the first draft imports it
            pass


def resolved(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return str(Path(path).absolute())


def outline_digest(path: str) -> tuple[str, bytes | None]:
    """(hash of the outline's bytes, the bytes); MISSING when it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return "-", None
    return sha256(data), data


def _load_outline(path: str):
    from drafter.outline import load, parse
    from drafter.textio import decode_text

    try:
        st = os.stat(path)
        stamp = (st.st_size, st.st_mtime_ns)
    except OSError:
        load(Path(path))  # raises the right Chinese message
        raise
    cached = _OUTLINES.get(path)
    if cached is not None and cached[0] == stamp:
        _OUTLINES.move_to_end(path)
        return cached[1], cached[2]
    digest, data = outline_digest(path)
    if data is None:
        load(Path(path))
        raise InputError(Problem("无法读取提纲文件。", path))
    outline = parse(decode_text(data, path), path)
    _OUTLINES[path] = (stamp, digest, outline)
    while len(_OUTLINES) > 4:
        _OUTLINES.popitem(last=False)
    return digest, outline


# ---- one item ----------------------------------------------------------------------------
def run_chunk(items: list, settings: Settings) -> tuple[list[dict], float, int]:
    """Build a few items in a row (one round trip to the parent for all of them). Returns their
    results, the seconds spent on items after this process's first, and how many those were: the
    parent sizes later chunks from that (the first item of a process pays for caches)."""
    global _WARM
    if settings != _SETTINGS:
        init_worker(settings)
    results, steady, counted = [], 0.0, 0
    for item in items:
        t = time.perf_counter()
        results.append(run_item(item))
        if _WARM:
            steady += time.perf_counter() - t
            counted += 1
        _WARM = True
    return results, steady, counted


def run_item(item: Item) -> dict:
    """Build, write and describe one item. Never raises for a user's mistake."""
    settings = _SETTINGS
    try:
        return _run(item, settings)
    except DrafterError as exc:
        return {"index": item.index, "status": "failed", "message": _describe(exc, item, settings)}
    except Exception:  # noqa: BLE001 - reported by the parent as an internal error, logged
        return {"index": item.index, "status": "internal", "message": traceback.format_exc()}


def _run(item: Item, settings: Settings) -> dict:
    from drafter.pipeline import Request, build

    digest, outline = _load_outline(item.outline)
    req = Request(
        outline=Path(item.outline), template=settings.template,
        snippet_dirs=tuple(Path(d) for d in settings.snippet_dirs),
        template_dirs=tuple(Path(d) for d in settings.template_dirs),
        reference_doc=Path(settings.reference_doc) if settings.reference_doc else None,
        variables=dict(item.variables) if item.variables else None,
        unit_key=item.unit_key, preloaded=outline,
    )
    result = build(req, "docx")
    data = result.data
    where = _RESOLVED.get(item.outline)
    if where is None:
        where = _RESOLVED[item.outline] = resolved(item.outline)
    key = key_hash(outline_path=where, outline_digest=digest, row=item.variables, unit_key=item.unit_key,
                   options=settings.options)
    deps = [d for d in result.built.dependencies if d != str(outline.path)]
    full = dependency_hash(key, [(d, _HASHES.get(d)) for d in deps])
    out_hash = sha256(data)
    from drafter.check.config import DEFAULT
    from drafter.check.text import speech_chars

    chars = speech_chars(result.built.document)
    entry = {
        "input": _input(item, settings),
        "hash": full,
        "deps": deps,
        "output": out_hash,
        "characters": chars,
        "minutes": round(chars / DEFAULT.chars_per_minute, 1),
        "warnings": list(result.warnings),
    }
    if item.unit_key:
        entry["unit"] = item.unit_key
    target = Path(settings.outdir) / item.output
    status = _write(target, data, out_hash, item, settings.force)
    if status[0] != "kept":
        st = target.stat()
        entry["stat"] = [st.st_size, st.st_mtime_ns]
    out = {"index": item.index, "status": status[0], "entry": entry}
    if status[0] == "kept":
        out["message"] = status[1]
    return out


def _input(item: Item, settings: Settings) -> dict:
    out = {"outline": item.outline}
    if item.row is not None:
        out.update(data=settings.data, row=item.row)
        if settings.sheet:
            out["sheet"] = settings.sheet
    return out


def _write(path: Path, data: bytes, out_hash: str, item: Item, force: bool) -> tuple[str, str]:
    """Write unless that would destroy someone's work. Returns (status, reason)."""
    from drafter.textio import write_atomic

    try:
        existing = sha256(path.read_bytes())
    except FileNotFoundError:
        existing = None
    except IsADirectoryError:
        raise OutputError(Problem("输出位置被一个同名文件夹占用。", str(path), hint="把这个文件夹改名或移走。")) from None
    except PermissionError:
        raise OutputError(Problem(LOCKED + "。", str(path), hint=_LOCK_HINT)) from None
    if existing is not None:
        if existing == out_hash:  # reproducible output: nothing to write
            return ("rebuilt" if item.expected else "adopted"), ""
        if existing != item.expected and not force:
            if item.expected:
                return "kept", "生成后被手工修改过，没有覆盖"
            return "kept", "不是 drafter 生成的，没有覆盖"
    lock = office_lock(path)
    if lock is not None:
        raise OutputError(Problem(LOCKED + "。", str(path), hint=_LOCK_HINT))
    try:
        write_atomic(path, data, force=existing is not None)
    except OutputError as exc:
        if "Word/WPS" in exc.format():
            raise OutputError(Problem(LOCKED + "。", str(path), hint=_LOCK_HINT)) from None
        raise
    return "rebuilt", ""


_LOCK_HINT = "关闭打开着它的 Word 或 WPS 窗口后重新运行；如果已经关闭，删除同一文件夹里以 ~$ 开头的同名临时文件。"


def office_lock(path: Path) -> Path | None:
    """The owner file Word, WPS or LibreOffice keeps beside a document while it is open."""
    name, stem = path.name, path.stem
    candidates = ["~$" + name]
    if len(stem) == 7:
        candidates.append("~$" + name[1:])
    elif len(stem) >= 8:
        candidates.append("~$" + name[2:])
    candidates += [".~lock." + name + "#", ".~" + name]
    for candidate in candidates:
        lock = path.with_name(candidate)
        if lock.is_file():
            return lock
    return None


# ---- messages ------------------------------------------------------------------------------
_UNDEFINED = re.compile(r"变量“(.+?)”没有定义|没有“(.+?)”这一项")


def _describe(exc: DrafterError, item: Item, settings: Settings) -> str:
    """The reason in Chinese; a variable the row leaves empty points at the row and column."""
    if item.row is not None and settings.columns:
        for problem in exc.problems:
            m = _UNDEFINED.search(problem.message)
            name = m and (m.group(1) or m.group(2))
            if name and name in settings.columns:
                used = f"（{problem.file} 第 {problem.line} 行）" if problem.file and problem.line else ""
                return (f"“{name}”列（{settings.columns[name]}{item.row} 格）没有填写，但提纲{used}用到了它。"
                        f"\n    提示：在表格里填上这一格，或在提纲的 [vars] 里给“{name}”一个默认值。")
    return exc.format()
