"""The .docx writer: names styles only, lays the page out per GB/T 9704-2012.

Two stages, for speed in batch runs:

1. ``_base(profile, reference)`` does all python-docx work once per (profile, reference
   document) — styles, settings, page setup, footers, package — and freezes the result as
   the bytes of every part plus the head and tail of ``word/document.xml``. The frozen base
   is kept per process and across processes (``drafter.diskcache``, kind "docx"), so a
   warm run never imports python-docx or lxml.
2. ``write_docx`` only builds the body of ``document.xml`` (string building with escaping)
   and ``docProps/core.xml`` for each draft, and zips them with the cached parts.

document.xml names paragraph and character styles and nothing else — no fonts, no sizes — so
an office's reference document (``--reference-doc``, as in pandoc) restyles everything. The
one piece of direct formatting is the blank line after the title group, written as paragraph
spacing (``w:after`` and ``w:afterLines``), never as an empty paragraph.

Style names (docs/styles.md lists them for offices): Normal, Title, Subtitle, Byline,
Salutation, Heading 1–4, and the character styles Strong, Lead and Run-in Heading.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import re
import threading
import zipfile
import zlib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from drafter import diskcache
from drafter.errors import InputError, Problem
from drafter.model import Document, Title
from drafter.profile import Profile
from drafter.writers._ooxml import (DROP_DOC_RELS, LINE_TWIPS, W_NS, builtin_document, esc, qn,
                                    deflate_part, stored_name, zip_entries)
from drafter.writers.text import Para, layout

# Paragraph roles (see text.layout) → style name; character roles → character style name.
PARA_STYLES = {
    "body": "Normal", "title": "Title", "subtitle": "Subtitle", "byline": "Byline",
    "salutation": "Salutation", "heading1": "Heading 1", "heading2": "Heading 2",
    "heading3": "Heading 3", "heading4": "Heading 4",
}
CHAR_STYLES = {"strong": "Strong", "lead": "Lead", "runin": "Run-in Heading"}
# Styles a reference document must supply (or gets from the built-in profile, with a warning).
# Levels 3–4 are rare in speeches; their warning appears only when a draft uses them.
REQUIRED = ("Normal", "Title", "Subtitle", "Byline", "Salutation", "Heading 1", "Heading 2",
            "Strong", "Lead", "Run-in Heading")
OPTIONAL = ("Heading 3", "Heading 4")

EMPTY_BODY_MARK = "DRAFTER-BODY"
_CT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CT_VARIANTS = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    b"application/vnd.ms-word.document.macroEnabled.main+xml",
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>drafter</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
).encode("utf-8")


# ---- the frozen package ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Base:
    parts: tuple[tuple[str, bytes], ...]   # every part in zip order, document/core as stand-ins
    document_name: str                     # "word/document.xml"
    core_name: str                         # "docProps/core.xml"
    head: str                              # document.xml up to and including <w:body>
    tail: str                              # the body's sectPr and the closing tags
    ppr: dict                              # paragraph role → "<w:pPr>…</w:pPr>" or ""
    ppr_space: dict                        # the same with one blank line after
    rpr: dict                              # character role → "<w:rPr>…</w:rPr>" or ""
    warnings: tuple[str, ...]              # always reported for this base
    filled_optional: frozenset             # optional styles supplied from the profile
    entries: tuple = ()                    # parts deflated once; None for document and core


# ---- reference documents -------------------------------------------------------------------

def _read_reference(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(Problem(f"无法读取参考模板“{path}”：{exc.strerror or exc}。",
                                 hint="请检查文件名和权限。")) from None


def _open_reference(path: Path, blob: bytes):
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    bad = _not_a_word_document(path)
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as zin:
            entries = [(i, zin.read(i)) for i in zin.infolist()]
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zout:   # accept .dotx/.docm: give it .docx's type
            for info, data in entries:
                if info.filename == "[Content_Types].xml":
                    for ct in _CT_VARIANTS:
                        data = data.replace(ct, _CT_MAIN)
                zout.writestr(info, data)
        return docx.Document(io.BytesIO(buf.getvalue()))
    except (zipfile.BadZipFile, zlib.error, PackageNotFoundError, KeyError, ValueError,
            etree.XMLSyntaxError, EOFError, NotImplementedError, OSError):
        raise bad from None


def _find_style(styles, name: str, kind: str):
    want = stored_name(name).lower()
    for s in styles.findall(qn("w:style")):
        n = s.find(qn("w:name"))
        if (s.get(qn("w:type")) == kind and n is not None
                and (n.get(qn("w:val")) or "").lower() == want):
            return s
    return None


def _default_style_id(styles, kind: str) -> str | None:
    for s in styles.findall(qn("w:style")):
        if s.get(qn("w:type")) == kind and s.get(qn("w:default")) in ("1", "true", "on"):
            return s.get(qn("w:styleId"))
    return None


def _style_kind(name: str) -> str:
    return "character" if name in CHAR_STYLES.values() else "paragraph"


def _fill_missing(styles, builtin_styles, names) -> list[str]:
    """Copy the styles ``names`` the reference lacks from the built-in ones; return them."""
    import copy

    ids = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))}
    normal = _find_style(styles, "Normal", "paragraph")
    normal_id = normal.get(qn("w:styleId")) if normal is not None else None
    dpf_id = _default_style_id(styles, "character")
    added = []
    for name in names:
        kind = _style_kind(name)
        if _find_style(styles, name, kind) is not None:
            continue
        el = copy.deepcopy(_find_style(builtin_styles, name, kind))
        el.attrib.pop(qn("w:default"), None)
        sid, k = el.get(qn("w:styleId")), 1
        while sid in ids:
            k += 1
            sid = f"{el.get(qn('w:styleId'))}{k}"
        el.set(qn("w:styleId"), sid)
        ids.add(sid)
        for tag, target in (("w:basedOn", normal_id if kind == "paragraph" else dpf_id),
                            ("w:next", normal_id)):
            ref = el.find(qn(tag))
            if ref is not None:
                if target:
                    ref.set(qn("w:val"), target)
                else:
                    el.remove(ref)
        if name == "Normal":
            normal_id = sid
        styles.append(el)
        added.append(name)
    return added


def _reference_base(path: Path, blob: bytes, profile: Profile, builtin) -> _Base:
    """The base taken from an office's reference document. A package that opens but whose
    parts or relationships are damaged fails deep inside python-docx, in many ways: each is
    the same "not a valid Word document" to the writer."""
    try:
        d, warnings, filled = _reference_document(path, blob, profile, builtin)
        return _freeze(d, warnings, filled)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - see above
        raise _not_a_word_document(path) from None


def _not_a_word_document(path: Path) -> InputError:
    return InputError(Problem(f"参考模板“{path}”不是有效的 Word 文档（.docx）。",
                              hint="请用 Word 或 WPS 打开后“另存为” .docx 格式，再用 --reference-doc 指定。"))


def _reference_document(path: Path, blob: bytes, profile: Profile, builtin):
    import copy

    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    d = _open_reference(path, blob)
    warnings = []
    part = d.part
    try:
        part.part_related_by(RT.STYLES)
        styles = d.styles.element
    except KeyError:
        styles = d.styles.element   # python-docx created a default one; replace its content
        for c in list(styles):
            styles.remove(c)
        for c in builtin.styles.element:
            styles.append(copy.deepcopy(c))
        warnings.append("参考模板没有样式表，已全部改用内置样式。")
    added = _fill_missing(styles, builtin.styles.element, REQUIRED + OPTIONAL)
    warnings += [f"参考模板缺少样式“{n}”，已按内置样式补上。" for n in added
                 if n in REQUIRED]
    body = d.element.body
    if body.find(qn("w:sectPr")) is None:
        sect = copy.deepcopy(builtin.sections[0]._sectPr)
        for ref in sect.findall(qn("w:footerReference")) + sect.findall(qn("w:headerReference")):
            sect.remove(ref)
        body.append(sect)
        warnings.append("参考模板没有页面设置，已按内置版式（A4，GB/T 9704 页边距）设置页面。")
    for rId, rel in list(part.rels.items()):
        if rel.reltype.endswith(DROP_DOC_RELS):
            del part.rels[rId]
    return d, warnings, frozenset(n for n in added if n in OPTIONAL)


# ---- freezing a python-docx Document into cached parts ---------------------------------------

def _freeze(d, warnings, filled_optional) -> _Base:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    pkg = d.part.package
    for rId, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[rId]
        elif rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = _APP_XML
    d.core_properties  # creates docProps/core.xml if the reference has none
    core_name = pkg.part_related_by(RT.CORE_PROPERTIES).partname.lstrip("/")
    document_name = d.part.partname.lstrip("/")

    root = d.element
    body = root.body
    for c in list(body):
        if c.tag != qn("w:sectPr"):
            body.remove(c)
    if body.find(qn("w:sectPr")) is not None:
        sect = body.find(qn("w:sectPr"))
        body.remove(sect)
        body.append(sect)  # the body-level sectPr comes last
    body.insert(0, etree.Comment(EMPTY_BODY_MARK))
    if root.nsmap.get("w") != W_NS:  # our strings use the w: prefix
        raise InputError(Problem("参考模板使用了不支持的 Word 文档格式（Strict Open XML）。",
                                 hint="请在 Word 中“另存为”普通的 Word 文档（.docx）。"))
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    head, tail = xml.decode("utf-8").split(f"<!--{EMPTY_BODY_MARK}-->")

    buf = io.BytesIO()
    d.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        names = z.namelist()
        parts = {n: z.read(n) for n in names}
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in parts]
    order = first + [n for n in names if n not in first]

    styles = d.styles.element
    default_p = _default_style_id(styles, "paragraph")

    def pid(name):
        return _find_style(styles, name, "paragraph").get(qn("w:styleId"))

    ppr, ppr_space, rpr = {}, {}, {}
    space = f'<w:spacing w:after="{LINE_TWIPS}" w:afterLines="100"/>'
    for role, name in PARA_STYLES.items():
        sid = pid(name)
        pstyle = "" if sid == default_p else f'<w:pStyle w:val="{esc(sid)}"/>'
        ppr[role] = f"<w:pPr>{pstyle}</w:pPr>" if pstyle else ""
        ppr_space[role] = f"<w:pPr>{pstyle}{space}</w:pPr>"
    for role, name in CHAR_STYLES.items():
        sid = _find_style(styles, name, "character").get(qn("w:styleId"))
        rpr[role] = f'<w:rPr><w:rStyle w:val="{esc(sid)}"/></w:rPr>'
    rpr[None] = ""
    return _Base(tuple((n, parts[n]) for n in order), document_name, core_name, head, tail,
                 ppr, ppr_space, rpr, tuple(warnings), filled_optional)


# ---- the frozen base on disk -----------------------------------------------------------------
# "drafter-base 1\n", the header's length (8 bytes, big-endian), the header (JSON: every field
# but the parts' bytes, and each part's name and length), then the parts' bytes in order.
# Nothing but strings, lists and bytes: loading runs no code, and anything that does not
# decode to a complete, well-formed base is a miss.

_BASE_MAGIC = b"drafter-base 1\n"


def _dump_base(base: _Base) -> bytes:
    header = {
        "document_name": base.document_name, "core_name": base.core_name,
        "head": base.head, "tail": base.tail,
        "ppr": base.ppr, "ppr_space": base.ppr_space,
        "rpr": [[role, value] for role, value in base.rpr.items()],   # one role is None
        "warnings": list(base.warnings), "filled_optional": sorted(base.filled_optional),
        "parts": [[name, len(data)] for name, data in base.parts],
    }
    head = json.dumps(header).encode("ascii")
    return b"".join([_BASE_MAGIC, len(head).to_bytes(8, "big"), head]
                    + [data for _, data in base.parts])


def _strings(value, keys) -> bool:
    return (isinstance(value, dict) and set(value) == set(keys)
            and all(isinstance(v, str) for v in value.values()))


def _load_base(blob: bytes) -> _Base | None:
    try:
        if not blob.startswith(_BASE_MAGIC):
            return None
        pos = len(_BASE_MAGIC)
        size = int.from_bytes(blob[pos:pos + 8], "big")
        pos += 8
        h = json.loads(blob[pos:pos + size].decode("utf-8"))
        pos += size
        parts = []
        for name, length in h["parts"]:
            if not isinstance(name, str) or not isinstance(length, int) or length < 0:
                return None
            parts.append((name, blob[pos:pos + length]))
            pos += length
        if pos != len(blob):   # a short part moves pos past the end
            return None
        rpr = {role: value for role, value in h["rpr"]}
        names = {name for name, _ in parts}
        fields = (h["document_name"], h["core_name"], h["head"], h["tail"])
        if (not all(isinstance(f, str) for f in fields)
                or h["document_name"] not in names or h["core_name"] not in names
                or not _strings(h["ppr"], PARA_STYLES) or not _strings(h["ppr_space"], PARA_STYLES)
                or not _strings(rpr, [*CHAR_STYLES, None])
                or not all(isinstance(w, str) for w in h["warnings"])
                or not set(h["filled_optional"]) <= set(OPTIONAL)):
            return None
        return _Base(tuple(parts), h["document_name"], h["core_name"], h["head"], h["tail"],
                     h["ppr"], h["ppr_space"], rpr, tuple(h["warnings"]),
                     frozenset(h["filled_optional"]))
    except Exception:  # noqa: BLE001 - a damaged entry of any shape is only a miss
        return None


_VERSION_RE = re.compile(rb"""^__version__\s*=\s*["']([^"']+)["']""", re.M)


@lru_cache(maxsize=None)
def _library_version(module: str, distribution: str) -> str:
    """The installed version of a library the base derives from, without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
        m = _VERSION_RE.search(Path(spec.origin).read_bytes())
        if m:
            return m.group(1).decode("ascii", "replace")
    except (ImportError, AttributeError, TypeError, ValueError, OSError):
        pass
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return ""


