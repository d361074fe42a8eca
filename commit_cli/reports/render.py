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

import os
import re
import stat
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import BaseLoader, ChoiceLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError
from markupsafe import Markup, escape

from commit_cli.errors import BrokenTemplate
from commit_cli.reports.brand import load_brand
from commit_cli.reports.compiled import CompiledTemplates, language_setting
from commit_cli.reports.languages import Cache
from commit_cli.reports.limits import (
    MAX_OUTPUT,
    SECONDS_ENV_VAR,
    TemplateTimeout,
    render_seconds,
)
from commit_cli.reports.rows import MarkdownEscaping, row_filters
from commit_cli.reports.sandbox import ReportSandbox
from commit_cli.reports.templates import (
    MAX_TEMPLATE_BYTES,
    TEMPLATE_SUFFIX,
    TemplateFolder,
)
from commit_cli.reports.watchdog import before_deadline
from commit_cli.safetext import visible
from commit_cli.wording import ENGLISH, Wording


class ConfinedLoader(BaseLoader):
    """Loads `name` from one folder: a plain name or path below it whose every part, and
    that of the path it resolves to, is no hidden name (`.git`, `.env`), resolving to a
    regular file inside the folder's real path (no `..`, no absolute paths, no links out),
    at most 1 MiB of UTF-8. A name that would leave the folder or read a hidden file is
    refused (BrokenTemplate), never looked for elsewhere."""

    def __init__(self, folder: TemplateFolder) -> None:
        self.folder = folder
        self.root = folder.path.resolve()

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        shown = f"{self.folder.shown}/{template}"
        parts = template.replace("\\", "/").split("/")
        if template.startswith("/") or any(part in ("", ".", "..") for part in parts):
            raise self._refused(template, "it names a place outside the templates folder")
        if any(part.startswith(".") for part in parts):
            raise self._refused(template, "templates never read hidden files or folders")
        if any(ord(char) < 0x20 or char == "\x7f" for char in template):
            raise self._refused(template, "it holds a control character")
        path = self.root.joinpath(*parts)
        try:
            resolved = path.resolve(strict=True)
        except FileNotFoundError:
            raise TemplateNotFound(template) from None
        except (OSError, RuntimeError):
            raise self._refused(template, "it cannot be resolved (a loop of links?)") from None
        if not resolved.is_relative_to(self.root):
            raise self._refused(template, "it is a link that leaves the templates folder")
        if any(part.startswith(".") for part in resolved.relative_to(self.root).parts):
            raise self._refused(template, "it is a link to a hidden file or folder")
        data = self._read(resolved, template)
        if len(data) > MAX_TEMPLATE_BYTES:
            raise BrokenTemplate(f"{shown}:1: the template is larger than 1 MiB")
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BrokenTemplate(f"{shown}:1: the template is not UTF-8 ({exc.reason})") from None
        return source, shown, lambda: False

    def _read(self, resolved: Path, template: str) -> bytes:
        """At most one byte past the limit of a regular file, opened without following a
        link (the path is resolved), found without blocking."""
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            handle = os.open(resolved, flags)
        except OSError:
            raise TemplateNotFound(template) from None
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                raise TemplateNotFound(template)
            return stream.read(MAX_TEMPLATE_BYTES + 1)

    def _refused(self, template: str, why: str) -> RefusedTemplate:
        return RefusedTemplate(
            f"template '{template}' refused: {why}; templates read only files inside"
            f" {self.folder.shown}"
        )


class RefusedTemplate(Exception):
    """A template name that would read outside its folder, or a hidden file: never looked
    for in the next folder."""


# --- escaping -----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~$])")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# a list item's number is followed by a space or ends the line: `1. x` is a list, `999.50` is not
_MD_LINE_START = re.compile(r"^(\s*)(?:([#+=>-])|(\d+)([.)])(?=\s|$))")
_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
# Anything `md_escape` would change: a character it escapes (or `&`), whitespace other than
# single spaces, or a start it escapes. Most values (titles, days, labels) have none.
_MD_WORK = re.compile(r"[\\`*_{}\[\]<>|~$&]|[^\S ]|  |^ ?(?:[#+=>-]|\d+[.)])")


