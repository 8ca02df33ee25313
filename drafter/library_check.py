"""Checks for snippet libraries (``drafter snippets check``).

Before a library reaches a draft: header and kind, Jinja syntax, parameters used against those
declared (undeclared, unused, reserved names), unsafe code (private attributes, include), every
variant rendered with its defaults and read as draft markup, include cycles, near-duplicate
variants, names that collide on Windows, and the Chinese text itself (half-width punctuation,
unbalanced quotes and brackets, typed numbering, list intros). Errors make the snippet unusable
(exit 3); warnings are about quality (exit 1 only under --strict).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import meta, nodes

from drafter.errors import InputError, Problem, did_you_mean
from drafter.search import EXTENSIONS, SearchPath, check_name
from drafter.snippets import Snippet

NEAR_DUPLICATE = 0.5  # variants sharing this share of their 8-character runs are near-duplicates
SHINGLE = 8


# ---- checks --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    severity: str  # "error" / "warning"
    message: str
    file: str | None = None
    line: int | None = None
    hint: str | None = None

    def format(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else (f"{self.file}: " if self.file else "")
        label = "错误" if self.severity == "error" else "警告"
        text = f"{where}{label}：{self.message}"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return text

    def as_dict(self) -> dict:
        return {"severity": self.severity, "message": self.message, "file": self.file,
                "line": self.line, "hint": self.hint}


def _from_problems(exc: InputError) -> list[Finding]:
    return [Finding("error", p.message, p.file, p.line, p.hint) for p in exc.problems]


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    variants: int = 0
    ratios: dict = field(default_factory=dict)  # name -> highest similarity of two variants

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


def library_folder(path: Path) -> Path:
    """``check DIR`` accepts a snippets folder or a project folder that has one."""
    path = Path(path)
    if not path.exists():
        raise InputError(Problem("找不到要检查的文件夹。", str(path), hint="写素材文件夹（如 snippets）的路径。"))
    if not path.is_dir():
        raise InputError(Problem("这不是文件夹。", str(path), hint="drafter snippets check 后写素材文件夹的路径。"))
    inner = path / "snippets"
    if inner.is_dir() and not any(p.suffix == EXTENSIONS["snippets"] for p in path.iterdir()):
        return inner
    return path


def check_library(search: SearchPath, folders: list[Path] | None = None) -> CheckReport:
    """Check every snippet file in ``folders`` (default: every layer of ``search``)."""
    from drafter.library import folder_files, layer_folders  # library re-exports this module

    report = CheckReport()
    if folders is None:
        folders = [folder for _, folder in layer_folders(search)]
    renderer = _check_renderer(search)
    for folder in folders:
        files = folder_files(folder)
        report.findings += _duplicate_names(files)
        for name, path in files:
            report.files += 1
            report.findings += check_file(path, name, renderer, report)
    return report


def check_file(path: Path, name: str, renderer=None, report: CheckReport | None = None) -> list[Finding]:
    from drafter.library import _load  # library re-exports this module: imported late
    from drafter.render import compile_source

    try:
        check_name(name)
    except InputError as exc:
        return _from_problems(InputError([Problem(p.message, str(path), None, hint=p.hint) for p in exc.problems]))
    snip, error = _load(name, path)
    if error is not None:
        return _from_problems(error)
    findings: list[Finding] = _param_name_checks(snip, path)
    if report is not None:
        report.variants += len(snip.variants)
    used: set[str] = set()
    seen_variant_names: set[str] = set()
    for variant in snip.variants:
        if variant.name in seen_variant_names:
            findings.append(Finding("warning", f"写法名“{variant.name}”重复了。", snip.path, variant.line - 1,
                                    "给每种写法起不同的名字，否则按名字挑写法时只能找到第一个。"))
        seen_variant_names.add(variant.name)
        try:
            compile_source(variant.body, snip.path, variant.line)
        except InputError as exc:
            findings += _from_problems(exc)
            continue
        static, names = _static_checks(snip, variant)
        findings += static
        used |= names
        findings += _text_checks(snip, variant)
        if not any(f.severity == "error" for f in static) and renderer is not None:
            findings += _render_check(snip, variant, renderer)
    for pname in snip.params:
        if pname not in used and not any(f.severity == "error" for f in findings):
            findings.append(Finding("warning", f"参数“{pname}”声明了，但哪种写法都没有用到。", snip.path,
                                    _header_line(path, pname), "删掉这个参数的声明，或在正文里用 {{ " + pname + " }} 引用它。"))
    findings += _duplicate_variants(snip, report)
    return findings


def _param_name_checks(snip: Snippet, path: Path) -> list[Finding]:
    from drafter.render import RESERVED_KEYS

    findings = []
    provided = provided_names()
    for pname in snip.params:
        if pname in RESERVED_KEYS or pname.startswith("_"):
            findings.append(Finding("error", f"参数名“{pname}”是提纲保留的项，提纲里没法给它传值。", snip.path,
                                    _header_line(path, pname), "换一个参数名，例如在后面加上 _text。"))
        elif pname in provided:
            findings.append(Finding("warning", f"参数名“{pname}”和 drafter 提供的同名函数或变量重复，会把它遮住。",
                                    snip.path, _header_line(path, pname), "换一个参数名。"))
    return findings


def _header_line(path: Path, pname: str) -> int | None:
    try:
        from drafter.textio import read_text

        lines = read_text(path).split("\n")
    except InputError:
        return None
    pattern = re.compile(rf"^\s*\[\s*params\s*\.\s*\"?{re.escape(pname)}\"?\s*\]|^\s*\"?{re.escape(pname)}\"?\s*=")
    for number, line in enumerate(lines, start=1):
        if pattern.search(line):
            return number
    return None


@functools.lru_cache(maxsize=1)
def provided_names() -> frozenset[str]:
    """Names a snippet may use without declaring them: what render and the pipeline provide."""
    from drafter.pipeline import _base_context
    from drafter.render import ENV, Renderer

    names = set(ENV.globals)
    names |= set(Renderer(SearchPath([])).context())
    names |= set(_base_context({}, {}))
    return frozenset(names)


def _param_table(name: str) -> str:
    return f"[params.{name}]" if name.isascii() else f"[params.\"{name}\"]"


_UNSAFE_NODES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def _static_checks(snip: Snippet, variant) -> tuple[list[Finding], set[str]]:
    from drafter.render import ENV

    source = "\n" * (variant.line - 1) + variant.body
    ast = ENV.parse(source, name=snip.path, filename=snip.path)
    findings = []
    names = meta.find_undeclared_variables(ast)
    provided = provided_names()
    undeclared = sorted(names - set(snip.params) - provided)
    lines = {}
    for node in ast.find_all(nodes.Name):
        if node.ctx == "load":
            lines.setdefault(node.name, node.lineno)
    for name in undeclared:
        findings.append(Finding(
            "error", f"用到了没有声明的参数“{name}”。", snip.path, lines.get(name),
            did_you_mean(name, list(snip.params)) or f"在文件头里加上 {_param_table(name)}，写明 meaning 和 default（参数名最好用英文）。"))
    for node in ast.find_all(nodes.Getattr):
        if node.attr.startswith("_"):
            findings.append(Finding("error", f"试图访问内部属性“{node.attr}”，素材里不允许这样写。", snip.path,
                                    node.lineno, "素材只能使用参数和 drafter 提供的函数。"))
    for node in ast.find_all(nodes.Getitem):
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str) and node.arg.value.startswith("_"):
            findings.append(Finding("error", f"试图访问内部属性“{node.arg.value}”，素材里不允许这样写。", snip.path,
                                    node.lineno, "素材只能使用参数和 drafter 提供的函数。"))
    for node in ast.find_all(_UNSAFE_NODES):
        findings.append(Finding("error", "素材里不能用 {% include %}、{% import %} 或 {% extends %}。", snip.path,
                                node.lineno, "要用另一个素材，写 {{ snippet(\"文件夹/名称\") }}。"))
    return findings, names & set(snip.params)


# -- rendering every variant -----------------------------------------------------------------
class SampleRow(dict):
    """A table row for a required table parameter: any field reads as a sample value."""

    def __missing__(self, key):
        return "某某"

    def get(self, key, default=None):
        return self[key]


_SAMPLES = {"text": "某某", "list": ["某某甲", "某某乙"], "number": 3, "date": "2026-03-15"}


def sample_params(snip: Snippet) -> dict:
    """Values for required parameters, so every variant can be rendered by a check."""
    return {p.name: (_SAMPLES.get(p.type) if p.type != "table" else [SampleRow(), SampleRow()])
            for p in snip.params.values() if p.required}


def _check_renderer(search: SearchPath):
    from drafter.outline import SCHEMA, with_defaults
    from drafter.pipeline import _base_context
    from drafter.render import Renderer

    meeting = with_defaults({"title": "在全县工作会议上的讲话", "speaker": "某某", "date": "2026-03-15",
                             "salutation": "同志们："}, SCHEMA["meeting"])
    renderer = Renderer(search=search, seed="check")
    renderer.base_context = _base_context(meeting, {})
    return renderer


def render_variant(renderer, snip: Snippet, variant_name: str, params: dict | None = None) -> str:
    """One variant of one snippet with its defaults (and samples for required parameters)."""
    values = sample_params(snip)
    values.update(params or {})
    return renderer.render_snippet(snip, values, None, variant_name)


def _render_check(snip: Snippet, variant, renderer) -> list[Finding]:
    from drafter import markup
    from drafter.render import file_table

    try:
        out = render_variant(renderer, snip, variant.name)
        markup.read(out, file_table(), default_file=snip.path)
    except InputError as exc:
        return _from_problems(exc)
    return []


# -- the text a writer reads -----------------------------------------------------------------
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_DIRECTIVE = re.compile(r"^\s*(?:::\w+\s*(?:\S+\s+(?:block|inline))?|#{1,2}\+?\s|-\s|%%.*$)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_HALF = ",:;()!?"
_PAIRS = {"“": "”", "（": "）", "《": "》"}
_TYPED_NUMBERS = [
    (re.compile(r"(?:^|[。；：，！？])\s*[一二三四五六七八九十]{1,3}[是要](?![一二三四五六七八九十])"),
     "手写了“一是”“一要”式的序号。", "把各项写成“::list 是 block”下的“- ”行，序号由程序生成。"),
    (re.compile(r"^\s*(?:#+\+?\s*)?(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)"),
     "手写了“一、”或“（一）”式的标题序号。", "标题写成“# 标题”或“## 标题”，序号由程序生成。"),
    (re.compile(r"(?:讲|提|谈|强调|说)[两二三四五六七八九十]{1,3}(?:点|个方面|条)"),
     "手写了意见的数目。", "写成 {{ 点数 }}，数目由程序按实际的部分数生成。"),
]


def plain_lines(body: str, first_line: int) -> list[tuple[int, str]]:
    """The Chinese text of a variant line by line: Jinja code and markup syntax removed."""
    text = _JINJA.sub(lambda m: "\n" * m.group(0).count("\n"), body)
    out = []
    for offset, line in enumerate(text.split("\n")):
        out.append((first_line + offset, _DIRECTIVE.sub("", line).replace("|", "")))
    return out


_LIST_RE = re.compile(r"^\s*::list\s+\S+\s+(block|inline)")


def _list_checks(snip: Snippet, variant) -> list[Finding]:
    """In a one-paragraph-per-item list the intro stands alone: it must be a whole sentence."""
    findings, layout = [], None
    lines = _JINJA.sub(lambda m: "x" + "\n" * m.group(0).count("\n"), variant.body).split("\n")
    for offset, line in enumerate(lines):
        m = _LIST_RE.match(line)
        if m:
            layout = m.group(1)
        elif line.strip() == "::end":
            layout = None
        elif layout == "block" and line.strip().startswith("::intro") and line.rstrip().endswith(("，", "、")):
            findings.append(Finding("warning", "一项一段的列表，引导语会单独成段，不能以逗号结尾。", snip.path,
                                    variant.line + offset, "把引导语写成完整的句子（以“。”或“：”结尾），或改用 inline 排法。"))
    return findings


def _text_checks(snip: Snippet, variant) -> list[Finding]:
    findings = _list_checks(snip, variant)
    stack: list[tuple[str, int]] = []
    for number, line in plain_lines(variant.body, variant.line):
        if _CJK.search(line):
            for ch in _HALF:
                if ch in line:
                    findings.append(Finding("warning", f"中文里用了半角标点“{ch}”。", snip.path, number,
                                            f"改成全角的“{ch.translate(_FULL)}”。"))
                    break
        for pattern, message, hint in _TYPED_NUMBERS:
            if pattern.search(line):
                findings.append(Finding("warning", message, snip.path, number, hint))
        for ch in line:
            if ch in _PAIRS:
                stack.append((ch, number))
            elif ch in _PAIRS.values():
                if stack and _PAIRS[stack[-1][0]] == ch:
                    stack.pop()
                else:
                    findings.append(Finding("warning", f"“{ch}”前面没有与它配对的前半个符号。", snip.path, number,
                                            "检查引号、括号和书名号是否成对。"))
    for ch, number in stack:
        findings.append(Finding("warning", f"“{ch}”没有与它配对的后半个符号。", snip.path, number,
                                f"在合适的位置补上“{_PAIRS[ch]}”。"))
    return findings


_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"})


# -- near-duplicate variants -----------------------------------------------------------------
def cjk_text(body: str) -> str:
    return "".join(_CJK.findall(_JINJA.sub("", body)))


def shingles(text: str, n: int = SHINGLE) -> set[str]:
    return {text[i:i + n] for i in range(len(text) - n + 1)}


def similarity(a: str, b: str, n: int = SHINGLE) -> float:
    """Share of 8-character runs two variant bodies have in common (of the smaller one)."""
    ta, tb = cjk_text(a), cjk_text(b)
    if len(ta) < n or len(tb) < n:
        return 1.0 if ta == tb else 0.0
    sa, sb = shingles(ta, n), shingles(tb, n)
    return len(sa & sb) / min(len(sa), len(sb))


def max_similarity(snip: Snippet) -> float:
    best = 0.0
    for i, a in enumerate(snip.variants):
        for b in snip.variants[i + 1:]:
            best = max(best, similarity(a.body, b.body))
    return best


def _duplicate_variants(snip: Snippet, report: CheckReport | None) -> list[Finding]:
    findings = []
    if report is not None:
        report.ratios[snip.path] = max_similarity(snip)
    for i, a in enumerate(snip.variants):
        for b in snip.variants[i + 1:]:
            ratio = similarity(a.body, b.body)
            if ratio >= NEAR_DUPLICATE:
                findings.append(Finding(
                    "warning", f"写法“{a.name}”和“{b.name}”太相近（{ratio:.0%} 的八字片段相同）。", snip.path,
                    b.line - 1, "换一种说法重写其中一种，让不同写法真正不同；或者把它们合成一种。"))
    return findings


def _duplicate_names(files: list[tuple[str, Path]]) -> list[Finding]:
    """Names that differ only in case or width collide on Windows and macOS."""
    seen: dict[str, tuple[str, Path]] = {}
    findings = []
    for name, path in files:
        key = unicodedata.normalize("NFKC", name).casefold()
        if key in seen:
            other = seen[key][1]
            findings.append(Finding("error", f"素材名“{name}”和“{seen[key][0]}”只差大小写或全半角，"
                                    "在 Windows 上会互相覆盖。", str(path), None, f"给其中一个改名：{other}"))
        else:
            seen[key] = (name, path)
    return findings