def _disk_key(profile: Profile, reference_blob: bytes | None) -> str:
    source = ("builtin" if reference_blob is None
              else "reference " + hashlib.sha256(reference_blob).hexdigest())
    return diskcache.key("docx-base", _library_version("docx", "python-docx"),
                         _library_version("lxml", "lxml"), repr(profile), source,
                         diskcache.code_stamp(__name__, "drafter.writers._ooxml"))


def _build_base(profile: Profile, reference: Path | None) -> _Base:
    """The base from the cross-process cache, or built with python-docx and stored there."""
    blob = None if reference is None else _read_reference(reference)
    key = _disk_key(profile, blob)
    stored = diskcache.load("docx", key)
    base = _load_base(stored) if stored is not None else None
    if base is not None:
        return base
    builtin = builtin_document(profile)
    if blob is None:
        base = _freeze(builtin, [], frozenset())
    else:
        base = _reference_base(Path(reference), blob, profile, builtin)
    diskcache.store("docx", key, _dump_base(base))
    return base


_cache: dict = {}
_cache_lock = threading.Lock()


def _base(profile: Profile, reference: Path | None) -> _Base:
    key: tuple = (profile, None)
    if reference is not None:
        p = Path(reference)
        try:
            st = p.stat()
            key = (profile, str(p.resolve()), st.st_mtime_ns, st.st_size)
        except OSError:
            key = (profile, str(p), None, None)
    with _cache_lock:
        base = _cache.get(key)
    if base is None:
        base = _deflated(_build_base(profile, reference))
        with _cache_lock:
            _cache[key] = base
    return base


