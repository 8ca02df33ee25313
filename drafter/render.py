"""The one sandboxed Jinja environment, and rendering of templates, snippets and outline text.

Snippet libraries travel between offices, so everything renders in Jinja's sandbox with
StrictUndefined. Values from an outline are escaped on the way out (``finalize``): outline text
can fill paragraphs but never inject headings or directives. Every rendered line carries a
private-use *source mark* (markup.mark) naming the template, snippet or outline line it came
from; the markup reader turns those into ``Block.src``.

One environment and one compiled-template cache per process: batch runs compile each template
and snippet variant once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from drafter.cnnum import cn_count, cn_number
from drafter.errors import DrafterError, InputError, Problem, did_you_mean
from drafter.markup import ESCAPABLE, MARK_CLOSE, MARK_OPEN, escape, join_lines, mark
from drafter.outline import Sourced, SourcedDict
from drafter.snippets import Snippet, load_snippet
from drafter.search import EXTENSIONS, SearchPath, check_name


# Keys of an outline table that belong to the outline, not to the snippet it calls.
RESERVED_KEYS = {"snippet", "variant", "before", "after", "heading", "numbered", "runin"}


class RawMarkup(str):
    """Markup that has already been rendered (a snippet's output): finalize passes it through."""


# ---- source files -------------------------------------------------------------------------
_FILES: list[str] = []
_FILE_INDEX: dict[str, int] = {}
_LOCK = threading.Lock()


def file_index(name: str) -> int:
    index = _FILE_INDEX.get(name)  # known names (nearly every call) need no lock: entries never change
    if index is not None:
        return index
    with _LOCK:
        if name not in _FILE_INDEX:
            _FILE_INDEX[name] = len(_FILES)
            _FILES.append(name)
        return _FILE_INDEX[name]


def file_table() -> list[str]:
    return _FILES


_SOURCES: dict = {}  # mark digits → Source, against _FILES (which only grows)


def source_cache() -> dict:
    """The Sources of marks already read, for markup.read: a batch's drafts share them."""
    # A draft of the long example reads about 80 distinct marks; a batch over many outlines
    # starts again past a couple of hundred of them (some 4 MB), so workers stay small.
    if len(_SOURCES) > 20_000:
        _SOURCES.clear()
    return _SOURCES


# A variant body or an outline string starts part-way into its file. Rather than padding the
# source with newlines (which made long outlines cost quadratic time), it is compiled under a
# name carrying the offset, "file<U+E002>line"; file_line() turns (name, line) into the file's line.
_OFFSET_SEP = "\ue002"  # private use: never in a real path, and compile() accepts it


def offset_name(filename: str, first_line: int) -> str:
    return filename if first_line <= 1 else f"{filename}{_OFFSET_SEP}{first_line}"


def file_line(name: str, line: int | None) -> tuple[str, int | None]:
    filename, sep, first = name.partition(_OFFSET_SEP)
    if sep and line is not None:
        line += int(first) - 1
    return filename, line


class SourceMarks(Extension):
    """Prefix every line of literal template text with a mark naming its file and line."""

    def filter_stream(self, stream):
        filename, start = file_line(stream.filename or stream.name or "<模板>", 1)
        index, shift = file_index(filename), start - 1
        for token in stream:
            if token.type != "data":
                yield token
                continue
            pieces = token.value.split("\n")
            line = token.lineno + shift
            text = mark(index, line) + pieces[0]
            last = len(pieces) - 1
            for offset, piece in enumerate(pieces[1:], start=1):
                # An empty line of the template stays empty: no content can follow on it, so
                # its mark would name nothing (the reader then passes it without a regex).
                text += "\n" + (piece if not piece and offset < last else mark(index, line + offset) + piece)
            yield Token(token.lineno, "data", text)


# ---- finalize: how values become markup ------------------------------------------------------
def collapse(text: str) -> str:
    """Writers' line breaks inside a value join up; a blank line starts a new paragraph."""
    if "\n" not in text:
        return text.strip()
    # One pass over the lines: a line that is empty once spaces and tabs go is a paragraph break
    # (the same split as "[ \t]*\n[ \t]*" then "\n{2,}", without two regex passes).
    paragraphs, current = [], []
    for line in text.strip().split("\n"):
        line = line.strip(" \t")
        if line:
            current.append(line)
        elif current:
            paragraphs.append(join_lines(current))
            current = []
    paragraphs.append(join_lines(current))
    return "\n\n".join(paragraphs)


def cn_date(value) -> str:
    """2026-03-15 → 2026年3月15日 (GB/T 9704: full year, no zero padding)."""
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    m = re.fullmatch(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*", str(value))
    if m:
        return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日"
    return str(value)


def plain_value(value) -> str:
    """A scalar as a writer expects to read it: 3.0 → 3, dates in Chinese."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date,)) and not isinstance(value, dt.datetime):
        return cn_date(value)
    if isinstance(value, (list, tuple)):
        return "、".join(plain_value(v) for v in value)
    return str(value)


def _finalize(value):
    kind = type(value)
    if kind is RawMarkup:  # macro and helper output: most values a template prints
        return value
    if kind is Sourced:
        markup = value.__dict__.get("markup")  # set on outline text rendered with variables
        if markup is None:
            markup = escape(collapse(value))
        return mark(file_index(value.file), value.line) + markup if value.line else markup
    if isinstance(value, RawMarkup):
        return value
    return escape(collapse(plain_value(value)))


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: m.group(1) if m.group(1) in ESCAPABLE else m.group(0), text)


class _MarkupMacro(jinja2.runtime.Macro):
    """Macros return rendered markup; without this, finalize would escape it a second time."""

    def _invoke(self, arguments, autoescape):
        return RawMarkup(super()._invoke(arguments, autoescape))


# Compiled templates import Macro from jinja2.runtime when they are created; drafter is the only
# Jinja user in its process, so the swap is safe and keeps template authors free of "| raw".
jinja2.runtime.Macro = _MarkupMacro

_DICT_ATTRIBUTES = frozenset(dir(SourcedDict))


class _Environment(SandboxedEnvironment):
    """The sandbox, with drafter's own helpers called directly.

    Templates call passage(), point_list(), snippet() and macros many times per draft; they are
    ours, safe and take no Jinja context, so the sandbox's per-call checks are skipped for them
    (for everything else they still apply).
    """

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        if getattr(__obj, "__func__", None) in _DIRECT_CALLS or type(__obj) is _MarkupMacro:
            if kwargs:  # Jinja passes loop and block variables for context functions only
                kwargs.pop("_loop_vars", None)
                kwargs.pop("_block_vars", None)
            return __obj(*args, **kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj, attribute):
        # ``part.heading`` on an outline table: Jinja tries the attribute first and gets there
        # through a caught AttributeError on every lookup. A key that is no dict attribute
        # gives the same value by subscription, so go there directly.
        if type(obj) is SourcedDict and attribute in obj and attribute not in _DICT_ATTRIBUTES:
            return obj[attribute]
        return super().getattr(obj, attribute)


ENV = _Environment(
    undefined=jinja2.StrictUndefined, finalize=_finalize, trim_blocks=True, lstrip_blocks=True,
    keep_trailing_newline=False, autoescape=False, extensions=[SourceMarks],
)
ENV.filters.update(cn_number=cn_number, cn_count=cn_count, cn_date=cn_date,
                   sentence=lambda t: sentence(t),
                   join_cn=lambda items, sep="、": sep.join(plain_value(i) for i in items))

_COMPILED: dict[tuple, jinja2.Template] = {}


def compile_source(source: str, filename: str, first_line: int = 1, persist: bool = True) -> jinja2.Template:
    """Compile once per process, under a name that maps Jinja's lines to the file's lines.

    Templates and snippets (``persist``) are also kept in the disk cache; outline strings are
    not, since every edit of an outline would leave another entry behind.
    """
    key = (filename, first_line, source)
    template = _COMPILED.get(key)
    if template is None:
        name = offset_name(filename, first_line)
        index = file_index(filename)
        with _LOCK:
            _FILE_INDEX.setdefault(name, index)  # tracebacks name the offset form
        # Across processes too; the code embeds the file's index (SourceMarks), so that is keyed.
        import marshal
        import types

        from drafter import diskcache

        disk_key = diskcache.key("jinja", source, filename, str(first_line), str(index),
                                 jinja2.__version__, sys.version,
                                 diskcache.code_stamp(__name__, "drafter.markup"))
        code, data = None, diskcache.load("jinja", disk_key) if persist else None
        if data is not None:
            try:
                code = marshal.loads(data)
            except (ValueError, EOFError, TypeError):
                pass  # damaged: compile again
            if not isinstance(code, types.CodeType):
                code = None
        if code is None:
            try:
                code = ENV.compile(source, name=name, filename=name)
            except jinja2.TemplateSyntaxError as exc:
                raise InputError(Problem(f"模板语法错误：{_syntax_message(exc.message or '')}",
                                         *file_line(name, exc.lineno),
                                         hint="检查 {{ }} 和 {% %} 是否成对，{% if %}/{% for %} 是否有对应的 {% endif %}/{% endfor %}。")) from None
            if persist:
                diskcache.store("jinja", disk_key, marshal.dumps(code))
        template = ENV.template_class.from_code(ENV, code, ENV.make_globals(None))
        _COMPILED[key] = template
    return template


_TEMPLATES: dict[tuple, jinja2.Template] = {}


def _load_template(path: Path) -> jinja2.Template:
    """A template file compiled once per process and change, as snippet files are parsed."""
    from drafter.textio import read_text

    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    template = _TEMPLATES.get(key)
    if template is None:
        template = _TEMPLATES[key] = compile_source(read_text(path, "模板文件"), str(path))
    return template


def _syntax_message(message: str) -> str:
    table = [
        (r"unexpected end of template", "模板意外结束，可能缺少 {% endif %} 或 {% endfor %}。"),
        (r"unexpected '}'", "多了一个“}”，或 {{ }} 没有成对。"),
        (r"Unexpected end of template", "模板意外结束，可能缺少结束标记。"),
        (r"expected token 'end of print statement'", "{{ }} 里的写法不对。"),
        (r"Encountered unknown tag '(\w+)'", r"不认识的标记“\1”。"),
        (r"unexpected char '(.)'", r"这里有不该出现的字符“\1”。"),
    ]
    for pattern, chinese in table:
        if re.search(pattern, message):
            m = re.search(pattern, message)
            return m.expand(chinese)
    return f"{message}。"


# ---- errors raised while rendering ---------------------------------------------------------
def _location(tb) -> tuple[str | None, int | None]:
    """The innermost traceback frame that belongs to one of our templates or snippets."""
    found = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in _FILE_INDEX:
            found = file_line(filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def translate_render_error(exc: Exception, known_names=(), in_snippet: bool = False) -> InputError:
    file, line = _location(sys.exc_info()[2] or exc.__traceback__)
    message = str(exc)
    m = re.match(r"'([^']+)' is undefined", message)
    if isinstance(exc, jinja2.UndefinedError) and m:
        name = m.group(1)
        hint = did_you_mean(name, known_names)
        if in_snippet:
            header = f"[params.{name}]" if name.isascii() else f"[params.\"{name}\"]"
            hint = hint or f"如果“{name}”是参数，请在素材文件头的 {header} 里声明它；如果是变量，请在提纲的 [vars] 里定义。"
        else:
            hint = hint or f"在提纲的 [vars] 里定义“{name}”，或检查拼写。名称不是标识符时写成 {{{{ 变量[\"{name}\"] }}}}。"
        return InputError(Problem(f"变量“{name}”没有定义。", file, line, hint=hint))
    m = re.search(r"has no attribute '([^']+)'", message)
    if isinstance(exc, jinja2.UndefinedError) and m:
        return InputError(Problem(f"没有“{m.group(1)}”这一项。", file, line, hint="检查名称拼写，或先判断它是否存在：{% if x is defined %}。"))
    if isinstance(exc, SecurityError):
        return InputError(Problem("模板或素材试图访问不安全的内部属性或函数，已被拒绝。", file, line,
                                  hint="素材只能使用提纲变量、参数和 drafter 提供的函数。"))
    if isinstance(exc, jinja2.TemplateNotFound) or "no loader for this environment" in message:
        return InputError(Problem("模板和素材里不能用 {% include %}、{% import %} 或 {% extends %} 读取文件。", file, line,
                                  hint="要用另一个素材，写 {{ snippet(\"文件夹/名称\") }}。"))
    if isinstance(exc, jinja2.TemplateError):
        return InputError(Problem(f"模板出错：{message}", file, line))
    return InputError(Problem(f"模板或素材运行出错（{type(exc).__name__}：{message}）。", file, line,
                              hint="检查这一行用到的值的类型，例如数字和文字不能直接相加。"))


# ---- the renderer for one build ------------------------------------------------------------
@dataclass
class Renderer:
    search: SearchPath
    local_snippets: dict = field(default_factory=dict)  # name -> Snippet (outline-local)
    seed: str = ""
    unit_key: str = ""
    variables: dict = field(default_factory=dict)
    base_context: dict = field(default_factory=dict)
    used_files: set = field(default_factory=set)
    _stack: list = field(default_factory=list)

    # -- lookup ------------------------------------------------------------------------------
    def find_snippet(self, name: str) -> Snippet:
        name = check_name(name)
        override = self._command_line_snippet(name)
        if override is not None:
            return override
        if name in self.local_snippets:
            return self.local_snippets[name]
        return load_snippet(self._locate("snippets", name), name)

    def _command_line_snippet(self, name: str) -> Snippet | None:
        # --snippets folders outrank outline-local snippets (later wins).
        for layer, folder in reversed(self.search.dirs("snippets")):
            if layer.name != "command-line":
                break
            path = folder / (name + EXTENSIONS["snippets"])
            if path.is_file():
                self.used_files.add(str(path))
                return load_snippet(path, name)
        return None

    def _locate(self, kind: str, name: str) -> Path:
        """The winning file for ``name`` on the search path, or a Chinese "not found" listing
        the folders searched and the nearest name."""
        path = self.search.find(kind, name)
        if path is None:
            known = list(self.search.names(kind))
            if kind == "snippets":
                known += list(self.local_snippets)
            what = "素材" if kind == "snippets" else "模板"
            raise InputError(Problem(f"找不到{what}“{name}”。",
                                     hint=(did_you_mean(name, known) or "") + f"查找过的文件夹：{self.search.describe(kind)}"))
        self.used_files.add(str(path))
        return path

    def template(self, name: str) -> jinja2.Template:
        return _load_template(self._locate("templates", check_name(name, "模板")))

    # -- rendering ---------------------------------------------------------------------------
    def context(self, **extra) -> dict:
        ctx = dict(self.base_context)
        ctx.update(snippet=self.snippet, passage=self.passage, text_passage=self.text_passage,
                   point_list=self.point_list,
                   recap_clauses=recap_clauses, sentence=sentence)
        ctx.update(extra)
        return ctx

    def render_template(self, name: str, data: dict) -> str:
        template = self.template(name)
        ctx = self.context(**data)
        try:
            return template.render(ctx)
        except DrafterError:
            raise
        except Exception as exc:  # noqa: BLE001 - user template code: translate, never trace
            raise translate_render_error(exc, ctx.keys()) from None

    def snippet(self, name, /, _caller=None, variant=None, **params) -> RawMarkup:
        """Render a snippet with checked parameters; the heart of every template."""
        try:
            snip = self.find_snippet(str(name))
        except InputError as exc:
            raise _located(exc, _caller) from None
        return self.render_snippet(snip, params, _caller, variant)

    def render_snippet(self, snip: Snippet, params: dict, _caller=None, variant=None) -> RawMarkup:
        """Render one given Snippet (``snippets check`` renders shadowed files this way too)."""
        if snip.name in self._stack:
            path = " → ".join(self._stack + [snip.name])
            raise _located(InputError(Problem(f"素材互相引用，形成了循环：{path}。", hint="去掉其中一处 snippet(...) 引用。")), _caller)
        try:
            values = self._bind_params(snip, params, _caller)
            chosen = self._choose_variant(snip, variant)
        except InputError as exc:
            raise _located(exc, _caller) from None
        template = compile_source(chosen.body, snip.path, chosen.line)
        ctx = self.context(**values)
        self._stack.append(snip.name)
        try:
            out = template.render(ctx)
        except DrafterError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise translate_render_error(exc, list(snip.params) + list(self.variables), in_snippet=True) from None
        finally:
            self._stack.pop()
        return RawMarkup(trim_rendered(out))

    def _bind_params(self, snip: Snippet, params: dict, caller) -> dict:
        problems = self._param_problems(snip, params, caller)
        if problems:
            raise InputError(problems)
        values = {}
        for pname, param in snip.params.items():
            if pname in params:
                values[pname] = _coerce(params[pname], param.type)
            elif not param.required:
                values[pname] = _coerce(param.default, param.type)
        return values

    def _param_problems(self, snip: Snippet, params: dict, caller) -> list[Problem]:
        """What is wrong with a snippet call. The call's place is looked up only when something
        is (walking the stack for it on every call cost more than the rest of the binding)."""
        if all(key in snip.params for key in params) and all(
                (pname in params and _type_problem(params[pname], param.type) is None)
                or (pname not in params and not param.required)
                for pname, param in snip.params.items()):
            return []
        file = getattr(caller, "file", None) or None
        line = getattr(caller, "line", None)
        if file is None:
            file, line = _template_caller()
        problems = []
        for key in params:
            if key not in snip.params:
                hint = did_you_mean(key, snip.params) or (
                    "这个素材的参数有：" + "、".join(snip.params) if snip.params else "这个素材不需要参数。")
                problems.append(Problem(f"素材“{snip.name}”没有参数“{key}”。", file, line, hint=hint))
        for pname, param in snip.params.items():
            if pname in params:
                wrong = _type_problem(params[pname], param.type)
                if wrong:
                    problems.append(Problem(f"素材“{snip.name}”的参数“{pname}”{wrong}", file, line,
                                            hint=f"参数“{pname}”的含义：{param.meaning or '无说明'}。"))
            elif param.required:
                problems.append(Problem(f"素材“{snip.name}”缺少必填参数“{pname}”（{param.meaning or '无说明'}）。",
                                        file, line or None, hint=f"在引用它的地方加上 {pname} = ……。"))
        return problems

    def _choose_variant(self, snip: Snippet, variant):
        if variant is not None:
            for v in snip.variants:
                if v.name == str(variant):
                    return v
            raise InputError(Problem(f"素材“{snip.name}”没有名为“{variant}”的写法。", snip.path,
                                     hint="可用的写法：" + "、".join(v.name for v in snip.variants)))
        return snip.variants[variant_index(self.seed, snip.name, self.unit_key, len(snip.variants))]

    def passage(self, value, **offered) -> RawMarkup:
        """An outline part: text, a list of paragraphs, a {snippet = …} table, or nothing.

        ``offered`` values (e.g. the agenda for a recap) go to a snippet only if it declares
        them and the outline did not set them, so any office snippet can stand in.
        """
        if value is None or value is False or value == "":
            return RawMarkup("")
        if isinstance(value, dict) and "snippet" in value:
            params = {k: v for k, v in value.items() if k not in RESERVED_KEYS and v is not None}
            if offered:
                declared = self.find_snippet(str(value["snippet"])).params
                params = {**{k: v for k, v in offered.items() if k in declared}, **params}
            return self.snippet(value["snippet"], _caller=value, variant=value.get("variant"), **params)
        if isinstance(value, (list, tuple)):  # paragraphs: outline strings go straight to finalize
            return RawMarkup("\n\n".join([_finalize(v) if type(v) is Sourced else self.passage(v)
                                           for v in value if v]))
        return RawMarkup(_finalize(value))

    def point_list(self, spec, style=None, layout=None) -> RawMarkup:
        """A ``[…list]`` table from the outline as draft markup (numbering left to transforms)."""
        if not spec:
            return RawMarkup("")
        style = style or spec.get("style") or "是"
        layout = layout or spec.get("layout") or "block"
        lines = [f"::list {style} {layout}"]
        intro = self._list_text(spec, "intro")
        if intro:
            lines.append("::intro " + intro)
        for item in spec.get("items") or []:
            lines.append("- " + self._item(item))
        outro = self._list_text(spec, "outro")
        if outro:
            lines.append("::outro " + outro)
        lines.append("::end")
        return RawMarkup("\n".join(lines))

    def text_passage(self, value, where: str = "这里") -> RawMarkup:
        """``passage`` for a place that holds text only (a list's intro, a run-in heading's
        body). A snippet that writes a list or a heading cannot stand there (its lines would
        land inside the list or the heading), so it is refused here, at the outline's line,
        rather than reported by the markup reader at the snippet's."""
        markup = self.passage(value)
        if isinstance(value, dict) and _STRUCTURE_LINE.search(_strip_marks(markup)):
            raise InputError(Problem(
                f"{where}只能是文字，素材“{value.get('snippet')}”写出的却是列表或标题。",
                getattr(value, "file", None) or None, getattr(value, "line", None) or None,
                hint="把这个素材放到前后的 before 或 after 里，或换一个只写文字的素材。"))
        return markup

    def _list_text(self, spec, key: str) -> RawMarkup:
        where = "列表的引导语（intro）" if key == "intro" else "列表的收束语（outro）"
        return self.text_passage(spec.get(key), where)

    def _item(self, item) -> str:
        if isinstance(item, dict):
            lead = _finalize(item.get("lead", ""))
            body = "".join(_finalize(item[k]) for k in ("body", "detail") if item.get(k))
            return f"{lead}|{body}" if lead else body
        return _finalize(item)

    # -- outline text with variables ----------------------------------------------------------
    def render_outline_text(self, value: Sourced) -> Sourced:
        if "{{" not in value and "{%" not in value:
            return value
        source = _escape_outside_tags(collapse(value))
        template = compile_source(source, value.file, max(value.line, 1), persist=False)
        try:
            markup = template.render(self.context())
        except DrafterError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise translate_render_error(exc, self.variables.keys()) from None
        return _rendered_outline_text(value, markup)

    def render_outline_texts(self, values: list[Sourced]) -> list[Sourced]:
        """``render_outline_text`` for many strings at once.

        Strings holding only {{ … }} expressions (no statements that could reach from one into
        the next) render as one template, each followed by a separator; one render instead of
        one per string. Anything unexpected (an error, a separator in the output) renders the
        strings one by one, which also gives an error its exact line.
        """
        simple = [v for v in values if "{%" not in v]
        if len(simple) < 2 or any(_PIECE_SEP in v for v in simple):
            return [self.render_outline_text(v) for v in values]
        source = _PIECE_SEP.join(_escape_outside_tags(collapse(v)) for v in simple) + _PIECE_SEP
        try:
            template = compile_source(source, "\ue004outline", persist=False)
            pieces = template.render(self.context()).split(_PIECE_SEP)
        except Exception:  # noqa: BLE001 - found again, with its own line, one by one
            pieces = []
        if len(pieces) != len(simple) + 1:
            return [self.render_outline_text(v) for v in values]
        together = iter([_rendered_outline_text(v, piece) for v, piece in zip(simple, pieces)])
        return [next(together) if "{%" not in v else self.render_outline_text(v) for v in values]


_VERB_CLAUSES = {
    "汇报": ("{who}汇报了{about}", "{who}作了汇报"),
    "交流发言": ("{who}围绕{about}作了交流发言", "{who}作了交流发言"),
    "表态发言": ("{who}就{about}作了表态发言", "{who}作了表态发言"),
    "讲话": ("{who}就{about}作了讲话", "{who}作了讲话"),
    "通报": ("{who}通报了{about}", "{who}作了通报"),
}


def recap_clauses(agenda, sep: str = "，") -> RawMarkup:
    """The "刚才……" recap from the agenda, written once: one clause per agenda group.

    Consecutive items with the same action and no subject merge: "甲、乙作了交流发言".
    """
    groups: list[list] = []
    for item in agenda or []:
        if groups and not item.get("about") and not groups[-1][0].get("about") \
                and groups[-1][0].get("did") == item.get("did"):
            groups[-1].append(item)
        else:
            groups.append([item])
    clauses = []
    for group in groups:
        first = group[0]
        did = str(first.get("did") or "汇报")
        who = "、".join(_finalize(i["who"]) for i in group)
        about = _finalize(first["about"]) if first.get("about") else ""
        with_about, without = _VERB_CLAUSES.get(did, ("{who}{did}{about}", "{who}{did}"))
        clauses.append((with_about if about else without).format(who=who, about=about, did=_finalize(did)))
    return RawMarkup(sep.join(clauses))


def sentence(text) -> RawMarkup:
    """Text ending in a full stop, for run-in headings and leads written without one."""
    out = _finalize(text)
    return RawMarkup(out if not out or out[-1] in "。！？；：" else out + "。")


_PIECE_SEP = "\ue003"  # private use: between outline strings rendered together


def _rendered_outline_text(value: Sourced, markup: str) -> Sourced:
    markup = _strip_marks(markup).strip()
    out = Sourced(_unescape(markup), value.file, value.line)
    out.markup = markup
    return out


_TAGS = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})", re.S)


