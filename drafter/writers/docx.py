"""The .docx writer: names styles only, lays the page out per GB/T 9704-2012.

Two stages, for speed in batch runs:

1. ``_base(profile, reference)`` does all python-docx work once per (profile, reference
   document) per process — styles, settings, page setup, footers, package — and freezes the
   result as the bytes of every part plus the head and tail of ``word/document.xml``.
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

import copy
import datetime as _dt
import io
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from drafter.errors import InputError, Problem
from drafter.model import Document, Title
from drafter.profile import Profile
from drafter.writers._ooxml import (LINE_TWIPS, PPR_ORDER, RPR_ORDER, W_NS, esc, qn,
                                    remove_children, set_child, set_indent, set_line_spacing,
                                    set_rfonts, set_size, zip_parts)
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

BODY_PT = 16
EMPTY_BODY_MARK = "DRAFTER-BODY"
_CT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CT_VARIANTS = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    b"application/vnd.ms-word.document.macroEnabled.main+xml",
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_DROP_DOC_RELS = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible",
                  "/people", "/vbaProject", "/stylesWithEffects", "/customXml", "/webSettings")
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


def _stored_name(name: str) -> str:
    """Word stores built-in heading names in lower case ("heading 1")."""
    return name.lower() if name.startswith("Heading ") else name


def _style_id(name: str) -> str:
    return name.replace(" ", "").replace("-", "")


# ---- built-in styles ---------------------------------------------------------------------------

def _new_style(styles, kind: str, name: str, *, based_on: str | None = "Normal",
               next_id: str | None = None, default: bool = False, priority: int | None = None):
    """Replace (in place) or append the style ``name`` with a fresh, empty definition."""
    sid = _style_id(name)
    el = etree.Element(qn("w:style"))
    el.set(qn("w:type"), kind)
    if default:
        el.set(qn("w:default"), "1")
    el.set(qn("w:styleId"), sid)
    etree.SubElement(el, qn("w:name")).set(qn("w:val"), _stored_name(name))
    if based_on:
        etree.SubElement(el, qn("w:basedOn")).set(qn("w:val"), based_on)
    if next_id:
        etree.SubElement(el, qn("w:next")).set(qn("w:val"), next_id)
    if priority is not None:
        etree.SubElement(el, qn("w:uiPriority")).set(qn("w:val"), str(priority))
    etree.SubElement(el, qn("w:qFormat"))
    old = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{sid}']")
    if old is not None:
        old.addprevious(el)
        styles.remove(old)
    else:
        styles.append(el)
    return el


def _ppr(style):
    return etree.SubElement(style, qn("w:pPr"))


def _rpr(style):
    return etree.SubElement(style, qn("w:rPr"))


def _build_styles(styles, profile: Profile) -> None:
    f = profile.fonts
    latin = f["latin"]
    keep = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
    for s in styles.findall(qn("w:style")):
        if s.get(qn("w:styleId")) not in keep:
            styles.remove(s)

    dd = styles.find(qn("w:docDefaults"))
    rpr_default = dd.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_rfonts(rpr_default, f["body"], latin)
    set_size(rpr_default, BODY_PT)
    lang = set_child(rpr_default, "w:lang", RPR_ORDER)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    ppr_default = dd.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    set_line_spacing(ppr_default)

    # Normal: 3号 仿宋, exact 28.95 pt, 2-character indent, 28 characters a line in LO and Word.
    normal = _new_style(styles, "paragraph", "Normal", based_on=None, default=True)
    p = _ppr(normal)
    set_child(p, "w:widowControl", PPR_ORDER, val=0)      # every full page holds 22 lines
    set_child(p, "w:overflowPunct", PPR_ORDER, val=1)     # LO reads it inverted (house-style 27a)
    set_child(p, "w:autoSpaceDE", PPR_ORDER, val=0)       # no extra gap before digits/Latin
    set_child(p, "w:autoSpaceDN", PPR_ORDER, val=0)
    set_line_spacing(p)
    set_indent(p, 200, BODY_PT)
    set_child(p, "w:jc", PPR_ORDER, val="both")
    r = _rpr(normal)
    set_rfonts(r, f["body"], latin)
    set_child(r, "w:spacing", RPR_ORDER, val=-5)          # −0.25 pt: 28 characters per line
    set_size(r, BODY_PT)

    title = _new_style(styles, "paragraph", "Title", next_id="Normal", priority=10)
    p = _ppr(title)
    set_child(p, "w:keepNext", PPR_ORDER)
    set_child(p, "w:snapToGrid", PPR_ORDER, val=0)        # 22 pt must not take two grid lines
    set_indent(p, 0, BODY_PT)
    set_child(p, "w:jc", PPR_ORDER, val="center")
    r = _rpr(title)
    set_rfonts(r, f["title"], latin)
    set_size(r, 22)

    for name, priority in (("Subtitle", 11), ("Byline", 12)):
        st = _new_style(styles, "paragraph", name, next_id="Normal", priority=priority)
        p = _ppr(st)
        set_child(p, "w:keepNext", PPR_ORDER)
        set_indent(p, 0, BODY_PT)
        set_child(p, "w:jc", PPR_ORDER, val="center")
        r = _rpr(st)
        set_rfonts(r, f["kai"], latin)
        set_size(r, BODY_PT)

    sal = _new_style(styles, "paragraph", "Salutation", next_id="Normal", priority=13)
    p = _ppr(sal)
    set_indent(p, 0, BODY_PT)
    set_child(p, "w:jc", PPR_ORDER, val="left")

    heading_fonts = {1: (f["hei"], f["hei"]), 2: (f["kai"], latin), 3: (f["body"], latin),
                     4: (f["body"], latin)}
    for level, (east, lat) in heading_fonts.items():
        st = _new_style(styles, "paragraph", f"Heading {level}", next_id="Normal", priority=9)
        p = _ppr(st)
        set_child(p, "w:keepNext", PPR_ORDER)             # never alone at the foot of a page
        set_child(p, "w:keepLines", PPR_ORDER)
        set_child(p, "w:outlineLvl", PPR_ORDER, val=level - 1)
        r = _rpr(st)
        set_rfonts(r, east, lat)
        if level in profile.bold_headings:
            set_child(r, "w:b", RPR_ORDER)
            set_child(r, "w:bCs", RPR_ORDER)
        set_size(r, BODY_PT)

    strong = _new_style(styles, "character", "Strong", based_on="DefaultParagraphFont",
                        priority=22)
    r = _rpr(strong)
    set_child(r, "w:b", RPR_ORDER)
    set_child(r, "w:bCs", RPR_ORDER)

    lead = _new_style(styles, "character", "Lead", based_on="DefaultParagraphFont", priority=23)
    r = _rpr(lead)
    if profile.lead_emphasis == "kai":
        set_rfonts(r, f["kai"], latin)
    else:
        set_child(r, "w:b", RPR_ORDER)
        set_child(r, "w:bCs", RPR_ORDER)

    runin = _new_style(styles, "character", "Run-in Heading", based_on="DefaultParagraphFont",
                       priority=24)
    r = _rpr(runin)
    set_rfonts(r, f["kai"], latin)
    if 2 in profile.bold_headings:
        set_child(r, "w:b", RPR_ORDER)
        set_child(r, "w:bCs", RPR_ORDER)

    footer = _new_style(styles, "paragraph", "Footer", priority=99)
    footer.find(qn("w:name")).set(qn("w:val"), "footer")
    p = _ppr(footer)
    set_child(p, "w:snapToGrid", PPR_ORDER, val=0)
    set_indent(p, 0, 14)
    r = _rpr(footer)
    set_rfonts(r, f["page"], f["page"], han_latin=False)
    set_child(r, "w:spacing", RPR_ORDER, val=0)
    set_size(r, 14)


_ALT_NAMES = {"宋体": "SimSun", "黑体": "SimHei", "仿宋": "FangSong", "楷体": "KaiTi"}


def _font_table(profile: Profile) -> bytes:
    """fontTable.xml naming the profile's fonts with the GB2312 charset and a Windows
    alternative name, so Word can pick a Chinese substitute for a missing font."""
    out, seen = [], set()
    for role in ("body", "kai", "hei", "title", "page", "latin"):
        name = profile.fonts[role]
        if name in seen:
            continue
        seen.add(name)
        alt = name.removesuffix("_GB2312") if name.endswith("_GB2312") else _ALT_NAMES.get(name)
        cjk = role != "latin"
        out.append(f'<w:font w:name="{esc(name)}">'
                   + (f'<w:altName w:val="{esc(alt)}"/>' if alt else "")
                   + f'<w:charset w:val="{"86" if cjk else "00"}"/>'
                   + f'<w:family w:val="{"auto" if cjk else "roman"}"/>'
                   + '<w:pitch w:val="variable"/></w:font>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:fonts xmlns:w="{W_NS}">' + "".join(out) + "</w:fonts>").encode("utf-8")


_FOOTER_P = (
    '<w:p xmlns:w="' + W_NS + '"><w:pPr><w:pStyle w:val="Footer"/>{ind}<w:jc w:val="{jc}"/>'
    '</w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{n}</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>')


def _page_setup(sectPr) -> None:
    """A4, margins 37/35/28/26 mm, footer 25 mm, a line grid of 579 twips (house-style §0)."""
    pgSz = sectPr.find(qn("w:pgSz"))
    pgSz.attrib.clear()
    pgSz.set(qn("w:w"), "11906")
    pgSz.set(qn("w:h"), "16838")
    pgMar = sectPr.find(qn("w:pgMar"))
    for k, v in (("top", 2098), ("right", 1474), ("bottom", 1984), ("left", 1587),
                 ("header", 850), ("footer", 1417), ("gutter", 0)):
        pgMar.set(qn("w:" + k), str(v))
    grid = sectPr.find(qn("w:docGrid"))
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    for a in list(sectPr.attrib):
        del sectPr.attrib[a]   # rsids


def _builtin_document(profile: Profile):
    """The python-docx Document carrying the profile's styles, settings, page and footers."""
    d = docx.Document()
    _build_styles(d.styles.element, profile)

    settings = d.settings.element
    d.settings.odd_and_even_pages_header_footer = True
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is not None:
        tfl.set(qn("w:eastAsia"), "zh-CN")
    remove_children(settings, "w:rsids", "w:proofState", "w:attachedTemplate",
                    "w:savePreviewPicture")

    sec = d.sections[0]
    _page_setup(sec._sectPr)
    for footer, jc, ind, n in (
        (sec.footer, "right", '<w:ind w:rightChars="100" w:right="280" w:firstLineChars="0"'
                              ' w:firstLine="0"/>', 1),
        (sec.even_page_footer, "left", '<w:ind w:leftChars="100" w:left="280"'
                                       ' w:firstLineChars="0" w:firstLine="0"/>', 2),
    ):
        footer.is_linked_to_previous = False
        ftr = footer._element
        for c in list(ftr):
            ftr.remove(c)
        ftr.append(etree.fromstring(_FOOTER_P.format(ind=ind, jc=jc, n=n)))

    part = d.part
    for rId, rel in list(part.rels.items()):
        if rel.reltype.endswith(_DROP_DOC_RELS + ("/numbering",)):
            del part.rels[rId]
    part.part_related_by(RT.FONT_TABLE)._blob = _font_table(profile)
    return d


