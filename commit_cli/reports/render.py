"""Rendering a report context with Jinja templates, safely.

One environment per format (`environment`): a `SandboxedEnvironment` (templates arrive in
pull requests, so they cannot reach Python internals), `StrictUndefined` (a misspelt key is
an error, never an empty string), loaders that read only regular files inside their folders,
and escaping of every value a template prints: HTML escaping for `.html.j2`, Markdown
escaping (`md_escape`) for `.md.j2`. Plan text is only ever data: it is never compiled, so a
title holding `{{ 7*7 }}` prints as written.

A broken template is a `BrokenTemplate` naming the file and line (`templates/x.md.j2:12:
message`), never a traceback.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from commit_cli.errors import BrokenTemplate
from commit_cli.reports.templates import (
    MAX_TEMPLATE_BYTES,
    TEMPLATE_SUFFIX,
    TemplateFolder,
)
from commit_cli.wording import ENGLISH


class ConfinedLoader(BaseLoader):
    """Loads `name` from one folder: a plain name or path below it, resolving to a regular
    file inside it (no `..`, no absolute paths, no links out), at most 1 MiB of UTF-8."""

    def __init__(self, folder: TemplateFolder) -> None:
        self.folder = folder
        self.root = folder.path.resolve()

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        parts = template.replace("\\", "/").split("/")
        if any(part in ("", ".", "..") for part in parts) or template.startswith("/"):
            raise TemplateNotFound(template)
        path = self.root.joinpath(*parts)
        try:
            resolved = path.resolve()
            if not resolved.is_relative_to(self.root) or not resolved.is_file():
                raise TemplateNotFound(template)
            with resolved.open("rb") as stream:  # at most one byte past the limit
                data = stream.read(MAX_TEMPLATE_BYTES + 1)
        except OSError:
            raise TemplateNotFound(template) from None
        shown = f"{self.folder.shown}/{template}"
        if len(data) > MAX_TEMPLATE_BYTES:
            raise BrokenTemplate(f"{shown}:1: the template is larger than 1 MiB")
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BrokenTemplate(f"{shown}:1: the template is not UTF-8 ({exc.reason})") from None
        return source, shown, lambda: False


# --- escaping -----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~$])")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MD_LINE_START = re.compile(r"^(\s*)(?:([#+=>-])|(\d+)([.)]))")
_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def md_escape(value: Any) -> str:
    """Text that Markdown shows as written, on one line: no emphasis, links, HTML, tables
    cells broken by `|`, math or headings, whatever the plan says."""
    text = _SPACES.sub(" ", str(value))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_ENTITY.sub("&amp;", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    """`# x` → `\\# x`; `1. x` → `1\\. x`: no heading, quote or list where text starts."""
    spaces, mark, number, dot = match.groups()
    return f"{spaces}\\{mark}" if mark else f"{spaces}{number}\\{dot}"


def _md_finalize(value: Any) -> Markup:
    """What a Markdown template prints for `{{ value }}`: markup made by a macro or a filter
    as it is; anything else escaped for Markdown (None prints as nothing)."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(md_escape(value))


_MERMAID_UNSAFE = re.compile(r"[:;#%<>`\"{}\[\]\\]")


def mermaid_text(value: Any) -> Markup:
    """Text for a Mermaid chart's task or section name: one line, without the characters
    that end a task (`:`), start a comment (`%%`) or carry markup."""
    text = _MERMAID_UNSAFE.sub(" ", _SPACES.sub(" ", str(value))).strip()
    return Markup(_SPACES.sub(" ", text) or "-")


def md_url(value: Any) -> Markup:
    """A link target inside `[text](…)`: spaces, parentheses and angle brackets encoded."""
    text = str(value)
    for raw, encoded in (("%", "%25"), (" ", "%20"), ("(", "%28"), (")", "%29")):
        text = text.replace(raw, encoded)
    for raw, encoded in (("<", "%3C"), (">", "%3E"), ("\n", ""), ("\r", "")):
        text = text.replace(raw, encoded)
    return Markup(text)


# --- filters ------------------------------------------------------------------------------


def paragraphs(value: Any) -> list[str]:
    """A text's paragraphs (split at blank lines)."""
    return [part.strip() for part in re.split(r"\n\s*\n", str(value or "")) if part.strip()]


