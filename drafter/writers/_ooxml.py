"""OOXML for what python-docx lacks, and the built-in house style built with it.

- helpers: schema-ordered pPr/rPr children, East Asian fonts on styles (theme attributes
  removed), indents in characters *and* twips;
- ``builtin_document(profile)``: python-docx's template turned into a GB/T 9704-2012 speech
  package — styles, settings, A4 page, "— N —" footers;
- XML escaping for fast string building, and a deterministic zip writer.

python-docx and lxml are imported only by the functions that build a package: a run whose
frozen base comes from the cross-process cache (``drafter.diskcache``) never loads them.

House-style §3 is the source of the recipes; the orders below are ECMA-376's CT_PPrBase and
CT_RPr sequences (house-style §3.4), used both to build styles and to test the output.
"""
from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass

from drafter.profile import Profile

try:
    # libdeflate writes the same raw deflate streams as zlib at the same level (6), in about a
    # third of the time and a little smaller; document.xml's deflate was a third of each draft.
    # Where it has no wheel (LoongArch, MIPS), zlib does the job.
    from deflate import crc32 as _crc32
    from deflate import deflate_compress as _libdeflate
except ImportError:  # pragma: no cover - the dependency is installed wherever it has a wheel
    _libdeflate = None
    _crc32 = zlib.crc32

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def qn(tag: str) -> str:
    """"w:spacing" → "{ns}spacing" (only the prefixes this package uses)."""
    prefix, local = tag.split(":")
    return "{%s}%s" % ({"w": W_NS, "r": R_NS, "xml": XML_NS}[prefix], local)


PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
             "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
             "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
             "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
             "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
             "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
             "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
             "w:pPrChange")
RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
             "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
             "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
             "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
             "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
             "w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")
PPR_RANK = {qn(t): i for i, t in enumerate(PPR_ORDER)}
RPR_RANK = {qn(t): i for i, t in enumerate(RPR_ORDER)}

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# One line of the 22-line page: 225 mm / 22 fits 579 twips, 580 does not (house-style §0).
LINE_TWIPS = 579


def set_child(parent, tag: str, order: tuple[str, ...], **attrs):
    """Create (at its schema position) or update the child ``tag`` of a pPr/rPr."""
    from lxml import etree

    el = parent.find(qn(tag))
    if el is None:
        el = etree.SubElement(parent, qn(tag))
        rank = {qn(t): i for i, t in enumerate(order)}
        mine = rank[qn(tag)]
        for sib in parent:
            if sib is not el and rank.get(sib.tag, -1) > mine:
                sib.addprevious(el)
                break
    for k, v in attrs.items():
        el.set(qn(k if ":" in k else "w:" + k), str(v))
    return el


def remove_children(parent, *tags: str) -> None:
    for tag in tags:
        for el in parent.findall(qn(tag)):
            parent.remove(el)


def set_rfonts(rPr, east_asia: str, latin: str, *, han_latin: bool = True):
    """Explicit fonts on an rPr, theme attributes removed (house-style item 19).

    ``w:ascii``/``w:cs`` take the Latin font (digits and letters in Times New Roman);
    ``w:hAnsi`` takes the Chinese font when ``han_latin``: Word draws General Punctuation
    (“” — …) with the hAnsi font unless a run carries ``w:hint``, and document.xml carries no
    direct fonts, so this keeps quotes and dashes full-width (house-style item 21).
    """
    rFonts = set_child(rPr, "w:rFonts", RPR_ORDER)
    for a in THEME_ATTRS:
        rFonts.attrib.pop(qn(a), None)
    rFonts.set(qn("w:ascii"), latin)
    rFonts.set(qn("w:hAnsi"), east_asia if han_latin else latin)
    rFonts.set(qn("w:eastAsia"), east_asia)
    rFonts.set(qn("w:cs"), latin)
    return rFonts


def set_size(rPr, points: float) -> None:
    half = str(round(points * 2))
    set_child(rPr, "w:sz", RPR_ORDER, val=half)
    set_child(rPr, "w:szCs", RPR_ORDER, val=half)


def set_indent(pPr, first_chars: int = 0, font_pt: float = 16, *, left_chars: int | None = None,
               right_chars: int | None = None, unit_pt: float | None = None):
    """``w:ind`` with both the character and the twips form (LibreOffice ignores *Chars)."""
    ind = set_child(pPr, "w:ind", PPR_ORDER)
    ind.attrib.clear()
    if left_chars is not None:
        ind.set(qn("w:leftChars"), str(left_chars))
        ind.set(qn("w:left"), str(round(left_chars / 100 * (unit_pt or font_pt) * 20)))
    if right_chars is not None:
        ind.set(qn("w:rightChars"), str(right_chars))
        ind.set(qn("w:right"), str(round(right_chars / 100 * (unit_pt or font_pt) * 20)))
    ind.set(qn("w:firstLineChars"), str(first_chars))
    ind.set(qn("w:firstLine"), str(round(first_chars / 100 * font_pt * 20)))
    return ind


def set_line_spacing(pPr, *, before: int = 0, after: int = 0, line: int = LINE_TWIPS):
    sp = set_child(pPr, "w:spacing", PPR_ORDER)
    sp.attrib.clear()
    sp.set(qn("w:before"), str(before))
    sp.set(qn("w:after"), str(after))
    sp.set(qn("w:line"), str(line))
    sp.set(qn("w:lineRule"), "exact")
    return sp


