"""The docx writer, read back as XML (zipfile + lxml) and with python-docx."""
from __future__ import annotations

import dataclasses
import io
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from lxml import etree

from drafter.errors import InputError, UsageError
from drafter.model import Document, Paragraph, PointList, Text, Title
from drafter.profile import PROFILES, get_profile
from drafter.writers import FORMATS, WriteResult, write
from drafter.writers import docx as docx_writer
from drafter.writers._ooxml import PPR_RANK, RPR_RANK, out_of_order, zip_parts, zlib_deflate
from drafter.writers.text import layout
from helpers_docs import META, long_document, sample_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
FANGSONG = {"仿宋_GB2312", "仿宋", "FangSong", "方正仿宋_GBK"}
HEITI = {"黑体", "SimHei", "方正黑体_GBK"}
KAITI = {"楷体_GB2312", "楷体", "KaiTi", "方正楷体_GBK"}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


class Package:
    """A written .docx opened for inspection."""

    def __init__(self, data: bytes):
        self.data = data
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.infos = z.infolist()
            self.parts = {i.filename: z.read(i) for i in self.infos}

    def xml(self, name: str):
        return etree.fromstring(self.parts[name])

    @property
    def document(self):
        return self.xml("word/document.xml")

    @property
    def styles(self):
        return self.xml("word/styles.xml")

    def style(self, name: str, kind: str = "paragraph"):
        for s in self.styles.iterfind("w:style", NS):
            n = s.find("w:name", NS).get(w("val"))
            if s.get(w("type")) == kind and n.lower() == name.lower():
                return s
        raise KeyError(name)

    def style_id(self, name: str, kind: str = "paragraph") -> str:
        return self.style(name, kind).get(w("styleId"))

    def paragraphs(self):
        """(style id or None, [(run style id or None, text)]) for every body paragraph."""
        out = []
        for p in self.document.iterfind(".//w:body/w:p", NS):
            ps = p.find("w:pPr/w:pStyle", NS)
            runs = []
            for r in p.iterfind("w:r", NS):
                rs = r.find("w:rPr/w:rStyle", NS)
                runs.append((rs.get(w("val")) if rs is not None else None,
                             "".join(t.text or "" for t in r.iterfind("w:t", NS))))
            out.append((ps.get(w("val")) if ps is not None else None, runs))
        return out

    def footers(self) -> dict[str, etree._Element]:
        """Footer root by reference type ("default", "even")."""
        rels = self.xml("word/_rels/document.xml.rels")
        target = {r.get("Id"): r.get("Target") for r in rels}
        out = {}
        for ref in self.document.iterfind(".//w:sectPr/w:footerReference", NS):
            out[ref.get(w("type"))] = self.xml("word/" + target[ref.get(f"{{{NS['r']}}}id")])
        return out


def build(doc=None, **kw) -> Package:
    return Package(write(doc or sample_document(), "docx", **kw).data)


@pytest.fixture(scope="module")
def pkg() -> Package:
    return build()


def rpr_of(style):
    return style.find("w:rPr", NS)


def ppr_of(style):
    return style.find("w:pPr", NS)


def twips_to_mm(v: str) -> float:
    return int(v) / 1440 * 25.4


# ---- page ---------------------------------------------------------------------------------

def test_page_is_a4_with_gbt9704_margins(pkg):
    sect = pkg.document.find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert abs(twips_to_mm(size.get(w("w"))) - 210) < 1
    assert abs(twips_to_mm(size.get(w("h"))) - 297) < 1
    assert size.get(w("orient")) in (None, "portrait")
    mar = sect.find("w:pgMar", NS)
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(twips_to_mm(mar.get(w(side))) - mm) <= 1, side
    grid = sect.find("w:docGrid", NS)
    assert grid.get(w("type")) == "lines" and grid.get(w("linePitch")) == "579"


def test_body_is_16pt_fangsong_exact_579_two_character_indent(pkg):
    normal = pkg.style("Normal")
    assert normal.get(w("default")) == "1"
    r = rpr_of(normal)
    assert r.find("w:sz", NS).get(w("val")) == "32"
    assert r.find("w:rFonts", NS).get(w("eastAsia")) in FANGSONG
    assert r.find("w:spacing", NS).get(w("val")) == "-5"  # −0.25 pt: 28 characters a line
    p = ppr_of(normal)
    ind = p.find("w:ind", NS)
    assert ind.get(w("firstLineChars")) == "200" and ind.get(w("firstLine")) == "640"
    sp = p.find("w:spacing", NS)
    assert (sp.get(w("line")), sp.get(w("lineRule"))) == ("579", "exact")
    assert p.find("w:overflowPunct", NS).get(w("val")) == "1"  # house-style 27a
    assert p.find("w:widowControl", NS).get(w("val")) == "0"


