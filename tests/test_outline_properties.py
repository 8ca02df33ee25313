"""Any outline a writer can type builds a draft or is refused with a message naming the outline.

Outlines are generated from the schema (drafter.outline.SCHEMA): each part present or not, texts
that use variables, markup characters, blank lines and blanks, snippet references, outline-local
snippets, and now and then a value of the wrong type. Whatever comes out, drafter answers with a
draft or an InputError; never another exception (a traceback for a writer's mistake is a bug),
and never an error that points at the built-in template for a mistake made in the outline.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.errors import InputError
from drafter.outline import SCHEMA
from drafter.pipeline import Request, build

BUILTIN = Path(__file__).resolve().parent.parent
SNIPPETS = sorted(str(p.relative_to(BUILTIN / "snippets").with_suffix("").as_posix())
                  for p in (BUILTIN / "snippets").rglob("*.j2"))

TEXTS = st.sampled_from([
    "普通的一段话。", "文字里有{{ 县名 }}。", "**加粗**的话", "我讲[[count]]点", "\\# 不是标题", "行一\n行二",
    "段一\n\n段二", "English words 2026", "引导句。|正文", "{{ 变量[\"产值(亿元)\"] }}亿元", "  ", "",
    "——副标题", "全角　空格", "{% if 县名 %}有{% endif %}", "::end", "- 不是列表项", "# 也不是标题",
])
WRONG = st.sampled_from([3, True, [], {}, dt.date(2026, 1, 1), {"snippet": "没有/这个"}, ["一", 1]])
LOCAL_BODIES = st.sampled_from(["本单位的一段话。", "{{ 参数 }}", "::list 是\n- 一项。\n::end", "# 标题",
                                "{{ snippet('本单位/甲') }}", "{{ 没有定义 }}", ""])


def _value(spec, draw, depth=0):
    if draw(st.integers(0, 40)) == 0:
        return draw(WRONG)
    if isinstance(spec, dict):
        keys = [k for k in spec if k not in ("snippet", "template") and
                (k in ("who", "heading", "items") or draw(st.booleans()))]
        table = {k: _value(spec[k], draw, depth + 1) for k in keys}
        if "snippet" in spec and draw(st.integers(0, 6)) == 0:
            table = {"snippet": draw(st.sampled_from(SNIPPETS))}
        return table
    if isinstance(spec, tuple):
        head = spec[0]
        if head == "choice":
            return draw(st.sampled_from(spec[1:]))
        if head in ("list", "array"):
            return [_value(spec[1], draw, depth + 1) for _ in range(draw(st.integers(0, 3)))]
        if head == "any":
            return _value(draw(st.sampled_from(spec[1:])), draw, depth)
    if spec == "bool":
        return draw(st.booleans())
    if spec == "number":
        return draw(st.sampled_from([30, 45.5]))
    if spec == "date":
        return draw(st.sampled_from([dt.date(2026, 4, 16), "2026年4月16日"]))
    if spec == "name":
        return draw(st.sampled_from(SNIPPETS))
    if spec == "passage":
        kind = draw(st.integers(0, 5))
        if kind <= 2:
            return draw(TEXTS)
        if kind == 3:
            return [draw(TEXTS) for _ in range(draw(st.integers(1, 3)))]
        return False if kind == 4 else {"snippet": draw(st.sampled_from(SNIPPETS))}
    if spec == "item":
        return draw(TEXTS) if draw(st.booleans()) else {"lead": draw(TEXTS), "body": draw(TEXTS)}
    if spec == "free":
        return {"县名": "桐川县", "产值(亿元)": 3.0}
    if spec == "local-snippets":
        names = draw(st.lists(st.sampled_from(["本单位/甲", "本单位/乙", "closing/call", "../越界"]),
                              max_size=2, unique=True))
        return {n: {"body": draw(LOCAL_BODIES), "params": {"参数": {"default": "默认的话"}}} for n in names}
    return draw(TEXTS)


@st.composite
def outlines(draw):
    doc = {key: _value(spec, draw) for key, spec in SCHEMA.items() if draw(st.booleans())}
    meeting = doc.get("meeting") if isinstance(doc.get("meeting"), dict) else {}
    meeting["title"] = "在全县工作会议上的讲话"
    doc["meeting"] = meeting
    doc["vars"] = {"县名": "桐川县", "产值(亿元)": 3.0}
    if not isinstance(doc.get("sections"), list) or not doc["sections"]:
        doc["sections"] = [{"heading": "抓好重点工作", "paragraphs": ["要抓紧抓实。"]}]
    return doc


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outlines())
def test_any_outline_builds_or_is_refused_at_the_outline(tmp_path_factory, doc):
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):  # not expressible in TOML (e.g. mixed arrays in old writers)
        return
    path = tmp_path_factory.mktemp("o") / "meeting.toml"
    path.write_text(text, encoding="utf-8")
    try:
        for fmt in ("docx", "text", "markup"):
            assert build(Request(outline=path), fmt).data
    except InputError as exc:
        for problem in exc.problems:
            assert problem.message
            # a mistake in the outline is named in the outline (or in a snippet it calls), not
            # in the built-in speech template
            assert not str(problem.file or "").endswith("templates/speech/default.j2"), exc.format()
