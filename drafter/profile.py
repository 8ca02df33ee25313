"""Style profiles: which fonts the built-in styles name, and how points are emphasised.

A profile only feeds the *built-in* styles of the docx writer; an office's ``--reference-doc``
overrides them style by style. Three profiles ship, differing in the font names an office's
machines actually have (house-style item 39):

``gbt9704``  仿宋_GB2312 / 楷体_GB2312 / 黑体 / 方正小标宋简体 — the names GB/T 9704 templates use;
``win10``    仿宋 / 楷体 / 黑体 / 方正小标宋简体 — what Windows Vista and later ship;
``gbk``      方正仿宋_GBK / 方正楷体_GBK / 方正黑体_GBK / 方正小标宋_GBK — 信创 machines (UOS, Kylin).

Font roles: ``body`` (仿宋, body text and level-3/4 headings), ``kai`` (楷体: level-2 headings,
run-in headings, subtitle, speaker and date lines), ``hei`` (黑体: level-1 headings), ``title``
(小标宋: the main title), ``page`` (宋体: page numbers) and ``latin`` (digits and Latin letters).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from drafter.errors import InputError, Problem, did_you_mean

FONT_ROLES = ("body", "kai", "hei", "title", "page", "latin")
LEAD_EMPHASES = ("bold", "kai")


@dataclass(frozen=True)
class Profile:
    """Fonts and emphasis choices for the built-in styles.

    ``lead_emphasis`` says how the lead sentence of a block-layout point ("一是要……。") stands
    out: "bold" (bold 仿宋) or "kai" (楷体). ``inline_emphasis`` also emphasises markers and
    leads inside an inline list ("一是……；二是……。"); offices usually leave those plain.
    ``bold_headings`` lists the heading levels set in bold (GB/T 9704 says nothing about
    bold; the common default is only level 3, "1." in bold 仿宋).
    """

    name: str
    label: str
    fonts: dict = field(hash=False)
    lead_emphasis: str = "bold"
    inline_emphasis: bool = False
    bold_headings: tuple[int, ...] = (3,)

    def __post_init__(self) -> None:
        missing = [r for r in FONT_ROLES if not self.fonts.get(r)]
        if missing:
            raise ValueError(f"profile {self.name!r} lacks fonts for {missing}")
        if self.lead_emphasis not in LEAD_EMPHASES:
            raise ValueError(f"profile {self.name!r}: lead_emphasis must be one of {LEAD_EMPHASES}")
        too_long = [f for f in self.fonts.values() if len(f) >= 32]
        if too_long:  # Word limits an rFonts name to fewer than 32 characters
            raise ValueError(f"profile {self.name!r}: font names too long: {too_long}")


def _fonts(body: str, kai: str, hei: str, title: str, page: str = "宋体",
           latin: str = "Times New Roman") -> dict:
    return {"body": body, "kai": kai, "hei": hei, "title": title, "page": page, "latin": latin}


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("gbt9704", "GB/T 9704 常用字体（仿宋_GB2312、楷体_GB2312、黑体、方正小标宋简体）",
                _fonts("仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体")),
        Profile("win10", "Windows 自带字体（仿宋、楷体、黑体，标题方正小标宋简体）",
                _fonts("仿宋", "楷体", "黑体", "方正小标宋简体")),
        Profile("gbk", "方正 GBK 字体（信创电脑常见：方正仿宋_GBK、方正楷体_GBK 等）",
                _fonts("方正仿宋_GBK", "方正楷体_GBK", "方正黑体_GBK", "方正小标宋_GBK")),
    )
}

DEFAULT_PROFILE = "gbt9704"


def get_profile(name: str) -> Profile:
    """The profile called ``name`` (case and surrounding blanks ignored)."""
    key = (name or "").strip().lower()
    if key in PROFILES:
        return PROFILES[key]
    hint = did_you_mean(key, PROFILES) or "可用的版式配置：" + "、".join(PROFILES) + "。"
    raise InputError(Problem(f"没有名为“{name}”的版式配置。", hint=hint))