def _deflated(base: _Base) -> _Base:
    """The base with every part that is the same in each draft deflated, once per process."""
    entries = tuple(None if name in (base.document_name, base.core_name)
                    else deflate_part(name, data) for name, data in base.parts)
    return replace(base, entries=entries)


# ---- per draft -------------------------------------------------------------------------------

def _run(text: str, rpr: str) -> str:
    if "\n" in text or "\t" in text:
        pieces = []
        for k, line in enumerate(text.split("\n")):
            if k:
                pieces.append("<w:br/>")
            for j, seg in enumerate(line.split("\t")):
                if j:
                    pieces.append("<w:tab/>")
                if seg:
                    pieces.append(f'<w:t xml:space="preserve">{esc(seg)}</w:t>')
        return f"<w:r>{rpr}{''.join(pieces)}</w:r>"
    return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def _body(paras: list[Para], base: _Base) -> str:
    out = []
    rpr = base.rpr
    for para in paras:
        ppr = (base.ppr_space if para.space_after else base.ppr)[para.role]
        if len(para.runs) == 1:  # most paragraphs
            text, role = para.runs[0]
            out.append(f"<w:p>{ppr}{_run(text, rpr[role])}</w:p>")
            continue
        runs = "".join([_run(t, rpr[role]) for t, role in para.runs])
        out.append(f"<w:p>{ppr}{runs}</w:p>")
    return "".join(out)