def out_of_order(parent, rank: dict[str, int]) -> list[str]:
    """Children of a pPr/rPr that break the schema order (for tests and self-checks)."""
    from lxml import etree

    seen = [rank.get(c.tag) for c in parent if isinstance(c.tag, str)]
    problems = []
    last = -1
    for c, r in zip(parent, seen):
        if r is None:
            problems.append(f"unknown {etree.QName(c).localname}")
            continue
        if r < last:
            problems.append(etree.QName(c).localname)
        last = max(last, r)
    return problems

# ---- the built-in house style (GB/T 9704-2012, house-style §0–§3) -----------------------------

BODY_PT = 16
DROP_DOC_RELS = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible",
                  "/people", "/vbaProject", "/stylesWithEffects", "/customXml", "/webSettings")

def stored_name(name: str) -> str:
    """Word stores built-in heading names in lower case ("heading 1")."""
    return name.lower() if name.startswith("Heading ") else name


def _style_id(name: str) -> str:
    return name.replace(" ", "").replace("-", "")


# ---- built-in styles ---------------------------------------------------------------------------

def _new_style(styles, kind: str, name: str, *, based_on: str | None = "Normal",
               next_id: str | None = None, default: bool = False, priority: int | None = None):
    """Replace (in place) or append the style ``name`` with a fresh, empty definition."""
    from lxml import etree

    sid = _style_id(name)
    el = etree.Element(qn("w:style"))
    el.set(qn("w:type"), kind)
    if default:
        el.set(qn("w:default"), "1")
    el.set(qn("w:styleId"), sid)
    etree.SubElement(el, qn("w:name")).set(qn("w:val"), stored_name(name))
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
    from lxml import etree

    return etree.SubElement(style, qn("w:pPr"))


def _rpr(style):
    from lxml import etree

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


def builtin_document(profile: Profile):
    """The python-docx Document carrying the profile's styles, settings, page and footers."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

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
        if rel.reltype.endswith(DROP_DOC_RELS + ("/numbering",)):
            del part.rels[rId]
    part.part_related_by(RT.FONT_TABLE)._blob = _font_table(profile)
    return d


# ---- text for fast string building -------------------------------------------------------

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(text: str) -> str:
    """Escape text for element content or a double-quoted attribute; drop XML-illegal chars."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    # Every XML-illegal character is unprintable, and str.isprintable runs twice as fast as
    # the character-class search: most runs of text skip the regex.
    if not text.isprintable() and _INVALID_XML.search(text):
        text = _INVALID_XML.sub("", text)
    return text


# ---- deterministic zip ---------------------------------------------------------------------
# A small writer of our own instead of ``zipfile``: the parts that are the same in every draft
# (styles, theme, settings, footers…) are deflated once per process and copied as they are,
# so a draft pays deflate only for document.xml and core.xml. The bytes are laid out exactly as
# ``zipfile`` lays them out for the same parts, with a fixed date; deflated with zlib they are
# zipfile's bytes (a test compares).

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_DOS_DATE = (ZIP_DATE[0] - 1980) << 9 | ZIP_DATE[1] << 5 | ZIP_DATE[2]
_DOS_TIME = ZIP_DATE[3] << 11 | ZIP_DATE[4] << 5 | ZIP_DATE[5] // 2
_VERSION = 20  # "2.0": deflate, what zipfile writes
_DEFLATED = 8  # zipfile.ZIP_DEFLATED
_RW_ATTR = 0o600 << 16  # what zipfile.writestr gives: unzip makes the files readable
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


@dataclass(frozen=True)
class ZipEntry:
    """One part, deflated (raw stream, default level) with its CRC and sizes."""
    name: bytes
    crc: int
    size: int
    deflated: bytes


DEFLATE_LEVEL = 6  # zlib's default (Z_DEFAULT_COMPRESSION), what zipfile uses


def zlib_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def raw_deflate(data: bytes) -> bytes:
    """``data`` as a raw deflate stream at the default level: libdeflate where installed."""
    if _libdeflate is None:
        return zlib_deflate(data)
    return bytes(_libdeflate(data, DEFLATE_LEVEL))  # it returns a bytearray


def deflate_part(name: str, data: bytes, deflate=raw_deflate) -> ZipEntry:
    return ZipEntry(name.encode("ascii"), _crc32(data), len(data), deflate(data))


def zip_entries(entries: list[ZipEntry]) -> bytes:
    """A zip archive of ``entries`` in the given order: same entries, same bytes."""
    chunks, central, offset = [], [], 0
    for e in entries:
        flags = 0
        chunks.append(_LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, _DEFLATED,
                                  _DOS_TIME, _DOS_DATE, e.crc, len(e.deflated), e.size,
                                  len(e.name), 0))
        chunks.append(e.name)
        chunks.append(e.deflated)
        central.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, 0, _VERSION, 0, flags,
                                     _DEFLATED, _DOS_TIME, _DOS_DATE, e.crc,
                                     len(e.deflated), e.size, len(e.name), 0, 0, 0, 0, _RW_ATTR,
                                     offset))
        central.append(e.name)
        offset += _LOCAL.size + len(e.name) + len(e.deflated)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(chunks) + directory + end


def zip_parts(parts: list[tuple[str, bytes]], deflate=raw_deflate) -> bytes:
    """A zip of ``parts`` (name, bytes) in the given order with fixed dates and attributes."""
    return zip_entries([deflate_part(name, data, deflate) for name, data in parts])