def fraction(value: Any, total: Any) -> float:
    """value / total, 0 when total is 0."""
    return float(value) / float(total) if total else 0.0


def code(value: Any) -> Markup:
    """An inline code span (ids): one line, with no backtick to end it early."""
    return Markup("`" + _SPACES.sub(" ", str(value)).replace("`", "'").strip() + "`")


# Numbers, days, periods and labels are worded by `commit_cli.wording` (its `filters()`:
# number, percent, number_range, plural, days, date, dates, cadence, status_label, ...).
FILTERS: dict[str, Callable[..., Any]] = {
    "code": code,
    "paragraphs": paragraphs,
    "fraction": fraction,
    "mermaid": mermaid_text,
    "md_url": md_url,
    "md": lambda value: Markup(md_escape(value)),
}


MAX_OUTPUT = 64 * 1024 * 1024  # characters: far above any real report (10k milestones: 2 MB)
MAX_PRODUCT = 1_000_000  # the longest text or list `*` may make, and the largest `**`


class ReportSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with `*` and `**` bounded: `"x" * 10**10` would exhaust memory
    before any output limit could see it."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if _magnitude(left) > MAX_PRODUCT or _magnitude(right) > 64:
                raise SecurityError(f"{left!r} ** {right!r} is too large for a report")
            return left**right
        for sequence, count in ((left, right), (right, left)):
            repeated = isinstance(sequence, str | list | tuple) and isinstance(count, int)
            if repeated and len(sequence) * count > MAX_PRODUCT:
                raise SecurityError("a text or list repeated past a million items")
        return left * right


def _magnitude(value: Any) -> float:
    return abs(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def environment(folders: list[TemplateFolder], output_format: str) -> SandboxedEnvironment:
    """The one environment factory: sandboxed, strict, escaping every value for the format."""
    loader = ChoiceLoader([ConfinedLoader(folder) for folder in folders])
    options: dict[str, Any] = {
        "loader": loader,
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "auto_reload": False,
    }
    # Markdown templates autoescape too, so that macros return markup; what they print is
    # escaped for Markdown by `finalize` before HTML escaping would see it.
    finalize = None if output_format == "html" else _md_finalize
    env = ReportSandbox(autoescape=True, finalize=finalize, **options)
    env.filters.update(ENGLISH.filters())
    env.filters.update(FILTERS)
    return env


def template_name(kind: str, output_format: str) -> str:
    return f"{kind}.{output_format}{TEMPLATE_SUFFIX}"


def render(
    folders: list[TemplateFolder], kind: str, output_format: str, context: dict[str, Any]
) -> str:
    """The report `kind` (summary, ppc, final) as `output_format` (md or html)."""
    env = environment(folders, output_format)
    name = template_name(kind, output_format)
    try:
        template = env.get_template(name)
        text = _bounded(template.generate(context), name)
    except TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise BrokenTemplate(f"{where}:{exc.lineno}: {exc.message}") from None
    except TemplateNotFound as exc:
        shown = ", ".join(folder.shown for folder in folders)
        raise BrokenTemplate(
            f"{_template_frame(exc) or name}: template '{exc.name}' not found (looked in {shown})"
        ) from None
    except BrokenTemplate:
        raise
    except Exception as exc:
        frame = _template_frame(exc)
        if frame is None:
            raise
        raise BrokenTemplate(f"{frame}: {_describe(exc)}") from None
    if output_format == "md":
        text = _BLANK_LINES.sub("\n\n", text).strip("\n")
    return text if text.endswith("\n") else text + "\n"


def _bounded(chunks: Iterator[str], name: str) -> str:
    """The rendered text, refused once it passes MAX_OUTPUT characters."""
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise BrokenTemplate(f"{name}: the report grew past {MAX_OUTPUT // 2**20} MiB")
        parts.append(chunk)
    return "".join(parts)


def _template_frame(exc: BaseException) -> str | None:
    """`file:line` of the innermost template line in the traceback (Jinja rewrites its
    frames to the template's file name and line)."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(TEMPLATE_SUFFIX):
            found = f"{frame.filename}:{frame.lineno}"
    return found


def _describe(exc: BaseException) -> str:
    message = str(exc) or type(exc).__name__
    if type(exc).__name__ in ("UndefinedError", "SecurityError"):
        return message
    return f"{type(exc).__name__}: {message}"
