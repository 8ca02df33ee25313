"""Issue 5: every rule of ``drafter check`` with texts that must trigger it and texts that must not.

Texts are laid out like a .txt file: one paragraph per line.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from drafter.check import RULES, check_text
from drafter.check.config import DEFAULT


def found(text: str, rule: str, config=None, **kw):
    return [f for f in check_text(text, config, **kw) if f.rule == rule]


def lines(*paras: str) -> str:
    return "\n".join(paras)


# ---- count.mismatch ------------------------------------------------------------------------

COUNT_TRIGGERS = [
    # announced four, three level-1 headings follow
    (lines("下面，我讲四点意见。", "一、提高认识", "正文一。", "二、压实责任", "正文二。", "三、强化保障", "正文三。"),
     "四点", "3 个一级标题"),
    # announced two, an inline list of three follows in the same paragraph
    (lines("我讲两点：一是抓好春耕；二是抓好水利；三是抓好防汛。"), "两点", "3 条"),
    # Arabic digits; a block list of three follows
    (lines("今年要抓好5项工作。", "一要加强领导。各级要重视。", "二要完善机制。制度要健全。", "三要强化督查。督查要到位。"),
     "5项", "3 条"),
    # level-2 headings counted up to the next level-1 heading
    (lines("一、总体要求", "主要从以下三个方面推进。", "（一）抓项目", "正文。", "（二）抓招商", "正文。",
           "二、保障措施", "正文。"), "三个方面", "2 个二级标题"),
    # a count followed by a colon announces the list after it
    (lines("问题集中体现在三个方面：一是审批慢；二是兑现慢。"), "三个方面", "2 条"),
]


@pytest.mark.parametrize("text, written, actual", COUNT_TRIGGERS)
def test_count_mismatch_triggers(text, written, actual):
    hits = found(text, "count.mismatch")
    assert len(hits) == 1
    assert f"“{written}”" in hits[0].message and actual in hits[0].message
    assert written in hits[0].quote
    assert hits[0].severity == "error"


COUNT_CLEAN = [
    lines("下面，我讲三点意见。", "一、甲", "正文。", "二、乙", "正文。", "三、丙", "正文。"),
    lines("我讲两点：一是抓好春耕；二是抓好水利。"),
    lines("下面，我讲几点意见。", "一、甲", "二、乙"),  # 几点 is not a count
    lines("刚才，李局长讲了三点意见，我都同意。", "一、甲", "二、乙"),  # refers back
    lines("会议定于下午三点召开。", "一、甲"),
    # the count is not in the last sentence: no structure follows it directly
    lines("我们要抓好五项工作，这是全年的重点。今天先说说其中的两项。", "一、甲", "二、乙"),
    lines("今年经济增长三点五个百分点。", "一是甲。", "二是乙。"),
]


@pytest.mark.parametrize("text", COUNT_CLEAN)
def test_count_mismatch_clean(text):
    assert found(text, "count.mismatch") == []


# ---- enumerations --------------------------------------------------------------------------

SEQUENCE_TRIGGERS = [
    ("一是抓好甲；二是抓好乙；四是抓好丙。", "中间缺了“三是”"),
    (lines("一是抓好甲。", "二是抓好乙。", "二是抓好丙。"), "重复"),
    ("二是抓好甲；三是抓好乙。", "前面没有“一是”"),
    ("首先，要抓甲。最后，要抓乙。其次，要抓丙。", "“最后”之后又出现了“其次”"),
    ("其次，要抓好甲。", "前面没有“首先”"),
    ("首先，要抓甲。再次，要抓乙。", "缺了“其次”"),
    ("首先，要抓甲。其次，要抓乙。最后，要抓丙。最后，要抓丁。", "“最后”用了两次"),
    (lines("一要加强领导。", "二要完善机制。", "四要强化督查。"), "中间缺了“三要”"),
    (lines("第一，加强领导。", "第三，强化督查。"), "中间缺了“第二”"),
]


@pytest.mark.parametrize("text, words", SEQUENCE_TRIGGERS)
def test_enum_sequence_triggers(text, words):
    hits = found(text, "enum.sequence")
    assert len(hits) == 1
    assert words in hits[0].message


SEQUENCE_CLEAN = [
    "一是抓好甲；二是抓好乙；三是抓好丙。",
    "按照统一要求，一是抓好甲；二是抓好乙。",  # 统一要求 holds no 一要
    "首先，要抓甲。其次，要抓乙。最后，要抓丙。",
    "最后，我再强调一下安全问题。",  # a lone 最后 closes a speech
    "出了问题要第一时间报告，第二天复核。",  # 第一时间 is not a marker
    lines("一是抓好甲。", "这方面的要求是明确的。", "二是抓好乙。"),  # an explaining paragraph between items
    lines("主要表现为：一是审批慢；二是兑现慢。", "三是服务意识不强。"),  # an inline list continued
    lines("一是甲。二是乙。", "二、第二部分", "一是丙。二是丁。"),  # a heading starts new lists
    lines("一是抓好甲。其中，一要抓住重点；二要补齐短板。", "二是抓好乙。"),  # a nested list of another kind
    "产生问题的原因一是思想认识不到位；二是工作措施不得力。",  # 一是 runs on from the word before it
    "人、财、物，三要素缺一不可。",  # 三要素 is a word
]


@pytest.mark.parametrize("text", SEQUENCE_CLEAN)
def test_enum_sequence_clean(text):
    assert found(text, "enum.sequence") == []
    assert found(text, "enum.mixed") == []


@pytest.mark.parametrize("text, word", [
    ("一是抓好甲；二要抓好乙；三是抓好丙。", "二要"),
    (lines("一是抓好甲。", "二要抓好乙。"), "二要"),
    (lines("第一，抓好甲。", "二是抓好乙。"), "二是"),
])
def test_enum_mixed_triggers(text, word):
    hits = found(text, "enum.mixed")
    assert len(hits) == 1
    assert f"这里是“{word}”" in hits[0].message
    assert found(text, "enum.sequence") == []  # reported once, as mixing


def test_enum_mixed_clean_when_nested_list_starts_over():
    assert found("一是抓好甲，其中，一要抓重点，二要补短板；二是抓好乙。", "enum.mixed") == []


# ---- headings ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, words", [
    (lines("一、甲", "二、乙", "四、丙"), "中间缺了“三、”"),
    (lines("一、甲", "（一）子甲", "（三）子乙"), "中间缺了“（二）”"),
    (lines("二、甲", "三、乙"), "应当从“一、”开始"),
    (lines("一、甲", "1.子甲", "2.子乙", "2.子丙"), "“2.”重复了"),
    (lines("一、甲", "二、乙", "一、丙"), "倒退"),
])
def test_heading_sequence_triggers(text, words):
    hits = found(text, "heading.sequence")
    assert len(hits) == 1 and words in hits[0].message


@pytest.mark.parametrize("text", [
    lines("一、甲", "（一）子甲", "（二）子乙", "二、乙", "（一）子丙", "1.细目", "2.细目"),
    lines("2026年是关键的一年。", "1.5亿元资金已经到位。"),
    lines("（一）加强领导。各级要重视。", "（二）完善机制。制度要健全。"),
])
def test_heading_sequence_clean(text):
    assert found(text, "heading.sequence") == []


# ---- placeholders --------------------------------------------------------------------------

@pytest.mark.parametrize("text, mark", [
    ("请XX同志负责。", "XX"), ("由XXX单位牵头。", "XXX"), ("××县要抓紧。", "××"),
    ("某某同志发言。", "某某"), ("完成＿＿项任务。", "＿＿"), ("完成__项任务。", "__"),
    ("投资【待补】亿元。", "【待补】"), ("数字【待核实】。", "【待核实】"), ("这里TODO补充。", "TODO"),
])
def test_placeholder_triggers(text, mark):
    hits = found(text, "placeholder")
    assert [h.severity for h in hits] == ["warning"]
    assert f"“{mark}”" in hits[0].message and mark in hits[0].quote
    final = found(text, "placeholder", replace(DEFAULT, final=True))
    assert [h.severity for h in final] == ["error"]


@pytest.mark.parametrize("text", [
    "尺码有XXL号。", "某县某单位做得不错。", "面积为2×3平方米。", "按照《条例》办理。",
])
def test_placeholder_clean(text):
    assert found(text, "placeholder") == []


# ---- punctuation ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, mark", [
    ("今天开会,讨论工作。", ","), ("主要任务:抓落实。", ":"), ("一要快;二要实。", ";"),
    ("这样做对吗?", "?"), ("大家辛苦了!", "!"), ("十四五规划(2026年)已经印发。", "("),
    ("工作还有很多.", "."), ("等等...还有很多。", "..."),
])
def test_halfwidth_triggers(text, mark):
    hits = found(text, "punct.halfwidth")
    assert len(hits) == 1 and f"“{mark}”" in hits[0].message


def test_halfwidth_one_finding_per_paragraph_with_count():
    hits = found("今天开会,讨论工作,部署任务:抓落实。", "punct.halfwidth")
    assert len(hits) == 1 and "共 3 处" in hits[0].message


@pytest.mark.parametrize("text", [
    "会议上午10:30开始。", "增长5.6%。", "1.加强领导", "他用英文说了一句 Hello, world 。",
    "规划（2026年）已经印发。", "使用 Python(3.11) 编写。", "A,B两类项目都要抓。",
])
def test_halfwidth_clean(text):
    assert found(text, "punct.halfwidth") == []


@pytest.mark.parametrize("text", ['他说"要抓落实"。', "所谓'放管服'改革。", '他说"要抓落实。'])
def test_quotes_trigger(text):
    assert len(found(text, "punct.quotes")) == 1


@pytest.mark.parametrize("text", ['He said "fine".', "I don't know.", "他说：“要抓落实。”"])
def test_quotes_clean(text):
    assert found(text, "punct.quotes") == []


@pytest.mark.parametrize("text, words", [
    ("完成“十四五”规划“开局之年的任务。", "前引号没有配对的后引号"),
    ("认真学习《条例》》。", "多了一个后书名号"),
    ("规划（2026年已经印发。", "前括号“（”没有配对"),
    ("这一段多了一个】。", "多了一个后方括号"),
    ("他说：“要落实《方案”》。", "前书名号“《”没有配对"),
])
def test_unbalanced_triggers(text, words):
    hits = found(text, "punct.unbalanced")
    assert len(hits) == 1 and words in hits[0].message and hits[0].severity == "error"


@pytest.mark.parametrize("text", ["他说：“甲‘乙’丙。”", "《条例》（2026年）已经施行。", "【说明】无。"])
def test_unbalanced_clean(text):
    assert found(text, "punct.unbalanced") == []


def test_a_quotation_of_several_paragraphs_opens_each_and_closes_once():
    quoted = lines("他在信里写道：", "“这几年，村里的路修通了。", "“大家的日子一年比一年好。”", "读来很受触动。")
    assert found(quoted, "punct.unbalanced") == []
    # the last paragraph of the run must still close
    unclosed = lines("“这几年，村里的路修通了。", "“大家的日子一年比一年好。", "读来很受触动。")
    hits = found(unclosed, "punct.unbalanced")
    assert len(hits) == 1 and hits[0].paragraph == 2 and "前引号没有配对" in hits[0].message
    # a quote left open inside a paragraph is still an error, even before a quoted paragraph
    inside = lines("完成“十四五”规划“开局之年的任务。", "“下一段引文。”")
    assert len(found(inside, "punct.unbalanced")) == 1


# ---- repeats -------------------------------------------------------------------------------

SENTENCE = "我们要把安全生产放在首位抓紧抓实。"


def test_repeated_sentence_triggers():
    text = lines("今天开会。" + SENTENCE + "这是第一段。", "各单位要行动起来。", "第三段另有内容。" + SENTENCE)
    hits = found(text, "repeat.sentence")
    assert len(hits) == 1
    assert hits[0].paragraph == 3 and "第 1 段" in hits[0].message and "放在首位" in hits[0].quote


@pytest.mark.parametrize("text", [
    lines("好。", "好。"),  # too short to matter
    lines("我们要把安全生产放在首位抓紧抓实。", "我们要把乡村振兴放在心上扎实推进。"),
])
def test_repeated_sentence_clean(text):
    assert found(text, "repeat.sentence") == []


PARA = ("今年全县要新建高标准农田三万五千亩，整治小型灌区渠道八十六公里，所有项目都要在五月底前"
        "完成主体工程，确保不误夏季用水，有关部门要倒排工期、挂图作战。")


def test_repeated_paragraph_exact_and_near():
    near = PARA.replace("八十六公里", "九十公里")
    hits = found(lines(PARA, "中间有一段别的话。", near), "repeat.paragraph")
    assert len(hits) == 1 and "第 1 段" in hits[0].message and "几乎相同" in hits[0].message
    exact = found(lines(PARA, PARA), "repeat.paragraph")
    assert len(exact) == 1 and "完全相同" in exact[0].message
    # the sentences of a reported pair are not reported again
    assert found(lines(PARA, PARA), "repeat.sentence") == []


def test_repeated_paragraph_clean():
    other = ("全县今年还要抓好防汛备汛工作，提前检修泵站和排涝设施，备足沙袋、水泵等防汛物资，"
             "落实好每一处水库和堤防的巡查责任人，确保安全度汛。")
    assert found(lines(PARA, other), "repeat.paragraph") == []


def test_repeats_scale_near_linearly():
    import time

    paras = [f"第{i}号段落讲的是编号为{i * 7919 % 100003}的事项，各单位要按照{i % 13}号文件要求，"
             f"在{i % 28 + 1}日前报送材料。" for i in range(4000)]
    start = time.perf_counter()
    check_text("\n".join(paras))
    assert time.perf_counter() - start < 10  # an all-pairs comparison would take minutes


# ---- lead phrases --------------------------------------------------------------------------

def test_lead_repeat_triggers():
    text = lines("一要加强领导。各级要重视。", "二要完善制度。制度要健全。", "三要加强领导。督查要到位。")
    hits = found(text, "list.lead_repeat")
    assert len(hits) == 1 and "“三要”" in hits[0].message and "“一要”" in hits[0].message


@pytest.mark.parametrize("text", [
    lines("一要加强领导。", "二要完善制度。", "三要强化督查。"),
    lines("一要加强领导。", "二要完善制度。", "二、第二部分", "一要加强领导。"),  # another list
])
def test_lead_repeat_clean(text):
    assert found(text, "list.lead_repeat") == []


def test_lead_shape_triggers():
    text = lines("一要加强领导，明确责任。各级要重视。", "二要统筹兼顾，协调推进。各部门要配合。",
                 "三要督查。督查组要到一线去。")
    hits = found(text, "list.lead_shape")
    assert len(hits) == 1 and "“三要”" in hits[0].message and "4＋4" in hits[0].message


@pytest.mark.parametrize("text", [
    lines("一要加强领导，明确责任。", "二要统筹兼顾，协调推进。", "三要严格督查，较真碰硬。"),
    # lists of full sentences are not parallel phrases
    lines("一是全县粮食播种面积稳定在五十八万亩以上。", "二是高标准农田建设任务提前完成。",
          "三是农村居民人均可支配收入增长六个百分点，高于城镇居民。"),
    # inline lists are not checked for shape
    "一要加强领导，明确责任；二要统筹兼顾，协调推进；三要督查。",
    lines("一要加强领导，明确责任。", "二要督查。"),  # too short to have a pattern
])
def test_lead_shape_clean(text):
    assert found(text, "list.lead_shape") == []


# ---- dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("会议于2026-3-15召开。", "“2026-3-15”应写作“2026年3月15日”"),
    ("会议于2026/03/15召开。", "应写作“2026年3月15日”"),
    ("会议于2026年03月05日召开。", "前面多了“0”"),
    ("二零二六年三月", "零写成了“零”"),
    (lines("（二〇二六年三月十五日）", "会议于2026年3月20日召开。"), "日期写法不统一"),
])
def test_date_format_triggers(text, words):
    hits = found(text, "date.format")
    assert len(hits) == 1 and words in hits[0].message


@pytest.mark.parametrize("text", [
    "会议于2026年3月15日召开。", "2016—2020年是关键时期。", "软件升级到1.2.3版。",
    "（二〇二六年三月十五日）", "2026.3 已经过去。",
])
def test_date_format_clean(text):
    assert found(text, "date.format") == []


@pytest.mark.parametrize("text, words", [
    ("会议定于2026年3月15日（星期三）召开。", "是星期日"),
    ("会议定于2026年3月15日周一召开。", "是星期日"),
    # the year of a date without one comes from the full dates of the text
    (lines("2026年3月1日，我们召开了动员会。", "检查定于3月16日（星期三）进行。"), "2026年3月16日是星期一"),
])
def test_weekday_triggers(text, words):
    hits = found(text, "date.weekday")
    assert len(hits) == 1 and words in hits[0].message and hits[0].severity == "error"


@pytest.mark.parametrize("text", [
    "会议定于2026年3月15日（星期日）召开。",
    "会议定于2026年3月15日（星期天）召开。",
    "检查定于3月16日（星期三）进行。",  # no year known
    lines("2025年12月1日开过一次会。", "2026年1月5日又开了一次。", "3月16日（星期三）再开。"),  # two years: unknown
])
def test_weekday_clean(text):
    assert found(text, "date.weekday") == []


def test_weekday_uses_the_meeting_year_of_a_model():
    from drafter.check.engine import check_paras
    from drafter.check.readers import paras_from_texts

    paras = paras_from_texts([("检查定于3月16日（星期三）进行。", 1)], "x.txt")
    assert [f.rule for f in check_paras(paras, year=2026)] == ["date.weekday"]
    assert check_paras(paras, year=2022) == []  # 2022-03-16 was a Wednesday


# ---- lengths and speaking time -------------------------------------------------------------

LONG = "各级各部门要" + "切实增强责任感使命感紧迫感" * 10 + "。"


def test_long_sentence_triggers_and_is_configurable():
    hits = found(LONG, "length.sentence")
    assert len(hits) == 1 and f"有 {len(LONG)} 个字" in hits[0].message and hits[0].severity == "warning"
    short = "各级各部门要切实增强责任感使命感紧迫感，把各项工作抓紧抓实抓好。"
    assert found(short, "length.sentence") == []
    assert len(found(short, "length.sentence", replace(DEFAULT, sentence_chars=20))) == 1


def test_semicolons_end_a_sentence_for_length():
    clause = "各级各部门要切实增强责任感使命感紧迫感" * 3
    assert found("；".join([clause] * 4) + "。", "length.sentence") == []


SPEECH = lines("在某会议上的讲话", "同志们：", "开头的话。" * 20,
               "一、第一部分", "第一部分的内容。" * 60, "二、第二部分", "第二部分内容。" * 10)


def test_total_time_triggers_over_and_under():
    over = found(SPEECH, "time.total", target_minutes=1)
    assert len(over) == 1 and "超过了安排的 1 分钟" in over[0].message
    under = found(SPEECH, "time.total", target_minutes=30)
    assert len(under) == 1 and "短不少" in under[0].message


def test_total_time_clean():
    chars = sum(1 for ch in SPEECH if "\u4e00" <= ch <= "\u9fff") - len("在某会议上的讲话")
    assert found(SPEECH, "time.total", target_minutes=chars / 220) == []
    assert found(SPEECH, "time.total") == []  # no target, nothing to compare


def test_section_time_triggers_and_clean():
    hits = found(SPEECH, "time.section", target_minutes=3)
    assert [h.quote for h in hits] == ["一、第一部分"]
    balanced = lines("一、甲", "内容。" * 50, "二、乙", "内容。" * 50)
    assert found(balanced, "time.section", target_minutes=3) == []


def test_time_target_from_config():
    config = replace(DEFAULT, target_minutes=1.0)
    assert len(found(SPEECH, "time.total", config)) == 1


# ---- phrases -------------------------------------------------------------------------------

def test_banned_phrase_triggers_and_clean():
    config = replace(DEFAULT, phrases={"老提法": "新提法", "口头禅": ""})
    hits = found("我们还在用老提法和口头禅。", "phrase.banned", config)
    assert [h.hint for h in hits] == ["改为“新提法”。", "换一种说法。"]
    assert found("我们还在用老提法。", "phrase.banned") == []  # none configured
    assert found("我们用的是新提法。", "phrase.banned", config) == []


# ---- the rule table ------------------------------------------------------------------------

def test_every_rule_has_tests_here():
    import pathlib

    source = pathlib.Path(__file__).read_text(encoding="utf-8")
    missing = [rule for rule in RULES if f'"{rule}"' not in source]
    assert missing == []


def test_rules_off_and_severity_from_config():
    config = replace(DEFAULT, severity={"placeholder": "off", "punct.halfwidth": "error"})
    rules = {f.rule: f.severity for f in check_text("请XX同志负责,抓紧。", config)}
    assert "placeholder" not in rules and rules["punct.halfwidth"] == "error"
