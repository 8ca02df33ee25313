"""A best-effort cache of derived bytes across processes (compiled templates, the docx base).

A writer runs ``drafter new`` many times a day; compiling the same Jinja templates and
building the same Word styles on every run costs more than the draft itself. Entries are keyed
by a hash of everything they derive from (source text, drafter and library versions), so a
stale entry can never be used: a changed input simply has a different key. The cache lives in
``DRAFTER_CACHE_DIR`` or the platform's per-user cache folder; ``DRAFTER_CACHE_DIR=""``
turns it off. Every failure (read-only disk, a damaged entry) falls back to doing the work:
each entry starts with the SHA-256 of its data, so a truncated or altered file is a miss.
"""
from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache
from pathlib import Path

from drafter import __version__


@lru_cache(maxsize=1)
def _folder_for(setting: str | None) -> Path | None:
    if setting == "":
        return None
    if setting is not None:
        return Path(setting)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("drafter", appauthor=False))


def folder() -> Path | None:
    return _folder_for(os.environ.get("DRAFTER_CACHE_DIR"))


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(b"\x1f")
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
    return digest.hexdigest()


@lru_cache(maxsize=None)
def code_stamp(*modules: str) -> str:
    """A hash of the source files of ``modules`` (imported module names), for keys of entries
    those modules derive: in a checkout, editing the code (same version) never reuses an entry.
    A module without a readable file contributes only its name."""
    digest = hashlib.sha256()
    for name in modules:
        digest.update(name.encode() + b"\x1f")
        try:
            digest.update(Path(sys.modules[name].__file__).read_bytes())
        except (KeyError, AttributeError, TypeError, OSError):
            pass
    return digest.hexdigest()


_DIGEST = 32  # bytes of SHA-256 before the data


def load(kind: str, cache_key: str) -> bytes | None:
    base = folder()
    if base is None:
        return None
    try:
        raw = (base / kind / cache_key).read_bytes()
    except OSError:
        return None
    data = raw[_DIGEST:]
    if len(raw) < _DIGEST or hashlib.sha256(data).digest() != raw[:_DIGEST]:
        return None  # damaged: the caller does the work and stores a fresh entry
    return data


def store(kind: str, cache_key: str, data: bytes) -> None:
    base = folder()
    if base is None:
        return
    import tempfile

    target = base / kind / cache_key
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".~", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(hashlib.sha256(data).digest())
                fh.write(data)
            os.replace(tmp, target)
        except OSError:
            os.unlink(tmp)
        _prune(target.parent)
    except OSError:
        pass


MAX_ENTRIES = 400  # per kind: every template or snippet edit adds one; old ones are never used again


def _prune(kind_folder: Path) -> None:
    """Keep the newest MAX_ENTRIES entries of a kind; runs only when a new entry was stored."""
    entries = [e for e in os.scandir(kind_folder) if e.is_file() and not e.name.startswith(".~")]
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda e: e.stat().st_mtime_ns)
    for entry in entries[: len(entries) - MAX_ENTRIES]:
        try:
            os.unlink(entry.path)
        except OSError:
            pass