def _w3cdtf(iso: str) -> str | None:
    try:
        return _dt.date.fromisoformat(iso.strip()).isoformat() + "T00:00:00Z"
    except (ValueError, AttributeError):
        return None


def _core_xml(doc: Document, warnings: list[str]) -> bytes:
    meta = doc.meta
    title = meta.title or next((b.text for b in doc.blocks if isinstance(b, Title)), "")
    items = [f"<dc:title>{esc(title)}</dc:title>",
             f"<dc:subject>{esc(meta.subject)}</dc:subject>",
             f"<dc:creator>{esc(meta.author)}</dc:creator>",
             f"<cp:keywords>{esc(meta.keywords)}</cp:keywords>",
             f"<cp:lastModifiedBy>{esc(meta.author)}</cp:lastModifiedBy>",
             "<cp:revision>1</cp:revision>"]
    if meta.language:
        items.append(f"<dc:language>{esc(meta.language)}</dc:language>")
    if meta.date:
        stamp = _w3cdtf(meta.date)
        if stamp:
            items.append(f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>')
            items.append(f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>')
        else:
            warnings.append(f"日期“{meta.date}”不是“2026-03-15”这样的格式，文件属性中未写日期。")
    items.append(f"<cp:category>{esc(meta.subject)}</cp:category>")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
            'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            + "".join(items) + "</cp:coreProperties>").encode("utf-8")


def write_docx(doc: Document, profile: Profile,
               reference_doc: Path | None = None) -> tuple[bytes, list[str]]:
    """The .docx bytes of ``doc`` and the warnings (Chinese) about the reference document."""
    base = _base(profile, reference_doc)
    warnings = list(base.warnings)
    paras = layout(doc, profile)
    if base.filled_optional:
        used = {PARA_STYLES[p.role] for p in paras}
        warnings += [f"参考模板缺少样式“{n}”，已按内置样式补上。"
                     for n in OPTIONAL if n in used and n in base.filled_optional]
    document = (base.head + _body(paras, base) + base.tail).encode("utf-8")
    core = _core_xml(doc, warnings)
    fresh = {base.document_name: document, base.core_name: core}
    entries = [entry or deflate_part(name, fresh[name])
               for entry, (name, _) in zip(base.entries, base.parts)]
    return zip_entries(entries), warnings