def _escape_outside_tags(text: str) -> str:
    parts = _TAGS.split(text)
    return "".join(p if i % 2 else escape(p) for i, p in enumerate(parts))


_MARK_ANY = re.compile(f"{MARK_OPEN}\\d+:\\d+{MARK_CLOSE}")
_STRUCTURE_LINE = re.compile(r"^[ \t]*(?:::|#|- )", re.M)  # a directive, heading or item line


def _strip_marks(text: str) -> str:
    return _MARK_ANY.sub("", text)


_LEADING_BLANK = re.compile(f"(?:\\s|{_MARK_ANY.pattern})*")


def trim_rendered(text: str) -> str:
    """Drop leading/trailing blank space and marks, keeping the mark nearest the first content."""
    start = _LEADING_BLANK.match(text).end()
    if start == len(text):
        return ""
    mark_at = text.rfind(MARK_OPEN, 0, start)
    last_mark = text[mark_at:text.index(MARK_CLOSE, mark_at) + 1] if mark_at >= 0 else ""
    # The tail is trimmed from the end (a regex anchored at "$" would try every position).
    end = len(text)
    while True:
        end = len(text[start:end].rstrip()) + start
        mark_at = text.rfind(MARK_OPEN, start, end)
        if mark_at < 0 or _MARK_ANY.fullmatch(text, mark_at, end) is None:
            break
        end = mark_at
    return last_mark + text[start:end]


