"""Writers: a resolved Document → bytes in one of ``FORMATS``.

Every writer renders the same paragraph plan (``writers.text.layout``), so the .docx, the
plain text and the Markdown say the same thing paragraph for paragraph. Writers never count
or number: headings and points arrive numbered by ``transforms``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import Problem, UsageError, did_you_mean
from drafter.model import Document
from drafter.profile import DEFAULT_PROFILE, Profile, get_profile

FORMATS = ("docx", "markdown", "text")


@dataclass
class WriteResult:
    """The bytes to write and warnings (Chinese) the caller shows, or fails on under --strict."""

    data: bytes
    warnings: list[str] = field(default_factory=list)


def write(doc: Document, fmt: str, *, profile: str | Profile = DEFAULT_PROFILE,
          reference_doc: Path | None = None) -> WriteResult:
    """Render ``doc`` as ``fmt``.

    ``profile`` names a built-in style profile (see ``drafter.profile``); ``reference_doc``
    is an office's .docx whose styles, page setup, header and footer replace the built-in ones
    (docx only). Unknown profile or unreadable reference → InputError; unknown format →
    UsageError.
    """
    prof = profile if isinstance(profile, Profile) else get_profile(profile)
    if fmt == "docx":
        from drafter.writers.docx import write_docx

        data, warnings = write_docx(doc, prof, reference_doc)
        return WriteResult(data, warnings)
    if fmt == "text":
        from drafter.writers.text import write_text

        return WriteResult(write_text(doc, prof), [])
    if fmt == "markdown":
        from drafter.writers.markdown import write_markdown

        return WriteResult(write_markdown(doc, prof), [])
    hint = did_you_mean(fmt, FORMATS) or "可用的格式：" + "、".join(FORMATS) + "。"
    raise UsageError(Problem(f"不支持的输出格式“{fmt}”。", hint=hint))
