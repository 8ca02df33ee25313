"""Chinese for the usage messages and help headings that click (under typer) prints.

click looks its strings up through ``gettext`` bound as ``_`` in each module; we rebind that
name to a table of our own so a writer never meets English for a mistyped command or option.
"""
from __future__ import annotations

import importlib

_TABLE = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "可运行“{command} {option}”查看帮助。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有“{name}”这个命令。",
    "No such option {name!r}.": "没有“{name}”这个选项。",
    "No such option: {name}": "没有“{name}”这个选项。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Option {name!r} requires an argument.": "选项“{name}”后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”后面要写 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项“{name}”后面不能写值。",
    "Got unexpected extra argument ({args})": "多出了参数：{args}",
    "Got unexpected extra arguments ({args})": "多出了参数：{args}",
    "{value!r} is not one of {choices}.": "“{value}”不在可选值 {choices} 之中。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的数字。",
    "{value!r} is not a valid integer.": "“{value}”不是整数。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是是/否值，可写：{states}",
    "{value} is not in the range {range}.": "{value} 超出了范围 {range}。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "(Possible options: {possibilities})": "（可能是：{possibilities}）",
    "Did you mean {possibility}?": "是不是想写 {possibility}？",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "Aborted!": "已中止。",
}
# click formats some of these with !r, which would print the name in ASCII quotes inside our
# Chinese quotes; drop the conversions from the translated side only.


def _gettext(message: str) -> str:
    return _TABLE.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def install() -> None:
    """Rebind click's lookups; harmless to call more than once."""
    for name in ("click.core", "click.exceptions", "click.formatting", "click.decorators",
                 "click.types", "click.parser", "click.termui"):
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = _gettext
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext
