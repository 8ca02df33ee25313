"""Sample resolved Documents for writer tests.

All Chinese text here is our own writing: short phrases combined by a seeded generator, so
the long sample runs to many pages without repeating whole paragraphs. Numbers are filled in
as ``transforms.resolve`` would ("一、", "（一）", "一是"), so writers get what they expect.
"""
from __future__ import annotations

import random

from drafter.model import (Byline, Count, Document, Heading, Meta, Paragraph, Point, PointList,
                           Salutation, Subtitle, Text, Title)

_DIGITS = "零一二三四五六七八九"


def cn(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (enough for samples)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


META = Meta(title="在全县基层治理现代化推进会上的讲话", author="县委办公室",
            keywords="基层治理;讲话", date="2026-03-15")


def sample_document(*, with_count: bool = False) -> Document:
    """A short draft with every kind of block and inline the writers handle."""
    opening = [Text("今天召开这次推进会，主要任务是"), Text("总结去年工作、部署今年任务", "strong"),
               Text("。刚才，几位同志作了发言，讲得都很实在，我完全赞同。下面，我讲"),
               Text("三" if not with_count else ""),]
    if with_count:
        opening.append(Count("sections"))
    opening.append(Text("点意见。"))
    blocks = [
        Title("凝心聚力抓落实　久久为功促发展"),
        Subtitle("——在全县基层治理现代化推进会上的讲话"),
        Byline("县委书记　王　明", "speaker"),
        Byline("（2026年3月15日）", "date"),
        Salutation("同志们："),
        Paragraph(tuple(opening)),
        Heading(1, "充分肯定成绩，切实增强做好工作的信心", number="一、"),
        Paragraph((Text("过去一年，全县上下紧扣年初目标，完成重点项目42个，群众满意度达到96.5%。"),)),
        Heading(2, "在夯实基础上取得新进展", number="（一）"),
        PointList("yishi", "block", (
            Point("网格体系更加健全。", (Text("全县划分网格1260个，专职网格员全部到岗。"),),
                  marker="一是"),
            Point("服务阵地更加完善。", (Text("新建和改造村级服务站38处，"),
                                            Text("群众办事不出村", "strong"), Text("。")),
                  marker="二是"),
        ), intro=(Text("主要体现在两个方面："),), outro=(Text("这些成绩来之不易。"),)),
        Heading(2, "在破解难题上迈出新步伐", number="（二）",
                body=(Text("各乡镇聚焦矛盾纠纷多发领域，推行“一站式”调处机制，化解积案210件。"),)),
        Heading(1, "准确把握要求，扎实推进重点任务", number="二、"),
        PointList("yishi", "inline", (
            Point("压实责任", (Text("，做到守土有责；"),), marker="一要"),
            Point("健全机制", (Text("，做到运转顺畅；"),), marker="二要"),
            Point("强化督查", (Text("，做到件件有着落。"),), marker="三要"),
        ), intro=(Text("抓好今年的工作，"),)),
        Heading(1, "附：有关说明", numbered=False, number="三、"),
        Paragraph((Text("同志们，"), Text("使命在肩，唯有实干。"), Text("让我们携手并进，为全县发展作出新的更大贡献！"))),
    ]
    return Document(tuple(blocks), META)


# ---- a long sample ------------------------------------------------------------------------

_WHO = ["各乡镇", "县直各部门", "各级党组织", "广大党员干部", "各村（社区）", "相关职能部门",
        "驻村工作队", "各行业主管单位", "基层网格员队伍", "各类市场主体"]
_DO = ["要把基层治理摆在更加突出的位置", "要坚持问题导向和目标导向相统一",
       "要在完善制度、健全机制上持续用力", "要把工作重心下移到村组和社区一线",
       "要用好“互联网+政务服务”平台", "要主动对接群众急难愁盼的具体事项",
       "要统筹发展和安全两件大事", "要把日常监督和专项检查结合起来",
       "要把资金、项目、人才向薄弱环节倾斜", "要坚持边排查、边整改、边规范"]
_SO = ["切实把各项任务落到实处", "努力形成上下联动、齐抓共管的良好局面",
       "确保每一件事都有人管、有人办、有回音", "推动治理效能持续提升",
       "让群众看到实实在在的变化", "做到小事不出村、大事不出镇、矛盾不上交",
       "不断夯实基层基础", "为高质量发展营造安定和谐的环境"]
_FACT = ["去年全县共受理群众诉求{a}件，按时办结率达到{p}%。",
         "截至2025年底，全县已建成标准化服务站{b}个，覆盖率超过{p}%。",
         "今年一季度，各地共排查风险隐患{a}处，已整改{b}处。",
         "目前还有{b}个村的集体经济收入低于10万元，差距不小。",
         "从抽查情况看，有{b}个单位的台账不够规范，个别数据前后不一。",
         "全县共有网格员{a}名，其中专职{b}名，平均年龄{c}岁。"]
_WARN = ["有的同志认为这是“软任务”，抓与不抓一个样，这种想法必须纠正。",
         "有的地方满足于开了会、发了文，对落实情况不闻不问。",
         "有的工作停留在纸面上，群众感受不明显，说明我们的功夫还没有下到位。",
         "个别单位遇到矛盾绕着走，把问题层层上交，这种作风要坚决改过来。",
         "一些基础数据更新不及时，“底数不清、情况不明”的问题仍然存在。"]
_LINK = ["同时，", "另外，", "特别是，", "总的来看，", "需要强调的是，", "实践证明，",
         "下一步，", "对此，"]
_HEAD1 = ["统一思想，充分认清推进基层治理现代化的重要意义",
          "突出重点，扎实抓好今年各项目标任务",
          "强化保障，确保各项部署落地见效",
          "转变作风，以担当作为展现新气象",
          "守牢底线，全力维护社会大局和谐稳定"]
_HEAD2 = ["着力健全网格化管理体系", "着力提升公共服务水平", "着力化解矛盾纠纷",
          "着力加强队伍建设", "着力推进数字赋能", "着力完善考核评价"]
_LEADS = ["要压紧压实责任链条。", "要建立常态化调度机制。", "要抓好示范点建设。",
          "要加强业务培训。", "要畅通群众参与渠道。", "要用好考核“指挥棒”。"]


def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.25:
        return rng.choice(_FACT).format(a=rng.randint(1200, 9800), b=rng.randint(12, 96),
                                        c=rng.randint(31, 48),
                                        p=f"{rng.randint(85, 99)}.{rng.randint(1, 9)}")
    if kind < 0.4:
        return rng.choice(_WARN)
    link = rng.choice(_LINK) if rng.random() < 0.5 else ""
    tail = "。" if rng.random() < 0.8 else "！"
    return f"{link}{rng.choice(_WHO)}{rng.choice(_DO)}，{rng.choice(_SO)}{tail}"


def _paragraph_text(rng: random.Random, sentences: int) -> str:
    return "".join(_sentence(rng) for _ in range(sentences))


def long_document(sections: int = 4, *, seed: int = 9704, scale: int = 2) -> Document:
    """A speech of about 1,000 characters per section per ``scale``: the defaults (4 sections,
    scale 2) give about 8,000 characters, 15 pages of 22 lines."""
    rng = random.Random(seed)
    blocks: list = [
        Title("在全县基层治理现代化推进会上的讲话"),
        Byline("（2026年3月15日）", "date"),
        Salutation("同志们："),
        Paragraph((Text(_paragraph_text(rng, 4)), Text("下面，我讲"), Text(cn(sections)),
                   Text("点意见。"))),
    ]
    for s in range(1, sections + 1):
        blocks.append(Heading(1, _HEAD1[(s - 1) % len(_HEAD1)], number=f"{cn(s)}、"))
        blocks.append(Paragraph((Text(_paragraph_text(rng, 3 * scale)),)))
        for k in range(1, 4):
            label = f"（{cn(k)}）"
            head = _HEAD2[(s + k) % len(_HEAD2)]
            if k == 3 and s % 2 == 0:  # a run-in level-2 heading
                blocks.append(Heading(2, head + "。", number=label,
                                      body=(Text(_paragraph_text(rng, 3 * scale)),)))
                continue
            blocks.append(Heading(2, head, number=label))
            blocks.append(Paragraph((Text(_paragraph_text(rng, 4 * scale)),)))
            if k == 2:
                items = tuple(
                    Point(_LEADS[(s + j) % len(_LEADS)], (Text(_paragraph_text(rng, 2 * scale)),),
                          marker=f"{cn(j)}是")
                    for j in range(1, 4))
                blocks.append(PointList("yishi", "block", items,
                                        intro=(Text("具体讲，重点抓好三个方面："),)))
            else:
                blocks.append(Paragraph((Text(_paragraph_text(rng, 3 * scale)),
                                         Text("这是必须守住的底线。", "strong"))))
    blocks.append(Paragraph((Text("同志们，"), Text(_paragraph_text(rng, 3)),
                             Text("让我们以更加奋发有为的精神状态，把各项工作抓紧抓实抓好！"))))
    meta = Meta(title="在全县基层治理现代化推进会上的讲话", author="县委办公室",
                date="2026-03-15")
    return Document(tuple(blocks), meta)


def char_count(doc: Document) -> int:
    """Characters of text in ``doc`` (as the text writer would print them, without newlines)."""
    from drafter.profile import get_profile
    from drafter.writers.text import layout

    return sum(len(p.text) for p in layout(doc, get_profile("gbt9704")))


def speech_of(chars: int) -> Document:
    """A long sample of at least ``chars`` characters (for the speed check)."""
    scale = 1
    while True:
        doc = long_document(5, scale=scale)
        if char_count(doc) >= chars:
            return doc
        scale += 1