def md_escape(value: Any) -> str:
    """Text that Markdown shows as written, on one line: no emphasis, links, HTML, tables
    cells broken by `|`, math or headings, whatever the plan says."""
    text = str(value)
    if _MD_WORK.search(text) is None:  # most values: one scan, not four substitutions
        return text
    text = _SPACES.sub(" ", text)
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


def css_string(value: Any) -> Markup:
    """A CSS string literal (for the page's running header and footer) holding the text as
    written: every character that could end the string, the rule or the style element
    (quotes, backslash, angle brackets, braces, semicolons, line breaks, controls) escaped
    as a CSS hex escape."""
    text = _SPACES.sub(" ", str(value)).strip()
    escaped = "".join(
        f"\\{ord(char):06x}"
        if char in "\\\"'<>&{};" or ord(char) < 0x20 or char == "\x7f"
        else char
        for char in text
    )
    return Markup(f'"{escaped}"')


def _css_literal(text: str) -> str:
    escaped = "".join(
        f"\\{ord(char):06x}"
        if char in "\\\"'<>&{};" or ord(char) < 0x20 or char == "\x7f"
        else char
        for char in text
    )
    return f'"{escaped}"'


_COUNTERS = re.compile(r"(%\(page\)s|%\(pages\)s)")


def css_counters(value: Any) -> Markup:
    """A CSS `content` value for a page's footer from a sentence holding `%(page)s` and
    `%(pages)s` (`page %(page)s of %(pages)s` in any language): its words as CSS strings,
    kept as written (spaces too), the fields as the page counters."""
    parts = []
    for part in _COUNTERS.split(_SPACES.sub(" ", str(value))):
        if part == "%(page)s":
            parts.append("counter(page)")
        elif part == "%(pages)s":
            parts.append("counter(pages)")
        elif part:
            parts.append(_css_literal(part))
    return Markup(" ".join(parts))


_ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def nowrap_dates(value: Any) -> Markup:
    """HTML text (escaped) in which every ISO day is kept on one line: a line may not break
    at a date's hyphens (`2006-05-` / `17`)."""
    text = str(escape(value))
    return Markup(_ISO_DAY.sub(lambda day: f'<span class="nw">{day.group(0)}</span>', text))


# what the row filters (`rows`) escape a Markdown row's text with
MARKDOWN = MarkdownEscaping(text=md_escape, code=code, url=md_url, mermaid=mermaid_text)

# Numbers, days, periods and labels are worded by `commit_cli.wording` (its `filters()`:
# number, percent, number_range, plural, days, date, dates, cadence, status_label, ...).
FILTERS: dict[str, Callable[..., Any]] = {
    "code": code,
    "css_string": css_string,
    "css_counters": css_counters,
    "nowrap_dates": nowrap_dates,
    "paragraphs": paragraphs,
    "fraction": fraction,
    "mermaid": mermaid_text,
    "md_url": md_url,
    "md": lambda value: Markup(md_escape(value)),
}


def _translating(env: ReportSandbox, words: Wording, escape_value: Callable[[Any], Any]) -> None:
    """Jinja's i18n extension, speaking `words`: `{{ _("Summary") }}` and `{% trans %}`
    print the message in its language, markup as the catalog writes it, and each variable
    escaped for the format the way `{{ value }}` would print it (Markdown's escaping in a
    Markdown report, where Jinja's own gettext would escape it for HTML). The page's
    language is the global `language` (a BCP 47 tag: `<html lang>`)."""

    def gettext(message: str, /, **variables: Any) -> Markup:
        fields = {name: escape_value(value) for name, value in variables.items()}
        return Markup(words.gettext(message) % fields)

    def ngettext(singular: str, plural: str, num: int, /, **variables: Any) -> Markup:
        variables.setdefault("num", num)
        fields = {name: escape_value(value) for name, value in variables.items()}
        return Markup(words.ngettext(singular, plural, num) % fields)

    env.add_extension("jinja2.ext.i18n")
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(
        {"gettext": gettext, "_": gettext, "ngettext": ngettext, "language": words.tag}
    )


def _html_value(value: Any) -> Markup:
    return escape(value)