def test_fonts_live_on_styles_without_theme_attributes(pkg):
    styles = pkg.styles
    for rfonts in styles.iter(w("rFonts")):
        assert not [a for a in rfonts.attrib if a.endswith("Theme") or a.endswith("theme")]
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:rFonts", NS).get(w("eastAsia")) in FANGSONG
    assert defaults.find("w:lang", NS).get(w("eastAsia")) == "zh-CN"
    settings = pkg.xml("word/settings.xml")
    assert settings.find("w:themeFontLang", NS).get(w("eastAsia")) == "zh-CN"


@pytest.mark.parametrize("doc", [sample_document(), long_document(2)], ids=["sample", "long"])
def test_document_xml_has_no_direct_fonts_or_sizes(doc):
    body = build(doc).document
    for tag in ("rFonts", "sz", "szCs", "b", "i", "color", "jc", "ind"):
        assert body.find(f".//w:body//w:{tag}", NS) is None, tag


def test_title_is_22pt_centred_and_off_the_grid(pkg):
    title = pkg.style("Title")
    assert rpr_of(title).find("w:sz", NS).get(w("val")) == "44"
    assert ppr_of(title).find("w:jc", NS).get(w("val")) == "center"
    assert ppr_of(title).find("w:snapToGrid", NS).get(w("val")) == "0"
    first = pkg.paragraphs()[0]
    assert first[0] == pkg.style_id("Title")
    assert "".join(t for _, t in first[1]) == sample_document().blocks[0].text


def test_title_group_styles_and_one_blank_line_before_the_salutation(pkg):
    paras = pkg.paragraphs()
    ids = [p[0] for p in paras[:5]]
    assert ids == [pkg.style_id(n) for n in ("Title", "Subtitle", "Byline", "Byline",
                                             "Salutation")]
    assert "".join(t for _, t in paras[1][1]).startswith("——")
    for name in ("Subtitle", "Byline"):
        st = pkg.style(name)
        assert rpr_of(st).find("w:rFonts", NS).get(w("eastAsia")) in KAITI
        assert ppr_of(st).find("w:jc", NS).get(w("val")) == "center"
    sal = ppr_of(pkg.style("Salutation"))
    assert sal.find("w:ind", NS).get(w("firstLine")) == "0"
    body_ps = pkg.document.findall(".//w:body/w:p", NS)
    spaced = [k for k, p in enumerate(body_ps) if p.find("w:pPr/w:spacing", NS) is not None]
    assert spaced == [3]  # the date line, last of the title group
    sp = body_ps[3].find("w:pPr/w:spacing", NS)
    assert sp.get(w("after")) == "579" and sp.get(w("afterLines")) == "100"
    assert all("".join(t for _, t in runs) for _, runs in paras), "no empty paragraphs"


def test_heading_styles_carry_fonts_and_outline_levels(pkg):
    h1, h2 = pkg.style("Heading 1"), pkg.style("Heading 2")
    assert rpr_of(h1).find("w:rFonts", NS).get(w("eastAsia")) in HEITI
    assert rpr_of(h2).find("w:rFonts", NS).get(w("eastAsia")) in KAITI
    assert ppr_of(h1).find("w:outlineLvl", NS).get(w("val")) == "0"
    assert ppr_of(h2).find("w:outlineLvl", NS).get(w("val")) == "1"
    runin = pkg.style("Run-in Heading", "character")
    assert rpr_of(runin).find("w:rFonts", NS).get(w("eastAsia")) in KAITI


def test_headings_are_numbered_paragraphs_in_heading_styles(pkg):
    paras = pkg.paragraphs()
    h1 = ["".join(t for _, t in runs) for sid, runs in paras if sid == pkg.style_id("Heading 1")]
    assert h1[0].startswith("一、") and h1[1].startswith("二、")
    assert h1[2] == "附：有关说明"  # numbered=False: no number
    h2 = ["".join(t for _, t in runs) for sid, runs in paras if sid == pkg.style_id("Heading 2")]
    assert h2 == ["（一）在夯实基础上取得新进展"]