def variant_index(seed: str, name: str, unit_key: str, count: int) -> int:
    """Variant choice is a pure function of (outline seed, snippet name, unit key)."""
    if count <= 1:
        return 0
    digest = hashlib.sha256(f"{seed}\x1f{name}\x1f{unit_key}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count


def _template_caller() -> tuple[str | None, int | None]:
    """File and line of the innermost template or snippet being rendered on the Python stack.

    Compiled Jinja code keeps a ``debug_info`` table (template line = code line) in its module
    globals; this maps the frame's code line back to the file line, as Jinja's tracebacks do.
    """
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        info = frame.f_globals.get("debug_info") if filename in _FILE_INDEX else None
        if isinstance(info, str):
            line = None
            for pair in info.split("&"):
                if not pair:
                    continue
                tpl_line, code_line = (int(x) for x in pair.split("="))
                if code_line <= frame.f_lineno:
                    line = tpl_line
            return file_line(filename, line)
        frame = frame.f_back
    return None, None


def _located(exc: InputError, caller=None) -> InputError:
    """Give problems that know no place the place of the call (outline line or snippet line)."""
    file = getattr(caller, "file", None) or None
    line = getattr(caller, "line", None) or None
    if file is None:
        file, line = _template_caller()
    if file is None or all(p.file for p in exc.problems):
        return exc
    return InputError([p if p.file else Problem(p.message, file, line, p.col, p.hint) for p in exc.problems])


def _type_problem(value, ptype: str) -> str | None:
    """Why ``value`` does not fit a declared parameter type, in Chinese; None when it fits."""
    if value is None:
        return None
    if ptype == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return "应当是数字（不加引号，如 12 或 3.5）。"
    if ptype == "date" and not isinstance(value, (dt.date, str)):
        return "应当是日期（如 2026-03-15）。"
    if ptype == "date" and isinstance(value, str) and not re.search(r"\d{4}\D+\d{1,2}\D+\d{1,2}", value):
        return f"应当是日期（如 2026-03-15），现在是“{value}”。"
    if ptype == "list" and not (isinstance(value, str) or (isinstance(value, (list, tuple))
                                                        and all(not isinstance(v, (dict, list)) for v in value))):
        return "应当是文字列表（如 [\"甲\", \"乙\"]）。"
    if ptype == "text" and isinstance(value, (dict, list, tuple)):
        return "应当是一段文字（用双引号括起来）。"
    return None


def _coerce(value, ptype: str):
    if ptype == "list" and isinstance(value, str):
        return [value]
    if ptype == "list" and value is None:
        return []
    return value


def local_snippet(name: str, spec: dict, path: str, line: int) -> Snippet:
    """A snippet written inside the outline ([snippets."名称"]) in the same format as a file."""
    from drafter.snippets import Variant, snippet_from_header

    name = check_name(name)
    header = {k: spec[k] for k in ("kind", "summary", "tags", "params") if k in spec}
    header.setdefault("kind", "section")
    bodies = spec.get("variants") or {"默认": spec.get("body", "")}
    variants = [Variant(str(vname), str(body), line + 1) for vname, body in bodies.items() if str(body).strip()]
    return snippet_from_header(header, variants, name, path, line)


# Renderer methods templates call: the sandbox calls them directly (see _Environment).
_DIRECT_CALLS = frozenset({Renderer.snippet, Renderer.passage, Renderer.text_passage, Renderer.point_list})
