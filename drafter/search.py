"""One layered search path for templates, snippets and office settings. Later layers win.

    built-in  <  user (DRAFTER_PATH, or the platform's per-user config folder)
              <  project (snippets/, templates/ beside the outline; the current folder for
                 commands that take no outline)
              <  outline-local (snippets written inside the outline; see snippets.py)
              <  command line (--snippets DIR, --templates DIR)

Commands that take an outline get no current-folder layer, so the same outline gives the same
draft wherever it is run. Names are ``folder/name`` without extension; ``..``, absolute names
and drive letters are refused because snippet libraries travel between offices.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import InputError, Problem

KINDS = ("templates", "snippets")
EXTENSIONS = {"templates": ".j2", "snippets": ".j2"}


@dataclass(frozen=True)
class Layer:
    name: str  # built-in / user / project / command-line
    dirs: dict = field(default_factory=dict)  # kind -> Path
    root: Path | None = None  # where office-wide files (check.toml) live


@lru_cache(maxsize=1)
def builtin_root() -> Path:
    """The built-in library: inside the installed package, else the checkout's top level."""
    from importlib.resources import files

    packaged = Path(str(files("drafter"))) / "_builtin"
    if (packaged / "templates").is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


def user_roots() -> list[Path]:
    """DRAFTER_PATH (os.pathsep-separated, a later folder winning) replaces the user folder."""
    env = os.environ.get("DRAFTER_PATH")
    if env is not None:
        return [Path(p) for p in env.split(os.pathsep) if p.strip()]
    return [_user_config_root(*(os.environ.get(name) for name in _USER_FOLDER_VARIABLES))]


# What platformdirs reads to place the user folder (Linux, macOS and Windows). Asking it costs
# more than the rest of a draft's search path, and a batch asks once per draft.
_USER_FOLDER_VARIABLES = ("XDG_CONFIG_HOME", "HOME", "APPDATA", "LOCALAPPDATA", "USERPROFILE")


@lru_cache(maxsize=8)
def _user_config_root(*environment) -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("drafter", appauthor=False))


@lru_cache(maxsize=256)
def _root_layer(name: str, root: Path) -> Layer:
    """A layer rooted at a folder (one per folder and process: layers are never changed)."""
    return Layer(name, {kind: root / kind for kind in KINDS}, root)


_DRIVE_RE = re.compile(r"^[A-Za-z]:")


@lru_cache(maxsize=4096)
def check_name(name: str, what: str = "素材") -> str:
    """Validate and normalise a ``folder/name`` reference; refuse anything that escapes.
    (Cached: templates name the same snippets on every draft; a refusal is not cached.)"""
    original = name
    name = name.strip().replace("\\", "/")
    for ext in (".j2",):
        if name.endswith(ext):
            name = name[: -len(ext)]
    parts = name.split("/")
    bad = (not name or name.startswith("/") or _DRIVE_RE.match(name)
           or any(p in ("..", ".", "") for p in parts))
    if bad:
        raise InputError(Problem(f"{what}名“{original}”不合规：不能含“..”，也不能是绝对路径。",
                                 hint=f"{what}名写成“文件夹/名称”，例如“opening/assessment”，不带扩展名。"))
    return name


class SearchPath:
    def __init__(self, layers: list[Layer]):
        self.layers = layers
        self._present: dict[Path, bool] = {}  # folder -> exists (find() only)

    @classmethod
    def build(cls, project: Path | None, snippet_dirs=(), template_dirs=()) -> "SearchPath":
        layers = [_root_layer("built-in", builtin_root())]
        layers += [_root_layer("user", root) for root in user_roots()]
        if project is not None:
            layers.append(_root_layer("project", project))
        for d in snippet_dirs:
            layers.append(Layer("command-line", {"snippets": Path(d)}))
        for d in template_dirs:
            layers.append(Layer("command-line", {"templates": Path(d)}))
        return cls(layers)

    @classmethod
    def for_outline(cls, outline: Path, snippet_dirs=(), template_dirs=()) -> "SearchPath":
        return cls.build(_folder_of(os.path.abspath(outline)), snippet_dirs, template_dirs)

    @classmethod
    def for_cwd(cls, snippet_dirs=(), template_dirs=()) -> "SearchPath":
        return cls.build(Path.cwd(), snippet_dirs, template_dirs)

    def dirs(self, kind: str) -> list[tuple[Layer, Path]]:
        """Folders of one kind, earliest layer first."""
        return [(layer, layer.dirs[kind]) for layer in self.layers if kind in layer.dirs]

    def find(self, kind: str, name: str) -> Path | None:
        """The winning file for ``name``: the latest layer that has it.

        A draft looks up its template and every snippet here, and a file-system check costs
        more than the rest of a lookup: each built-in folder (installed files) is listed once
        per process, and a folder that does not exist is checked once per search path (one
        build).
        """
        rel = check_name(name, "模板" if kind == "templates" else "素材") + EXTENSIONS[kind]
        for layer, d in reversed(self.dirs(kind)):
            if layer.name == "built-in":
                folder, _, filename = rel.rpartition("/")
                if filename in _installed_files(os.path.join(d, folder)):
                    return d / rel
                if os.name != "nt":  # Windows matches names in any case: ask the file system
                    continue
            present = self._present.get(d)
            if present is None:
                present = self._present[d] = d.is_dir()
            if present and (d / rel).is_file():
                return d / rel
        return None

    def names(self, kind: str) -> dict[str, list[Path]]:
        """Every name visible in ``kind`` with its files, earliest layer first."""
        out: dict[str, list[Path]] = {}
        ext = EXTENSIONS[kind]
        for _, d in self.dirs(kind):
            if not d.is_dir():
                continue
            for path in sorted(d.rglob("*" + ext)):
                if any(part.startswith(".") for part in path.relative_to(d).parts):
                    continue
                name = path.relative_to(d).with_suffix("").as_posix()
                out.setdefault(name, []).append(path)
        return out

    def files(self, relname: str) -> list[Path]:
        """An office-wide file (e.g. check.toml) at each layer root that has it, earliest first."""
        return [layer.root / relname for layer in self.layers
                if layer.root is not None and (layer.root / relname).is_file()]

    def describe(self, kind: str) -> str:
        """The folders searched, in Chinese, marking missing ones — for "not found" messages."""
        lines = []
        for layer, d in self.dirs(kind):
            mark = "" if d.is_dir() else "（不存在）"
            lines.append(f"{_LAYER_NAMES.get(layer.name, layer.name)}：{d}{mark}")
        return "；".join(lines)


@lru_cache(maxsize=256)
def _folder_of(outline: str) -> Path:
    """The real folder of an outline (links resolved); a batch asks for the same few outlines
    on every row, and resolving walks the file system."""
    return Path(outline).resolve().parent


@lru_cache(maxsize=256)
def _installed_files(folder: str) -> frozenset[str]:
    """The files in one built-in folder (installed: they do not change while drafter runs)."""
    try:
        return frozenset(e.name for e in os.scandir(folder) if e.is_file())
    except OSError:
        return frozenset()


_LAYER_NAMES = {"built-in": "内置", "user": "用户", "project": "项目", "command-line": "命令行"}
