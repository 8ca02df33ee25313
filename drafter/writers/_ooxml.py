"""Small OOXML helpers for what python-docx lacks: schema-ordered children, East Asian fonts
on styles, XML escaping for fast string building, and a deterministic zip writer.

House-style §3 is the source of the recipes; the orders below are ECMA-376's CT_PPrBase and
CT_RPr sequences (house-style §3.4), used both to build styles and to test the output.
"""
from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

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


# ---- text for fast string building -------------------------------------------------------

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
    if _INVALID_XML.search(text):
        text = _INVALID_XML.sub("", text)
    return text


# ---- deterministic zip ---------------------------------------------------------------------

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def zip_parts(parts: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``parts`` in the given order with fixed dates and attributes: the same parts
    always give the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, data)
    return buf.getvalue()
