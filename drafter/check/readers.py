"""Readers: a resolved model, a .docx, or a .txt speech → the paragraphs the rules read.

The model is read by drafter.check.document (``from_document``, importable from here too), so
checking a draft in ``drafter new`` loads none of this module. A .docx paragraph's text is its
w:t runs in order (deleted text and text boxes left out); the paragraph number counts the
non-empty body paragraphs from 1. A .txt paragraph is a non-empty line; the file is UTF-8 with
or without a BOM (or UTF-16 with one), falling back to GB18030.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter.check.document import from_document
from drafter.check.text import Para, heading_number
from drafter.errors import InputError, Problem
from drafter.textio import decode_bytes

TEXT_SUFFIXES = (".txt", ".text")
OLD_WORD = (".doc", ".wps", ".dot", ".wpt", ".docm", ".dotx", ".dotm", ".rtf")
OTHER_REFUSED = (".pdf", ".odt", ".ofd", ".pages")


@dataclass
class Loaded:
    """A file read for checking. ``lines`` (txt) and ``encoding`` let the fixer write back."""

    kind: str  # "docx" / "txt" / "outline"
    path: Path
    paras: list[Para]
    target_minutes: float | None = None
    year: int | None = None
    encoding: str = "utf-8"
    bom: bytes = b""
    lines: list[str] = field(default_factory=list)  # txt: the lines with their line ends


# ---- files ---------------------------------------------------------------------------------

def _classify(index: int, text: str) -> tuple[str, int]:
    parsed = heading_number(text)
    if parsed:
        return "heading", parsed[0]
    stripped = text.strip()
    if stripped.startswith("——"):
        return "meta", 0
    if stripped.startswith(("（", "(")) and re.fullmatch(
            r"[（(][^（）()]*(?:\d{4}|[〇零○一二三四五六七八九]{4}年)[^（）()]*[）)]", stripped):
        return "meta", 0
    if len(stripped) <= 24 and stripped.endswith(("：", ":")) and not re.search(r"[。！？，]", stripped):
        return "salutation", 0
    if index == 1 and len(stripped) <= 60 and not re.search(r"[。！？；]$", stripped):
        return "title", 0
    return "body", 0


def paras_from_texts(texts: list[tuple[str, int | None]], file: str) -> list[Para]:
    """Paragraphs of a file drafter did not make: (text, line or None) in order, empties dropped."""
    paras = []
    for text, line in texts:
        if not text.strip():
            continue
        index = len(paras) + 1
        kind, level = _classify(index, text)
        paras.append(Para(index, text, file, line, index, kind, level))
    return paras


def check_path_kind(path: Path) -> str:
    """"outline", "docx" or "txt" — or an InputError with a hint for anything else."""
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return "outline"
    if suffix == ".docx":
        return "docx"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    if suffix in OLD_WORD:
        raise InputError(Problem(f"不能检查 {suffix} 文件。", str(path),
                                 hint="请用 Word 或 WPS 打开它，“另存为”Word 文档（.docx）后再检查。"))
    if suffix in OTHER_REFUSED:
        raise InputError(Problem(f"不能检查 {suffix} 文件。", str(path),
                                 hint="请另存为 Word 文档（.docx）或纯文本（.txt）后再检查。"))
    raise InputError(Problem(f"不认识的文件类型“{suffix or '（无扩展名）'}”。", str(path),
                             hint="可以检查提纲（.toml）、Word 文档（.docx）和纯文本（.txt）。"))


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError(Problem("找不到要检查的文件。", str(path), hint="请检查文件名和所在文件夹是否写对。"))
    if path.is_dir():
        raise InputError(Problem("这是一个文件夹，不是文件。", str(path), hint="请写出要检查的文件名。"))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(Problem(f"无法读取文件：{exc.strerror or exc}。", str(path),
                                 hint="请确认文件没有被其他程序独占，并且有读取权限。")) from None


def _empty(path: Path) -> InputError:
    return InputError(Problem("文件里没有文字，无从检查。", str(path), hint="请确认选对了文件。"))


def read_txt(path: Path) -> Loaded:
    data = _read_bytes(path)
    name = str(path)
    text, encoding, bom = decode_bytes(data, name, binary_hint="请确认选对了文件；Word 文档请直接检查 .docx。")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(2, len(text) // 100):
        raise InputError(Problem("这不是文本文件（里面有大量控制字符）。", name,
                                 hint="请确认选对了文件；Word 文档请直接检查 .docx。"))
    lines = text.splitlines(keepends=True)
    texts = [(ln.rstrip("\r\n"), number) for number, ln in enumerate(lines, start=1)]
    paras = paras_from_texts(texts, name)
    if not paras:
        raise _empty(path)
    return Loaded("txt", path, paras, encoding=encoding, bom=bom, lines=lines)


def docx_paragraphs(document) -> list:
    """The body's paragraphs in order (w:p children of w:body, also inside content controls),
    as python-docx objects; tables and text boxes are left out."""
    from docx.text.paragraph import Paragraph as DocxParagraph

    from docx.oxml.ns import qn

    tag_p, tag_sdt, tag_content = qn("w:p"), qn("w:sdt"), qn("w:sdtContent")
    out = []

    def walk(parent) -> None:
        for child in parent.iterchildren():
            if child.tag == tag_p:
                out.append(DocxParagraph(child, document._body))
            elif child.tag == tag_sdt:  # a content control around body paragraphs
                for content in child.iterchildren(tag_content):
                    walk(content)

    walk(document.element.body)
    return out


def text_elements(paragraph) -> list:
    """The w:t elements whose text makes the paragraph, in order; not those of nested
    paragraphs (text boxes) nor deleted text (w:delText is another tag)."""
    from docx.oxml.ns import qn

    p = paragraph._p
    tag_t, tag_p = qn("w:t"), qn("w:p")
    out = []
    for t in p.iter(tag_t):
        parent = t.getparent()
        while parent is not None and parent.tag != tag_p:
            parent = parent.getparent()
        if parent is p:
            out.append(t)
    return out


def open_docx(path: Path):
    data = _read_bytes(path)
    name = str(path)
    if not data:
        raise _empty(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(Problem("这其实是旧版 Word（.doc）或 WPS 格式的文件（或是加了密码的文档），只是扩展名写成了 .docx。", name,
                                 hint="请用 Word 或 WPS 打开它，“另存为”Word 文档（.docx）后再检查。"))
    import io

    try:
        import docx
        return docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - zip, XML and package errors all mean "not a usable .docx"
        raise InputError(Problem("无法打开这个 .docx 文件：它已损坏，或不是 Word 文档。", name,
                                 hint="请用 Word 或 WPS 打开它，“另存为”Word 文档（.docx）后再检查。")) from None


def read_docx(path: Path) -> Loaded:
    document = open_docx(path)
    texts = [("".join(t.text or "" for t in text_elements(p)), None) for p in docx_paragraphs(document)]
    paras = paras_from_texts(texts, str(path))
    if not paras:
        raise _empty(path)
    return Loaded("docx", path, paras)


def read_outline(path: Path) -> Loaded:
    if not path.exists():
        raise InputError(Problem("找不到提纲文件。", str(path), hint="请检查文件名和所在文件夹是否写对。"))
    try:
        from drafter.pipeline import Request, build_document
    except ImportError:
        raise InputError(Problem("这个版本的 drafter 还不能检查提纲。", str(path),
                                 hint="请先用 drafter new 生成 .docx，再检查生成的文件。")) from None
    built = build_document(Request(outline=path))
    doc = built.document
    year = int(doc.meta.date[:4]) if re.match(r"\d{4}-", doc.meta.date or "") else None
    return Loaded("outline", path, from_document(doc), doc.meta.target_minutes, year)


def read_path(path: Path) -> Loaded:
    kind = check_path_kind(path)
    if kind == "outline":
        return read_outline(path)
    if kind == "docx":
        return read_docx(path)
    return read_txt(path)