def test_runin_heading_is_one_body_paragraph(pkg):
    runin_id = pkg.style_id("Run-in Heading", "character")
    hits = [(sid, runs) for sid, runs in pkg.paragraphs() if runs and runs[0][0] == runin_id]
    assert len(hits) == 1
    sid, runs = hits[0]
    assert sid is None  # Normal, out of the navigation pane
    assert runs[0][1] == "（二）在破解难题上迈出新步伐"
    assert runs[1][1].startswith("各乡镇聚焦")


@pytest.mark.parametrize("lead_emphasis", ["bold", "kai"])
def test_block_points_start_with_an_emphasised_lead_run(lead_emphasis):
    profile = dataclasses.replace(get_profile("gbt9704"), lead_emphasis=lead_emphasis)
    doc = long_document(2)
    pkg = build(doc, profile=profile)
    lead = pkg.style("Lead", "character")
    rpr = rpr_of(lead)
    emphasised = (rpr.find("w:b", NS) is not None
                  or rpr.find("w:rFonts", NS).get(w("eastAsia")) in KAITI)
    assert emphasised
    lead_id = lead.get(w("styleId"))
    first_runs = {runs[0][1]: runs[0][0] for _, runs in pkg.paragraphs() if runs}
    items = [i for b in doc.blocks if isinstance(b, PointList) and b.layout == "block"
             for i in b.items]
    assert items
    for item in items:
        assert first_runs.get(item.marker + item.lead) == lead_id, item.lead


def test_inline_points_stay_plain_unless_the_profile_emphasises_them():
    doc = sample_document()
    inline = next(b for b in doc.blocks if isinstance(b, PointList) and b.layout == "inline")
    for flag in (False, True):
        profile = dataclasses.replace(get_profile("gbt9704"), inline_emphasis=flag)
        pkg = build(doc, profile=profile)
        lead_id = pkg.style_id("Lead", "character")
        para = next(runs for _, runs in pkg.paragraphs()
                    if "".join(t for _, t in runs).startswith("抓好今年的工作"))
        styled = [t for sid, t in para if sid == lead_id]
        expected = [i.marker + i.lead for i in inline.items] if flag else []
        assert styled == expected
        assert "".join(t for _, t in para) == "抓好今年的工作，" + "".join(
            i.marker + i.lead + i.body[0].text for i in inline.items)


def test_strong_text_uses_the_strong_style(pkg):
    strong_id = pkg.style_id("Strong", "character")
    texts = [t for _, runs in pkg.paragraphs() for sid, t in runs if sid == strong_id]
    assert texts == ["总结去年工作、部署今年任务", "群众办事不出村"]
    assert rpr_of(pkg.style("Strong", "character")).find("w:b", NS) is not None


def test_unresolved_count_shows_its_markup():
    pkg = build(sample_document(with_count=True))
    texts = ["".join(t for _, t in runs) for _, runs in pkg.paragraphs()]
    assert any("我讲[[count sections]]点意见" in t for t in texts)


def test_text_is_escaped_and_breaks_become_breaks():
    doc = Document((Title("A&B <测试> \"引号\""),
                    Paragraph((Text("第一行\n第二行\t制表\x01"),))))
    pkg = build(doc)
    ps = docx.Document(io.BytesIO(pkg.data)).paragraphs
    assert ps[0].text == "A&B <测试> \"引号\""
    assert ps[1].text == "第一行\n第二行\t制表"


# ---- footer --------------------------------------------------------------------------------

def _field_text(p) -> tuple[str, str]:
    """(visible text with the field shown as N, field instruction)."""
    shown, instr, in_field = [], [], False
    for r in p.iterfind("w:r", NS):
        fc = r.find("w:fldChar", NS)
        if fc is not None:
            kind = fc.get(w("fldCharType"))
            in_field = kind == "begin" or (in_field and kind == "separate")
            if kind == "separate":
                shown.append("N")
            continue
        it = r.find("w:instrText", NS)
        if it is not None:
            instr.append(it.text)
            continue
        if not in_field:
            shown.append("".join(t.text for t in r.iterfind("w:t", NS)))
    return "".join(shown), "".join(instr)