def environment(
    folders: list[TemplateFolder],
    output_format: str,
    words: Wording = ENGLISH,
    compiled: Cache | None = None,
    setting: str = "report",
    shown: Callable[[Any], Any] | None = None,
) -> ReportSandbox:
    """The one environment factory: sandboxed with every resource bounded (`sandbox`),
    strict, escaping every value for the format, speaking `words`. One environment renders
    one report. With `compiled` (the result cache), templates compiled by an earlier run
    for the same `setting` and format are taken from it (`reports.compiled`). `shown`: what
    the caller's `{{ value }}` does to plan text before escaping it (the site's), for the
    row filters, which print plan text themselves."""
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
    env = ReportSandbox(autoescape=True, **options)
    env.filters.update(words.filters())
    env.filters.update(FILTERS)
    env.filters.update(row_filters(output_format, words, MARKDOWN, shown))
    env.bound_filters()  # every filter, the row filters too, checked and counted
    _translating(env, words, _html_value if output_format == "html" else _md_finalize)
    env.globals["brand"] = None  # `render` sets a plan's brand.yaml for an HTML report
    if compiled is not None:
        kind = f"{setting}:{output_format}:{language_setting(words)}"
        env.bytecode_cache = CompiledTemplates(compiled, kind)
    if output_format == "html":
        env.finalize = env.printed
    else:
        env.finalize = _md_printer(env)
    return env


def _md_printer(env: ReportSandbox) -> Callable[[Any], Markup]:
    """What a Markdown template prints for `{{ value }}`: `env.printed`, then
    `_md_finalize`, in one call for the most common values (text)."""
    count = env.count

    def printed(value: Any) -> Markup:
        if type(value) is str:
            count(len(value))
            return Markup(md_escape(value))
        return _md_finalize(env.printed(value))

    return printed


def template_name(kind: str, output_format: str) -> str:
    return f"{kind}.{output_format}{TEMPLATE_SUFFIX}"


_Output = TypeVar("_Output", str, bytes)  # what a render collects its chunks into


def render(
    folders: list[TemplateFolder],
    kind: str,
    output_format: str,
    context: dict[str, Any],
    words: Wording = ENGLISH,
    compiled: Cache | None = None,
) -> str:
    """The report `kind` (summary, ppc, final) as `output_format` (md or html), its chrome
    in `words`'s language (its templates compiled once, in `compiled`, when given). Control
    characters and bidi overrides, from plan text or a template, are shown escaped
    (`safetext.visible`, as every view shows them): a report printed to a terminal or read
    in a pager cannot move the cursor or reorder the text after them."""
    text = _render(folders, kind, output_format, context, words, compiled, _bounded_shown)
    if output_format == "md":
        text = _BLANK_LINES.sub("\n\n", text).strip("\n")
    return text if text.endswith("\n") else text + "\n"


def render_bytes(
    folders: list[TemplateFolder],
    kind: str,
    context: dict[str, Any],
    words: Wording = ENGLISH,
    compiled: Cache | None = None,
) -> bytes:
    """`render(…, "html", …)` encoded as UTF-8, the same bytes, made without ever holding
    the whole document as text (`_bounded_utf8`)."""
    data = _render(folders, kind, "html", context, words, compiled, _bounded_utf8)
    return data if data.endswith(b"\n") else data + b"\n"


def _render(
    folders: list[TemplateFolder],
    kind: str,
    output_format: str,
    context: dict[str, Any],
    words: Wording,
    compiled: Cache | None,
    collect: Callable[[Iterator[str], str], _Output],
) -> _Output:
    env = environment(folders, output_format, words, compiled)
    if output_format == "html":  # checked before anything is rendered, let alone written
        brand = load_brand(folders)
        env.globals["brand"] = brand.to_json() if brand is not None else None
    name = template_name(kind, output_format)
    seconds = render_seconds()
    try:
        return before_deadline(
            env, seconds, lambda: collect(env.get_template(name).generate(context), name)
        )
    except TemplateTimeout as exc:
        raise BrokenTemplate(
            f"{_running_line(exc) or name}: the template ran for more than {seconds:g} s and"
            f" was stopped (a loop too long?); {SECONDS_ENV_VAR} sets the time"
        ) from None
    except Exception as exc:
        raise _broken(exc, env, name, folders, seconds) from None