# ---- reference documents -------------------------------------------------------------------

def _open_reference(path: Path):
    try:
        blob = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(Problem(f"无法读取参考模板“{path}”：{exc.strerror or exc}。",
                                 hint="请检查文件名和权限。")) from None
    bad = InputError(Problem(f"参考模板“{path}”不是有效的 Word 文档（.docx）。",
                             hint="请用 Word 或 WPS 打开后“另存为” .docx 格式，再用 --reference-doc 指定。"))
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
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError,
            etree.XMLSyntaxError, EOFError, NotImplementedError):
        raise bad from None


def _find_style(styles, name: str, kind: str):
    want = _stored_name(name).lower()
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


def _reference_document(path: Path, profile: Profile, builtin):
    d = _open_reference(path)
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
        if rel.reltype.endswith(_DROP_DOC_RELS):
            del part.rels[rId]
    return d, warnings, frozenset(n for n in added if n in OPTIONAL)


# ---- freezing a python-docx Document into cached parts ---------------------------------------

def _freeze(d, warnings, filled_optional) -> _Base:
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
        builtin = _builtin_document(profile)
        if reference is None:
            base = _freeze(builtin, [], frozenset())
        else:
            d, warnings, filled = _reference_document(Path(reference), profile, builtin)
            base = _freeze(d, warnings, filled)
        with _cache_lock:
            _cache[key] = base
    return base


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
        runs = "".join(_run(t, rpr[role]) for t, role in para.runs)
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
    parts = [(n, document if n == base.document_name else core if n == base.core_name else b)
             for n, b in base.parts]
    return zip_parts(parts), warnings