def test_footers_show_a_page_field_odd_right_even_left(pkg):
    settings = pkg.xml("word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    footers = pkg.footers()
    assert set(footers) == {"default", "even"}
    for kind, jc, side in (("default", "right", "right"), ("even", "left", "left")):
        p = footers[kind].find("w:p", NS)
        shown, instr = _field_text(p)
        assert shown == "— N —"
        assert instr.strip() == "PAGE"
        assert p.find("w:pPr/w:jc", NS).get(w("val")) == jc
        ind = p.find("w:pPr/w:ind", NS)
        assert ind.get(w(side)) == "280" and ind.get(w(side + "Chars")) == "100"
    footer = pkg.style("footer")
    assert rpr_of(footer).find("w:sz", NS).get(w("val")) == "28"
    assert rpr_of(footer).find("w:rFonts", NS).get(w("eastAsia")) == "宋体"


# ---- package ------------------------------------------------------------------------------

def test_core_properties_come_from_the_outline(pkg):
    core = pkg.xml("docProps/core.xml")
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
          "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
    assert core.findtext("dc:title", namespaces=ns) == META.title
    assert core.findtext("dc:creator", namespaces=ns) == META.author
    assert core.findtext("dc:language", namespaces=ns) == "zh-CN"
    assert core.findtext("dcterms:created", namespaces=ns) == "2026-03-15T00:00:00Z"
    assert core.findtext("dcterms:modified", namespaces=ns) == "2026-03-15T00:00:00Z"
    for name, blob in pkg.parts.items():
        assert b"python-docx" not in blob, name
    props = docx.Document(io.BytesIO(pkg.data)).core_properties
    assert props.title == META.title and props.author == META.author


def test_title_property_falls_back_to_the_title_block_and_bad_dates_warn():
    doc = dataclasses.replace(sample_document(), meta=dataclasses.replace(
        META, title="", date="15/03/2026"))
    result = write(doc, "docx")
    props = docx.Document(io.BytesIO(result.data)).core_properties
    assert props.title == doc.blocks[0].text
    assert props.created is None
    assert any("15/03/2026" in m for m in result.warnings)


def _pr_elements(root):
    return [e for e in root.iter() if e.tag in (w("pPr"), w("rPr"))]


@pytest.mark.parametrize("doc", [sample_document(), long_document(2)], ids=["sample", "long"])
def test_every_ppr_and_rpr_is_in_schema_order(doc):
    pkg = build(doc)
    checked = 0
    for name in ["word/document.xml", "word/styles.xml"] + [
            n for n in pkg.parts if n.startswith("word/footer")]:
        for el in _pr_elements(pkg.xml(name)):
            rank = PPR_RANK if el.tag == w("pPr") else RPR_RANK
            assert not out_of_order(el, rank), (name, etree.tostring(el, encoding="unicode"))
            checked += 1
    assert checked > 20


def test_schema_order_check_catches_a_misplaced_child():
    ppr = etree.fromstring(f'<w:pPr xmlns:w="{W}"><w:jc w:val="both"/><w:ind w:firstLine="640"/>'
                           "</w:pPr>")
    assert out_of_order(ppr, PPR_RANK) == ["ind"]


def test_python_docx_reopens_it_with_the_same_paragraphs():
    doc = long_document(2)
    pkg = build(doc)
    reopened = docx.Document(io.BytesIO(pkg.data))
    plan = layout(doc, get_profile("gbt9704"))
    assert [p.text for p in reopened.paragraphs] == [p.text for p in plan]
    styles = {"title": "Title", "byline": "Byline", "salutation": "Salutation",
              "heading1": "Heading 1", "heading2": "Heading 2", "body": "Normal"}
    assert [p.style.name for p in reopened.paragraphs] == [styles[p.role] for p in plan]
    assert reopened.sections[0].page_width == docx.shared.Mm(210) or abs(
        reopened.sections[0].page_width.mm - 210) < 1


def test_output_is_byte_identical_and_zip_is_deterministic():
    doc = long_document(2)
    first = write(doc, "docx").data
    assert write(doc, "docx").data == first
    docx_writer._cache.clear()  # rebuilt from scratch, still the same bytes
    assert write(doc, "docx").data == first
    infos = Package(first).infos
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_each_builtin_profile(name):
    profile = get_profile(name)
    result = write(sample_document(), "docx", profile=name)
    assert isinstance(result, WriteResult) and result.warnings == []
    pkg = Package(result.data)
    fonts = {r.get(w("eastAsia")) for r in pkg.styles.iter(w("rFonts"))}
    for role in ("body", "kai", "hei", "title", "page"):
        assert profile.fonts[role] in fonts, role
    assert rpr_of(pkg.style("Normal")).find("w:rFonts", NS).get(w("eastAsia")) in FANGSONG
    assert docx.Document(io.BytesIO(result.data)).paragraphs[0].text == sample_document().blocks[0].text


def test_unknown_profile_and_format_are_reported_in_chinese():
    with pytest.raises(InputError) as e:
        get_profile("gkb")
    assert "gkb" in str(e.value) and "gbk" in str(e.value)
    with pytest.raises(InputError):
        write(sample_document(), "docx", profile="nonesuch")
    with pytest.raises(UsageError) as e:
        write(sample_document(), "pdf")
    assert "pdf" in str(e.value)
    assert FORMATS == ("docx", "markdown", "text")


# ---- reference documents ----------------------------------------------------------------------

def _reference(tmp_path, *, drop=(), font="华文仿宋", top_mm=30, rename_ids=False) -> Path:
    """A reference .docx made from our own output: some styles removed, the body font and
    top margin changed; with ``rename_ids`` the style ids look like a Chinese Word's."""
    pkg = build()
    styles = pkg.styles
    for name in drop:
        kind = "character" if name in ("Lead", "Strong", "Run-in Heading") else "paragraph"
        st = next(s for s in styles.iterfind("w:style", NS)
                  if s.get(w("type")) == kind
                  and s.find("w:name", NS).get(w("val")).lower() == name.lower())
        styles.remove(st)
    normal = next(s for s in styles.iterfind("w:style", NS) if s.get(w("styleId")) == "Normal")
    normal.find("w:rPr/w:rFonts", NS).set(w("eastAsia"), font)
    document = pkg.document
    if rename_ids:
        ids = {"Heading1": "1", "Heading2": "2", "Title": "a3", "Lead": "a9"}
        for s in styles.iterfind("w:style", NS):
            sid = s.get(w("styleId"))
            if sid in ids:
                s.set(w("styleId"), ids[sid])
            for ref in s.iterfind("w:basedOn", NS):
                ref.set(w("val"), ids.get(ref.get(w("val")), ref.get(w("val"))))
    document.find(".//w:sectPr/w:pgMar", NS).set(w("top"), str(round(top_mm / 25.4 * 1440)))
    parts = dict(pkg.parts)
    parts["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8")
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
    path = tmp_path / "office.docx"
    path.write_bytes(zip_parts(list(parts.items())))
    return path


def test_reference_doc_styles_and_page_win(tmp_path):
    ref = _reference(tmp_path)
    result = write(sample_document(), "docx", reference_doc=ref)
    assert result.warnings == []
    pkg = Package(result.data)
    assert rpr_of(pkg.style("Normal")).find("w:rFonts", NS).get(w("eastAsia")) == "华文仿宋"
    top = pkg.document.find(".//w:sectPr/w:pgMar", NS).get(w("top"))
    assert abs(twips_to_mm(top) - 30) < 0.1
    body = pkg.document.find("w:body", NS)
    assert body.find(".//w:rFonts", NS) is None and body.find(".//w:sz", NS) is None
    assert set(pkg.footers()) == {"default", "even"}


def test_reference_doc_missing_a_style_gets_it_with_a_warning(tmp_path):
    ref = _reference(tmp_path, drop=("Lead", "Byline"))
    result = write(long_document(2), "docx", reference_doc=ref)
    assert sorted(result.warnings) == sorted(
        ["参考模板缺少样式“Lead”，已按内置样式补上。", "参考模板缺少样式“Byline”，已按内置样式补上。"])
    pkg = Package(result.data)
    lead_id = pkg.style_id("Lead", "character")
    assert rpr_of(pkg.style("Lead", "character")).find("w:b", NS) is not None
    assert any(runs and runs[0][0] == lead_id for _, runs in pkg.paragraphs())


def test_reference_doc_style_ids_are_looked_up_by_name(tmp_path):
    ref = _reference(tmp_path, rename_ids=True)
    pkg = Package(write(sample_document(), "docx", reference_doc=ref).data)
    ids = {sid for sid, _ in pkg.paragraphs()}
    assert {"1", "2", "a3"} <= ids and "Heading1" not in ids
    assert any(runs[0][0] == "a9" for _, runs in pkg.paragraphs() if runs)
    reopened = docx.Document(io.BytesIO(pkg.data))
    assert reopened.paragraphs[0].style.name == "Title"


def test_foreign_reference_doc_gets_drafter_styles(tmp_path):
    """A plain python-docx document lacks drafter's own styles: each is added and named."""
    path = tmp_path / "plain.docx"
    docx.Document().save(path)
    result = write(sample_document(), "docx", reference_doc=path)
    missing = sorted(m.split("“")[1].split("”")[0] for m in result.warnings)
    assert missing == ["Byline", "Lead", "Run-in Heading", "Salutation"]
    pkg = Package(result.data)
    # the reference's page (US Letter) wins, and no python-docx trace is left behind
    assert pkg.document.find(".//w:sectPr/w:pgSz", NS).get(w("w")) == "12240"
    assert b"python-docx" not in pkg.parts["docProps/core.xml"]
    assert docx.Document(io.BytesIO(pkg.data)).paragraphs[2].style.name == "Byline"


def test_word_template_dotx_works_as_reference(tmp_path):
    pkg = build()
    parts = dict(pkg.parts)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
    path = tmp_path / "office.dotx"
    path.write_bytes(zip_parts(list(parts.items())))
    result = write(sample_document(), "docx", reference_doc=path)
    assert result.warnings == []
    out = Package(result.data)
    assert b"document.main+xml" in out.parts["[Content_Types].xml"]
    assert b"template.main+xml" not in out.parts["[Content_Types].xml"]
    assert docx.Document(io.BytesIO(result.data)).paragraphs[0].style.name == "Title"


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04broken", "zip"])
def test_unreadable_reference_doc_is_an_input_error_naming_it(tmp_path, content):
    path = tmp_path / "模板.docx"
    if content == "zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("hello.txt", "hi")
    else:
        path.write_bytes(content)
    with pytest.raises(InputError) as e:
        write(sample_document(), "docx", reference_doc=path)
    assert str(path) in str(e.value) and "参考模板" in str(e.value)


def test_missing_reference_doc_is_an_input_error(tmp_path):
    path = tmp_path / "none.docx"
    with pytest.raises(InputError) as e:
        write(sample_document(), "docx", reference_doc=path)
    assert str(path) in str(e.value)


# ---- speed ------------------------------------------------------------------------------------

def _zipfile_bytes(parts) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            zf.writestr(info, data)
    return buf.getvalue()


def test_our_zip_writer_lays_out_bytes_as_zipfile_does():
    # The writer copies pre-deflated base parts; the archive must still be a plain zip that
    # any reader (Word, WPS, LibreOffice, zipfile) takes: with zlib's deflate, byte for byte
    # what zipfile writes; with libdeflate's, the same layout around other deflate streams.
    for doc in (sample_document(), long_document()):
        data = write(doc, "docx").data
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None
            parts = [(n, z.read(n)) for n in z.namelist()]
            ours = z.infolist()
        assert data == zip_parts(parts)
        assert zip_parts(parts, zlib_deflate) == _zipfile_bytes(parts)
        with zipfile.ZipFile(io.BytesIO(_zipfile_bytes(parts))) as z:
            theirs = z.infolist()
        fields = ("filename", "CRC", "file_size", "compress_type", "date_time", "external_attr",
                  "create_system", "create_version", "extract_version", "flag_bits")
        assert ([[getattr(i, f) for f in fields] for i in ours]
                == [[getattr(i, f) for f in fields] for i in theirs])


def test_libdeflate_streams_are_plain_deflate_about_as_small_as_zlibs():
    from conftest import skip_unless_wheel_here
    from drafter.writers import _ooxml

    skip_unless_wheel_here("deflate", "libdeflate (the deflate package) has no wheel for this platform")
    assert _ooxml._libdeflate is not None
    xml = write(long_document(), "docx").data
    with zipfile.ZipFile(io.BytesIO(xml)) as z:
        document = z.read("word/document.xml")
    ours = _ooxml.raw_deflate(document)
    assert zlib.decompress(ours, -15) == document
    assert type(ours) is bytes
    assert len(ours) <= len(zlib_deflate(document)) * 1.03


def test_text_escaping_keeps_spaces_and_drops_only_what_xml_forbids():
    from drafter.writers._ooxml import esc

    assert esc("县委书记\u3000韩志远 & <b> \"甲\"\t\n") == "县委书记\u3000韩志远 &amp; &lt;b&gt; &quot;甲&quot;\t\n"
    assert esc("甲\x01乙\x1f丙\ufffe丁\ud800戊\uffff") == "甲乙丙丁戊"