def _broken(
    exc: Exception, env: ReportSandbox, name: str, folders: list[TemplateFolder], seconds: float
) -> BrokenTemplate:
    """The one line for what stopped a render; an exception from no template line is a bug
    and is raised again (with its traceback)."""
    if env.timed_out:  # whatever the watchdog interrupted (Jinja's own error handling too)
        return BrokenTemplate(
            f"{name}: the template ran for more than {seconds:g} s and was stopped (a loop"
            f" too long?); {SECONDS_ENV_VAR} sets the time"
        )
    if isinstance(exc, TemplateSyntaxError):
        return BrokenTemplate(f"{exc.filename or exc.name or name}:{exc.lineno}: {exc.message}")
    if isinstance(exc, TemplateNotFound):
        shown = ", ".join(folder.shown for folder in folders)
        return BrokenTemplate(
            f"{_template_frame(exc) or name}: template '{exc.name}' not found (looked in {shown})"
        )
    if isinstance(exc, RefusedTemplate):
        return BrokenTemplate(f"{_template_frame(exc) or name}: {exc}")
    if isinstance(exc, BrokenTemplate):
        return exc
    frame = _template_frame(exc)
    # while compiling: Python's own compiler refuses deep nesting with a SyntaxError
    # (100 indentation levels, 20 nested blocks), its stack with a RecursionError
    if frame is None and isinstance(exc, RecursionError | MemoryError | SyntaxError):
        return BrokenTemplate(f"{name}: the template is nested too deeply to compile")
    if frame is None:
        raise exc
    return BrokenTemplate(f"{frame}: {_describe(exc)}")


def _limited(
    chunks: Iterator[str], name: str, what: str = "report", shown: bool = False
) -> Iterator[str]:
    """The rendered chunks, refused once they pass MAX_OUTPUT characters (`what` names the
    output in the message: a report, a page of the site). With `shown`, each chunk's unsafe
    characters are shown escaped (`safetext.visible`) before it is counted, so the limit
    holds for what is written and the escaping runs under the watchdog."""
    size = 0
    for chunk in chunks:
        if shown:
            chunk = visible(chunk)
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise BrokenTemplate(f"{name}: the {what} grew past {MAX_OUTPUT // 2**20} MiB")
        yield chunk


def _bounded(chunks: Iterator[str], name: str, what: str = "report") -> str:
    """The rendered text, within the limit (`_limited`)."""
    return "".join(_limited(chunks, name, what))


def _bounded_shown(chunks: Iterator[str], name: str) -> str:
    """A report's rendered text, within the limit, its unsafe characters shown escaped."""
    return "".join(_limited(chunks, name, shown=True))


_BLOCK = 4096  # chunks of rendered text joined and encoded at a time


def _bounded_utf8(chunks: Iterator[str], name: str) -> bytes:
    """`_bounded_shown(…).encode()`, encoded a block of chunks at a time: a 10k summary in HTML
    is 3 MB of UTF-8 but, as one text holding a non-ASCII character, 6 MB, besides the
    chunks it was joined from and the encoded copy (a 100k one: 29 MB against about 120)."""
    blocks: list[bytes] = []
    parts: list[str] = []
    for chunk in _limited(chunks, name, shown=True):
        parts.append(chunk)
        if len(parts) == _BLOCK:
            blocks.append("".join(parts).encode("utf-8"))
            parts.clear()
    blocks.append("".join(parts).encode("utf-8"))
    return b"".join(blocks)


def _running_line(exc: BaseException) -> str | None:
    """`file:line` of the innermost template line running when `exc` (which Jinja did not
    handle, so its frames are the compiled code's) was raised."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None and tb.tb_lineno is not None:
            line = template.get_corresponding_lineno(tb.tb_lineno)
            found = f"{template.filename or template.name}:{line}"
        tb = tb.tb_next
    return found


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
    if isinstance(exc, SecurityError) or type(exc).__name__ == "UndefinedError":
        return message
    return f"{type(exc).__name__}: {message}"
