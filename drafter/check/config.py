"""Per-office settings for the checks: ``check.toml`` on drafter's layered search path.

Layers, later wins: built-in defaults (here) < user folder < project folder < ``--config FILE``.
A file may turn rules off or change their severity, set limits, and list banned or outdated
phrases with their replacements::

    [rules]
    "length.sentence" = "off"        # or "warning" / "error" / true / false
    [limits]
    sentence_chars = 100
    chars_per_minute = 230
    [phrases]
    "旧说法" = "新说法"               # "" when there is nothing to suggest; false removes a
                                     # phrase an earlier layer added
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from drafter.check.findings import RULES, SEVERITIES
from drafter.errors import InputError, Problem, did_you_mean
from drafter.textio import read_text
from drafter.tomlerrors import KeyLines, TOMLDecodeError, loads, toml_problem

CONFIG_NAME = "check.toml"

LIMITS = {
    # key: (type, minimum, maximum, Chinese description)
    "sentence_chars": (int, 20, 1000, "一句话最多多少字"),
    "chars_per_minute": (int, 100, 400, "每分钟讲多少字"),
    "time_tolerance": (float, 0.0, 1.0, "总时长可以偏离安排多少（0.2 即两成）"),
    "section_share": (float, 0.1, 1.0, "一个部分最多占安排时长的比例"),
    "target_minutes": (float, 1.0, 600.0, "安排的讲话时长（分钟），提纲里有时以提纲为准"),
}


@dataclass(frozen=True)
class CheckConfig:
    """Resolved settings. ``severity`` maps rule id → "error"/"warning"/"off" overrides."""

    severity: dict = field(default_factory=dict)
    sentence_chars: int = 120
    chars_per_minute: int = 220
    time_tolerance: float = 0.2
    section_share: float = 0.5
    target_minutes: float | None = None
    phrases: dict = field(default_factory=dict)  # banned phrase -> replacement ("" = none)
    final: bool = False  # placeholders are errors in a final draft
    files: tuple = ()  # the check.toml files that were read, earliest first

    def severity_of(self, rule: str) -> str:
        """The severity a rule reports with, or "off"."""
        if rule == "placeholder" and self.final and self.severity.get(rule) != "off":
            return "error"
        return self.severity.get(rule, RULES[rule].severity)

    def enabled(self, rule: str) -> bool:
        return self.severity_of(rule) != "off"


DEFAULT = CheckConfig()


def load_config(paths, final: bool = False) -> CheckConfig:
    """Merge ``check.toml`` files in layer order (earliest first) over the defaults."""
    config = DEFAULT
    for path in paths:
        config = _apply(config, Path(path))
    return replace(config, final=final) if final else config


def find_config(*, outline: Path | None = None, explicit: Path | None = None,
                final: bool = False) -> CheckConfig:
    """The layered config for checking ``outline`` (or a file in the current folder)."""
    return load_config(config_files(outline=outline, explicit=explicit), final=final)


def config_files(*, outline: Path | None = None, explicit: Path | None = None) -> list[Path]:
    try:
        from drafter.search import SearchPath
    except ImportError:  # the search path is not wired yet: the current folder only
        found = [Path(CONFIG_NAME)] if Path(CONFIG_NAME).is_file() else []
    else:
        search = SearchPath.for_outline(outline) if outline is not None else SearchPath.for_cwd()
        found = list(search.files(CONFIG_NAME))
    if explicit is not None:
        explicit = Path(explicit)
        if not explicit.is_file():
            raise InputError(Problem("找不到检查配置文件。", str(explicit),
                                     hint="请检查 --config 后面的文件名是否写对。"))
        found.append(explicit)
    return found


def _apply(config: CheckConfig, path: Path) -> CheckConfig:
    name = str(path)
    text = read_text(path, "检查配置文件")
    try:
        data = loads(text)
    except TOMLDecodeError as exc:
        raise InputError(toml_problem(exc, name, text=text)) from None

    problems: list[Problem] = []
    lines = KeyLines(text)

    def bad(message: str, key: tuple, hint: str | None = None) -> None:
        problems.append(Problem(message, name, lines.line(key), hint=hint))

    severity = dict(config.severity)
    limits: dict = {}
    phrases = dict(config.phrases)
    for section, value in data.items():
        if section not in ("rules", "limits", "phrases"):
            bad(f"不认识的配置节“[{section}]”。", (section,),
                did_you_mean(section, ("rules", "limits", "phrases")) or "可用的节：[rules]、[limits]、[phrases]。")
            continue
        if not isinstance(value, dict):
            bad(f"“{section}”应当是一个节，写成 [{section}]。", (section,))
            continue
        if section == "rules":
            for rule, setting in value.items():
                if rule not in RULES:
                    bad(f"没有叫“{rule}”的检查规则。", (section, rule),
                        did_you_mean(rule, RULES) or "规则名见 docs/check.md。")
                    continue
                if setting is True:
                    severity.pop(rule, None)
                elif setting is False or setting == "off":
                    severity[rule] = "off"
                elif setting in SEVERITIES:
                    severity[rule] = setting
                else:
                    bad(f"规则“{rule}”的设置“{setting}”不对。", (section, rule),
                        "可写 \"off\"（关闭）、\"warning\"（警告）、\"error\"（错误），或 true / false。")
        elif section == "limits":
            for key, setting in value.items():
                if key not in LIMITS:
                    bad(f"不认识的限值“{key}”。", (section, key),
                        did_you_mean(key, LIMITS) or "可用的限值：" + "、".join(LIMITS) + "。")
                    continue
                kind, low, high, what = LIMITS[key]
                ok = isinstance(setting, (int, float)) and not isinstance(setting, bool)
                if kind is int and isinstance(setting, float):
                    ok = ok and setting.is_integer()
                if not ok or not low <= setting <= high:
                    bad(f"限值“{key}”（{what}）应是 {low} 到 {high} 之间的数，现在是“{setting}”。",
                        (section, key))
                    continue
                limits[key] = kind(setting)
        else:
            for phrase, replacement in value.items():
                if not phrase.strip():
                    bad("[phrases] 里有一个空的说法。", (section,))
                elif replacement is False:
                    phrases.pop(phrase, None)
                elif isinstance(replacement, str):
                    phrases[phrase] = replacement
                else:
                    bad(f"说法“{phrase}”的替换词应当是文字（用英文双引号括起来）。", (section, phrase),
                        "没有替换词就写 \"\"；要取消前面配置里的说法就写 false。")
    if problems:
        raise InputError(problems)
    return replace(config, severity=severity, phrases=phrases, files=config.files + (name,), **limits)
