"""Chinese for the usage errors and help text that typer (and the click inside it) prints.

The typer releases drafter allows (see pyproject.toml) vendor click as ``typer._click`` with
English f-strings, while typer's own help headings go through gettext. So typer's gettext
lookups are rebound to our table, the help option and usage prefix of the vendored click are
patched, and usage errors are translated from their messages in ``usage_message`` (cli.run
prints that instead of click's English).
"""
from __future__ import annotations

import re
import sys

_TABLE = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有“{name}”这个命令。",
    "env var: {var}": "环境变量：{var}",
}

HELP_TEXT = "显示本帮助并退出。"

# Settings every drafter command group shares: plain (not rich) help, Chinese metavars, -h.
TYPER_SETTINGS = dict(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _gettext(message: str) -> str:
    return _TABLE.get(message, message)


def install() -> None:
    """Patch typer/click so help and usage lines read in Chinese; safe to call twice.

    Only modules typer has already loaded are patched: importing rich_utils (rich, pygments)
    just to patch it would cost a writer ~80 ms on every command.
    """
    for name in ("typer.core", "typer.rich_utils"):
        module = sys.modules.get(name)
        if module is not None and hasattr(module, "_"):
            module._ = _gettext
    formatting = sys.modules.get("typer._click.formatting")
    if formatting is not None:
        _patch_usage_prefix(formatting.HelpFormatter)
        _patch_headings(formatting.HelpFormatter)
    core = sys.modules.get("typer._click.core")
    if core is not None:
        _patch_help_option(core.Command)


def _patch_usage_prefix(cls) -> None:
    original = cls.write_usage
    if getattr(original, "_drafter", False):
        return

    def write_usage(self, prog, args="", prefix=None):
        return original(self, prog, args, "用法：" if prefix is None else prefix)

    write_usage._drafter = True
    cls.write_usage = write_usage


def _patch_headings(cls) -> None:
    """"选项：" with the full-width colon of Chinese text, not click's "选项:"."""
    if getattr(cls.write_heading, "_drafter", False):
        return

    def write_heading(self, heading):
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    write_heading._drafter = True
    cls.write_heading = write_heading


def _patch_help_option(cls) -> None:
    original = cls.get_help_option
    if getattr(original, "_drafter", False):
        return

    def get_help_option(self, ctx):
        option = original(self, ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    get_help_option._drafter = True
    cls.get_help_option = get_help_option


_ERROR_PATTERNS = [
    (r"No such option:? '?(--?[\w-]+)'?", "没有“{0}”这个选项。"),
    (r"No such command '?([^'.]+)'?\.?", "没有“{0}”这个命令。"),
    (r"Missing option (.+?)\.?$", "缺少必填选项 {0}。"),
    (r"Missing argument '?([^'.]+?)'?\.", "缺少参数 {0}。"),
    (r"Missing parameter:? '?([^'.]+)'?", "缺少参数 {0}。"),
    (r"Option '?([^']+?)'? requires an argument", "选项 {0} 后面要写一个值。"),
    (r"Option '?([^']+?)'? does not take a value", "选项 {0} 后面不能写值。"),
    (r"Got unexpected extra arguments? \((.+)\)", "多出了参数：{0}。"),
    (r"Invalid value for '?([^':]+)'?: (.+)", "{0} 的值不对：{1}"),
    (r"Missing command", "缺少命令。"),
]


def usage_message(exc) -> str:
    """A Chinese line for a click/typer usage error, with how to get help."""
    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    for pattern, chinese in _ERROR_PATTERNS:
        m = re.search(pattern, text)
        if m:
            text = chinese.format(*m.groups())
            break
    possibilities = getattr(exc, "possibilities", None)
    if possibilities:
        text += "是不是想写 " + "、".join(sorted(possibilities)) + "？"
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "drafter"
    return f"错误：{text}\n可运行“{command} --help”查看用法。"
