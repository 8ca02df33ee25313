"""``drafter-manifest.json``: what each output in a batch folder was made from.

Per output (keyed by its file name) the manifest records its input (outline, or data file,
sheet and row), the files it read (template and snippets: ``Built.dependencies``), one hash
over everything it depends on — the outline's bytes, the data row, the unit key, the options,
drafter's version and each file read — the hash of the bytes written, its characters,
estimated speaking time and warnings.

A rerun recomputes the dependency hash from the files as they are now (each file hashed once
per run) and rebuilds only what changed. It also re-resolves every template and snippet name:
a new file that would now win on the search path (a project snippet shadowing a built-in)
changes the hash like an edit does. The manifest is written atomically, like every output.

While a batch runs the manifest is saved every few seconds, each time whole (one line per
entry, by the C JSON encoder); the runner spaces the saves so they stay a small share of the
parent's time, which is taken from the workers. One batch at a time writes into a folder
(``folder_lock``).
"""
from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager
from pathlib import Path

from drafter import __version__
from drafter.errors import OutputError, Problem
from drafter.textio import write_atomic

MANIFEST_NAME = "drafter-manifest.json"
LOCK_NAME = "drafter-manifest.lock"
FORMAT = 1
MISSING = "-"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileHashes:
    """Hashes of files read by builds, each computed once per (path, size, mtime)."""

    def __init__(self):
        self._cache: dict[str, tuple] = {}

    def get(self, path: str) -> str:
        try:
            st = os.stat(path)
        except OSError:
            return MISSING
        stamp = (st.st_size, st.st_mtime_ns)
        cached = self._cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            with open(path, "rb") as fh:
                digest = sha256(fh.read())
        except OSError:
            return MISSING
        self._cache[path] = (stamp, digest)
        return digest


def canonical(value) -> str:
    """A stable text for the values of a data row (types kept: 3 and "3" differ)."""
    def encode(v):
        if isinstance(v, dict):
            return {str(k): encode(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [encode(x) for x in v]
        if isinstance(v, (str, int, float, bool)) or v is None:
            return v
        return {"__type__": type(v).__name__, "value": str(v)}
    return json.dumps(encode(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def key_hash(*, outline_path: str, outline_digest: str, row, unit_key: str, options: dict) -> str:
    """The part of the dependency hash known before building: the outline (where it is — its
    folder decides the project layer — and its bytes), the data row, the unit key, options."""
    return sha256(canonical({"drafter": __version__, "path": outline_path, "outline": outline_digest,
                             "row": row, "unit": unit_key, "options": options}).encode("utf-8"))


def dependency_hash(key: str, deps: list[tuple[str, str]]) -> str:
    """``key`` plus each file read (path and content hash), in the order given."""
    h = hashlib.sha256(key.encode("ascii"))
    for path, digest in deps:
        h.update(b"\0" + path.encode("utf-8") + b"\0" + digest.encode("ascii"))
    return h.hexdigest()


class Manifest:
    def __init__(self, folder: Path, entries: dict | None = None):
        self.folder = Path(folder)
        self.path = self.folder / MANIFEST_NAME
        self.entries: dict[str, dict] = entries or {}
        self.problem: str | None = None  # a damaged manifest was set aside (message in Chinese)

    @classmethod
    def load(cls, folder: Path) -> "Manifest":
        manifest = cls(folder)
        try:
            data = json.loads(manifest.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return manifest
        except (OSError, ValueError):
            manifest.problem = (f"记录文件 {manifest.path} 已损坏，无法读取；本次把已有的稿子当作不是 drafter 生成的："
                                "内容相同的稿子会重新登记，不同的保留不动。")
            return manifest
        outputs = data.get("outputs") if isinstance(data, dict) else None
        if isinstance(outputs, dict):
            manifest.entries = {k: v for k, v in outputs.items() if isinstance(v, dict)}
        return manifest

    def save(self) -> None:
        """One line per output: readable, diff-friendly, and encoded by the C JSON encoder (an
        indented dump builds a list of small strings as large as the batch). The lines go to
        the file one by one: the whole text of a big batch's manifest was the parent's peak."""
        write_atomic(self.path, self._chunks(), force=True)

    def _chunks(self):
        head = {"format": FORMAT, "drafter": __version__,
                "note": "drafter batch 的记录文件：每份稿子由什么生成。请勿手工修改。"}
        yield (json.dumps(head, ensure_ascii=False)[:-1] + ', "outputs": {').encode("utf-8")
        separator = "\n"
        for name in sorted(self.entries):
            yield (separator + json.dumps(name, ensure_ascii=False) + ": "
                   + json.dumps(self.entries[name], ensure_ascii=False, separators=(",", ":"))).encode("utf-8")
            separator = ",\n"
        yield b"\n}}"


# ---- one batch per output folder --------------------------------------------------------------
@contextmanager
def folder_lock(folder: Path):
    """Hold the output folder for one batch. The lock is the operating system's (flock, or
    msvcrt on Windows) on a small file beside the manifest: it ends with the process however
    that ends, so a batch that was killed never leaves the folder locked."""
    path = Path(folder) / LOCK_NAME
    try:
        handle = open(path, "a+b")
    except OSError:  # a read-only folder fails later with its own message; nothing to share
        yield
        return
    try:
        if not _try_lock(handle):
            raise OutputError(Problem("另一个 drafter batch 正在向这个文件夹输出稿子。", str(folder),
                                      hint="等它结束后再运行；要同时生成，请换一个输出文件夹（-o）。"))
        try:
            yield
        finally:
            _remove(path)  # while still held, where the system allows it (not Windows)
    finally:
        handle.close()  # closing releases the lock
    _remove(path)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # Windows: still open here, or another batch has just opened it
        pass


def _try_lock(handle) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
