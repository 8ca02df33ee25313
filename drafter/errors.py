"""One error family, one formatter, one table of exit codes for every command.

Users see ``file:line:col: message`` plus a hint on how to fix it, in Chinese, never a
traceback. Validation collects every problem it can and raises them together.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from typing import Iterable

# The exit-code table (docs/cli.md keeps the same table for users).
EXIT_OK = 0
EXIT_FINDINGS = 1  # check findings that fail, or a batch with failures
EXIT_USAGE = 2
EXIT_INPUT = 3  # bad outline, snippet, template, data; missing or unreadable input
EXIT_OUTPUT = 4  # output exists without --force, locked, unwritable
EXIT_INTERNAL = 70


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with where it is and how to fix it."""

    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    hint: str | None = None

    def format(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line:
                where += f":{self.line}"
                if self.col:
                    where += f":{self.col}"
            where += ": "
        text = f"{where}错误：{self.message}"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return text


class DrafterError(Exception):
    """Base of every error a user can cause; carries one or more problems and an exit code."""

    exit_code = EXIT_INPUT

    def __init__(self, problems: Problem | str | Iterable[Problem], **where):
        if isinstance(problems, str):
            problems = [Problem(problems, **where)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__(self.format())

    def format(self) -> str:
        return "\n".join(p.format() for p in self.problems)


class UsageError(DrafterError):
    exit_code = EXIT_USAGE


class InputError(DrafterError):
    """Outline, snippet, template, data or reference document is wrong or unreadable."""

    exit_code = EXIT_INPUT


class OutputError(DrafterError):
    exit_code = EXIT_OUTPUT


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A Chinese "did you mean" hint for a misspelt key or name, or None."""
    if not isinstance(word, str):  # a number or a table where a name belongs: nothing is close
        return None
    matches = get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f"是不是想写“{matches[0]}”？" if matches else None
