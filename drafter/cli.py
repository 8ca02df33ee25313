"""The ``drafter`` command: a thin typer layer over the library.

Each command builds a request, calls the library and prints a one-line result. Every error a
user can cause is a DrafterError, printed in Chinese with its exit code; anything else is an
internal error, logged to a file and reported in one Chinese line, never as a traceback.
Other command groups (check, batch, snippets) live in their own modules and register here,
only for a run that may need them: ``drafter new`` and ``drafter init`` load none of them.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
# The typer releases drafter allows (pyproject.toml) parse with the click they vendor; its usage
# errors are the ones to translate. A separate click package, if installed, is never used, so it
# is not imported (that alone cost ~7 ms per run).
from typer._click.exceptions import UsageError as _ClickUsageError

from drafter import __version__
from drafter.cli_i18n import TYPER_SETTINGS, install as _install_i18n, usage_message
from drafter.errors import EXIT_INTERNAL, EXIT_USAGE, DrafterError

_install_i18n()

app = typer.Typer(help="drafter：根据会议提纲（TOML）和素材库，生成符合 GB/T 9704-2012 格式的讲话稿。",
                  **TYPER_SETTINGS)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"drafter {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="显示版本号并退出。"
    ),
) -> None:
    """drafter：根据会议提纲（TOML）和素材库，生成符合 GB/T 9704-2012 格式的讲话稿。"""


@app.command("new", options_metavar="[选项]")
def new_command(
    outline: Path = typer.Option(..., "--outline", "-i", metavar="提纲", help="会议提纲文件（.toml）。"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="文件", help="输出文件；默认与提纲同名、放在提纲旁边。"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖它。"),
    template: Optional[str] = typer.Option(None, "--template", metavar="模板名", help="模板名，如 speech/default。"),
    reference_doc: Optional[Path] = typer.Option(
        None, "--reference-doc", metavar="文件", help="本单位的 Word 模板（.docx），取其样式、页面设置和页脚。"
    ),
    to: Optional[str] = typer.Option(None, "--to", metavar="格式",
                                     help="输出格式：docx、markdown、text 或 markup；不写时按 -o 的扩展名（.docx、.md、.txt），默认 docx。"),
    strict: bool = typer.Option(False, "--strict", help="有任何警告或检查意见时以代码 1 退出。"),
    snippets: list[Path] = typer.Option([], "--snippets", metavar="文件夹", help="额外的素材文件夹（优先级最高），可写多次。"),
    templates: list[Path] = typer.Option([], "--templates", metavar="文件夹", help="额外的模板文件夹（优先级最高），可写多次。"),
) -> None:
    """根据提纲生成讲话稿。"""
    from drafter.commands import run_new

    code = run_new(
        outline=outline, out=out, force=force, template=template, reference_doc=reference_doc,
        to=to, strict=strict, snippet_dirs=snippets, template_dirs=templates,
    )
    raise typer.Exit(code)


@app.command("init", options_metavar="[选项]")
def init_command(
    file: Path = typer.Argument(Path("meeting.toml"), metavar="文件", help="要写出的提纲文件名。"),
    force: bool = typer.Option(False, "--force", help="文件已存在时覆盖它。"),
) -> None:
    """写出一份带详细注释的提纲样板。"""
    from drafter.commands import run_init

    raise typer.Exit(run_init(file, force=force))


# Commands defined in this module. A run of one of them needs no other group: typer turns every
# registered command into a click command with all its options on each run, so loading and
# building check, batch and snippets only to run ``drafter new`` would be wasted.
_OWN_COMMANDS = frozenset({"new", "init"})
_groups_registered = False


def _register_optional_groups() -> None:
    """Command groups that live in their own modules (issues 3–5); safe to call twice."""
    global _groups_registered
    if _groups_registered:
        return
    _groups_registered = True
    import importlib

    for name in ("drafter.cli_check", "drafter.cli_batch", "drafter.cli_snippets"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(app)


def _needs_all_groups(args: list[str]) -> bool:
    """False when the first word names one of this module's commands (the root takes no value
    options, so the first word is the command); help, --version, a mistyped or a group command
    list or suggest every command and so need them all."""
    return not args or args[0] not in _OWN_COMMANDS


def _log_internal_error() -> Path:
    import tempfile
    import traceback

    log = Path(tempfile.gettempdir()) / "drafter-error.log"
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"drafter {__version__} {sys.argv!r}\n")
        traceback.print_exc(file=fh)
        fh.write("\n")
    return log


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code when called from tests, exits when run as a script."""
    if argv is None:
        # A drafter process runs one command and exits, and what is loaded by now (typer, its
        # click, this module) lives until then. Freezing it keeps the cyclic collector, during
        # the command and at exit, from walking those objects again: ~10 ms of a `drafter new`.
        # Only for a real process: in a test run, frozen garbage would never be collected.
        import gc

        gc.freeze()
        _note_interruptions()
    code = run(argv)
    if argv is None:
        sys.exit(code)
    return code


_interrupted = False  # set by the Ctrl+C handler of a real drafter process


def _note_interruptions() -> None:
    """typer turns Ctrl+C into a silent exit 130; remember it, so run() can say the command
    stopped. The interruption still unwinds as usual, so temporary files are removed.
    (``drafter batch`` handles Ctrl+C itself while it runs, and says more.)"""
    import signal

    def interrupted(signum, frame):
        global _interrupted
        _interrupted = True
        raise KeyboardInterrupt

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, interrupted)


def run(argv: list[str] | None = None) -> int:
    try:
        if _needs_all_groups(sys.argv[1:] if argv is None else argv):
            _register_optional_groups()
        # argv stays None for a real run: click then reads sys.argv itself (and, on Windows,
        # expands wildcards the shell left alone).
        result = app(args=argv, prog_name="drafter", standalone_mode=False)
        if _interrupted:
            typer.echo("已中止。", err=True)
        return result if isinstance(result, int) else 0
    except DrafterError as exc:
        typer.echo(exc.format(), err=True)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except _ClickUsageError as exc:
        typer.echo(usage_message(exc), err=True)
        return EXIT_USAGE
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("已中止。", err=True)
        return 130
    except Exception:  # noqa: BLE001 - the last line of defence: no traceback for users
        log = _log_internal_error()
        typer.echo(f"内部错误：drafter 出了问题，这不是您的错。详情已记录在 {log}，请把它发给维护人员。",
                   err=True)
        return EXIT_INTERNAL
